import InspectCore
import Testing

/// Reproducible random sample draws (双随机, RULES.md §3 S01–S07, N03; P01 two inspectors; P07 回避).
@Suite struct SampleDrawTests {
    static func rule(_ size: SampleSize, unit: SampleUnit = .entity, inspectors: Int = 2, weights: [String: Double] = [:],
                     kinds: Set<String> = ["labor-dispatch"], per: PeriodUnit = .year) -> SamplingRule {
        SamplingRule(id: "S01", title: "劳务派遣抽查", source: ["S01"], actor: .authorities([.county]), subject: SubjectFilter(kinds: kinds),
                     action: "onsite-inspection", counts: ["onsite"], size: size, per: per, unit: unit,
                     inspectorsPerEntity: inspectors, weights: weights, basis: "002 三(十)三(二)")
    }

    static func members(_ n: Int, grade: (Int) -> String? = { _ in nil }, industry: (Int) -> String? = { _ in nil }) -> [SampleMember] {
        (1...n).map { i in SampleMember(id: "E\(i < 10 ? "0" : "")\(i)", grade: grade(i), industry: industry(i)) }
    }

    static let pool = ["I1", "I2", "I3", "I4", "I5", "I6", "I7"]

    static func input(_ size: SampleSize, seed: UInt64, population: [SampleMember], pool: [String] = pool, unit: SampleUnit = .entity,
                      inspectors: Int = 2, weights: [String: Double] = [:], conflicts: [InspectorConflict] = [],
                      workload: [String: Int] = [:]) -> SampleDrawInput {
        SampleDrawInput(parameters: SampleParameters(rule: "S01", size: size, unit: unit, inspectorsPerEntity: inspectors, weights: weights),
                        seed: seed, population: population, inspectors: pool, conflicts: conflicts, workload: workload)
    }

    // MARK: Reproducibility

    @Test func sameSeedGivesTheSameDrawWhateverTheInputOrder() throws {
        let pop = Self.members(30, grade: { $0 % 3 == 0 ? "A" : "B" })
        let a = try SampleDrawing.draw(Self.input(.range(min: 2, max: 5), seed: 42, population: pop))
        let b = try SampleDrawing.draw(Self.input(.range(min: 2, max: 5), seed: 42, population: pop.reversed(), pool: Self.pool.reversed()))
        #expect(a == b)
        #expect(a == (try SampleDrawing.draw(Self.input(.range(min: 2, max: 5), seed: 42, population: pop))))
    }

    @Test func differentSeedsGiveDifferentDraws() throws {
        let pop = Self.members(30)
        var seen: Set<[String]> = []
        for seed in UInt64(1)...20 {
            seen.insert(try SampleDrawing.draw(Self.input(.percent(20), seed: seed, population: pop)).entities.map(\.entity))
        }
        // 6 of 30 in order: 20 seeds colliding by chance is practically impossible (≈ 4·10⁸ orders).
        #expect(seen.count == 20)
    }

    /// Pins one draw: a change of the generator, the shuffle, the rounding or the inspector
    /// assignment changes it, and every recorded draw would stop verifying.
    @Test func goldenDraw() throws {
        var g = SeededGenerator(seed: 0)
        var sm: UInt64 = 0
        #expect(SeededGenerator.splitMix64(&sm) == 0xE220_A839_7B1D_CDAF)  // SplitMix64 reference value for seed 0
        #expect([g.next(), g.next(), g.next()] == Self.goldenOutputs)
        let pop = Self.members(12, grade: { ["A", "B", "C"][$0 % 3] }, industry: { $0 % 2 == 0 ? "制造业" : "教育" })
        let d = try SampleDrawing.draw(Self.input(.range(min: 2, max: 4), seed: 20260101, population: pop,
                                                  conflicts: [InspectorConflict(inspector: "I3", entity: "E05")]))
        #expect(d.populationDigest == Self.goldenDigest)
        #expect(d.entities == Self.goldenEntities, "\(d.entities)")
    }

