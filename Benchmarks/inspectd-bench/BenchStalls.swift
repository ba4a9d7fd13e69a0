// `stalls`: how long a query waits while the daemon does its heavy work (issue 11: "nothing
// stalls"; no query may wait more than 50 ms). A probe thread calls `status` back to back on its
// own connection while, in turn: the first notice run after the start finishes, a reload runs, a
// sample draw over the directory runs, a month's visit proposal runs, a directory import (`--database CSV`, through `inspectctl import`) runs, and — when the daemon's
// clock is within two minutes of midnight — the day's recompute runs. scripts/bench-daemon runs it.
import Foundation
import InspectControl
import InspectCore
import Varlink

/// `inspectd-bench stalls --socket PATH [--database CSV]`.
func stallsBenchmark(_ o: BenchOptions) throws {
    guard let socket = o.load.socket else { print("stalls: skipped: needs a running daemon's --socket (scripts/bench-daemon N)"); return }
    let control = try VarlinkClient.connect(path: socket, timeout: .seconds(600))
    defer { control.close() }
    let probe = Probe(socket: socket, pause: 1_000) { _ in try VarlinkCall(method: ControlInterface.Method.getStatus.qualified, encoding: Control.Empty()) }
    // A writer too, 20 inspections a second on entities of the directory: writes go on as well,
    // and cost what they touch while a copy of the schedule is held.
    let page = try control.call(method: ControlInterface.Method.listEntities.qualified, parameters: Control.ListEntitiesRequest(limit: 10_000), as: Control.EntityList.self)
    let ids = page.entities.map(\.id), run = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)
    let today = try control.call(method: ControlInterface.Method.getStatus.qualified, as: Control.Status.self).today
    let day = String(today.prefix(8)) + "10", notified = String(today.prefix(8)) + "01"  // P03: notified ≥ 3 days before
    let writer = Probe(socket: socket, pause: 50_000) { k in
        try VarlinkCall(method: ControlInterface.Method.recordInspection.qualified, encoding: Control.RecordInspectionRequest(
            entity: ids[k % ids.count], date: day, kind: "onsite", inspectors: ["甲", "乙"], exceptionReason: "bench",
            advanceNotice: notified, requestID: "stalls-\(run)-\(k)"))
    }
    probe.start()
    writer.start()
    defer { probe.stop(); writer.stop() }
    func status() throws -> Control.Status { try control.call(method: ControlInterface.Method.getStatus.qualified, as: Control.Status.self) }
    func waitUntilIdle(_ extra: (Control.Status) -> Bool = { _ in true }) throws {
        while true {
            let s = try status()
            if (s.backgroundWork ?? []).isEmpty && extra(s) { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
    func phase(_ name: String, _ body: () throws -> Void) rethrows {
        probe.reset()
        writer.reset()
        let t0 = ContinuousClock.now
        try body()
        let took = milliseconds(ContinuousClock.now - t0) / 1000
        let r = probe.report(), w = writer.report()
        print("stalls: \(name.padding(40)) \(String(format: "%6.2f", took)) s; status calls meanwhile n=\(r.n)  p50 \(String(format: "%.2f", r.p50)) ms  p99 \(String(format: "%.2f", r.p99)) ms  max \(String(format: "%.2f", r.max)) ms"
              + "; inspection record n=\(w.n) p99 \(String(format: "%.2f", w.p99)) ms  max \(String(format: "%.2f", w.max)) ms, \(w.failures) refused"
              + (writer.refusal.map { " (first: \($0))" } ?? ""))
        let slow = probe.over(20)
        if !slow.isEmpty { print("        status calls over 20 ms: \(slow)") }
    }

    let first = try status()
    if first.lastNoticeRun == nil || !(first.backgroundWork ?? []).isEmpty {
        try phase("the notice run after the start") { try waitUntilIdle { $0.lastNoticeRun != nil } }
    }
    try phase("a reload") {
        _ = try control.call(method: ControlInterface.Method.reload.qualified, as: Control.ReloadResult.self)
        try waitUntilIdle()
    }
    // A sample draw over the whole directory (S02: 1–2 of the employers): the population and the
    // draw are computed off the daemon queue (issue 11).
    do {
        for i in ["BENCH-I1", "BENCH-I2", "BENCH-I3"] {
            _ = try? control.call(method: Control.SamplingMethod.addInspector.qualified, parameters: Control.AddInspectorRequest(id: i, name: i), as: Control.InspectorReply.self)
        }
        let year = String(today.prefix(4))
        try phase("a sample draw (S02 \(year))") {
            let r = try control.call(method: Control.SamplingMethod.drawSample.qualified, parameters: Control.DrawSampleRequest(rule: "S02", period: year),
                                     as: Control.DrawReply.self)
            print("stalls: drew \(r.draw.id): \(r.draw.size) of \(r.draw.populationSize)")
            try waitUntilIdle()
        }
    } catch {
        print("stalls: the sample draw was skipped: \(error)")
    }
    // A visit proposal over the whole directory: every entity's obligations computed
    // through the month's end and the visits planned, off the state queue from a copy.
    do {
        for n in 0..<200 {
            let id = String(format: "BENCH-V%03d", n)
            _ = try? control.call(method: Control.SamplingMethod.addInspector.qualified, parameters: Control.AddInspectorRequest(id: id, name: id), as: Control.InspectorReply.self)
        }
        // The coming week (one reply; a month's goes in parts, `more`).
        let start = CivilDate(iso: String(today.prefix(10))) ?? CivilDate(dayNumber: 0)
        let first = start.iso, last = start.adding(days: 6).iso
        try phase("a week's visit proposal (\(first)…\(last))") {
            // In parts (`more`), on a connection of its own: a province's proposal is more than one message.
            let own = try VarlinkClient.connect(path: socket, timeout: .seconds(600))
            defer { own.close() }
            var visits = 0, unplaced = 0
            try own.stream(try VarlinkCall(method: Control.VisitMethod.proposeVisits.qualified, encoding: Control.ProposeVisitsRequest(from: first, to: last))) { reply in
                let part = try reply.decode(Control.VisitProposalReply.self)
                visits += part.visits.count
                unplaced += part.unplaced.count
            }
            print("stalls: proposed \(visits) visits, \(unplaced) obligations not placed")
        }
    } catch {
        print("stalls: the visit proposal was skipped: \(error)")
    }
    if let csv = o.load.database {
        let ctl = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("inspectctl").path
        try phase("an import of \(csv.split(separator: "/").last ?? "")") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ctl)
            p.arguments = ["--socket", socket, "entity", "import", csv]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw LoadError("inspectctl import exited \(p.terminationStatus)") }
            try waitUntilIdle()
        }
    }
    // The day's recompute: only when the daemon's clock is near midnight (bench-daemon starts it so).
    let s = try status()
    if let time = s.now.split(separator: "T").last, time.hasPrefix("23:58") || time.hasPrefix("23:59") {
        try phase("the day's recompute at midnight") { try waitUntilIdle { $0.today != s.today } }
    }
}

