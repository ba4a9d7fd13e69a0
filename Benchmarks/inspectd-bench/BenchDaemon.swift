// `directory` and `calls`: the daemon at a province's size (issue 11). `directory` writes the
// synthetic directory of `schedule` (same kinds, shares and seed) as the CSV the daemon imports;
// `calls` measures one call type after another on one connection against a running daemon.
// scripts/bench-daemon runs both around a real daemon (first start, restart, RSS).
import Foundation
import GRDB
import InspectConfig
import InspectControl
import InspectCore
import Varlink

/// `inspectd-bench directory --entities N --out FILE`: the synthetic directory as CSV, each entity
/// under one of the configured supervisors (round robin).
func directoryBenchmark(_ o: BenchOptions) throws {
    guard let out = o.load.database else { print("directory: skipped: give --database FILE, the CSV to write (scripts/bench-daemon does)"); return }
    let config = try ConfigurationLoader.load(directory: o.configDirectory)
    let dir = makeDirectory(entities: o.entities, year: o.year, rules: config.rules, seed: 0x5EED)
    let supervisors = config.supervisors.map(\.id)
    var text = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n"
    text.reserveCapacity(o.entities * 90)
    for (i, e) in dir.entities.enumerated() {
        text += "\(e.id),企业\(e.id),\(e.kind),\(e.jurisdiction),\(e.approvedOn?.iso ?? ""),\(e.grade ?? ""),\(supervisors.isEmpty ? "" : supervisors[i % supervisors.count]),\n"
    }
    try text.write(toFile: out, atomically: true, encoding: .utf8)
    print("directory: \(dir.entities.count) entities → \(out) (\(text.utf8.count / 1_000_000) MB); kinds: \(dir.kindCounts.sorted { $0.value > $1.value }.prefix(5).map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
}

/// `inspectd-bench calls --socket PATH`: p50/p99 of each call type, one connection, in turn;
/// then writes/s with 8 writers; then the whole list streamed.
func callsBenchmark(_ o: BenchOptions) throws {
    guard let socket = o.load.socket else { print("calls: skipped: needs a running daemon's --socket (scripts/bench-daemon N)"); return }
    let client = try VarlinkClient.connect(path: socket, timeout: .seconds(120))
    defer { client.close() }
    let status = try client.call(method: ControlInterface.Method.getStatus.qualified, as: Control.Status.self)
    let page = try client.call(method: ControlInterface.Method.listEntities.qualified, parameters: Control.ListEntitiesRequest(limit: 10_000), as: Control.EntityList.self)
    let ids = page.entities.map(\.id)
    guard let today = CivilDate(iso: status.today), !ids.isEmpty else { throw LoadError("the daemon has no entities") }
    print("daemon: \(status.entities) entities, \(status.obligations) obligations (\(status.open) open), today \(status.today)")
    var rng = SplitMix64(state: 42)
    func measure(_ name: String, _ n: Int, _ call: () throws -> Void) rethrows {
        var ms: [Double] = []
        ms.reserveCapacity(n)
        for _ in 0..<n {
            let t0 = ContinuousClock.now
            try call()
            ms.append(milliseconds(ContinuousClock.now - t0))
        }
        ms.sort()
        func p(_ q: Double) -> Double { ms[min(ms.count - 1, Int(q * Double(ms.count)))] }
        print("\(name.padding(44)) n=\(n)  p50 \(String(format: "%.2f", p(0.5))) ms  p99 \(String(format: "%.2f", p(0.99))) ms  max \(String(format: "%.2f", ms.last!)) ms")
    }
    let n = max(50, o.ops == 10_000_000 ? 300 : o.ops)
    func frame(_ method: ControlInterface.Method, _ p: some Encodable) throws {
        let f = try client.performReturningFrame(try VarlinkCall(method: method.qualified, encoding: p))
        guard f.starts(with: Array(#"{"parameters":"#.utf8)) else { throw LoadError("\(method.rawValue): \(String(decoding: f.prefix(300), as: UTF8.self))") }
    }
    try measure("status", n) { try frame(.getStatus, Control.Empty()) }
    try measure("upcoming --within 30d, first page of 100", n) { try frame(.listObligations, Control.ListObligationsRequest(withinDays: 30, limit: 100)) }
    try measure("upcoming --within 30d --supervisor S03, 100", n) { try frame(.listObligations, Control.ListObligationsRequest(withinDays: 30, supervisor: "S03", limit: 100)) }
    try measure("overdue, first page of 100", n) { try frame(.listObligations, Control.ListObligationsRequest(overdueOnly: true, limit: 100)) }
    try measure("entity show", n) { try frame(.getEntity, Control.GetEntityRequest(id: ids[Int.random(in: 0..<ids.count, using: &rng)])) }
    let run = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)
    var k = 0
    try measure("inspection record", n) {
        k += 1
        let r = Control.RecordInspectionRequest(entity: ids[Int.random(in: 0..<ids.count, using: &rng)], date: today.adding(days: -3).iso, kind: "onsite",
                                                inspectors: ["甲", "乙"], exceptionReason: "bench", advanceNotice: today.adding(days: -10).iso,
                                                requestID: "calls-\(run)-\(k)")
        try frame(.recordInspection, r)
    }

    // 8 writers, 10 s.
    final class Tally: @unchecked Sendable { let lock = NSLock(); var writes = 0, failures = 0 }
    let tally = Tally()
    let deadline = ContinuousClock.now + .seconds(10)
    let group = DispatchGroup()
    for w in 0..<8 {
        group.enter()
        Thread {
            defer { group.leave() }
            guard let c = try? VarlinkClient.connect(path: socket, timeout: .seconds(60)) else { return }
            var rng = SplitMix64(state: UInt64(w) &+ 99)
            var i = 0
            while ContinuousClock.now < deadline {
                i += 1
                let r = Control.RecordInspectionRequest(entity: ids[Int.random(in: 0..<ids.count, using: &rng)], date: today.adding(days: -2).iso, kind: "onsite",
                                                        inspectors: ["甲", "乙"], exceptionReason: "bench", advanceNotice: today.adding(days: -9).iso,
                                                        requestID: "writers-\(run)-\(w)-\(i)")
                let ok = (try? c.performReturningFrame(try VarlinkCall(method: ControlInterface.Method.recordInspection.qualified, encoding: r)))
                    .map { $0.starts(with: Array(#"{"parameters":"#.utf8)) } ?? false
                tally.lock.lock(); if ok { tally.writes += 1 } else { tally.failures += 1 }; tally.lock.unlock()
            }
            c.close()
        }.start()
    }
    group.wait()
    print("8 concurrent writers, 10 s: \(tally.writes) writes (\(tally.writes / 10)/s), \(tally.failures) failed")

    // The whole open list, streamed, read four ways; each line says how many came and how fast.
    let wholeList = try VarlinkCall(method: ControlInterface.Method.listObligations.qualified, encoding: Control.ListObligationsRequest(limit: 10_000))
    func streamed(_ how: String, _ read: () throws -> (items: Int, note: String)) throws {
        let t0 = ContinuousClock.now
        let (items, note) = try read()
        let s = milliseconds(ContinuousClock.now - t0) / 1000
        print("upcoming --all (streamed, \(how)): \(items) obligations\(note) in \(String(format: "%.2f", s)) s (\(Int(Double(items) / max(s, 0.001)))/s)")
    }
    try streamed("decoded by the client") {
        var items = 0
        try client.stream(wholeList) { items += (try $0.decode(Control.ObligationList.self)).obligations.count }
        return (items, "")
    }
    // The same, read as it comes without decoding (the items counted by their "period" key):
    // what the daemon delivers, not what Foundation's JSONDecoder parses.
    try streamed("read raw") {
        var raw = 0, bytes = 0
        let key = Array(#""period":"#.utf8)
        try client.streamFrames(wholeList) { frame in
            bytes += frame.count
            var i = 0
            while i + key.count <= frame.count {
                if frame[i] == key[0] && frame[i..<(i + key.count)].elementsEqual(key) { raw += 1; i += key.count } else { i += 1 }
            }
        }
        return (raw, ", \(bytes / 1_000_000) MB")
    }
    // Issue 26: as inspectctl reads it now. Its tables decode each reply from the text in one pass
    // (`VarlinkRawReply.decode`, no JSONValue between); its `--json` finds the items in the text
    // (`JSONScan`) and writes them as they came.
    try streamed("decoded from the text") {
        var items = 0
        try client.streamRaw(wholeList) { items += (try $0.decode(Control.ObligationList.self)).obligations.count }
        return (items, "")
    }
    try streamed("items found in the text as --json passes them") {
        var items = 0
        try client.streamRaw(wholeList) { reply in
            guard let parameters = reply.parameters else { return }
            for m in try JSONScan.members(of: reply.frame, in: parameters) where JSONScan.key(m, in: reply.frame, is: "obligations") {
                items += try JSONScan.elements(of: reply.frame, in: m.value).count
            }
        }
        return (items, "")
    }

    // The manager's report of the year (issue 14: ≤ 2 s at 1 M), by supervisor, every office.
    let year = String(status.today.prefix(4))
    try measure("report --year \(year) (GetReport, every office)", 3) {
        _ = try client.call(method: Control.ReportMethod.getReport.qualified,
                            parameters: Control.GetReportRequest(from: "\(year)-01-01", to: "\(year)-12-31"), as: Control.ReportReply.self)
    }
}

/// `inspectd-bench stream --socket PATH [--repeats N] [--ops LIMIT]`: the whole open list streamed
/// (`upcoming --all`, pages of 10,000 unless `--ops` gives another size), read raw as the daemon
/// sends it, `--repeats` times: the daemon's own rate, the figure `inspectctl … --json` follows
/// (scripts/bench-list). The items are counted by their "period" key.
func streamBenchmark(_ o: BenchOptions) throws {
    guard let socket = o.load.socket else { print("stream: skipped: needs a running daemon's --socket (scripts/bench-list N)"); return }
    let client = try VarlinkClient.connect(path: socket, timeout: .seconds(120))
    defer { client.close() }
    let limit = o.ops == 10_000_000 ? 10_000 : o.ops
    let wholeList = try VarlinkCall(method: ControlInterface.Method.listObligations.qualified,
                                    encoding: Control.ListObligationsRequest(withinDays: 3660, limit: limit))
    let key = Array(#""period":"#.utf8)
    var rates: [Double] = []
    for _ in 0..<o.repeats {
        var items = 0, bytes = 0
        let t0 = ContinuousClock.now
        try client.streamFrames(wholeList) { frame in
            bytes += frame.count
            var i = 0
            while i + key.count <= frame.count {
                if frame[i] == key[0] && frame[i..<(i + key.count)].elementsEqual(key) { items += 1; i += key.count } else { i += 1 }
            }
        }
        let s = milliseconds(ContinuousClock.now - t0) / 1000
        rates.append(Double(items) / max(s, 0.001))
        print("stream: \(items) obligations, \(bytes / 1_000_000) MB in \(String(format: "%.2f", s)) s (\(Int(rates.last!))/s)")
    }
    rates.sort()
    print("stream: best \(Int(rates.last!))/s, median \(Int(rates[rates.count / 2]))/s of \(rates.count) (pages of \(limit))")
}

/// `inspectd-bench anchor --entities N`: what SQLite itself takes for the question `upcoming`
/// answers — due within 30 days, ordered, the first 100 — over N indexed rows (issue 11's anchor:
/// the daemon should not be far behind the database it could have asked).
func anchorBenchmark(_ o: BenchOptions) throws {
    let path = NSTemporaryDirectory() + "inspectd-anchor-\(UUID().uuidString).sqlite"
    defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
    let db = try DatabaseQueue(path: path)
    var rng = SplitMix64(state: 7)
    let today = Int(CivilDate(year: 2026, month: 11, day: 30)!.dayNumber)
    try db.write { db in
        try db.execute(sql: "CREATE TABLE obligation (due INTEGER NOT NULL, entity TEXT NOT NULL, rule TEXT NOT NULL)")
        let insert = try db.makeStatement(sql: "INSERT INTO obligation VALUES (?, ?, ?)")
        for i in 0..<o.entities {
            try insert.execute(arguments: [today - 300 + Int(rng.next() % 700), "E\(i)", "C\(Int(rng.next() % 40))"])
        }
        try db.execute(sql: "CREATE INDEX obligation_due ON obligation(due, entity, rule)")
    }
    var ms: [Double] = []
    for _ in 0..<300 {
        let t0 = ContinuousClock.now
        _ = try db.read { try Row.fetchAll($0, sql: "SELECT due, entity, rule FROM obligation WHERE due <= ? ORDER BY due, entity, rule LIMIT 100", arguments: [today + 30]) }
        ms.append(milliseconds(ContinuousClock.now - t0))
    }
    ms.sort()
    print("SQLite anchor: due within 30 days, ordered, first 100 of \(o.entities) indexed rows: p50 \(String(format: "%.3f", ms[150])) ms  p99 \(String(format: "%.3f", ms[297])) ms")
}
