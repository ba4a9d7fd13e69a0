/// What the planner is given: the window, the working-day calendar, the needs, the inspectors
/// and their conflicts of interest (回避), and a seed for the ties.
public struct VisitPlanningInput: Sendable {
    public var from: CivilDate
    public var to: CivilDate
    /// Nothing is planned before today.
    public var today: CivilDate
    public var calendar: WorkCalendar
    /// The entities the needs are about, by id.
    public var entities: [String: Entity]
    public var needs: [VisitNeed]
    public var inspectors: [PlanningInspector]
    /// Declared conflicts: inspector id → the entities they may not inspect.
    public var conflicts: [String: Set<String>]
    public var seed: UInt64
    /// Visits applied before and kept: their inspectors' days are taken, and the needs they meet
    /// (one per key listed) are not planned again.
    public var kept: [ProposedVisit] = []

    public init(from: CivilDate, to: CivilDate, today: CivilDate, calendar: WorkCalendar, entities: [String: Entity], needs: [VisitNeed],
                inspectors: [PlanningInspector], conflicts: [String: Set<String>] = [:], seed: UInt64 = 0) {
        self.from = from; self.to = to; self.today = today; self.calendar = calendar; self.entities = entities; self.needs = needs
        self.inspectors = inspectors; self.conflicts = conflicts; self.seed = seed
    }

    /// The first day that can be planned.
    public var firstDay: CivilDate { max(from, today) }
}

/// Proposes who visits which entity on which day (pure: the same input gives the same proposal).
///
/// How, and why this way: a greedy schedule by earliest deadline, which is what the law asks
/// first — every obligation met on time while capacity allows — and runs in one pass over the
/// needs (a province's month in seconds), where an exact model would not.
///
/// 1. **One visit meets what it can.** An entity's needs whose windows overlap become one visit
///    (C01's month and C05's year of one entity are one trip); a pinned date (`plan set`) and a
///    draw's team (双随机) stay as they are.
/// 2. **Earliest deadline first.** Visits are placed in the order of their last on-time day (the
///    least flexible first, ties broken by the seed), each on a working day of its window.
/// 3. **The day and the team** minimise, in this order of weight: the team's load so far (the work
///    spread evenly over the inspectors who can do it), a second jurisdiction in an inspector's day
///    (a team's day is a route through one jurisdiction), the day's fill (visits spread over the
///    window rather than piled before the due date), and a pair that has gone out together before
///    (teams varied over the month).
///
/// 4. **Repairs** (an office's size): a visit left without capacity takes a busy inspector's slot
///    when a visit placed that day can hand the inspector over to another free one or move to
///    another day of its window; failing that, it takes the place of a visit meeting fewer
///    obligations, which is placed again elsewhere if it can. A few variants of the weights and
///    the order are tried, and the proposal meeting most obligations (then the most even load,
///    then the fewest split days) is kept.
/// 5. **A deeper search** (an office's size, when visits are still without capacity): the best
///    variant again, with ejection chains (a visit makes way and is placed again, as far along as
///    needed, like an augmenting path in a matching) and exchanges (a visit out, two in). With it
///    the coverage equals the exact model's on every generated office tried (BENCHMARKS.md).
///
/// Hard rules are never broken (``violations(of:_:)`` checks every one): working days only, on or
/// after today, by the due date, the procedure's inspectors on site, each inspector active, not on
/// leave, covering the entity's jurisdiction and kind, without a conflict, within their visits a day.
public enum VisitPlanner {
    /// A visit to be placed: needs of one entity that one inspection can meet.
    struct Demand {
        var entity: Entity
        var needs: [VisitNeed]
        var lo: CivilDate
        var hi: CivilDate
        var pinned: CivilDate?
        var drawn: [String]?
        var team: Int
        var tie: UInt64
        /// Its place in `demands(_:unplaced:)`'s order: which visit is which, in an ejection chain.
        var id = 0
    }

    public static func propose(_ input: VisitPlanningInput) -> VisitProposal {
        // An office's month is placed in a millisecond: a few variants of the weights and the order
        // are tried and the best kept (most obligations placed, then the most even load, then the
        // fewest inspector-days in two jurisdictions). A province's is placed once.
        guard input.needs.count <= variantsUpTo else { return propose(input, scarcity: 8, deadlineOrder: false, search: false).proposal }
        func score(_ p: VisitProposal) -> (Int, Int, Int) {
            let loads = p.load.map(\.visits)
            return (-p.visits.reduce(0) { $0 + $1.obligations.count }, (loads.max() ?? 0) - (loads.min() ?? 0), routeDays(p))
        }
        var best: (proposal: VisitProposal, score: (Int, Int, Int), short: Bool, variant: (Double, Bool))?
        for (scarcity, deadlineOrder) in [(8.0, false), (3, false), (16, false), (30, false), (0, false), (8, true), (16, true)] {
            let (p, short) = propose(input, scarcity: scarcity, deadlineOrder: deadlineOrder, search: false)
            if best == nil || score(p) < best!.score { best = (p, score(p), short, (scarcity, deadlineOrder)) }
        }
        // Visits left without capacity: the best variant again, with the deeper search (ejection
        // chains and exchanges) after its repairs. Once, not in every variant: the search costs
        // more than the seven passes together, and reaches the optimum's coverage from the best.
        if let b = best, b.short {
            let (p, _) = propose(input, scarcity: b.variant.0, deadlineOrder: b.variant.1, search: true)
            if score(p) < b.score { return p }
        }
        return best!.proposal
    }

    /// Up to this many needs, several variants are tried (an office; a province's is placed once).
    static let variantsUpTo = 5_000

    /// The work ejection chains and exchanges may do, in placed visits read (each link of a chain
    /// reads them all): bounds the search where no chain or exchange can succeed. On 1,500
    /// generated offices of 20–44 entities (`inspectd-bench visits-instances`), 200,000 reached
    /// the exact model's coverage on every one, 50,000 fell short on four.
    static let chainBudget = 250_000