/// Makes one kind of call again and again on its own connection (`pause` µs apart) and keeps
/// each call's latency, and how many were refused.
final class Probe: @unchecked Sendable {  // guarded by `lock`
    let socket: String
    let pause: UInt32
    let makeCall: @Sendable (Int) throws -> VarlinkCall
    private let lock = NSLock()
    private var latencies: [Double] = []
    /// When each call began, seconds after the last reset (to tell what a stall coincided with).
    private var started: [Double] = []
    /// Each call's start and end as `CLOCK_MONOTONIC` nanoseconds, the clock the daemon's log of
    /// slow calls gives its instants in (``slowCalls(over:)``).
    private var spans: [(start: UInt64, end: UInt64)] = []
    /// How long the probe's own thread waited, runnable, for a CPU during each call (ns; 0 where
    /// the system does not tell): a wait that is the client's, not the daemon's.
    private var ownWaits: [UInt64] = []
    private var since = ContinuousClock.now
    private var refused = 0
    /// The first refusal's reply, to say why.
    private var firstRefusal: String?
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    init(socket: String, pause: UInt32, _ makeCall: @escaping @Sendable (Int) throws -> VarlinkCall) {
        self.socket = socket
        self.pause = pause
        self.makeCall = makeCall
    }

    func start() {
        Thread { [self] in
            defer { done.signal() }
            guard let client = try? VarlinkClient.connect(path: socket, timeout: .seconds(600)) else { return }
            defer { client.close() }
            let sched = ThreadSchedStat()
            var k = 0
            while true {
                lock.lock(); let go = running; lock.unlock()
                guard go, let call = try? makeCall(k) else { return }
                k += 1
                let w0 = sched?.read()?.waiting ?? 0
                let t0 = ContinuousClock.now, m0 = VarlinkCallTiming.now()
                lock.lock(); let offset = milliseconds(t0 - since) / 1000; lock.unlock()
                guard let frame = try? client.performReturningFrame(call) else { return }
                let ms = milliseconds(ContinuousClock.now - t0), m1 = VarlinkCallTiming.now()
                let w1 = sched?.read()?.waiting ?? w0
                let ok = frame.starts(with: Array(#"{"parameters":"#.utf8))
                lock.lock()
                latencies.append(ms)
                started.append(offset)
                spans.append((m0, m1))
                ownWaits.append(w1 >= w0 ? w1 - w0 : 0)
                if !ok { refused += 1; if firstRefusal == nil { firstRefusal = String(decoding: frame.prefix(200), as: UTF8.self) } }
                lock.unlock()
                usleep(pause)
            }
        }.start()
    }

    func reset() { lock.lock(); latencies = []; started = []; spans = []; ownWaits = []; since = .now; refused = 0; firstRefusal = nil; lock.unlock() }

    /// The calls that took over `ms`, slowest first: when each began (s after the reset), how long
    /// it took, and its span on `CLOCK_MONOTONIC`.
    func slowCalls(over ms: Double) -> [(offset: Double, ms: Double, span: (start: UInt64, end: UInt64), ownWait: Double)] {
        lock.lock(); defer { lock.unlock() }
        return latencies.indices.filter { latencies[$0] > ms }.map { (started[$0], latencies[$0], spans[$0], Double(ownWaits[$0]) / 1e6) }.sorted { $0.ms > $1.ms }
    }

    /// When the first call began and the last ended since the reset (`CLOCK_MONOTONIC`).
    var window: (start: UInt64, end: UInt64)? {
        lock.lock(); defer { lock.unlock() }
        guard let first = spans.first, let last = spans.last else { return nil }
        return (first.start, last.end)
    }

    /// The slowest six calls that took over `ms`: when they began (s after the reset) and how long they took.
    func over(_ ms: Double) -> String {
        lock.lock(); defer { lock.unlock() }
        return zip(started, latencies).filter { $0.1 > ms }.sorted { $0.1 > $1.1 }.prefix(6).sorted { $0.0 < $1.0 }
            .map { String(format: "%.1f s: %.0f ms", $0.0, $0.1) }.joined(separator: ", ")
    }

    var refusal: String? { lock.lock(); defer { lock.unlock() }; return firstRefusal }

    func report() -> (n: Int, p50: Double, p99: Double, max: Double, failures: Int) {
        lock.lock()
        let sorted = latencies.sorted(), failures = refused
        lock.unlock()
        guard !sorted.isEmpty else { return (0, 0, 0, 0, failures) }
        func p(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))] }
        return (sorted.count, p(0.5), p(0.99), sorted.last!, failures)
    }

    func stop() {
        lock.lock(); running = false; lock.unlock()
        done.wait()
    }
}
