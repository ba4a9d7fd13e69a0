// `inspectd-bench visits-instances --repeats N`: N small generated offices (20–44 entities in 1–3
// jurisdictions, 3–8 inspectors, May 2026 under the shipped calendar, today 2026-05-04) written to
// stdout as a JSON array, each with the visits its needs combine into as the planner clusters them
// (`VisitPlanner.visitDemands`), who may make each one, the inspectors' leave and visits a day,
// and the planner's own proposal with its figures. scripts/bench-visits-exact.py solves the same
// visits exactly (a MILP, CBC) and compares: coverage, balance, route (BENCHMARKS.md).
import Foundation
import InspectConfig
import InspectCore

private struct ExactInstance: Encodable {
    struct Inspector: Encodable {
        var id: String
        var active: Bool
        var jurisdictions: [String]?
        var kinds: [String]?
        var visitsPerDay: Int
        /// The working days of the window they are away.
        var leave: [String]
    }
    struct Demand: Encodable {
        var index: Int
        var entity: String
        var jurisdiction: String
        var kind: String
        var lo: String
        var hi: String
        var team: Int
        var needs: Int
        var obligations: [String]
        /// Active, covering the entity's jurisdiction and kind, no declared conflict.
        var eligible: [String]
    }
    struct Placed: Encodable {
        var demand: Int
        var day: String
        var inspectors: [String]
    }
    struct Heuristic: Encodable {
        var placed: [Placed]
        var coverage: Int
        var balance: Int
        var route: Int
        var load: [String: Int]
        var violations: [String]
        /// How long `VisitPlanner.propose` took, in milliseconds.
        var milliseconds: Double
    }
    var instance: Int
    var seed: UInt64
    var today: String
    var from: String
    var to: String
    var days: [String]
    var jurisdictions: [String]
    var entities: Int
    var needs: Int
    var inspectors: [Inspector]
    var demands: [Demand]
    /// Inspectors eligible for at least one demand: the ones balance is measured over.
    var balanced: [String]
    var heuristic: Heuristic
}