    /// xoshiro256** seeded through SplitMix64 from 0 (checked against an independent Python
    /// implementation of the reference C code).
    static let goldenOutputs: [UInt64] = [11_091_344_671_253_066_420, 13_793_997_310_169_335_082, 1_900_383_378_846_508_768]
    static let goldenDigest = "9427ed24015ad376"
    static let goldenEntities = [DrawnEntity(entity: "E08", inspectors: ["I6", "I3"]), DrawnEntity(entity: "E07", inspectors: ["I7", "I1"])]

    // MARK: Inspectors

    @Test func conflictsAreNeverDrawnAndEveryEntityHasDistinctInspectors() throws {
        let pop = Self.members(12)
        // I1 and I2 withdraw from every odd entity, I3 from E04.
        var conflicts = pop.enumerated().filter { $0.offset % 2 == 0 }.flatMap { [InspectorConflict(inspector: "I1", entity: $0.element.id),
                                                                                  InspectorConflict(inspector: "I2", entity: $0.element.id)] }
        conflicts.append(InspectorConflict(inspector: "I3", entity: "E04"))
        let forbidden = Set(conflicts)
        for seed in UInt64(0)..<200 {
            for n in [2, 3] {
                let d = try SampleDrawing.draw(Self.input(.percent(50), seed: seed, population: pop, inspectors: n, conflicts: conflicts))
                #expect(d.entities.count == 6)
                for e in d.entities {
                    #expect(Set(e.inspectors).count == n && n >= 2, "\(e)")
                    #expect(e.inspectors.allSatisfy { !forbidden.contains(InspectorConflict(inspector: $0, entity: e.entity)) }, "seed \(seed): \(e)")
                    #expect(e.inspectors.allSatisfy(Self.pool.contains))
                }
            }
        }
    }

    @Test func workloadIsBalanced() throws {
        let pop = Self.members(10)
        for seed in UInt64(0)..<50 {
            // 10 entities × 2 seats over 7 inspectors with equal loads: everyone gets 2 or 3.
            let d = try SampleDrawing.draw(Self.input(.percent(100), seed: seed, population: pop))
            let load = Self.pool.map { d.assignments[$0] ?? 0 }
            #expect(load.max()! - load.min()! <= 1, "seed \(seed): \(load)")
            #expect(load.reduce(0, +) == 20)
        }
        // Existing workload counts: the loaded inspectors are drawn last.
        let d = try SampleDrawing.draw(Self.input(.range(min: 2, max: 2), seed: 7, population: pop, workload: ["I1": 3, "I2": 3, "I3": 3]))
        #expect(d.entities.flatMap(\.inspectors).allSatisfy { !["I1", "I2", "I3"].contains($0) })
    }

