// `inspectd-bench load`: the control socket of a running daemon under many concurrent clients.
//
//     scripts/bench-load --clients 100 --seconds 20          # builds, starts a daemon, runs this, stops it
//     inspectd-bench load --socket S --database D [--clients 100] [--seconds 60] [--writes 0.1]
//                         [--idle N --idle-uid 65534] [--per-call-connection] [--timeout 30] [--reconnect-delay 0.1]
//
// `--clients` threads, each with its own VarlinkClient on one persistent connection (or a fresh
// connection per call with `--per-call-connection`), call for `--seconds` a mix of reads
// (io.inspectd.Control.ListObligations within 30 days, GetStatus, GetEntity of a random entity, in
// equal shares) and writes (RecordInspection of a random entity, a date 1–5 days before the daemon's
// today, kind onsite, two inspectors, an advance notice 7 days before (P02) and an exception reason, so
// that no procedure or cap refuses it, and a fresh request id) at the fraction `--writes`.
// A connection that breaks (closed by the server, timed out) or cannot be made counts as an error of
// the call it broke, and the client waits `--reconnect-delay` seconds before it connects again (in
// both modes, so that refused clients do not spin). Latency percentiles are over the calls
// that got a reply (error replies included); throughput counts the successful calls.
//
// Then every acknowledged write is looked up in the daemon's SQLite database (`--database`, opened
// read-only): each request id must be there exactly once. Writes whose connection broke before the
// reply (unacknowledged) and writes refused with an error reply are looked up too, and reported.
//
// `--idle N`: before the run a forked child that has dropped to `--idle-uid` (default 65534, nobody)
// opens N connections and sends nothing, and keeps them open during the run: how many connect()s
// succeeded, how many the server closed (and after how long) or answered.
import Foundation
import GRDB
import InspectControl
import InspectCore
import InspectStore
import Varlink

#if canImport(Glibc)
import Glibc
#endif

/// Options of `load` (set by main.swift's argument parser).
struct LoadOptions: Sendable {
    var socket: String?
    var database: String?
    /// `spread`: the daemon the import goes to, and the PostgreSQL database both daemons share.
    var writer: String?
    var store: String?
    /// `failover`: the leader's process, killed (SIGKILL) while the follower on `socket` is probed.
    var kill: Int32?
    /// `spread`: the other daemon's and the writer's logs, for their own account of slow calls.
    var daemonLog: String?
    var writerLog: String?
    var clients = 100
    var seconds = 60.0
    var writes = 0.1
    var idle = 0
    var idleUID: UInt32 = 65534
    var perCallConnection = false
    /// Seconds a connect or a call may wait for the daemon.
    var timeout = 30.0
    /// Seconds a client waits after a broken connection before it reconnects.
    var reconnectDelay = 0.1
    /// Calls per second of each client (0: each client calls again as soon as it has its reply,
    /// which measures throughput: latency is then clients ÷ throughput). With a rate, calls are
    /// due on a fixed schedule (a random phase per client) and a call's latency counts from when
    /// it was due, so a daemon that falls behind is charged for the wait (no coordinated omission).
    var rate = 0.0
}

/// The calls of the mix, and the connections themselves.
enum LoadCall: Int, CaseIterable {
    case listObligations, getStatus, getEntity, recordInspection, connect

    var label: String {
        switch self {
        case .listObligations: return "ListObligations"
        case .getStatus: return "GetStatus"
        case .getEntity: return "GetEntity"
        case .recordInspection: return "RecordInspection"
        case .connect: return "(connect)"
        }
    }
}

/// What one client saw; merged after the run.
struct LoadTally {
    /// Milliseconds per call that got a reply, by `LoadCall.rawValue`.
    var latencies: [[Double]] = Array(repeating: [], count: LoadCall.allCases.count)
    /// Successful calls.
    var ok = Array(repeating: 0, count: LoadCall.allCases.count)
    /// Failed calls by call and error.
    var errors: [String: Int] = [:]
    /// The first message of each error, for the report.
    var examples: [String: String] = [:]
    var reconnects = 0
    var acknowledged: [String] = []
    var unacknowledged: [String] = []
    var refused: [String] = []

    mutating func fail(_ call: LoadCall, _ key: String, _ message: String) {
        let k = "\(call.label)\t\(key)"
        errors[k, default: 0] += 1
        if examples[k] == nil { examples[k] = message }
    }