    /// The longest ejection chain (a bound on the recursion: the daemon plans on a thread whose
    /// stack is small).
    static let chainDepth = 40

    /// Inspector-days in two jurisdictions or more.
    static func routeDays(_ p: VisitProposal) -> Int {
        var days: [String: Set<String>] = [:]
        for v in p.visits { for i in v.inspectors { days["\(i)\u{1}\(v.date.dayNumber)", default: []].insert(v.jurisdiction) } }
        return days.values.filter { $0.count > 1 }.count
    }

    /// One pass: `scarcity` weighs each inspector's scarcity in a team's cost; `deadlineOrder`:
    /// visits due the same day in the seed's order, not the fewest-inspectors-first order.
    /// `search`: ejection chains and exchanges for the visits the repairs leave without capacity.
    /// `short`: some visit was left without capacity.
    static func propose(_ input: VisitPlanningInput, scarcity: Double, deadlineOrder: Bool, search: Bool) -> (proposal: VisitProposal, short: Bool) {
        var unplaced: [UnplacedObligation] = []
        var open = input
        open.needs = needsLeft(input)
        var demands = demands(open, unplaced: &unplaced)
        var schedule = Schedule(input)
        for v in input.kept { schedule.book(v) }
        // Among visits due the same day, the one the fewest may make goes first, then the one
        // meeting the most obligations; and each inspector's scarcity — what the visits still to
        // place ask of them against what they have free — steers the teams (a scarce inspector is
        // kept for the visits only they can make: fewer obligations left unplaced).
        if !deadlineOrder {
            let eligible = demands.map { schedule.eligible($0.entity).count }
            demands = zip(demands, eligible).sorted { a, b in
                (a.0.hi, a.1, -a.0.needs.count, a.0.lo.days(to: a.0.hi), a.0.tie, a.0.entity.id)
                    < (b.0.hi, b.1, -b.0.needs.count, b.0.lo.days(to: b.0.hi), b.0.tie, b.0.entity.id)
            }.map(\.0)
        }
        schedule.scarcityWeight = scarcity
        schedule.expect(demands)
        var capacityShort: [(demand: Demand, eligible: Int)] = []
        for d in demands {
            switch schedule.place(d) {
            case .placed: break
            case .refused(let why):
                for n in d.needs { unplaced.append(UnplacedObligation(obligation: n.obligation, why)) }
            case .noCapacity(let eligible): capacityShort.append((d, eligible))
            }
        }
        // A visit left without capacity may still fit once a visit placed before gives up a busy
        // inspector: to another free inspector who may make it, or by moving to another day of
        // its window (neither a pinned nor a draw's visit moves).
        // (An office's size: the repairs read the visits placed on a day by scanning them all.)
        let repairs = input.needs.count <= variantsUpTo
        capacityShort = capacityShort.filter { !repairs || !schedule.repair($0.demand) }
        // Still without capacity: a visit meeting more obligations takes the place of one meeting
        // fewer, which is placed again elsewhere if it can (more obligations met on time).
        var lost: [(demand: Demand, eligible: Int)] = []
        capacityShort = capacityShort.filter { short in
            guard repairs, let outcome = schedule.displace(for: short.demand) else { return true }
            if let displaced = outcome { lost.append((displaced, schedule.eligible(displaced.entity).count)) }
            return false
        }
        capacityShort += lost
        // Still without capacity: ejection chains, then exchanges (an office's size).
        if search && !capacityShort.isEmpty {
            var budget = chainBudget
            let left = schedule.exchange(schedule.chains(capacityShort.map(\.demand), budget: &budget), budget: &budget)
            capacityShort = left.map { ($0, schedule.eligible($0.entity).count) }
        }
        var visits = schedule.placed.map { schedule.visit($0) }
        // Capacity short: counted per jurisdiction and window, so that a manager sees by how much.
        var short: [String: Int] = [:]
        for (d, _) in capacityShort { short["\(d.entity.jurisdiction)\u{1}\(d.lo.iso)\u{1}\(d.hi.iso)", default: 0] += 1 }
        for (d, eligible) in capacityShort {
            let n = short["\(d.entity.jurisdiction)\u{1}\(d.lo.iso)\u{1}\(d.hi.iso)"] ?? 1
            let why = [PlanReason(.noCapacity, "\(eligible)", d.entity.id, d.entity.jurisdiction, d.lo.iso, d.hi.iso), PlanReason(.capacityShort, "\(n)")]
            for need in d.needs { unplaced.append(UnplacedObligation(obligation: need.obligation, reasons: why)) }
        }
        visits.sort { ($0.date, $0.entity, $0.inspectors.joined(separator: ",")) < ($1.date, $1.entity, $1.inspectors.joined(separator: ",")) }
        unplaced.sort { ($0.obligation, $0.reason) < ($1.obligation, $1.reason) }
        let load = input.inspectors.indices.filter { input.inspectors[$0].active }.map { i in
            InspectorLoad(inspector: input.inspectors[i].id, visits: schedule.load[i], days: schedule.daysOut[i])
        }.sorted { $0.inspector < $1.inspector }
        var proposal = VisitProposal(visits: visits, unplaced: unplaced, load: load)
        proposal.kept = input.kept.count
        return (proposal, !capacityShort.isEmpty)
    }

    /// The needs the kept visits do not meet: each key a kept visit lists takes one need of that
    /// key (the one due first).
    static func needsLeft(_ input: VisitPlanningInput) -> [VisitNeed] {
        guard !input.kept.isEmpty else { return input.needs }
        var covered: [String: Int] = [:]
        for v in input.kept { for k in v.obligations { covered[k, default: 0] += 1 } }
        var left: [VisitNeed] = []
        for n in input.needs.sorted(by: { ($0.obligation, $0.due) < ($1.obligation, $1.due) }) {
            if let c = covered[n.obligation], c > 0 { covered[n.obligation] = c - 1 } else { left.append(n) }
        }
        return left
    }