    @Test func anEntityThatCannotBeStaffedIsAnError() throws {
        let pop = Self.members(3)
        let conflicts = [InspectorConflict(inspector: "I1", entity: "E02")]
        #expect(throws: SampleDrawError.cannotStaff(entity: "E02", eligible: 1, needed: 2)) {
            try SampleDrawing.draw(Self.input(.percent(100), seed: 1, population: pop, pool: ["I1", "I2"], conflicts: conflicts))
        }
        #expect(throws: SampleDrawError.cannotStaff(entity: "E01", eligible: 2, needed: 3)) {
            try SampleDrawing.draw(Self.input(.percent(100), seed: 1, population: Self.members(1), pool: ["I1", "I2"], inspectors: 3))
        }
        #expect(throws: SampleDrawError.self) {
            try SampleDrawing.draw(Self.input(.range(min: 1, max: 1), seed: 1, population: pop, pool: []))
        }
        #expect(SampleDrawError.cannotStaff(entity: "E02", eligible: 1, needed: 2).description.contains("E02"))
    }

    /// As the visit planner, a draw gives each entity only inspectors whose territory (辖区) and
    /// kinds cover it; a pool that cannot staff an entity within its scopes is refused.
    @Test func inspectorsAreDrawnOnlyWhereTheirScopeCoversTheEntity() throws {
        let entities = (1...12).map { i in
            Entity(id: "LD-\(i < 10 ? "0" : "")\(i)", name: "派遣\(i)", kind: "labor-dispatch", jurisdiction: i % 2 == 0 ? "兰山区" : "河东区")
        }
        let scopes = ["I1": InspectorScope(jurisdictions: ["兰山区"]), "I2": InspectorScope(jurisdictions: ["兰山区"]),
                      "I3": InspectorScope(jurisdictions: ["河东区"]), "I4": InspectorScope(jurisdictions: ["河东区"]),
                      "I5": InspectorScope(kinds: ["employer"])]
        let team = ["兰山区": Set(["I1", "I2"]), "河东区": Set(["I3", "I4"])]
        let year = CalendarPeriod(unit: .year, containing: CivilDate(iso: "2026-03-25")!)
        for seed in UInt64(1)...20 {
            let d = try SampleDrawing.draw(rule: Self.rule(.percent(50)), period: year, seed: seed, entities: entities,
                                           inspectors: ["I1", "I2", "I3", "I4", "I5"], scopes: scopes)
            #expect(d.entities.count == 6)
            for e in d.entities {
                let place = try #require(entities.first { $0.id == e.entity }?.jurisdiction)
                #expect(Set(e.inspectors) == team[place], "seed \(seed): \(e)")
            }
            // The recorded input re-runs to the same draw (plan verify), scopes included.
            let input = SampleDrawInput(rule: Self.rule(.percent(50)), period: year, seed: seed, entities: entities,
                                        inspectors: ["I1", "I2", "I3", "I4", "I5"], scopes: scopes)
            #expect(input.population.allSatisfy { $0.jurisdiction != nil && $0.kind == "labor-dispatch" })
            #expect(try SampleDrawing.draw(input) == d)
        }
        // Unlimited scopes are not recorded, and the population stays as it was (no jurisdiction, no kind).
        let plain = SampleDrawInput(rule: Self.rule(.percent(50)), period: year, seed: 1, entities: entities, inspectors: ["I1", "I2"],
                                    scopes: ["I1": InspectorScope()])
        #expect(plain.scopes.isEmpty && plain.population.allSatisfy { $0.jurisdiction == nil && $0.kind == nil })
        // Only one inspector left for 河东区: its entities cannot be staffed.
        #expect(throws: SampleDrawError.self) {
            try SampleDrawing.draw(rule: Self.rule(.percent(100)), period: year, seed: 1, entities: entities,
                                   inspectors: ["I1", "I2", "I3", "I5"], scopes: scopes)
        }
    }

    // MARK: Sizes

    @Test func percentRoundsUp() throws {
        #expect(SampleDrawing.percentOf(10, 20) == 2)
        #expect(SampleDrawing.percentOf(11, 20) == 3)  // 2.2 → 3: "at least 20 %" (S04)
        #expect(SampleDrawing.percentOf(1, 5) == 1)
        #expect(SampleDrawing.percentOf(0, 50) == 0)
        #expect(SampleDrawing.percentOf(7, 100) == 7)
        for n in [1, 5, 11, 37] {
            let d = try SampleDrawing.draw(Self.input(.percent(20), seed: 3, population: Self.members(n)))
            #expect(d.size == (20 * n + 99) / 100 && d.entities.count == d.size && d.populationSize == n)
        }
    }

    @Test func rangeDrawsTheNumberAndIsCappedByThePopulation() throws {
        var sizes: Set<Int> = []
        for seed in UInt64(0)..<60 {
            let d = try SampleDrawing.draw(Self.input(.range(min: 2, max: 3), seed: seed, population: Self.members(10)))
            #expect((2...3).contains(d.size))
            #expect(Set(d.entities.map(\.entity)).count == d.size)
            sizes.insert(d.size)
        }
        #expect(sizes == [2, 3])
        let one = try SampleDrawing.draw(Self.input(.range(min: 2, max: 3), seed: 1, population: Self.members(1)))
        #expect(one.entities.map(\.entity) == ["E01"])
        #expect(try SampleDrawing.draw(Self.input(.range(min: 2, max: 3), seed: 1, population: [])).entities.isEmpty)
    }

    @Test func strataDrawAPercentageOfEachGrade() throws {
        // N03: A ≤ 5 %, B 5–20 %, C 21–60 %; D not listed: never drawn.
        let pop = Self.members(40, grade: { i in i <= 20 ? "A" : i <= 30 ? "B" : i <= 33 ? "C" : "D" })
        for seed in UInt64(0)..<20 {
            let d = try SampleDrawing.draw(Self.input(.strata(["A": 5, "B": 20, "C": 61]), seed: seed, population: pop))
            let grade = Dictionary(uniqueKeysWithValues: pop.map { ($0.id, $0.grade!) })
            let drawn = d.entities.map { grade[$0.entity]! }
            #expect(drawn.filter { $0 == "A" }.count == 1)  // ceil(5 % × 20) = 1
            #expect(drawn.filter { $0 == "B" }.count == 2)  // ceil(20 % × 10) = 2
            #expect(drawn.filter { $0 == "C" }.count == 2)  // ceil(61 % × 3) = ceil(1.83) = 2
            #expect(!drawn.contains("D"))
            #expect(drawn == drawn.sorted())  // strata in grade order
        }
    }

    @Test func industryUnitDrawsIndustriesThenTheirEntities() throws {
        let industries = ["制造业", "教育", "建筑业", "金融服务"]
        let pop = Self.members(20, industry: { $0 == 20 ? nil : industries[$0 % 4] })
        var seenIndustries: Set<String> = []
        for seed in UInt64(0)..<40 {
            let d = try SampleDrawing.draw(Self.input(.range(min: 1, max: 2), seed: seed, population: pop, unit: .industry))
            #expect((1...2).contains(d.size) && d.industries.count == d.size && d.populationSize == 4)
            let expected = d.industries.flatMap { ind in pop.filter { $0.industry == ind }.map(\.id) }
            #expect(d.entities.map(\.entity) == expected)
            #expect(!d.entities.contains { $0.entity == "E20" })  // no industry: never drawn
            seenIndustries.formUnion(d.industries)
        }
        #expect(seenIndustries == Set(industries))
        #expect(throws: SampleDrawError.strataWithIndustryUnit) {
            try SampleDrawing.draw(Self.input(.strata(["A": 10]), seed: 1, population: pop, unit: .industry))
        }
    }

    // MARK: Frequencies

    /// Over 4,000 fixed seeds, each of 10 entities is drawn with probability k/N = 3/10. The seeds
    /// make independent draws, so each entity's count is Binomial(4000, 0.3): mean 1,200, σ ≈ 29.
    /// Tolerance: 4σ (a correct generator fails this with probability ≈ 10 × 6·10⁻⁵; the seeds
    /// are fixed, so the outcome never changes from run to run).
    @Test func uniformInclusionFrequencies() throws {
        let pop = Self.members(10)
        let runs = 4000
        var count: [String: Int] = [:]
        var first: [String: Int] = [:]
        for seed in 0..<UInt64(runs) {
            let d = try SampleDrawing.draw(Self.input(.range(min: 3, max: 3), seed: seed &* 0x9E37_79B9 &+ 17, population: pop))
            for e in d.entities { count[e.entity, default: 0] += 1 }
            first[d.entities[0].entity, default: 0] += 1
        }
        Self.expectFrequencies(count, expected: Dictionary(uniqueKeysWithValues: pop.map { ($0.id, 0.3) }), runs: runs)
        // The draw order is uniform too: each entity comes first with probability 1/10.
        Self.expectFrequencies(first, expected: Dictionary(uniqueKeysWithValues: pop.map { ($0.id, 0.1) }), runs: runs)
    }

    /// Grade weights (higher risk, higher chance): successive sampling proportional to weight.
    /// For k = 2 the exact inclusion probability is π_i = p_i + Σ_{j≠i} p_j · w_i / (W − w_j),
    /// p_i = w_i / W; checked over 6,000 fixed seeds with the same 4σ tolerance.
    @Test func weightedInclusionFrequencies() throws {
        let weights: [String: Double] = ["A": 1, "B": 2, "D": 4]
        let pop = [SampleMember(id: "a1", grade: "A"), SampleMember(id: "a2", grade: "A"), SampleMember(id: "b1", grade: "B"),
                   SampleMember(id: "b2", grade: "B"), SampleMember(id: "d1", grade: "D"), SampleMember(id: "x1")]  // no grade: weight 1
        let w = Dictionary(uniqueKeysWithValues: pop.map { ($0.id, $0.grade.flatMap { weights[$0] } ?? 1) })
        let total = w.values.reduce(0, +)
        var expected: [String: Double] = [:]
        for (i, wi) in w {
            var pi = wi / total
            for (j, wj) in w where j != i { pi += wj / total * wi / (total - wj) }
            expected[i] = pi
        }
        #expect(abs(expected.values.reduce(0, +) - 2) < 1e-12)
        let runs = 6000
        var count: [String: Int] = [:]
        var counts1: [String: Int] = [:]
        for seed in 0..<UInt64(runs) {
            let d = try SampleDrawing.draw(Self.input(.range(min: 2, max: 2), seed: seed &+ 1_000_000, population: pop, weights: weights))
            #expect(Set(d.entities.map(\.entity)).count == 2)
            for e in d.entities { count[e.entity, default: 0] += 1 }
            let one = try SampleDrawing.draw(Self.input(.range(min: 1, max: 1), seed: seed &+ 1_000_000, population: pop, weights: weights))
            counts1[one.entities[0].entity, default: 0] += 1
        }
        Self.expectFrequencies(count, expected: expected, runs: runs)
        // k = 1: exactly proportional to weight.
        Self.expectFrequencies(counts1, expected: w.mapValues { $0 / total }, runs: runs)
    }

    static func expectFrequencies(_ count: [String: Int], expected: [String: Double], runs: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        for (id, p) in expected {
            let mean = Double(runs) * p
            let sigma = (Double(runs) * p * (1 - p)).squareRoot()
            let observed = Double(count[id] ?? 0)
            #expect(abs(observed - mean) <= 4 * sigma, "\(id): drawn \(Int(observed)) times, expected \(mean) ± \(4 * sigma)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Population and digest

    @Test func populationIsTheEligibleDirectory() throws {
        let entities = [
            Entity(id: "L2", name: "二", kind: "labor-dispatch", jurisdiction: "兰山区", approvedOn: CivilDate(iso: "2019-01-01")),
            Entity(id: "L1", name: "一", kind: "labor-dispatch", jurisdiction: "兰山区", grade: "A", industry: "租赁"),
            Entity(id: "L3", name: "三", kind: "labor-dispatch", jurisdiction: "兰山区", approvedOn: CivilDate(iso: "2027-02-01")),
            Entity(id: "M1", name: "贷", kind: "microloan", jurisdiction: "兰山区"),
        ]
        let pop = SampleDrawing.population(of: Self.rule(.percent(50)), in: CalendarPeriod(label: "2026")!, entities: entities)
        #expect(pop == [SampleMember(id: "L1", grade: "A", industry: "租赁"), SampleMember(id: "L2")])
        let d = try SampleDrawing.draw(rule: Self.rule(.percent(50)), period: CalendarPeriod(label: "2026")!, seed: 9, entities: entities,
                                       inspectors: ["I1", "I2"])
        #expect(d.size == 1 && d.populationSize == 2)
    }

    @Test func digestIsStableAndSeesEveryChange() {
        let pop = Self.members(5, grade: { $0 == 1 ? "A" : nil }, industry: { _ in "教育" })
        let h = SampleDrawing.digest(pop)
        #expect(h.count == 16 && h.allSatisfy(\.isHexDigit))
        #expect(SampleDrawing.digest(pop.reversed()) == h)
        var regraded = pop; regraded[2].grade = "B"
        var moved = pop; moved[3].industry = "制造业"
        #expect(Set([h, SampleDrawing.digest(regraded), SampleDrawing.digest(moved), SampleDrawing.digest(Array(pop.dropLast()))]).count == 4)
        // FNV-1a 64 of the empty input is the offset basis.
        #expect(SampleDrawing.digest([]) == "cbf29ce484222325")
    }

    @Test func generatorUniformInRangeStaysInRange() {
        var g = SeededGenerator(seed: 99)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let x = g.uniform(in: -3...3)
            #expect((-3...3).contains(x))
            seen.insert(x)
            let u = g.unitInterval()
            #expect(u >= 0 && u < 1)
        }
        #expect(seen.count == 7)
        #expect(g.uniform(in: 5...5) == 5)
    }

    // MARK: Obligations

    @Test func drawnEntitiesOweOneQualifyingFactInThePeriod() throws {
        let calendar = try CalendarFixtures.calendar()
        let rule = Self.rule(.range(min: 2, max: 3))
        let schedule = ObligationSchedule(rules: RuleSet(samplings: [rule]), calendar: calendar, since: try day("2026-01-01"))
        let e = Entity(id: "LS-LD-001", name: "众诚", kind: "labor-dispatch", jurisdiction: "兰山区")
        let drawn = [ObligationSchedule.DrawnFor(rule: "S01", period: "2026"), ObligationSchedule.DrawnFor(rule: "GONE", period: "2026")]
        let before = schedule.samplingObligations(of: e, draws: drawn, inspections: [], today: try day("2026-03-25"))
        #expect(before.count == 1)  // the rule no longer configured is skipped
        let o = try #require(before.first)
        #expect(o.key == "S01/LS-LD-001/2026")
        #expect(o.due == calendar.lastWorkingDay(in: CalendarPeriod(label: "2026")!))
        #expect(o.required == 1 && o.done == 0 && o.status == .pending)
        let facts = [
            Inspection(entityID: "LS-LD-001", date: try day("2026-04-10"), kind: "offsite", authority: .county, inspectors: ["I1", "I2"]),  // not counted
            Inspection(entityID: "LS-LD-001", date: try day("2026-05-10"), kind: "onsite", authority: .city, inspectors: ["I1", "I2"]),  // not the actor
            Inspection(entityID: "LS-LD-001", date: try day("2025-05-10"), kind: "onsite", authority: .county, inspectors: ["I1", "I2"]),  // other period
        ]
        #expect(schedule.samplingObligations(of: e, draws: drawn, inspections: facts, today: try day("2026-06-01"))[0].done == 0)
        let met = facts + [Inspection(entityID: "LS-LD-001", date: try day("2026-05-20"), kind: "onsite", authority: .county, inspectors: ["I1", "I2"])]
        let after = schedule.samplingObligations(of: e, draws: drawn, inspections: met, today: try day("2026-06-01"))
        #expect(after[0].status == .met && after[0].done == 1)
        let late = schedule.samplingObligations(of: e, draws: drawn, inspections: [], today: try day("2027-01-05"))
        #expect(late[0].status == .overdue)
        let waived = schedule.samplingObligations(of: e, draws: drawn, inspections: [],
                                                  plans: ["S01/LS-LD-001/2026": ObligationPlan(key: "S01/LS-LD-001/2026", waivedReason: "已注销")],
                                                  today: try day("2026-06-01"))
        #expect(waived[0].status == .waived)
    }
}
