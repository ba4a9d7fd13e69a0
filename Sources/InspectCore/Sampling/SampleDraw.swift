/// Reproducible random sample draws (双随机、一公开, RULES.md §3 S01–S07, N02, N03; P01/P07):
/// the entities (or industries) are drawn from the eligible directory, and for each drawn entity
/// `inspectorsPerEntity` distinct inspectors from the pool, never one with a declared conflict
/// (回避, P07; 行政处罚法 第四十三条) nor one whose territory (辖区) or kinds do not cover the
/// entity (as the visit planner), least loaded first.
///
/// Pure: the result depends only on `SampleDrawInput` (rule parameters, seed, population
/// snapshot, inspector pool and their scopes, conflicts, workload). The daemon records the input with the result,
/// so anyone can re-run the draw and compare (`inspectctl plan verify`).
///
/// The order of random numbers consumed, which a golden test pins:
/// 1. `.range(min, max)`: the number to draw, `uniform(in: min...max)`, then capped by the population;
/// 2. the units: a partial Fisher–Yates shuffle of the units sorted by id (uniform), or, with
///    grade weights, successive sampling proportional to weight (one `unitInterval()` to pick the
///    grade group, one `uniform(below:)` within it, per unit); `.strata`: grade by grade in
///    sorted order, uniform within each;
/// 3. the inspectors, entity by entity in draw order: for each seat, the least loaded eligible
///    inspectors (covering the entity, without a conflict; sorted by id), one `uniform(below:)`
///    among them when there is a tie (none when there is only one).
public enum SampleDrawing {}

/// One member of the population snapshot a draw was made from.
public struct SampleMember: Hashable, Sendable, Codable {
    public var id: String
    public var grade: String?
    public var industry: String?
    /// Its jurisdiction and kind, for the inspectors' scopes: kept only when some inspector's
    /// scope is limited (a province's population is tens of MB; the digest does not include them).
    public var jurisdiction: String?
    public var kind: String?

    public init(id: String, grade: String? = nil, industry: String? = nil, jurisdiction: String? = nil, kind: String? = nil) {
        self.id = id; self.grade = grade; self.industry = industry; self.jurisdiction = jurisdiction; self.kind = kind
    }
    public init(_ e: Entity) { self.init(id: e.id, grade: e.grade, industry: e.industry) }
}

/// Where an inspector may inspect (辖区) and which kinds of entity, for a draw: nil, every one.
public struct InspectorScope: Hashable, Sendable, Codable {
    public var jurisdictions: Set<String>?
    public var kinds: Set<String>?
    public init(jurisdictions: Set<String>? = nil, kinds: Set<String>? = nil) { self.jurisdictions = jurisdictions; self.kinds = kinds }
    public init(_ i: PlanningInspector) { self.init(jurisdictions: i.jurisdictions, kinds: i.kinds) }

    /// Limited in some way (an unlimited scope is not recorded with a draw).
    public var isLimited: Bool { jurisdictions != nil || kinds != nil }

    /// Whether it covers `m` (a member without a jurisdiction or kind is not covered by a scope limited in it).
    public func covers(_ m: SampleMember) -> Bool {
        (jurisdictions.map { j in m.jurisdiction.map(j.contains) ?? false } ?? true) && (kinds.map { k in m.kind.map(k.contains) ?? false } ?? true)
    }
}

/// A declared conflict of interest (回避) between an inspector and an entity.
public struct InspectorConflict: Hashable, Sendable, Codable {
    public var inspector: String
    public var entity: String
    public init(inspector: String, entity: String) { self.inspector = inspector; self.entity = entity }
}

/// What of a sampling rule a draw depends on (kept with the draw, so a later config change does
/// not change what verifying it means).
public struct SampleParameters: Hashable, Sendable, Codable {
    public var rule: String
    public var size: SampleSize
    public var unit: SampleUnit
    public var inspectorsPerEntity: Int
    /// Relative weight by grade; a grade not listed (or no grade) weighs 1. Empty: uniform.
    public var weights: [String: Double]