    // MARK: Needs into visits

    /// The needs of each entity combined into visits, in the order they are placed (earliest last
    /// on-time day first). Needs that cannot be placed at all go to `unplaced`.
    static func demands(_ input: VisitPlanningInput, unplaced: inout [UnplacedObligation]) -> [Demand] {
        let first = input.firstDay
        var byEntity: [String: [VisitNeed]] = [:]
        for n in input.needs { byEntity[n.entity, default: []].append(n) }
        var demands: [Demand] = []
        for id in byEntity.keys.sorted() {
            guard let entity = input.entities[id] else {
                for n in byEntity[id] ?? [] { unplaced.append(UnplacedObligation(obligation: n.obligation, PlanReason(.notInDirectory, id))) }
                continue
            }
            var clusters: [Demand] = []
            let needs = (byEntity[id] ?? []).sorted { ($0.pinned == nil ? 1 : 0, $0.due, $0.obligation) < ($1.pinned == nil ? 1 : 0, $1.due, $1.obligation) }
            for n in needs {
                var lo = max(n.opens, first), hi = min(n.due, input.to)
                if let p = n.pinned {
                    if p > input.to { continue }  // planned for a later window
                    if p < first {
                        unplaced.append(UnplacedObligation(obligation: n.obligation, PlanReason(.pinPassed, p.iso)))
                        continue
                    }
                    guard input.calendar.isWorkingDay(p) else {
                        unplaced.append(UnplacedObligation(obligation: n.obligation, PlanReason(.pinNotWorkingDay, p.iso)))
                        continue
                    }
                    lo = p; hi = p
                } else {
                    if n.opens > input.to { continue }  // its period has not begun in this window
                    if n.due < first {
                        unplaced.append(UnplacedObligation(obligation: n.obligation, PlanReason(.dueBeforeFirstDay, n.due.iso, first.iso)))
                        continue
                    }
                    if n.due > input.to && n.opens <= input.to && hi < lo { continue }
                    guard lo <= hi, workingDay(in: lo...hi, input.calendar) != nil else {
                        if n.due <= input.to {
                            unplaced.append(UnplacedObligation(obligation: n.obligation, PlanReason(.noOnTimeDay, lo.iso, hi.iso)))
                        }
                        continue
                    }
                }
                let drawn = n.inspectors.map { Array(Set($0)).sorted() }
                if let i = clusters.firstIndex(where: { c in
                    let l = max(c.lo, lo), h = min(c.hi, hi)
                    return l <= h && workingDay(in: l...h, input.calendar) != nil && !c.needs.contains { $0.obligation == n.obligation }
                        && (c.drawn == nil || drawn == nil || c.drawn == drawn)
                }) {
                    clusters[i].lo = max(clusters[i].lo, lo)
                    clusters[i].hi = min(clusters[i].hi, hi)
                    clusters[i].needs.append(n)
                    clusters[i].drawn = clusters[i].drawn ?? drawn
                    clusters[i].pinned = clusters[i].pinned ?? n.pinned
                    clusters[i].team = max(clusters[i].team, n.minInspectors)
                } else {
                    clusters.append(Demand(entity: entity, needs: [n], lo: lo, hi: hi, pinned: n.pinned, drawn: drawn,
                                           team: n.minInspectors, tie: mix(input.seed, id, n.obligation)))
                }
            }
            demands += clusters
        }
        demands.sort { a, b in
            (a.hi, a.lo.days(to: a.hi), a.tie, a.entity.id) < (b.hi, b.lo.days(to: b.hi), b.tie, b.entity.id)
        }
        for k in demands.indices { demands[k].id = k }
        return demands
    }

    /// The visits the needs combine into, in the order ``propose(_:)`` places them: for the
    /// benchmark against an exact model (`inspectd-bench visits-instances`), which must plan the
    /// same visits. `obligations` are the keys each visit meets (a key twice when owed twice).
    public static func visitDemands(_ input: VisitPlanningInput)
        -> [(entity: String, jurisdiction: String, kind: String, lo: CivilDate, hi: CivilDate, team: Int, needs: Int, obligations: [String])] {
        var unplaced: [UnplacedObligation] = []
        var open = input
        open.needs = needsLeft(input)  // as propose: the needs kept visits meet are not planned again
        return demands(open, unplaced: &unplaced).map {
            ($0.entity.id, $0.entity.jurisdiction, $0.entity.kind, $0.lo, $0.hi, $0.team, $0.needs.count, $0.needs.map(\.obligation))
        }
    }

    /// The first working day of `days`, if any.
    static func workingDay(in days: ClosedRange<CivilDate>, _ calendar: WorkCalendar) -> CivilDate? {
        var d = days.lowerBound
        while d <= days.upperBound {
            if calendar.isWorkingDay(d) { return d }
            d = d.adding(days: 1)
        }
        return nil
    }

    /// A deterministic 64-bit mix of the seed and two texts (ties, without a shared generator).
    static func mix(_ seed: UInt64, _ a: String, _ b: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in a.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h = (h ^ 0xff) &* 0x0000_0100_0000_01b3
        for byte in b.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var s = h
        return SeededGenerator.splitMix64(&s)
    }

    // MARK: Placing visits