    mutating func merge(_ o: LoadTally) {
        for i in latencies.indices { latencies[i] += o.latencies[i]; ok[i] += o.ok[i] }
        for (k, v) in o.errors { errors[k, default: 0] += v }
        for (k, v) in o.examples where examples[k] == nil { examples[k] = v }
        reconnects += o.reconnects
        acknowledged += o.acknowledged
        unacknowledged += o.unacknowledged
        refused += o.refused
    }
}

/// Short names for the report: an error reply's name (with the field of an InvalidArgument), or
/// what happened to the connection.
func loadErrorKey(_ error: Error) -> String {
    switch error {
    case let e as VarlinkError:
        var name = e.name
        for prefix in [ControlInterface.name + ".", "org.varlink.service."] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        if let field = e.parameters["field"]?.stringValue { name += " (\(field))" }
        return name
    case let e as VarlinkConnectionError:
        switch e {
        case .closed: return "connection closed"
        case .timedOut: return "timed out"
        case .serviceUnavailable(_, let code): return "unavailable: \(String(cString: strerror(code)))"
        case .permissionDenied: return "permission denied"
        case .malformedMessage: return "malformed reply"
        case .messageTooLarge: return "reply too large"
        case .invalidAddress: return "invalid address"
        case .systemCallFailed(let call, let code): return "\(call): \(String(cString: strerror(code)))"
        }
    default:
        return String(describing: type(of: error))
    }
}

func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
}

/// The shared state of one run: options, the entities and today of the daemon, the start barrier.
final class LoadRun: @unchecked Sendable {
    // @unchecked Sendable: the lets are immutable; the vars are only touched with `cond` held.
    let o: LoadOptions
    let entities: [String]
    let today: CivilDate
    let runID: String
    let timeout: Duration
    let cond = NSCondition()
    var ready = 0
    var started = false
    var deadline = ContinuousClock.now
    var finished = 0
    var total = LoadTally()

    init(o: LoadOptions, entities: [String], today: CivilDate, runID: String) {
        self.o = o; self.entities = entities; self.today = today; self.runID = runID
        timeout = .milliseconds(Int(o.timeout * 1000))
    }

    func pause() { usleep(UInt32(max(0, o.reconnectDelay) * 1e6)) }

    /// Connects, timing it under `(connect)`; `nil` (and an error of `call`, or of `(connect)`) on failure.
    func connect(_ t: inout LoadTally, failing call: LoadCall) -> VarlinkClient? {
        let t0 = ContinuousClock.now
        do {
            let c = try VarlinkClient.connect(path: o.socket!, timeout: timeout)
            t.latencies[LoadCall.connect.rawValue].append(milliseconds(ContinuousClock.now - t0))
            t.ok[LoadCall.connect.rawValue] += 1
            return c
        } catch {
            t.fail(call, call == .connect ? loadErrorKey(error) : "connect: \(loadErrorKey(error))", "\(error)")
            if call != .connect { t.fail(.connect, loadErrorKey(error), "\(error)") }
            return nil
        }
    }

    /// One client: connect, wait for the start, call until the deadline.
    func client(_ index: Int) {
        var t = LoadTally()
        var rng = SplitMix64(state: 0x10AD_0000 &+ UInt64(index) &* 7919)
        var client: VarlinkClient? = o.perCallConnection ? nil : connect(&t, failing: .connect)

        cond.lock()
        ready += 1
        cond.broadcast()
        while !started { cond.wait() }
        let deadline = self.deadline
        cond.unlock()

        var sequence = 0
        let readShare = (1 - o.writes) / 3
        let interval: Duration? = o.rate > 0 ? .microseconds(Int64(1_000_000 / o.rate)) : nil
        var due = ContinuousClock.now + (interval.map { $0 * Double.random(in: 0..<1, using: &rng) } ?? .zero)
        while ContinuousClock.now < deadline {
            if let interval {
                if due > ContinuousClock.now { Thread.sleep(forTimeInterval: milliseconds(due - ContinuousClock.now) / 1000) }
                if due >= deadline { break }
            }
            let x = Double.random(in: 0..<1, using: &rng)
            let call: LoadCall = x < o.writes ? .recordInspection
                : x < o.writes + readShare ? .listObligations
                : x < o.writes + 2 * readShare ? .getStatus : .getEntity
            let entity = entities[Int.random(in: 0..<entities.count, using: &rng)]
            var requestID: String?
            if call == .recordInspection {
                sequence += 1
                requestID = "bench-\(runID)-\(index)-\(sequence)"
            }
            if client == nil && !o.perCallConnection {
                t.reconnects += 1
                client = connect(&t, failing: .connect)
                if client == nil { pause(); continue }
            }
            // With a connection per call, its connect is part of the call's latency; with a rate,
            // the latency counts from when the call was due.
            let t0 = interval == nil ? ContinuousClock.now : due
            if let interval { due = due + interval }
            if o.perCallConnection {
                client = connect(&t, failing: call)
                if client == nil { pause(); continue }
            }
            do {
                try perform(call, on: client!, entity: entity, requestID: requestID, rng: &rng)
                t.latencies[call.rawValue].append(milliseconds(ContinuousClock.now - t0))
                t.ok[call.rawValue] += 1
                if let requestID { t.acknowledged.append(requestID) }
            } catch let error as VarlinkError {
                // An error reply: the connection is fine.
                t.latencies[call.rawValue].append(milliseconds(ContinuousClock.now - t0))
                t.fail(call, loadErrorKey(error), "\(error)")
                if let requestID { t.refused.append(requestID) }
            } catch {
                t.fail(call, loadErrorKey(error), "\(error)")
                if let requestID { t.unacknowledged.append(requestID) }
                client?.close()
                client = nil
                pause()
            }
            if o.perCallConnection {
                client?.close()
                client = nil
            }
        }
        client?.close()

        cond.lock()
        total.merge(t)
        finished += 1
        cond.broadcast()
        cond.unlock()
    }

