// `failover`: how long a platform is without a leader when its leader is killed (SIGKILL), and
// how long the follower's calls wait meanwhile (issue 24: fail-over at a province's size).
// scripts/bench-failover runs it.
import Foundation
import Glibc
import InspectControl
import Varlink

/// `inspectd-bench failover --socket FOLLOWER_SOCKET --kill LEADER_PID`: probes `status` on the
/// follower back to back, kills the leader (SIGKILL: no lease given back, as a crash or a lost
/// host), then polls the follower (every 5 ms, a connection of its own) until it says it leads
/// and until its notice duties are done: the undelivered notices the dead leader left and the
/// day's notice run (`last_notice_run` set, no background work). The probe's waits cover the
/// whole time from the kill to the duties' end.
func failoverBenchmark(_ o: BenchOptions) throws {
    guard let socket = o.load.socket, let pid = o.load.kill else {
        print("failover: skipped: needs --socket FOLLOWER_SOCKET --kill LEADER_PID (scripts/bench-failover)")
        return
    }
    let follower = try VarlinkClient.connect(path: socket, timeout: .seconds(600))
    defer { follower.close() }
    func status() throws -> Control.Status { try follower.call(method: ControlInterface.Method.getStatus.qualified, as: Control.Status.self) }
    let before = try status()
    guard before.leading == false, let leader = before.leader else {
        throw LoadError("failover: the daemon on \(socket) must follow a leader (leading: \(String(describing: before.leading)), leader: \(before.leader ?? "none"))")
    }
    let probe = Probe(socket: socket, pause: 1_000) { _ in try VarlinkCall(method: ControlInterface.Method.getStatus.qualified, encoding: Control.Empty()) }
    probe.start()
    defer { probe.stop() }
    Thread.sleep(forTimeInterval: 1)
    let calm = probe.report()
    probe.reset()
    let t0 = ContinuousClock.now
    guard kill(pid, SIGKILL) == 0 else { throw LoadError("failover: kill \(pid): \(String(cString: strerror(errno)))") }
    var noLeader: Duration?, leads: Duration?, duties: Duration?
    while duties == nil {
        let s = try status()
        let now = ContinuousClock.now - t0
        if noLeader == nil, s.leader != leader { noLeader = now }
        if leads == nil, s.leading == true { leads = now }
        if leads != nil, s.lastNoticeRun != nil, (s.backgroundWork ?? []).isEmpty, s.noticesPending == 0 { duties = now }
        if now > .seconds(600) { throw LoadError("failover: the follower did not lead and run its notice duties within 10 minutes") }
        Thread.sleep(forTimeInterval: 0.005)
    }
    let r = probe.report()
    let after = try status()
    func s(_ d: Duration?) -> String { d.map { String(format: "%.2f s", milliseconds($0) / 1000) } ?? "?" }
    print("failover: \(after.entities) entities, leader \(leader) (pid \(pid)) killed; the follower saw no leader at \(s(noLeader)), led at \(s(leads)), "
          + "its notice duties done at \(s(duties)) (notice run \(after.lastNoticeRun ?? "?"), \(after.lastNoticeRunDecided ?? 0) decided, \(after.noticesSent) sent in all)")
    print("failover: the follower's status calls before the kill n=\(calm.n)  p50 \(String(format: "%.2f", calm.p50)) ms  p99 \(String(format: "%.2f", calm.p99)) ms  max \(String(format: "%.2f", calm.max)) ms")
    print("failover: its status calls from the kill to the duties' end n=\(r.n)  p50 \(String(format: "%.2f", r.p50)) ms  p99 \(String(format: "%.2f", r.p99)) ms  max \(String(format: "%.2f", r.max)) ms, \(r.failures) refused")
    let slow = probe.over(20)
    if !slow.isEmpty { print("        status calls over 20 ms (s after the kill: ms): \(slow)") }
}