    /// The inspectors' bookings so far, by inspector index and day index (from the first day that
    /// can be planned): flat arrays, so that placing a province's month stays in seconds.
    struct Schedule {
        let input: VisitPlanningInput
        let people: [PlanningInspector]
        let first: CivilDate
        /// Days from `first` through the window's end.
        let dayCount: Int
        /// Visits per inspector per day (`i * dayCount + d`).
        var booked: [Int]
        /// The jurisdiction of an inspector's day: 0 none yet, j + 1 one, -1 several.
        var route: [Int32]
        var onLeave: [Bool]
        var load: [Int]
        var daysOut: [Int]
        /// Visits per day, and what the active inspectors can make that day.
        var dayFill: [Int]
        let dayCapacity: [Int]
        /// How often two inspectors went out together (`a * people.count + b`, a < b).
        var pairs: [Int: Int] = [:]
        /// The days each entity already has a visit (its visits go on different days).
        var visited: [String: Set<Int>] = [:]
        var jurisdictionIDs: [String: Int32] = [:]
        /// Who may visit an entity of a jurisdiction and kind (active, covering both), by index.
        var eligibleCache: [String: [Int]] = [:]
        /// Each inspector's seeded tie-breaker.
        let tie: [UInt64]
        /// What the visits still to place ask of each inspector (each visit's team shared over
        /// those who may make it), and the visits each can still make in the window.
        var pressure: [Double] = []
        var freeSlots: [Double] = []
        var scarcityWeight = 8.0

        init(_ input: VisitPlanningInput) {
            self.input = input
            people = input.inspectors
            first = input.firstDay
            dayCount = max(0, first.days(to: input.to) + 1)
            let cells = people.count * dayCount
            booked = Array(repeating: 0, count: cells)
            route = Array(repeating: 0, count: cells)
            var leave = Array(repeating: false, count: cells)
            var capacity = Array(repeating: 0, count: dayCount)
            for (i, p) in people.enumerated() {
                for d in 0..<dayCount {
                    let away = p.isOnLeave(first.adding(days: d))
                    leave[i * dayCount + d] = away
                    if p.active && !away { capacity[d] += p.visitsPerDay }
                }
            }
            onLeave = leave
            dayCapacity = capacity
            load = Array(repeating: 0, count: people.count)
            daysOut = Array(repeating: 0, count: people.count)
            dayFill = Array(repeating: 0, count: dayCount)
            tie = people.map { VisitPlanner.mix(input.seed, $0.id, "") }
        }

        /// A visit placed: its demand, day index and team (inspector indices).
        struct Placed {
            var demand: Demand
            var day: Int
            var team: [Int]
        }
        var placed: [Placed] = []

        enum Outcome {
            case placed
            case refused(PlanReason)
            /// Every eligible inspector is booked or away (`eligible` of them).
            case noCapacity(Int)
        }

        /// Who may visit the entity at all: active, covering it, without a conflict.
        mutating func eligible(_ e: Entity) -> [Int] {
            let key = "\(e.jurisdiction)\u{1}\(e.kind)"
            let covering: [Int]
            if let cached = eligibleCache[key] {
                covering = cached
            } else {
                covering = people.indices.filter { people[$0].active && people[$0].covers(e) }
                eligibleCache[key] = covering
            }
            return covering.filter { !(input.conflicts[people[$0].id]?.contains(e.id) ?? false) }
        }

        /// The visits to place: each inspector's pressure and free slots.
        mutating func expect(_ demands: [Demand]) {
            pressure = Array(repeating: 0, count: people.count)
            freeSlots = Array(repeating: 0, count: people.count)
            for i in people.indices where people[i].active {
                for d in 0..<dayCount where !onLeave[i * dayCount + d] && input.calendar.isWorkingDay(first.adding(days: d)) {
                    freeSlots[i] += Double(max(0, people[i].visitsPerDay - booked[i * dayCount + d]))
                }
            }
            for d in demands { share(d, sign: 1) }
        }

        /// Adds (or takes back) a visit's share of each eligible inspector's pressure.
        mutating func share(_ d: Demand, sign: Double) {
            guard !pressure.isEmpty else { return }
            let who = eligible(d.entity)
            let each = Double(d.team) / Double(max(1, who.count))
            for i in who { pressure[i] += sign * each }
        }

        func jurisdictionID(_ j: String) -> Int32 { jurisdictionIDs[j] ?? Int32(jurisdictionIDs.count) }

        /// The jurisdiction's id, recorded once a visit is booked in it.
        mutating func registered(_ j: String) -> Int32 {
            let id = jurisdictionID(j)
            if jurisdictionIDs[j] == nil { jurisdictionIDs[j] = id }
            return id
        }

        /// An inspector's cost for a visit on day `d` in jurisdiction `j`: load first, then a
        /// second jurisdiction in their day, then a pair gone out together before; ties by the seed.
        func cost(_ i: Int, _ d: Int, _ j: Int32, with team: [Int], _ entityTie: UInt64) -> Double {
            var c = Double(load[i])
            if !pressure.isEmpty { c += scarcityWeight * max(0, pressure[i]) / max(1, freeSlots[i]) }
            let r = route[i * dayCount + d]
            if r != 0 { c += r == j + 1 ? -0.6 : 1.5 }
            for other in team { c += 0.25 * Double(pairs[pairKey(i, other)] ?? 0) }
            return c + Double((tie[i] ^ entityTie) % 1000) / 100_000
        }

        func pairKey(_ a: Int, _ b: Int) -> Int { a < b ? a * people.count + b : b * people.count + a }

        /// Takes the days of a visit applied before (kept as it is).
        mutating func book(_ v: ProposedVisit) {
            let day = first.days(to: v.date)
            guard day >= 0, day < dayCount else { return }
            let j = registered(v.jurisdiction)
            let team = v.inspectors.compactMap { id in people.firstIndex { $0.id == id } }
            for i in team { book(i, day, j) }
            dayFill[day] += team.count
            visited[v.entity, default: []].insert(day)
        }

        func free(_ i: Int, _ d: Int) -> Bool { !onLeave[i * dayCount + d] && booked[i * dayCount + d] < people[i].visitsPerDay }

        mutating func place(_ d: Demand) -> Outcome {
            share(d, sign: -1)  // no longer to place: its pressure goes, whatever happens to it
            return settle(d)
        }

