// `inspectd-bench visits`: the visit planner on a month — a county office (--entities 3000: 12
// inspectors, one jurisdiction) or a province (--entities 1000000: 2,000 inspectors in 16
// jurisdictions) — the synthetic directory of `schedule`, its open obligations of May 2026 turned
// into visit needs as the daemon does (`VisitNeed.needs`), then `VisitPlanner.propose` timed.
import Foundation
import InspectConfig
import InspectCore

func visitsBenchmark(_ o: BenchOptions) throws {
    let config = try ConfigurationLoader.load(directory: o.configDirectory)
    let from = CivilDate.firstOfMonth(year: 2026, month: 5), to = CivilDate.lastOfMonth(year: 2026, month: 5)
    let schedule = ObligationSchedule(rules: config.rules, calendar: config.calendar, since: CivilDate.firstOfMonth(year: 2026, month: 1))
    let dir = makeDirectory(entities: o.entities, year: 2026, rules: config.rules, seed: 20_260_101)
    let province = o.entities >= 100_000
    let jurisdictions = province ? 16 : 1
    let inspectorCount = province ? 2_000 : 12
    let t0 = ContinuousClock.now
    var entities: [String: Entity] = [:]
    var needs: [VisitNeed] = []
    for i in 0..<dir.entities.count {
        var e = dir.entities[i]
        let open = schedule.obligations(of: e, inspections: dir.inspections(of: i, inspectors: ["I0000", "I0001"]), today: from, through: to)
            .filter { $0.status.isOpen && $0.period.start <= to }
        guard !open.isEmpty else { continue }
        e.jurisdiction = "J\(i % jurisdictions)"
        entities[e.id] = e
        needs += VisitNeed.needs(of: open, rules: config.rules, authority: config.office.authority, minInspectors: { _ in 2 }, entity: { _ in e })
    }
    var rng = SplitMix64(state: 42)
    var inspectors: [PlanningInspector] = []
    var conflicts: [String: Set<String>] = [:]
    let ids = Array(entities.keys.sorted())
    for n in 0..<inspectorCount {
        var i = PlanningInspector(id: String(format: "I%04d", n), jurisdictions: ["J\(n % jurisdictions)"])
        if rng.next() % 10 == 0 {
            let start = from.adding(days: Int(rng.next() % 25))
            i.leave = [start...start.adding(days: 4)]
        }
        if rng.next() % 10 == 0, !ids.isEmpty { conflicts[i.id] = [ids[Int(rng.next() % UInt64(ids.count))]] }
        inspectors.append(i)
    }
    let input = VisitPlanningInput(from: from, to: to, today: from, calendar: config.calendar, entities: entities, needs: needs,
                                   inspectors: inspectors, conflicts: conflicts, seed: 1)
    print("visits: \(dir.entities.count) entities, \(entities.count) owing a visit in 2026-05 (\(needs.count) needs), \(inspectorCount) inspectors in \(jurisdictions) jurisdiction(s); input built in \(ContinuousClock.now - t0)")
    let clock = ContinuousClock()
    var times: [Double] = []
    var proposal: VisitProposal?
    let rssBefore = peakRSS()
    for _ in 0..<o.repeats {
        let t = clock.now
        proposal = VisitPlanner.propose(input)
        let d = clock.now - t
        times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
    }
    let rssAfter = peakRSS()
    times.sort()
    guard let p = proposal else { return }
    let loads = p.load.map(\.visits).filter { $0 > 0 }
    let mean = loads.isEmpty ? 0 : Double(loads.reduce(0, +)) / Double(loads.count)
    var teamDays: [String: Set<String>] = [:]
    for v in p.visits { for i in v.inspectors { teamDays["\(i)@\(v.date.iso)", default: []].insert(v.jurisdiction) } }
    let multi = teamDays.values.filter { $0.count > 1 }.count
    print("visits: proposed in \(String(format: "%.3f", times[0])) s best, \(String(format: "%.3f", times[times.count / 2])) s median (\(o.repeats) runs); peak RSS +\((rssAfter - rssBefore) / 1024) MiB while planning")
    print("  \(p.visits.count) visits for \(p.visits.reduce(0) { $0 + $1.obligations.count }) needs, \(p.unplaced.count) not placed; load per inspector \(loads.min() ?? 0)…\(loads.max() ?? 0) (mean \(String(format: "%.1f", mean))); inspector-days in two jurisdictions or more: \(multi) of \(teamDays.count)")
    var why: [String: Int] = [:]
    for u in p.unplaced {
        let kind = u.reason.contains("can only be late") ? "due before the window: can only be late"
            : u.reason.hasPrefix("no capacity") ? "no capacity left in the window" : String(u.reason.filter { !$0.isNumber }.prefix(60))
        why[kind, default: 0] += 1
    }
    for (reason, n) in why.sorted(by: { $0.value > $1.value }).prefix(4) { print("  not placed: \(n) × \(reason)") }
    let violations = VisitPlanner.violations(of: p, input)
    print("  hard rules broken: \(violations.count)")
}

/// The process's peak resident set, in KiB (`getrusage`).
func peakRSS() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}