    public init(rule: String, size: SampleSize, unit: SampleUnit = .entity, inspectorsPerEntity: Int = 2, weights: [String: Double] = [:]) {
        self.rule = rule; self.size = size; self.unit = unit; self.inspectorsPerEntity = inspectorsPerEntity; self.weights = weights
    }

    public init(_ rule: SamplingRule) {
        self.init(rule: rule.id, size: rule.size, unit: rule.unit, inspectorsPerEntity: rule.inspectorsPerEntity, weights: rule.weights)
    }

    enum CodingKeys: String, CodingKey { case rule, size, unit, weights, inspectorsPerEntity = "inspectors_per_entity" }
}

/// Everything a draw depends on.
public struct SampleDrawInput: Hashable, Sendable, Codable {
    public var parameters: SampleParameters
    public var seed: UInt64
    /// The eligible entities (any order; the draw sorts them by id).
    public var population: [SampleMember]
    /// Inspector ids (any order; the draw sorts them and drops duplicates).
    public var inspectors: [String]
    public var conflicts: [InspectorConflict]
    /// Assignments each inspector already carries (missing: 0).
    public var workload: [String: Int]
    /// The limited scopes of inspectors of the pool (missing: may inspect every entity). Draws
    /// recorded before scopes were kept have none, and verify as they were drawn.
    public var scopes: [String: InspectorScope]

    public init(parameters: SampleParameters, seed: UInt64, population: [SampleMember], inspectors: [String],
                conflicts: [InspectorConflict] = [], workload: [String: Int] = [:], scopes: [String: InspectorScope] = [:]) {
        self.parameters = parameters; self.seed = seed; self.population = population; self.inspectors = inspectors
        self.conflicts = conflicts; self.workload = workload; self.scopes = scopes.filter(\.value.isLimited)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(parameters: try c.decode(SampleParameters.self, forKey: .parameters), seed: try c.decode(UInt64.self, forKey: .seed),
                  population: try c.decode([SampleMember].self, forKey: .population), inspectors: try c.decode([String].self, forKey: .inspectors),
                  conflicts: try c.decode([InspectorConflict].self, forKey: .conflicts), workload: try c.decode([String: Int].self, forKey: .workload),
                  scopes: try c.decodeIfPresent([String: InspectorScope].self, forKey: .scopes) ?? [:])
    }

    /// The input for drawing `rule` in `period` from the directory `entities` (its eligible
    /// population, with jurisdiction and kind when some scope is limited).
    public init(rule: SamplingRule, period: CalendarPeriod, seed: UInt64, entities: some Sequence<Entity>, inspectors: [String],
                conflicts: [InspectorConflict] = [], workload: [String: Int] = [:], scopes: [String: InspectorScope] = [:]) {
        let scopes = scopes.filter { $0.value.isLimited && inspectors.contains($0.key) }
        self.init(parameters: SampleParameters(rule), seed: seed,
                  population: SampleDrawing.population(of: rule, in: period, entities: entities, withScope: !scopes.isEmpty),
                  inspectors: inspectors, conflicts: conflicts, workload: workload, scopes: scopes)
    }
}

/// One drawn entity and the inspectors drawn for it.
public struct DrawnEntity: Hashable, Sendable, Codable {
    public var entity: String
    public var inspectors: [String]
    public init(entity: String, inspectors: [String]) { self.entity = entity; self.inspectors = inspectors }
}

/// The outcome of a draw.
public struct SampleDraw: Hashable, Sendable, Codable {
    /// How many units were drawn: entities, or industries for `unit: industry`.
    public var size: Int
    /// How many units the population had (entities, or distinct industries).
    public var populationSize: Int
    /// FNV-1a 64 of the population snapshot (see `SampleDrawing.digest`).
    public var populationDigest: String
    /// The drawn industries in draw order (`unit: industry`); empty otherwise.
    public var industries: [String]
    /// The drawn entities in draw order, each with its inspectors.
    public var entities: [DrawnEntity]