        /// The best day and team for `d` among the free ones (its pressure already taken back).
        mutating func settle(_ d: Demand) -> Outcome {
            let eligible = eligible(d.entity)
            var drawn: [Int]?
            if let ids = d.drawn {
                let missing = ids.filter { id in !eligible.contains { people[$0].id == id } }
                if !missing.isEmpty {
                    return .refused(PlanReason(.drawnTeamBarred, missing.joined(separator: ", "), d.entity.id, d.entity.jurisdiction, d.entity.kind))
                }
                drawn = ids.compactMap { id in eligible.first { people[$0].id == id } }
            } else if eligible.isEmpty {
                let covering = people.filter { $0.active && $0.covers(d.entity) }
                if covering.isEmpty {
                    return .refused(PlanReason(.nobodyCovers, d.entity.jurisdiction, d.entity.kind))
                }
                return .refused(PlanReason(.allInConflict, d.entity.jurisdiction, covering.map(\.id).joined(separator: ", "), d.entity.id))
            }
            if eligible.count < d.team {
                return .refused(PlanReason(.teamTooSmall, "\(d.team)", "\(eligible.count)", d.entity.id, eligible.map { people[$0].id }.joined(separator: ", ")))
            }
            let j = jurisdictionID(d.entity.jurisdiction)
            let entityTie = VisitPlanner.mix(input.seed, d.entity.id, "")
            let lo = first.days(to: d.lo), hi = first.days(to: d.hi)
            let span = max(1, hi - lo)
            let seen = visited[d.entity.id] ?? []
            var best: (cost: Double, day: Int, team: [Int])?
            var day = lo
            while day <= hi {
                defer { day += 1 }
                guard day >= 0, day < dayCount, input.calendar.isWorkingDay(first.adding(days: day)), !seen.contains(day) else { continue }
                var team: [Int] = []
                if let drawn {
                    guard drawn.allSatisfy({ free($0, day) }) else { continue }
                    team = drawn
                }
                while team.count < d.team {
                    var pick: (cost: Double, i: Int)?
                    for i in eligible where !team.contains(i) && free(i, day) {
                        let c = cost(i, day, j, with: team, entityTie)
                        if pick == nil || c < pick!.cost { pick = (c, i) }
                    }
                    guard let pick else { break }
                    team.append(pick.i)
                }
                guard team.count >= d.team else { continue }
                var c = team.reduce(0.0) { $0 + cost($1, day, j, with: [], entityTie) }
                c += 3.0 * Double(dayFill[day]) / Double(max(1, dayCapacity[day]))
                c += 0.3 * Double(day - lo) / Double(span)
                if best == nil || c < best!.cost { best = (c, day, team) }
            }
            guard let best else { return .noCapacity(eligible.count) }
            commit(d, day: best.day, team: best.team)
            return .placed
        }

        /// Books a visit's team on its day.
        mutating func commit(_ d: Demand, day: Int, team: [Int]) {
            let j = registered(d.entity.jurisdiction)
            for i in team { book(i, day, j) }
            for (x, a) in team.enumerated() { for b in team[(x + 1)...] { pairs[pairKey(a, b), default: 0] += 1 } }
            dayFill[day] += team.count
            visited[d.entity.id, default: []].insert(day)
            placed.append(Placed(demand: d, day: day, team: team))
        }

        mutating func book(_ i: Int, _ day: Int, _ j: Int32) {
            let cell = i * dayCount + day
            if booked[cell] == 0 { daysOut[i] += 1 }
            booked[cell] += 1
            route[cell] = route[cell] == 0 || route[cell] == j + 1 ? j + 1 : -1
            load[i] += 1
            if !freeSlots.isEmpty { freeSlots[i] -= 1 }
        }

        /// Takes inspector `i` off day `day` (a repair): the day's route is read again from the visits.
        mutating func unbook(_ i: Int, _ day: Int) {
            let cell = i * dayCount + day
            booked[cell] -= 1
            if booked[cell] == 0 { daysOut[i] -= 1 }
            load[i] -= 1
            if !freeSlots.isEmpty { freeSlots[i] += 1 }
            let left = Set(placed.filter { $0.day == day && $0.team.contains(i) }.map { jurisdictionID($0.demand.entity.jurisdiction) })
            route[cell] = left.isEmpty ? 0 : left.count == 1 ? left.first! + 1 : -1
        }

        /// Places a visit that found no capacity by freeing busy inspectors it needs, on a day of
        /// its window: a visit placed there hands the inspector over to another free one who may
        /// make it, or moves whole to another day of its own window. Every step keeps the hard
        /// rules; false when no day can be freed.
        mutating func repair(_ d: Demand) -> Bool {
            guard d.drawn == nil, d.pinned == nil else { return false }
            let eligible = eligible(d.entity)
            let seen = visited[d.entity.id] ?? []
            let lo = max(0, first.days(to: d.lo)), hi = min(dayCount - 1, first.days(to: d.hi))
            guard lo <= hi else { return false }
            for day in lo...hi where input.calendar.isWorkingDay(first.adding(days: day)) && !seen.contains(day) {
                var free = eligible.filter { self.free($0, day) }
                var busy = eligible.filter { !self.free($0, day) && !onLeave[$0 * dayCount + day] }
                while free.count < d.team, let b = busy.first {
                    busy.removeFirst()
                    if release(b, on: day, keeping: Set(eligible)) { free.append(b) }
                }
                guard free.count >= d.team else { continue }
                let j = jurisdictionID(d.entity.jurisdiction), tie = VisitPlanner.mix(input.seed, d.entity.id, "")
                let team = Array(free.sorted { (cost($0, day, j, with: [], tie), $0) < (cost($1, day, j, with: [], tie), $1) }.prefix(d.team))
                commit(d, day: day, team: team)
                return true
            }
            return false
        }

