// `spread`: how soon a directory import committed on one daemon of a platform reaches another
// daemon on the same PostgreSQL database, and how long that other daemon's calls wait meanwhile
// (issue 24: within 10 s of the commit, no call waiting over 50 ms). scripts/bench-platform runs it.
import Foundation
import InspectControl
import InspectStore
import Varlink

/// `inspectd-bench spread --writer SOCKET --socket SOCKET --database CSV --store URL`: imports
/// CSV through the writer's socket (`inspectctl entity import`), watches the database for the
/// import's commit (its `directory_import` row, polled every 5 ms) and the other daemon
/// (`--socket`) for the CSV's last entity under its new name (polled every 5 ms), while probes
/// call `status` on the other daemon and on the writer back to back.
func spreadBenchmark(_ o: BenchOptions) throws {
    guard let writer = o.load.writer, let socket = o.load.socket, let csv = o.load.database, let url = o.load.store else {
        print("spread: skipped: needs --writer SOCKET --socket SOCKET --database CSV --store URL (scripts/bench-platform)")
        return
    }
    // The CSV's last row: its id and name (the synthetic directory quotes nothing).
    let text = try String(contentsOfFile: csv, encoding: .utf8)
    guard let last = text.split(separator: "\n").last?.split(separator: ",", omittingEmptySubsequences: false), last.count > 1 else {
        throw LoadError("spread: \(csv) has no row")
    }
    let (id, name) = (String(last[0]), String(last[1]))
    let rows = text.split(separator: "\n").count - 1
    let store = try PostgresEngine(settings: PostgresSettings(connection: url, instance: "bench-spread", poolSize: 1))
    func imports() throws -> Int { try store.read { try $0.value(as: Int.self, "SELECT COUNT(*) FROM directory_import") } ?? 0 }
    let other = try VarlinkClient.connect(path: socket, timeout: .seconds(600))
    defer { other.close() }
    func nameOnOther() throws -> String {
        try other.call(method: ControlInterface.Method.getEntity.qualified, parameters: Control.GetEntityRequest(id: id), as: Control.EntityDetail.self).entity.name
    }
    func otherIdle() throws -> Bool {
        (try other.call(method: ControlInterface.Method.getStatus.qualified, as: Control.Status.self).backgroundWork ?? []).isEmpty
    }
    guard try nameOnOther() != name else { throw LoadError("spread: \(id) is already named \(name) on the other daemon") }
    let before = try imports()
    let probe = Probe(socket: socket, pause: 1_000) { _ in try VarlinkCall(method: ControlInterface.Method.getStatus.qualified, encoding: Control.Empty()) }
    // The writer answers calls too while it stages, commits and puts its own import in force.
    let writerProbe = Probe(socket: writer, pause: 1_000) { _ in try VarlinkCall(method: ControlInterface.Method.getStatus.qualified, encoding: Control.Empty()) }
    probe.start()
    writerProbe.start()
    defer { probe.stop(); writerProbe.stop() }
    probe.reset()
    writerProbe.reset()
    let t0 = ContinuousClock.now
    let ctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("inspectctl").path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: ctl)
    p.arguments = ["--socket", writer, "entity", "import", csv]
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    var committed: Duration?, seen: Duration?, returned: Duration?
    while seen == nil || returned == nil {
        // Each when its answer came (a call the daemon held answers late).
        if committed == nil, try imports() > before { committed = ContinuousClock.now - t0 }
        if seen == nil, try nameOnOther() == name { seen = ContinuousClock.now - t0 }
        let now = ContinuousClock.now - t0
        if returned == nil, !p.isRunning {
            returned = now
            guard p.terminationStatus == 0 else { throw LoadError("spread: inspectctl import exited \(p.terminationStatus)") }
        }
        if now > .seconds(1_800) { throw LoadError("spread: the import was not seen within 30 minutes") }
        Thread.sleep(forTimeInterval: 0.005)
    }
    while try !otherIdle() { Thread.sleep(forTimeInterval: 0.02) }
    let idle = ContinuousClock.now - t0
    func s(_ d: Duration?) -> String { d.map { String(format: "%.2f s", milliseconds($0) / 1000) } ?? "?" }
    print("spread: \(rows) rows imported on the writer: committed at \(s(committed)), its call returned at \(s(returned)); "
          + "seen on the other daemon at \(s(seen)) (\(s(seen.flatMap { s in committed.map { s - $0 } })) after the commit), its rebuild done at \(s(idle))")
    // Each probed daemon: the client's figures, its calls over 20 ms, and (INSPECTD_LOG_LEVEL=debug)
    // the daemon's own account of them from its log, beside them.
    func report(_ who: String, _ probe: Probe, log: String?, overLabel: String) {
        let r = probe.report()
        print("spread: \(who)'s status calls meanwhile n=\(r.n)  p50 \(String(format: "%.2f", r.p50)) ms  p99 \(String(format: "%.2f", r.p99)) ms  max \(String(format: "%.2f", r.max)) ms, \(r.failures) refused")
        let slow = probe.over(20)
        if !slow.isEmpty { print("        \(overLabel): \(slow)") }
        if let log {
            for line in DaemonSlowCall.attribution(probe, DaemonSlowCall.read(log, method: ControlInterface.Method.getStatus.qualified), over: 20) {
                print("        " + line)
            }
        }
    }
    report("the other daemon", probe, log: o.load.daemonLog, overLabel: "status calls over 20 ms (s after the call began: ms)")
    report("the writer", writerProbe, log: o.load.writerLog, overLabel: "status calls over 20 ms")
}
