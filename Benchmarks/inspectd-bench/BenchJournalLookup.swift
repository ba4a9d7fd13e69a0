// `inspectd-bench journal-lookup`: what a restart after a crash costs when a whole notice run was
// logged and (perhaps) sent to the journal: the journal barrier, then one `sd_journal` lookup per
// notice by `INSPECTD_KEY` (NoticeDelivery.journalHolds). Needs a journal it may write and read:
// run it inside scripts/with-journald (root), which gives it a private journald.
import Foundation
import SystemdSupport

func journalLookupBenchmark(_ o: BenchOptions) throws {
    guard ProcessInfo.processInfo.environment["WITH_JOURNALD"] == "1" else {
        print("journal-lookup: skipped: run it inside scripts/with-journald (a private journald), e.g.")
        print("  scripts/with-journald .build-bench/release/inspectd-bench journal-lookup")
        return
    }
    let n = min(o.ops, 35_638)  // the year-end run of the `notices` benchmark, by default
    let run = UUID().uuidString.prefix(8)
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    func f(_ v: Double) -> String { String((v * 1000).rounded() / 1000) }

    var t0 = clock.now
    for i in 0..<n {
        try Journal.send(message: "bench notice \(i)", priority: .notice,
                         orderedFields: [("SYSLOG_IDENTIFIER", "inspectd"), ("INSPECTD_KEY", "bench-\(run)/\(i)"), ("INSPECTD_NOTICE", "due")])
    }
    print("\("send \(n) entries".padding(40))  \(f(seconds(clock.now - t0))) s")
    t0 = clock.now
    let synced = try JournalReader.barrier(message: "bench barrier", field: "INSPECTD_SYNC", token: String(run), timeoutMilliseconds: 60_000)
    print("\("barrier (all \(n) written)".padding(40))  \(f(seconds(clock.now - t0))) s  (seen: \(synced))")
    t0 = clock.now
    let reader = try JournalReader()
    var found = 0
    for i in 0..<n where try reader.contains([("INSPECTD_KEY", "bench-\(run)/\(i)"), ("SYSLOG_IDENTIFIER", "inspectd")]) { found += 1 }
    let lookups = seconds(clock.now - t0)
    print("\("\(n) lookups, all present".padding(40))  \(f(lookups)) s  (\(f(lookups / Double(n) * 1e6)) µs each, \(found) found)")
    t0 = clock.now
    var missing = 0
    for i in 0..<1000 where try !reader.contains([("INSPECTD_KEY", "absent-\(run)/\(i)"), ("SYSLOG_IDENTIFIER", "inspectd")]) { missing += 1 }
    let absent = seconds(clock.now - t0)
    print("\("1000 lookups, all absent".padding(40))  \(f(absent)) s  (\(f(absent / 1000 * 1e6)) µs each, \(missing) missing)")
}