        /// Frees inspector `b` on `day` by changing one visit placed there; `keeping`: inspectors
        /// not to hand it to (the visit being repaired needs them).
        mutating func release(_ b: Int, on day: Int, keeping: Set<Int>) -> Bool {
            for k in placed.indices where placed[k].day == day && placed[k].team.contains(b) {
                let v = placed[k]
                guard v.demand.drawn == nil, v.demand.pinned == nil else { continue }
                // Hand over to another free inspector who may make it (preferably one the repaired visit does not need).
                let others = eligible(v.demand.entity).filter { !v.team.contains($0) && free($0, day) }
                if let c = others.first(where: { !keeping.contains($0) }) ?? nil {
                    unbook(b, day)
                    placed[k].team = placed[k].team.map { $0 == b ? c : $0 }
                    book(c, day, jurisdictionID(v.demand.entity.jurisdiction))
                    return true
                }
                // Or move it whole to another day of its window where its team is free.
                let lo = max(0, first.days(to: v.demand.lo)), hi = min(dayCount - 1, first.days(to: v.demand.hi))
                guard lo <= hi else { continue }
                let seen = visited[v.demand.entity.id] ?? []
                for t in lo...hi where t != day && !seen.contains(t) && input.calendar.isWorkingDay(first.adding(days: t))
                    && v.team.allSatisfy({ free($0, t) }) {
                    for i in v.team { unbook(i, day) }
                    placed[k].day = t
                    for i in v.team { book(i, t, jurisdictionID(v.demand.entity.jurisdiction)) }
                    dayFill[day] -= v.team.count
                    dayFill[t] += v.team.count
                    visited[v.demand.entity.id]?.remove(day)
                    visited[v.demand.entity.id, default: []].insert(t)
                    return true
                }
            }
            return false
        }

        /// Places `d` on a day of its window instead of a visit placed there that meets fewer
        /// obligations and shares an inspector `d` needs; the displaced visit is placed again if it
        /// can. nil: no such exchange; `.some(nil)`: done, nothing lost; `.some(v)`: `v` was lost.
        mutating func displace(for d: Demand) -> Demand?? {
            guard d.drawn == nil, d.pinned == nil, d.needs.count > 1 else { return nil }
            let eligible = eligible(d.entity)
            let lo = max(0, first.days(to: d.lo)), hi = min(dayCount - 1, first.days(to: d.hi))
            guard lo <= hi else { return nil }
            for day in lo...hi where input.calendar.isWorkingDay(first.adding(days: day)) && !(visited[d.entity.id]?.contains(day) ?? false) {
                for k in placed.indices where placed[k].day == day && placed[k].demand.needs.count < d.needs.count
                    && placed[k].demand.drawn == nil && placed[k].demand.pinned == nil && placed[k].team.contains(where: eligible.contains) {
                    let v = placed.remove(at: k)
                    for i in v.team { unbook(i, day) }
                    dayFill[day] -= v.team.count
                    visited[v.demand.entity.id]?.remove(day)
                    let free = eligible.filter { self.free($0, day) }
                    if free.count >= d.team {
                        let j = jurisdictionID(d.entity.jurisdiction), tie = VisitPlanner.mix(input.seed, d.entity.id, "")
                        commit(d, day: day, team: Array(free.sorted { (cost($0, day, j, with: [], tie), $0) < (cost($1, day, j, with: [], tie), $1) }.prefix(d.team)))
                        if case .placed = place(v.demand) { return .some(nil) }
                        if repair(v.demand) { return .some(nil) }
                        return .some(v.demand)
                    }
                    // Not enough: put it back as it was.
                    for i in v.team { book(i, day, jurisdictionID(v.demand.entity.jurisdiction)) }
                    dayFill[day] += v.team.count
                    visited[v.demand.entity.id, default: []].insert(day)
                    placed.insert(v, at: k)
                    break
                }
            }
            return nil
        }

        /// Takes placed visit `k` off its day (inspectors, pairs, fill): the reverse of `commit`.
        mutating func unplace(_ k: Int) -> Placed {
            let v = placed.remove(at: k)
            for i in v.team { unbook(i, v.day) }
            for (x, a) in v.team.enumerated() { for b in v.team[(x + 1)...] { pairs[pairKey(a, b), default: 0] -= 1 } }
            dayFill[v.day] -= v.team.count
            visited[v.demand.entity.id]?.remove(v.day)
            return v
        }

        /// Ejection chains for the visits `short` (`chain(_:budget:)`), again while they place more:
        /// a visit a chain left out may find a chain in turn, and a chain may open the way for one
        /// that found none before. What is still without capacity is returned.
        mutating func chains(_ short: [Demand], budget: inout Int) -> [Demand] {
            var short = short, progress = true
            // Visits alike (same inspectors, window, team, obligations, days taken) fail alike
            // until a chain changes the schedule: where capacity is short everywhere, thousands
            // of visits share a few such shapes, and one search answers for all.
            var failed = Set<[Int]>()
            while progress && budget > 0 {
                progress = false
                var next: [Demand] = []
                for d in short {
                    let shape = shape(d)
                    guard budget > 0, !failed.contains(shape) else { next.append(d); continue }
                    budget -= placed.count
                    if let outcome = chain(d, budget: &budget) {
                        progress = true
                        failed.removeAll()
                        if let lost = outcome { next.append(lost) }
                    } else {
                        failed.insert(shape)
                        next.append(d)
                    }
                }
                short = next
            }
            return short
        }

        /// What a chain for `d` depends on: who may make it, its window, team and obligations, and
        /// the days its entity is already visited.
        mutating func shape(_ d: Demand) -> [Int] {
            let lo = first.days(to: d.lo), hi = first.days(to: d.hi)
            return eligible(d.entity) + [-1, lo, hi, d.team, d.needs.count, -1]
                + (visited[d.entity.id] ?? []).filter { lo <= $0 && $0 <= hi }.sorted()
        }

