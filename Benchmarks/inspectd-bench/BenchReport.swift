// `inspectd-bench report`: the manager's report of a year (issue 14, "Scale": 1,000,000 entities
// in ≤ 2 s) — every entity's obligations of the year computed by the core, as `plan` computes
// them, and tallied by supervisor and by month (`PerformanceReport.tally`), on every core.
import Dispatch
import Foundation
import InspectConfig
import InspectCore

func reportBenchmark(_ o: BenchOptions) throws {
    let config = try ConfigurationLoader.load(directory: o.configDirectory)
    let year = o.year
    let from = CivilDate.firstOfMonth(year: year, month: 1), to = CivilDate.lastOfMonth(year: year, month: 12)
    // As of mid-November: some obligations met, some overdue, some still open.
    let today = CivilDate.firstOfMonth(year: year, month: 11).adding(days: 14)
    let schedule = ObligationSchedule(rules: config.rules, calendar: config.calendar, since: from)
    let dir = makeDirectory(entities: o.entities, year: year, rules: config.rules, seed: 20_260_101)
    let supervisors = (1...60).map { String(format: "S%02d", $0) }
    let inspectors = ["I001", "I002"]
    print("report: \(dir.entities.count) entities, year \(year), as of \(today.iso), by supervisor (\(supervisors.count)), \(o.threads) threads")
    let clock = ContinuousClock()
    var times: [Double] = []
    var total = ObligationTally()
    for _ in 0..<o.repeats {
        let t0 = clock.now
        let chunks = max(1, o.threads * 16)
        let parts = ReportChunks(chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let n = dir.entities.count
            let range = (n * c / chunks)..<(n * (c + 1) / chunks)
            let obligations = range.lazy.flatMap { i in
                schedule.obligations(of: dir.entities[i], inspections: dir.inspections(of: i, inspectors: inspectors), today: today, through: to)
            }
            parts.slots[c] = PerformanceReport.tally(obligations, from: from, to: to, calendar: config.calendar) { o in
                // The synthetic directory has no supervisors: spread the entities over 60.
                let s = supervisors[o.entityID.utf8.reduce(0) { $0 &+ Int($1) } % supervisors.count]
                return (s, s)
            }
        }
        let merged = PerformanceReport.merge(Array(parts.slots))
        parts.free()
        times.append(Double((clock.now - t0).components.attoseconds) / 1e18 + Double((clock.now - t0).components.seconds))
        total = merged.total
    }
    times.sort()
    print("report: a year for \(dir.entities.count) entities: \(String(format: "%.2f", times[0])) s best, \(String(format: "%.2f", times[times.count / 2])) s median (\(o.repeats) runs)")
    print("  \(total.due) obligations due: \(total.metOnTime) met on time, \(total.metLate) late (\(total.lateWorkingDays) working days), \(total.open) open, \(total.overdue) overdue; completion \(String(format: "%.1f", (total.completion ?? 0) * 100)) %")
}

/// One tally per chunk, each written by one worker only.
struct ReportChunks: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<(groups: [PerformanceReport.Group], total: ObligationTally, months: [PerformanceReport.Group])>
    init(_ n: Int) { slots = .allocate(capacity: n); slots.initialize(repeating: ([], ObligationTally(), [])) }
    func free() { slots.deinitialize().deallocate() }
}