    public init(size: Int, populationSize: Int, populationDigest: String, industries: [String], entities: [DrawnEntity]) {
        self.size = size; self.populationSize = populationSize; self.populationDigest = populationDigest
        self.industries = industries; self.entities = entities
    }

    enum CodingKeys: String, CodingKey {
        case size, industries, entities
        case populationSize = "population_size", populationDigest = "population_digest"
    }

    /// Per inspector, the entities assigned in this draw.
    public var assignments: [String: Int] {
        var n: [String: Int] = [:]
        for e in entities { for i in e.inspectors { n[i, default: 0] += 1 } }
        return n
    }
}

public enum SampleDrawError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer inspectors covering the entity and without a conflict than the rule needs for it.
    case cannotStaff(entity: String, eligible: Int, needed: Int)
    /// Strata are grades of entities; an industry draw cannot be stratified.
    case strataWithIndustryUnit

    /// As a refusal of the draw: its code, values and sentence.
    public var refusal: Refusal {
        switch self {
        case .cannotStaff(let e, let n, let needed):
            Refusal("inspectors", .cannotStaff, e, "\(n)", "\(needed)", english: n == 1
                ? "cannot staff \(e): 1 inspector who may inspect it without a declared conflict in the pool, \(needed) needed (P01); add inspectors to the pool" : nil)
        case .strataWithIndustryUnit:
            Refusal("rule", .strataWithIndustries)
        }
    }

    public var description: String { refusal.reason }
}

extension SampleDrawing {
    /// The population of `rule` in `period`: every entity the rule is about and eligible in the
    /// period (e.g. approved by its end), sorted by id.
    /// `withScope`: with each member's jurisdiction and kind.
    public static func population(of rule: SamplingRule, in period: CalendarPeriod, entities: some Sequence<Entity>,
                                  withScope: Bool = false) -> [SampleMember] {
        entities.filter { rule.subject.matches($0) && rule.subject.eligibility.isEligible($0, in: period) }
            .sorted { $0.id < $1.id }.map { e in
                var m = SampleMember(e)
                if withScope { m.jurisdiction = e.jurisdiction; m.kind = e.kind }
                return m
            }
    }