        /// Exchanges, where chains found nothing: a placed visit is taken out, and the chains are
        /// run again for the visits still short and then for it; kept if more obligations are met,
        /// else undone. Why: a visit's day may hold two that each meet as many obligations as it
        /// does (it takes both inspectors a pair of others would each share with a third), which a
        /// chain, placing one visit at a time, never finds. The visits meeting fewest obligations
        /// are tried first. Taking out a visit of `n` inspectors lets in at most `n` more, so of
        /// the visits short alike (`shape(_:)`) only the first `n` are run: where capacity is
        /// short everywhere, a few dozen, not thousands. What is still without capacity is returned.
        mutating func exchange(_ short: [Demand], budget: inout Int) -> [Demand] {
            var short = short, improved = true
            while improved && !short.isEmpty && budget > 0 {
                improved = false
                let wanted = Set(short.flatMap { eligible($0.entity) })
                let owed = short.reduce(0) { $0 + $1.needs.count }
                var alike: [[Int]: [Int]] = [:]  // shape → positions in `short`, in order
                for (n, d) in short.enumerated() { alike[shape(d), default: []].append(n) }
                // The visits whose day a visit short could take: its window holds the day, and
                // it may be made by one of their inspectors.
                let out = placed.filter { p in
                    p.demand.drawn == nil && p.demand.pinned == nil && p.demand.needs.count < owed && p.team.contains(where: wanted.contains)
                        && short.contains { d in
                            first.days(to: d.lo) <= p.day && p.day <= first.days(to: d.hi) && !(visited[d.entity.id]?.contains(p.day) ?? false)
                                && eligible(d.entity).contains(where: p.team.contains)
                        }
                }.sorted { ($0.demand.needs.count, $0.demand.id) < ($1.demand.needs.count, $1.demand.id) }.map(\.demand.id)
                for id in out where budget > 0 {
                    guard let k = placed.firstIndex(where: { $0.demand.id == id }) else { continue }
                    let before = self
                    let v = unplace(k)
                    let tried = alike.values.flatMap { $0.prefix(v.team.count) }.sorted()
                    budget -= tried.count
                    let run = tried.map { short[$0] }
                    let left = chains(run + [v.demand], budget: &budget)
                    if left.reduce(0, { $0 + $1.needs.count }) < run.reduce(0, { $0 + $1.needs.count }) {
                        let runIDs = Set(run.map(\.id)), leftIDs = Set(left.map(\.id))
                        short = short.filter { !runIDs.contains($0.id) || leftIDs.contains($0.id) } + left.filter { !runIDs.contains($0.id) }
                        improved = true
                        break
                    }
                    self = before
                }
            }
            return short
        }

        /// Places `d`, still without capacity after the repairs, by an ejection chain: on a day of
        /// its window, a placed visit holding inspectors `d` needs makes way and is placed again —
        /// on another day, with another team, or by making way for itself in turn. Why: the repairs
        /// move one visit one step; the few obligations they left unplaced (against the exact
        /// model, BENCHMARKS.md) needed a chain of several visits each moved to a day the next had
        /// to leave — an augmenting path, as in a matching of visits to days. As in Kuhn's
        /// matching, each visit is tried once in a search (a visit that could not make way once
        /// cannot on the same path again), which keeps the search linear in the visits rather than
        /// exponential in the chain's length. First only chains that place every visit again are
        /// tried; then one may end by leaving out a visit meeting fewer obligations than `d` (more
        /// met on time: the weighted form of the same path). A chain that fails is undone exactly;
        /// `budget` counts the visits tried, so that the search stays bounded, and deterministic,
        /// however crowded the office. nil: no chain; `.some(nil)`: placed, nothing lost;
        /// `.some(v)`: placed, `v` lost.
        mutating func chain(_ d: Demand, budget: inout Int) -> Demand?? {
            guard d.drawn == nil else { return nil }
            for worth in [0, d.needs.count] {
                var tried = Set<Int>()
                if let done = makeWay(for: d, depth: VisitPlanner.chainDepth, worth: worth, tried: &tried, budget: &budget) { return done }
            }
            return nil
        }

        /// One link of a chain: `d` placed directly, or on a day where a placed visit not yet tried
        /// in this search makes way and is placed again by the next link. `worth`: a visit meeting
        /// fewer obligations than this may be left out where the chain ends.
        private mutating func makeWay(for d: Demand, depth: Int, worth: Int, tried: inout Set<Int>, budget: inout Int) -> Demand?? {
            tried.insert(d.id)
            let eligible = eligible(d.entity)
            let lo = max(0, first.days(to: d.lo)), hi = min(dayCount - 1, first.days(to: d.hi))
            guard lo <= hi else { return nil }
            // Most links find no day free: that is read from the bookings before `settle` weighs teams.
            let fits = (lo...hi).contains { day in
                input.calendar.isWorkingDay(first.adding(days: day)) && !(visited[d.entity.id]?.contains(day) ?? false)
                    && eligible.reduce(0) { $0 + (free($1, day) ? 1 : 0) } >= d.team
            }
            if fits, case .placed = settle(d) { return .some(nil) }
            guard depth > 0, d.drawn == nil else { return nil }
            let j = jurisdictionID(d.entity.jurisdiction), tie = VisitPlanner.mix(input.seed, d.entity.id, "")
            // The placed visits by day, read once: a link that fails leaves `placed` as it was.
            var onDay = Array(repeating: [Int](), count: hi - lo + 1)
            for k in placed.indices where lo <= placed[k].day && placed[k].day <= hi { onDay[placed[k].day - lo].append(k) }
            for day in lo...hi where input.calendar.isWorkingDay(first.adding(days: day)) && !(visited[d.entity.id]?.contains(day) ?? false) {
                let short = d.team - eligible.filter { self.free($0, day) }.count
                // The visits placed that day which, once gone, leave `d` enough free inspectors.
                let candidates = onDay[day - lo].filter { k in
                    let v = placed[k]
                    return v.demand.drawn == nil && v.demand.pinned == nil && !tried.contains(v.demand.id)
                        && v.team.filter { eligible.contains($0) && !free($0, day) }.count >= short
                }
                for k in candidates.reversed() {  // from the end: the indices before `k` stay as they are
                    guard budget > 0 else { return nil }
                    guard !tried.contains(placed[k].demand.id) else { continue }  // tried deeper in the meantime
                    budget -= placed.count  // the work of a link: the day's visits are found by reading them all
                    let v = unplace(k)
                    // The team: first those with most visits left that day, so that an inspector's
                    // last slot stays for the visit made way for, or for another (a pair of single
                    // slots is two visits with a partner who has three).
                    let open = eligible.filter { self.free($0, day) }.map { i in
                        (i: i, left: people[i].visitsPerDay - booked[i * dayCount + day], cost: cost(i, day, j, with: [], tie))
                    }
                    commit(d, day: day, team: open.sorted { ($1.left, $0.cost, $0.i) < ($0.left, $1.cost, $1.i) }.prefix(d.team).map(\.i))
                    if let done = makeWay(for: v.demand, depth: depth - 1, worth: worth, tried: &tried, budget: &budget) { return done }
                    if v.demand.needs.count < worth { return .some(v.demand) }
                    // Undone: `d` off the day, `v` back where it was.
                    _ = unplace(placed.lastIndex { $0.day == day && $0.demand.id == d.id }!)
                    commit(v.demand, day: v.day, team: v.team)
                    placed.insert(placed.removeLast(), at: k)
                }
            }
            return nil
        }