    /// A read, its reply not parsed when it is a success (`{"parameters":` is how inspectd's
    /// server begins one): parsing a 96 KB list in the client cost more than the daemon's answer,
    /// and on 2 cores the load generator's CPU is the daemon's. An error reply is parsed and thrown.
    func read(_ c: VarlinkClient, _ method: ControlInterface.Method, _ parameters: some Encodable) throws {
        let frame = try c.performReturningFrame(try VarlinkCall(method: method.qualified, encoding: parameters))
        if frame.starts(with: Array(#"{"parameters":"#.utf8)) { return }
        guard case .reply(let reply) = try VarlinkMessage(frame: frame), let error = reply.varlinkError else {
            throw VarlinkConnectionError.malformedMessage("\(method.rawValue): an unexpected reply")
        }
        throw error
    }

    func perform(_ call: LoadCall, on c: VarlinkClient, entity: String, requestID: String?, rng: inout SplitMix64) throws {
        switch call {
        case .listObligations:
            try read(c, .listObligations, Control.ListObligationsRequest(withinDays: 30))
        case .getStatus:
            try read(c, .getStatus, Control.Empty())
        case .getEntity:
            try read(c, .getEntity, Control.GetEntityRequest(id: entity))
        case .recordInspection:
            let date = today.adding(days: -Int.random(in: 1...5, using: &rng))
            let request = Control.RecordInspectionRequest(
                entity: entity, date: date.iso, kind: "onsite", inspectors: ["压测甲", "压测乙"],
                note: "inspectd-bench load", exceptionReason: "load benchmark: beyond any cap on purpose",
                advanceNotice: date.adding(days: -7).iso, requestID: requestID)
            let reply = try c.call(method: ControlInterface.Method.recordInspection.qualified, parameters: request, as: Control.RecordInspectionResult.self)
            guard reply.inspection.entity == entity else {
                throw VarlinkConnectionError.malformedMessage("RecordInspection of \(entity) answered with \(reply.inspection.entity)")
            }
        case .connect:
            break
        }
    }
}

// MARK: - Idle connections from another user

/// A forked child, dropped to another uid, that holds connections open and watches them.
///
/// Everything the child touches is allocated before `fork`, and the child makes system calls only,
/// so the fork is safe even though the parent has threads. It reports through a pipe in Int64s:
/// first `[connected, failed, first errno]`, then, when the parent closes the control pipe,
/// `[closed by the server, answered, seconds×1e6 from connect to close for each closed one …]`.
final class IdleHolder {
    let pid: pid_t
    let report: Int32
    let control: Int32
    let count: Int

    init(count: Int, uid: UInt32, socket: String) throws {
        self.count = count
        guard let address = UnixSocketAddress(socket) else { throw LoadError("--socket: not a Unix socket path: \(socket)") }
        let gid = getpwuid(uid).map { $0.pointee.pw_gid } ?? uid
        var up: [Int32] = [-1, -1], down: [Int32] = [-1, -1]
        guard pipe(&up) == 0, pipe(&down) == 0 else { throw LoadError("pipe: \(String(cString: strerror(errno)))") }
        let fds = UnsafeMutablePointer<pollfd>.allocate(capacity: count + 1)
        let opened = UnsafeMutablePointer<Int64>.allocate(capacity: count)
        let out = UnsafeMutablePointer<Int64>.allocate(capacity: count + 3)
        var sockaddr = address.storage
        let sockaddrLength = socklen_t(MemoryLayout<sockaddr_un>.size)
        fflush(nil)  // nothing buffered is written twice

        let child = fork()
        if child < 0 { throw LoadError("fork: \(String(cString: strerror(errno)))") }
        if child == 0 {
            // The child: system calls only from here on.
            close(up[0]); close(down[1])
            let w = up[1]
            func send(_ n: Int) { _ = write(w, out, n * 8) }
            func now() -> Int64 { var ts = timespec(); clock_gettime(CLOCK_MONOTONIC, &ts); return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000 }
            guard setgroups(0, nil) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
                out[0] = -1; out[1] = 0; out[2] = Int64(errno); send(3); _exit(1)
            }
            var connected = 0, failed = 0
            var firstErrno: Int32 = 0
            for i in 0..<count {
                fds[i] = pollfd(fd: -1, events: Int16(POLLIN), revents: 0)
                let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                if fd < 0 { failed += 1; if firstErrno == 0 { firstErrno = errno }; continue }
                var tv = timeval(tv_sec: 5, tv_usec: 0)
                _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                let r = withUnsafePointer(to: &sockaddr) {
                    $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, sockaddrLength) }
                }
                if r != 0 { failed += 1; if firstErrno == 0 { firstErrno = errno }; close(fd); continue }
                connected += 1
                fds[i].fd = fd
                opened[i] = now()
            }
            fds[count] = pollfd(fd: down[0], events: Int16(POLLIN), revents: 0)
            out[0] = Int64(connected); out[1] = Int64(failed); out[2] = Int64(firstErrno); send(3)
            var closed = 0, answered = 0
            var buffer: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
            while true {
                let r = poll(fds, nfds_t(count + 1), -1)
                if r < 0 { if errno == EINTR { continue }; break }
                if fds[count].revents != 0 { break }
                for i in 0..<count where fds[i].fd >= 0 && fds[i].revents != 0 {
                    let n = withUnsafeMutableBytes(of: &buffer) { Glibc.read(fds[i].fd, $0.baseAddress, $0.count) }
                    if n > 0 {
                        // Counted once; then only a hang-up wakes the poll for this one.
                        if fds[i].events != 0 { answered += 1; fds[i].events = 0 }
                        continue
                    }
                    if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                    out[3 + closed] = now() - opened[i]
                    closed += 1
                    close(fds[i].fd)
                    fds[i].fd = -1
                }
            }
            out[0] = Int64(closed); out[1] = Int64(answered); out[2] = 0
            for i in 0..<closed { out[i + 2] = out[i + 3] }
            send(2 + closed)
            _exit(0)
        }
        close(up[1]); close(down[0])
        fds.deallocate(); opened.deallocate(); out.deallocate()
        pid = child
        report = up[0]
        control = down[1]
    }

    /// Reads `n` Int64s from the child (fewer if it ended).
    func readInts(_ n: Int) -> [Int64] {
        var values = [Int64](repeating: 0, count: n)
        var got = 0
        let total = n * 8
        values.withUnsafeMutableBytes { raw in
            while got < total {
                let r = Glibc.read(report, raw.baseAddress! + got, total - got)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { break }
                got += r
            }
        }
        return Array(values.prefix(got / 8))
    }

    /// `(connected, failed, first errno)`.
    func connects() -> (Int, Int, Int32) {
        let v = readInts(3)
        guard v.count == 3 else { return (0, count, 0) }
        return (Int(v[0]), Int(v[1]), Int32(v[2]))
    }

    /// Ends the child: `(closed by the server, answered, connect-to-close seconds of each closed one)`.
    func finish() -> (Int, Int, [Double]) {
        close(control)
        let head = readInts(2)
        var status: Int32 = 0
        guard head.count == 2 else { waitpid(pid, &status, 0); return (0, 0, []) }
        let times = readInts(Int(head[0])).map { Double($0) / 1e6 }
        waitpid(pid, &status, 0)
        close(report)
        return (Int(head[0]), Int(head[1]), times)
    }
}