    /// FNV-1a 64 over the sorted snapshot, one line per member `id \t grade \t industry \n`
    /// (UTF-8), as 16 lowercase hex digits. A changed id, grade or industry changes it.
    public static func digest(_ population: [SampleMember]) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        func eat(_ s: String) { for b in s.utf8 { h ^= UInt64(b); h &*= 0x0000_0100_0000_01B3 } }
        for m in sorted(population) {
            eat(m.id); eat("\t"); eat(m.grade ?? ""); eat("\t"); eat(m.industry ?? ""); eat("\n")
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Sorted by id, duplicates (same id) dropped, the first kept.
    static func sorted(_ population: [SampleMember]) -> [SampleMember] {
        var seen: Set<String> = []
        return population.sorted { $0.id < $1.id }.filter { seen.insert($0.id).inserted }
    }

    /// ceil(percent × n / 100).
    public static func percentOf(_ n: Int, _ percent: Int) -> Int { (percent * n + 99) / 100 }

    /// Draws a sample of `rule` in `period` from the directory `entities`.
    public static func draw(rule: SamplingRule, period: CalendarPeriod, seed: UInt64, entities: some Sequence<Entity>, inspectors: [String],
                            conflicts: [InspectorConflict] = [], workload: [String: Int] = [:],
                            scopes: [String: InspectorScope] = [:]) throws(SampleDrawError) -> SampleDraw {
        try draw(SampleDrawInput(rule: rule, period: period, seed: seed, entities: entities, inspectors: inspectors,
                                 conflicts: conflicts, workload: workload, scopes: scopes))
    }

    /// Draws a sample. Same input, same result, on every platform.
    public static func draw(_ input: SampleDrawInput) throws(SampleDrawError) -> SampleDraw {
        let p = input.parameters
        var rng = SeededGenerator(seed: input.seed)
        let population = sorted(input.population)
        let digest = digest(population)

        // 1–2. The units.
        var industries: [String] = []
        var drawn: [SampleMember] = []
        let size: Int
        let populationSize: Int
        switch p.unit {
        case .industry:
            if case .strata = p.size { throw .strataWithIndustryUnit }
            let all = Array(Set(population.compactMap(\.industry))).sorted()
            populationSize = all.count
            let k = count(p.size, of: all.count, &rng)
            industries = partialShuffle(all, k, &rng)
            size = industries.count
            for industry in industries { drawn += population.filter { $0.industry == industry } }
        case .entity:
            populationSize = population.count
            if case .strata(let strata) = p.size {
                for grade in strata.keys.sorted() {
                    let stratum = population.filter { $0.grade == grade }
                    drawn += partialShuffle(stratum, percentOf(stratum.count, strata[grade]!), &rng)
                }
            } else {
                let k = count(p.size, of: population.count, &rng)
                drawn = p.weights.isEmpty ? partialShuffle(population, k, &rng) : weighted(population, k, weights: p.weights, &rng)
            }
            size = drawn.count
        }

        // 3. The inspectors.
        let pool = Array(Set(input.inspectors)).sorted()
        let conflicts = Set(input.conflicts)
        var load: [String: Int] = [:]
        for i in pool { load[i] = input.workload[i] ?? 0 }
        var result: [DrawnEntity] = []
        for m in drawn {
            var candidates = pool.filter { i in
                !conflicts.contains(InspectorConflict(inspector: i, entity: m.id)) && (input.scopes[i]?.covers(m) ?? true)
            }
            guard candidates.count >= p.inspectorsPerEntity else {
                throw .cannotStaff(entity: m.id, eligible: candidates.count, needed: p.inspectorsPerEntity)
            }
            var chosen: [String] = []
            for _ in 0..<p.inspectorsPerEntity {
                let least = candidates.map { load[$0]! }.min()!
                let ties = candidates.filter { load[$0]! == least }
                let pick = ties.count == 1 ? ties[0] : ties[rng.index(below: ties.count)]
                chosen.append(pick)
                load[pick]! += 1
                candidates.removeAll { $0 == pick }
            }
            result.append(DrawnEntity(entity: m.id, inspectors: chosen))
        }
        return SampleDraw(size: size, populationSize: populationSize, populationDigest: digest, industries: industries, entities: result)
    }

    /// How many of `n` units to draw.
    static func count(_ size: SampleSize, of n: Int, _ rng: inout SeededGenerator) -> Int {
        switch size {
        case .range(let lo, let hi): min(rng.uniform(in: lo...max(lo, hi)), n)
        case .percent(let p): min(percentOf(n, p), n)
        case .strata: 0  // handled by the caller
        }
    }

    /// The first `k` of a partial Fisher–Yates shuffle: a uniform sample without replacement, in draw order.
    static func partialShuffle<T>(_ items: [T], _ k: Int, _ rng: inout SeededGenerator) -> [T] {
        var a = items
        let k = min(max(k, 0), a.count)
        for i in 0..<k {
            let j = i + rng.index(below: a.count - i)
            if i != j { a.swapAt(i, j) }
        }
        return Array(a.prefix(k))
    }

    /// Successive sampling proportional to weight, without replacement: at each step a member is
    /// drawn with probability weight / (total weight of the members not yet drawn). Weights
    /// depend on the grade only, so each step picks a grade group by its remaining weight
    /// (`weight × members left`, summed in grade order, so the arithmetic is the same
    /// everywhere) and then a member uniformly within it — O(k × grades).
    static func weighted(_ population: [SampleMember], _ k: Int, weights: [String: Double], _ rng: inout SeededGenerator) -> [SampleMember] {
        var groups: [(weight: Double, members: [SampleMember])] = []
        var index: [String: Int] = [:]
        for m in population {
            let key = m.grade.map { "g:" + $0 } ?? "none"
            if let i = index[key] { groups[i].members.append(m); continue }
            index[key] = groups.count
            groups.append((m.grade.flatMap { weights[$0] } ?? 1, [m]))
        }
        // Grade order (graded groups, then the ungraded one), so the order of the population does not matter.
        let order = index.keys.sorted().map { index[$0]! }
        groups = order.map { groups[$0] }
        var result: [SampleMember] = []
        for _ in 0..<min(k, population.count) {
            var total = 0.0
            for g in groups where !g.members.isEmpty { total += g.weight * Double(g.members.count) }
            let u = rng.unitInterval() * total
            var acc = 0.0
            var pick = groups.lastIndex { !$0.members.isEmpty }!  // rounding at the very end: the last non-empty group
            for (i, g) in groups.enumerated() where !g.members.isEmpty {
                acc += g.weight * Double(g.members.count)
                if u < acc { pick = i; break }
            }
            let j = rng.index(below: groups[pick].members.count)
            // Remove by swapping with the last member: order within the group stays a function of the draws.
            result.append(groups[pick].members[j])
            groups[pick].members.swapAt(j, groups[pick].members.count - 1)
            groups[pick].members.removeLast()
        }
        return result
    }
}

// MARK: Sampling obligations

extension ObligationSchedule {
    /// What the draws demand of `entity`: for each draw it appears in (`draws` maps a rule id and
    /// period label to the drawn entity ids), one qualifying fact (`rule.counts`, by the rule's
    /// actor) within the draw's period, due on the period's last working day. Keyed
    /// `RULE/ENTITY/PERIOD` (e.g. `S01/LS-LD-001/2026`). Draws of rules no longer configured
    /// are skipped (their kinds and actor are unknown).
    public func samplingObligations(of entity: Entity, draws: [DrawnFor], inspections facts: [Inspection],
                                    plans: [String: ObligationPlan] = [:], today: CivilDate) -> [Obligation] {
        var result: [Obligation] = []
        let own = facts.filter { $0.entityID == entity.id && $0.date <= today }.sorted { $0.date < $1.date }
        for d in draws {
            guard let rule = rules.samplings.first(where: { $0.id == d.rule }), let period = CalendarPeriod(label: d.period) else { continue }
            let qualifying = own.filter { rule.counts.contains($0.kind) && rule.actor.performed($0) }
            var o = make(rule.id, entity, window: ObligationWindow(period), due: calendar.lastWorkingDay(in: period),
                         remind: rule.remind, required: 1, allowed: nil, facts: qualifying, today: today)
            if let plan = plans[o.key] {
                o.planned = plan.planned
                if let reason = plan.waivedReason, o.status != .met { o.waivedReason = reason; o.status = .waived }
            }
            result.append(o)
        }
        return result
    }

    /// One draw an entity appears in.
    public struct DrawnFor: Hashable, Sendable {
        public var rule: String
        public var period: String
        public init(rule: String, period: String) { self.rule = rule; self.period = period }
    }
}

// MARK: Codable forms of the rule's sampling parameters (kept with each draw)

extension SampleUnit: Codable {}

extension SampleSize: Codable {
    enum CodingKeys: String, CodingKey { case min, max, percent, strata }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let s = try c.decodeIfPresent([String: Int].self, forKey: .strata) { self = .strata(s) }
        else if let p = try c.decodeIfPresent(Int.self, forKey: .percent) { self = .percent(p) }
        else { self = .range(min: try c.decode(Int.self, forKey: .min), max: try c.decode(Int.self, forKey: .max)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .range(let a, let b): try c.encode(a, forKey: .min); try c.encode(b, forKey: .max)
        case .percent(let p): try c.encode(p, forKey: .percent)
        case .strata(let s): try c.encode(s, forKey: .strata)
        }
    }
}