/// One small office, deterministic in `seed`.
func smallVisitInstance(seed: UInt64, calendar: WorkCalendar) -> VisitPlanningInput {
    var rng = SplitMix64(state: seed)
    func roll(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    func chance(_ p: Double) -> Bool { Double(rng.next() % 10_000) < p * 10_000 }
    let from = CivilDate.firstOfMonth(year: 2026, month: 5), to = CivilDate.lastOfMonth(year: 2026, month: 5)
    let today = CivilDate(year: 2026, month: 5, day: 4)!
    let jurisdictions = (0..<(1 + roll(3))).map { "J\($0)" }
    let allKinds = ["employer", "labor-dispatch", "microloan"]
    let kinds = Array(allKinds.prefix(1 + roll(3)))
    var entities: [String: Entity] = [:]
    var needs: [VisitNeed] = []
    let entityCount = 20 + roll(25)
    for n in 0..<entityCount {
        let id = String(format: "E%03d", n)
        let e = Entity(id: id, name: id, kind: kinds[roll(kinds.count)], jurisdiction: jurisdictions[roll(jurisdictions.count)])
        entities[id] = e
        var mine: [VisitNeed] = []
        // A monthly inspection (C01-like), owed twice in a few.
        if chance(0.55) {
            for _ in 0..<(chance(0.12) ? 2 : 1) {
                mine.append(VisitNeed(obligation: "M01/\(id)/2026-05", entity: id, opens: from, due: calendar.isWorkingDay(to) ? to : CivilDate(year: 2026, month: 5, day: 29)!))
            }
        }
        // A yearly one (C05-like): its window is the year, the month is only part of it.
        if chance(0.45) {
            needs.append(VisitNeed(obligation: "Y01/\(id)/2026", entity: id, opens: CivilDate.firstOfMonth(year: 2026, month: 1), due: CivilDate.lastOfMonth(year: 2026, month: 12)))
        }
        // A quarterly one due at the end of June.
        if chance(0.2) {
            mine.append(VisitNeed(obligation: "Q01/\(id)/2026-Q2", entity: id, opens: CivilDate.firstOfMonth(year: 2026, month: 4), due: CivilDate.lastOfMonth(year: 2026, month: 6)))
        }
        // A follow-up (复查) with a short deadline in the month.
        if chance(0.25) {
            let due = today.adding(days: 3 + roll(18))
            mine.append(VisitNeed(obligation: "F01/\(id)/2026-05", entity: id, opens: today.adding(days: -roll(10)), due: due))
        }
        // A half-month inspection in the second half (a window that does not meet a short follow-up).
        if chance(0.1) {
            mine.append(VisitNeed(obligation: "H01/\(id)/2026-05b", entity: id, opens: CivilDate(year: 2026, month: 5, day: 16)!, due: to))
        }
        if mine.isEmpty && !needs.contains(where: { $0.entity == id }) {
            mine.append(VisitNeed(obligation: "M01/\(id)/2026-05", entity: id, opens: from, due: CivilDate(year: 2026, month: 5, day: 29)!))
        }
        needs += mine
    }
    let ids = entities.keys.sorted()
    var inspectors: [PlanningInspector] = []
    var conflicts: [String: Set<String>] = [:]
    for n in 0..<(3 + roll(6)) {
        var i = PlanningInspector(id: String(format: "I%02d", n), visitsPerDay: 1 + roll(4))
        if jurisdictions.count > 1 && !chance(0.3) {
            var js: Set<String> = [jurisdictions[roll(jurisdictions.count)]]
            if chance(0.4) { js.insert(jurisdictions[roll(jurisdictions.count)]) }
            i.jurisdictions = js
        }
        if kinds.count > 1 && chance(0.35) {
            var ks: Set<String> = [kinds[roll(kinds.count)]]
            if chance(0.5) { ks.insert(kinds[roll(kinds.count)]) }
            i.kinds = ks
        }
        if chance(0.4) {
            let start = from.adding(days: roll(28))
            i.leave = [start...start.adding(days: 1 + roll(10))]
        }
        if chance(0.08) { i.active = false }
        if chance(0.3) { conflicts[i.id] = Set((0..<(1 + roll(2))).map { _ in ids[roll(ids.count)] }) }
        inspectors.append(i)
    }
    return VisitPlanningInput(from: from, to: to, today: today, calendar: calendar, entities: entities, needs: needs,
                              inspectors: inspectors, conflicts: conflicts, seed: seed)
}

func visitsInstancesBenchmark(_ o: BenchOptions) throws {
    let config = try ConfigurationLoader.load(directory: o.configDirectory)
    var out: [ExactInstance] = []
    for k in o.first..<(o.first + o.repeats) {
        let seed = 20_260_504 &+ UInt64(k) &* 7_919
        let input = smallVisitInstance(seed: seed, calendar: config.calendar)
        var days: [String] = []
        var d = input.firstDay
        while d <= input.to { if input.calendar.isWorkingDay(d) { days.append(d.iso) }; d = d.adding(days: 1) }
        let demands = VisitPlanner.visitDemands(input)
        let people = input.inspectors
        func eligible(_ entity: String) -> [String] {
            guard let e = input.entities[entity] else { return [] }
            return people.filter { $0.active && $0.covers(e) && !(input.conflicts[$0.id]?.contains(entity) ?? false) }.map(\.id)
        }
        let rows = demands.enumerated().map { n, x in
            ExactInstance.Demand(index: n, entity: x.entity, jurisdiction: x.jurisdiction, kind: x.kind, lo: x.lo.iso, hi: x.hi.iso,
                                 team: x.team, needs: x.needs, obligations: x.obligations, eligible: eligible(x.entity))
        }
        let balanced = Set(rows.flatMap(\.eligible))
        let clock = ContinuousClock(), started = clock.now
        let p = VisitPlanner.propose(input)
        let took = clock.now - started
        // Each proposed visit back to its demand: same entity, same obligations.
        var used = Set<Int>()
        var placed: [ExactInstance.Placed] = []
        for v in p.visits {
            let keys = v.obligations.sorted()
            guard let n = rows.firstIndex(where: { !used.contains($0.index) && $0.entity == v.entity && $0.obligations.sorted() == keys }) else {
                throw BenchVisitsExactError.unmatched("instance \(k): visit \(v.entity) on \(v.date.iso) matches no demand")
            }
            used.insert(n)
            placed.append(.init(demand: n, day: v.date.iso, inspectors: v.inspectors))
        }
        var load: [String: Int] = [:]
        for id in balanced { load[id] = 0 }
        var routes: [String: Set<String>] = [:]
        for v in p.visits {
            for i in v.inspectors {
                load[i, default: 0] += 1
                routes["\(i)@\(v.date.iso)", default: []].insert(v.jurisdiction)
            }
        }
        let counted = balanced.map { load[$0] ?? 0 }
        let heuristic = ExactInstance.Heuristic(
            placed: placed, coverage: p.visits.reduce(0) { $0 + $1.obligations.count },
            balance: (counted.max() ?? 0) - (counted.min() ?? 0), route: routes.values.filter { $0.count > 1 }.count,
            load: load, violations: VisitPlanner.violations(of: p, input),
            milliseconds: Double(took.components.seconds) * 1e3 + Double(took.components.attoseconds) / 1e15)
        let leaveDays = { (i: PlanningInspector) in days.filter { i.isOnLeave(CivilDate(iso: $0)!) } }
        out.append(ExactInstance(
            instance: k, seed: seed, today: input.today.iso, from: input.from.iso, to: input.to.iso, days: days,
            jurisdictions: Array(Set(input.entities.values.map(\.jurisdiction))).sorted(), entities: input.entities.count,
            needs: input.needs.count,
            inspectors: people.map { .init(id: $0.id, active: $0.active, jurisdictions: $0.jurisdictions?.sorted(), kinds: $0.kinds?.sorted(),
                                           visitsPerDay: $0.visitsPerDay, leave: leaveDays($0)) },
            demands: rows, balanced: balanced.sorted(), heuristic: heuristic))
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(out)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write("\n".data(using: .utf8)!)
}

enum BenchVisitsExactError: Error { case unmatched(String) }