/// A `sockaddr_un`, built before a fork.
struct UnixSocketAddress {
    var storage = sockaddr_un()
    init?(_ path: String) {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count < MemoryLayout.size(ofValue: storage.sun_path) else { return nil }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
    }
}

struct LoadError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Raises the soft (and, as root, the hard) limit of open files to at least `n`.
func raiseOpenFileLimit(to n: Int) {
    var limit = rlimit()
    let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    guard getrlimit(resource, &limit) == 0, limit.rlim_cur < rlim_t(n) else { return }
    limit.rlim_cur = rlim_t(n)
    if limit.rlim_max < rlim_t(n) { limit.rlim_max = rlim_t(n) }
    if setrlimit(resource, &limit) != 0 {
        _ = getrlimit(resource, &limit)
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
        print("load: warning: RLIMIT_NOFILE raised to \(limit.rlim_cur) only (wanted \(n))")
    }
}

// MARK: - The benchmark

func loadBenchmark(_ options: BenchOptions) throws {
    let o = options.load
    guard let socket = o.socket else {
        print("load: skipped: needs a running daemon, e.g. scripts/bench-load --clients 100 --seconds 20")
        print("  (or: inspectd-bench load --socket PATH --database STATE_DIR/inspectd.sqlite)")
        return
    }
    guard o.clients > 0, o.seconds > 0, (0...1).contains(o.writes) else { throw LoadError("--clients and --seconds must be positive, --writes in 0…1") }
    raiseOpenFileLimit(to: o.clients + o.idle + 256)

    // What the daemon knows: today and the entities.
    let setup = try VarlinkClient.connect(path: socket, timeout: .seconds(30))
    let status = try setup.call(method: ControlInterface.Method.getStatus.qualified, as: Control.Status.self)
    var entities: [String] = []
    try setup.stream(VarlinkCall(method: ControlInterface.Method.listEntities.qualified, encoding: Control.ListEntitiesRequest(limit: 10_000))) {
        entities += try $0.decode(Control.EntityList.self).entities.map(\.id)
    }
    setup.close()
    guard let today = CivilDate(iso: status.today), !entities.isEmpty else { throw LoadError("the daemon reports no entities or no today") }
    let runID = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)
    print("load: \(o.clients) clients, \(o.perCallConnection ? "a fresh connection per call" : "one persistent connection each"), \(o.rate > 0 ? "\(o.rate) calls/s each" : "each calling again at once"), \(o.seconds) s, writes \(o.writes * 100) %, socket \(socket)")
    print("daemon: \(status.office), today \(status.today), \(entities.count) entities, \(status.obligations) obligations; run id \(runID)")

    // Idle connections, held by another user through the whole run.
    var idle: IdleHolder?
    if o.idle > 0 {
        let holder = try IdleHolder(count: o.idle, uid: o.idleUID, socket: socket)
        let (connected, failed, code) = holder.connects()
        print("idle: \(o.idle) connect()s from uid \(o.idleUID): \(connected) connected, \(failed) failed\(failed > 0 ? " (first: \(code < 0 ? "setuid failed" : String(cString: strerror(code))))" : "")")
        idle = holder
        sleep(1)  // let the server take (or refuse) them before the clients come
    }

    let run = LoadRun(o: o, entities: entities, today: today, runID: runID)
    for i in 0..<o.clients {
        let t = Thread { run.client(i) }
        t.stackSize = 1 << 20
        t.name = "load-\(i)"
        t.start()
    }
    let clock = ContinuousClock()
    run.cond.lock()
    let connectStart = clock.now
    while run.ready < o.clients { run.cond.wait() }
    let connectTime = clock.now - connectStart
    let start = clock.now
    run.deadline = start + .milliseconds(Int(o.seconds * 1000))
    run.started = true
    run.cond.broadcast()
    while run.finished < o.clients { run.cond.wait() }
    let elapsed = milliseconds(clock.now - start) / 1000
    let t = run.total
    run.cond.unlock()

    // Report.
    func f(_ v: Double) -> String { v.isNaN ? "-" : String(format: "%.2f", v) }
    print("clients connected in \(f(milliseconds(connectTime) / 1000)) s; run \(f(elapsed)) s; reconnects after a broken connection: \(t.reconnects)")
    func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
    }
    let header = ["call", "ok", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms", "ok/s"]
    var rows: [[String]] = [header]
    var errorCount = Array(repeating: 0, count: LoadCall.allCases.count)
    for (k, v) in t.errors {
        let label = String(k.split(separator: "\t")[0])
        if let c = LoadCall.allCases.first(where: { $0.label == label }) { errorCount[c.rawValue] += v }
    }
    var all: [Double] = []
    for c in LoadCall.allCases {
        let l = t.latencies[c.rawValue].sorted()
        if c != .connect { all += l }
        rows.append([c.label, "\(t.ok[c.rawValue])", "\(errorCount[c.rawValue])", f(percentile(l, 0.5)), f(percentile(l, 0.9)),
                     f(percentile(l, 0.99)), f(l.last ?? .nan), c == .connect ? "-" : f(Double(t.ok[c.rawValue]) / elapsed)])
    }
    all.sort()
    let okCalls = LoadCall.allCases.filter { $0 != .connect }.reduce(0) { $0 + t.ok[$1.rawValue] }
    let errCalls = LoadCall.allCases.filter { $0 != .connect }.reduce(0) { $0 + errorCount[$1.rawValue] }
    rows.append(["all calls", "\(okCalls)", "\(errCalls)", f(percentile(all, 0.5)), f(percentile(all, 0.9)), f(percentile(all, 0.99)), f(all.last ?? .nan), f(Double(okCalls) / elapsed)])
    let widths = header.indices.map { i in rows.map { $0[i].count }.max()! }
    for r in rows {
        print(r.indices.map { i in i == 0 ? r[i].padding(widths[i]) : String(repeating: " ", count: widths[i] - r[i].count) + r[i] }.joined(separator: "  "))
    }
    if !t.errors.isEmpty {
        print("errors:")
        for (k, v) in t.errors.sorted(by: { $0.key < $1.key }) {
            let parts = k.split(separator: "\t")
            print("  \(String(parts[0]).padding(18)) \(String(parts[1]).padding(34)) \(v)   e.g. \(t.examples[k]!.prefix(160))")
        }
    }

    if let idle {
        let (closed, answered, times) = idle.finish()
        let sorted = times.sorted()
        let when = sorted.isEmpty ? "" : String(format: " (%.3f s / %.3f s / %.3f s after connect: min / median / max)", sorted[0], sorted[sorted.count / 2], sorted.last!)
        print("idle: closed by the server: \(closed)\(when); answered (error reply or data): \(answered); still open at the end: \(max(0, o.idle - closed))")
    }

    // Every acknowledged write in the database exactly once.
    guard let database = o.database else {
        print("writes: \(t.acknowledged.count) acknowledged; not verified (no --database)")
        return
    }
    // The daemon's SQLite file (read-only), or its PostgreSQL database (a URL or key=value parameters).
    let isPostgres = database.hasPrefix("postgres") || database.contains("=")
    var configuration = Configuration()
    configuration.readonly = true
    let queue = isPostgres ? nil : try DatabaseQueue(path: database, configuration: configuration)
    let postgres = isPostgres ? try PostgresEngine(settings: PostgresSettings(connection: database, instance: "bench-load", poolSize: 1)) : nil
    func counts(_ ids: [String]) throws -> [String: Int] {
        var found: [String: Int] = [:]
        var i = 0
        while i < ids.count {
            let chunk = Array(ids[i..<min(ids.count, i + 500)])
            let sql = "SELECT request_id, COUNT(*) FROM inspection WHERE request_id IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ","))) GROUP BY request_id"
            if let queue {
                try queue.read { db in
                    for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(chunk)) { found[row[0] as String] = row[1] as Int }
                }
            } else if let postgres {
                try postgres.read { db in
                    for row in try db.rows(sql, chunk) { found[row[0] as String] = row[1] as Int }
                }
            }
            i += chunk.count
        }
        return found
    }
    let acked = try counts(t.acknowledged)
    let missing = t.acknowledged.filter { acked[$0] == nil }.count
    let duplicated = acked.values.filter { $0 > 1 }.count
    let once = acked.values.filter { $0 == 1 }.count
    let unacked = try counts(t.unacknowledged)
    let refused = try counts(t.refused)
    print("writes: \(t.acknowledged.count) acknowledged: \(once) in the database exactly once, \(missing) missing, \(duplicated) duplicated"
          + "; \(t.unacknowledged.count) unacknowledged (connection broke): \(unacked.count) of them recorded"
          + "; \(t.refused.count) refused (error reply): \(refused.count) of them recorded")
    print(missing == 0 && duplicated == 0 && refused.isEmpty ? "verify: OK" : "verify: FAILED")
}
