// `inspectd-bench notices`: one day's notice run for a province-sized directory — the pure
// decision (`NoticeRun.decide`, as the daemon and `inspectctl simulate` run it) and the outbox
// (`FactStore.enqueueNew` into a fresh SQLite database): the first run of the day, where every
// notice is new, and a repeat run after a change, where every notice was already sent.
import Foundation
import InspectConfig
import InspectCore
import InspectStore

func noticesBenchmark(_ o: BenchOptions) throws {
    let config = try ConfigurationLoader.load(directory: o.configDirectory)
    // Two days: the last working day of March (monthly and quarterly obligations due, January's
    // and February's unmet ones overdue), and of December (every annual obligation due as well:
    // the year's biggest run).
    for month in [3, 12] {
        let day = config.calendar.lastWorkingDay(in: CalendarPeriod(unit: .month, containing: CivilDate.firstOfMonth(year: o.year, month: month)))
        try noticeRun(o, config: config, today: day)
    }
}

func noticeRun(_ o: BenchOptions, config: Configuration, today: CivilDate) throws {
    let year = o.year
    let since = CivilDate.firstOfMonth(year: year, month: 1)
    let schedule = ObligationSchedule(rules: config.rules, calendar: config.calendar, since: since)
    let dir = makeDirectory(entities: o.entities, year: year, rules: config.rules, seed: 20_260_101)
    var open: [Obligation] = []
    for i in 0..<dir.entities.count {
        let facts = dir.inspections(of: i, inspectors: ["I001", "I002"]).filter { $0.date <= today }
        open += schedule.obligations(of: dir.entities[i], inspections: facts, today: today).filter(\.status.isOpen)
    }
    var entities: [String: Entity] = [:]
    entities.reserveCapacity(dir.entities.count)
    for e in dir.entities { entities[e.id] = e }
    guard let now = LocalDateTime(date: today, hour: 8, minute: 30) else { return }
    print("notices: \(dir.entities.count) entities, \(open.count) open obligations on \(today) (since \(since))")

    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    func f(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }

    var times: [Double] = []
    var decided: [Notice] = []
    for _ in 0..<o.repeats {
        let t0 = clock.now
        decided = NoticeRun.decide(obligations: open, deadlines: [], entities: entities, rules: config.rules, calendar: config.calendar,
                                   now: now, supervisors: [Supervisor(id: "S04", name: "刘洋", office: "办公室", isManager: true)], repeatOverdueEvery: 5)
        times.append(seconds(clock.now - t0))
    }
    times.sort()
    let byKind = Dictionary(grouping: decided, by: \.kind.rawValue).map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", ")
    print("\("NoticeRun.decide".padding(34))  \(f(times[0])) s best, \(f(times[times.count / 2])) s median  (\(o.repeats) runs)  \(decided.count) notices (\(byKind))")

    let directory = NSTemporaryDirectory() + "inspectd-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let store = try FactStore(path: directory + "/state.sqlite")
    var t0 = clock.now
    let fresh = try store.enqueueNew(decided, at: 1)
    print("\("outbox: first run (all new)".padding(34))  \(f(seconds(clock.now - t0))) s  (\(fresh.count) inserted)")
    t0 = clock.now
    let again = try store.enqueueNew(decided, at: 2)
    print("\("outbox: repeat run (none new)".padding(34))  \(f(seconds(clock.now - t0))) s  (\(again.count) inserted)")
    t0 = clock.now
    let pending = try store.undelivered()
    print("\("outbox: read the undelivered".padding(34))  \(f(seconds(clock.now - t0))) s  (\(pending.count) notices)")
    t0 = clock.now
    try store.markLogStarted(pending.map(\.key), at: 3)
    try store.markLogged(pending.map(\.key), at: 3)
    try store.markDelivered(pending.map(\.key), at: 3)
    print("\("outbox: 3 delivery marks".padding(34))  \(f(seconds(clock.now - t0))) s  (\(pending.count) notices, 3 transactions)")
}