        /// A placed visit as the proposal shows it.
        func visit(_ p: Placed) -> ProposedVisit {
            let d = p.demand
            var reasons: [PlanReason]
            if let pin = d.pinned {
                reasons = [PlanReason(.pinned, pin.iso)]
            } else {
                reasons = [PlanReason(.due, d.hi.iso), PlanReason(.leastLoadedDay, d.lo.iso, d.hi.iso)]
            }
            if d.drawn != nil { reasons.append(PlanReason(.drawnTeam)) }
            if d.needs.count > 1 { reasons.append(PlanReason(.combined, "\(d.needs.count)")) }
            return ProposedVisit(date: first.adding(days: p.day), entity: d.entity.id, jurisdiction: d.entity.jurisdiction,
                                 obligations: d.needs.map(\.obligation), inspectors: p.team.map { people[$0].id }.sorted(),
                                 due: d.needs.map(\.due).min() ?? d.hi, reasons: reasons)
        }
    }

    // MARK: Hard rules

    /// Every hard rule a proposal breaks for this input (none, for a proposal of ``propose(_:)``):
    /// the planner's own check, and the property tests'.
    public static func violations(of p: VisitProposal, _ input: VisitPlanningInput) -> [String] {
        var found: [String] = []
        let inspectors = Dictionary(input.inspectors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var needsByKey: [String: [VisitNeed]] = [:]
        for n in input.needs { needsByKey[n.obligation, default: []].append(n) }
        var perDay: [String: Int] = [:]
        for v in input.kept { for id in v.inspectors { perDay["\(id)@\(v.date.dayNumber)", default: 0] += 1 } }
        var served: [String: Int] = [:]
        for v in input.kept { for key in v.obligations { served[key, default: 0] += 1 } }
        var entityDays: Set<String> = Set(input.kept.map { "\($0.entity)@\($0.date.dayNumber)" })
        for v in p.visits {
            let at = "\(v.entity) on \(v.date.iso)"
            guard let entity = input.entities[v.entity] else { found.append("\(at): not in the directory"); continue }
            if !input.calendar.isWorkingDay(v.date) { found.append("\(at): not a working day") }
            if v.date < input.firstDay || v.date > input.to { found.append("\(at): outside \(input.firstDay.iso)–\(input.to.iso)") }
            if !entityDays.insert("\(v.entity)@\(v.date.dayNumber)").inserted { found.append("\(at): two visits the same day") }
            if Set(v.inspectors).count != v.inspectors.count { found.append("\(at): an inspector twice in the team") }
            var needed = 1
            for key in v.obligations {
                served[key, default: 0] += 1
                guard let n = needsByKey[key]?.first else { found.append("\(at): \(key) needs no visit"); continue }
                needed = max(needed, n.minInspectors)
                if n.entity != v.entity { found.append("\(at): \(key) is another entity's") }
                if let pin = n.pinned {
                    if v.date != pin { found.append("\(at): \(key) is pinned to \(pin.iso)") }
                } else {
                    if v.date > n.due { found.append("\(at): \(key) is due \(n.due.iso)") }
                    if v.date < n.opens { found.append("\(at): \(key) opens \(n.opens.iso)") }
                }
                if let drawn = n.inspectors, !Set(drawn).isSubset(of: v.inspectors) {
                    found.append("\(at): \(key) is the draw's inspectors' \(drawn.joined(separator: ", "))")
                }
            }
            if Set(v.inspectors).count < needed { found.append("\(at): \(v.inspectors.count) inspectors, \(needed) needed") }
            for id in v.inspectors {
                guard let i = inspectors[id] else { found.append("\(at): unknown inspector \(id)"); continue }
                if !i.active { found.append("\(at): \(id) is inactive") }
                if i.isOnLeave(v.date) { found.append("\(at): \(id) is on leave") }
                if !i.covers(entity) { found.append("\(at): \(id) does not cover \(entity.jurisdiction)/\(entity.kind)") }
                if input.conflicts[id]?.contains(entity.id) ?? false { found.append("\(at): \(id) has a conflict with \(entity.id)") }
                perDay["\(id)@\(v.date.dayNumber)", default: 0] += 1
                if perDay["\(id)@\(v.date.dayNumber)"]! > i.visitsPerDay { found.append("\(at): \(id) has more than \(i.visitsPerDay) visits that day") }
            }
        }
        for (key, needs) in needsByKey where (served[key] ?? 0) > needs.count {
            found.append("\(key): \(served[key] ?? 0) visits for \(needs.count) needed")
        }
        return found
    }
}
