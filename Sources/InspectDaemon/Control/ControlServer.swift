import Foundation
import InspectControl
import Logging
import SystemdSupport
import Varlink

/// The control socket: `io.inspectd.Control` over Varlink, on the socket systemd passed
/// (`LISTEN_FDS`) or on one the daemon creates. A thread per connection (the Varlink server);
/// each call goes through the ``CallPipeline`` to its controller.
final class ControlServer: Sendable {
    private let server: VarlinkServer
    private let socketPath: String
    private let logger: Logger

    /// The server for these controllers' methods; not listening yet.
    init(controllers: [any ControlController], pipeline: CallPipeline, socketPath: String, logger: Logger) throws {
        var routes = ControlRoutes(pipeline: pipeline)
        for c in controllers { c.register(in: &routes) }
        // Every connection is a descriptor: raise the soft limit to the hard one (systemd's
        // default soft limit is 1,024, the hard one 524,288, and asks services that need many
        // descriptors to raise it themselves), and keep the connection limit below it.
        let descriptors = Self.raiseOpenFileLimit()
        let maxConnections = max(16, min(4096, descriptors - 128))
        // Timed only when slow calls are logged (debug): otherwise no clock is read for it.
        var callTimed: (@Sendable (VarlinkCallTiming) -> Void)?
        if logger.logLevel <= .debug { callTimed = { timing in Self.logIfSlow(timing, logger) } }
        server = try VarlinkServer(
            info: VarlinkServiceInfo(vendor: "inspectd", product: "inspectd", version: BuildInfo.version,
                                     url: "https://github.com/inspectd/inspectd"),
            interfaces: [VarlinkInterface(name: ControlInterface.name, description: ControlInterface.description, methods: routes.handlers)],
            configuration: VarlinkServerConfiguration(
                maxConnections: maxConnections,
                maxConnectionsPerUser: max(8, min(1024, maxConnections / 2)),
                // Root, the service's own user and the admin group keep a reserve that no other
                // user's clients can take: the operator can always reach the daemon to repair it.
                reservedConnections: Self.reserve(of: maxConnections),
                isPrivileged: { [state = pipeline.state] peer in
                    peer.uid == 0 || peer.uid == getuid() || Caller.resolve(uid: peer.uid, state.read { $0.configuration }).role == .admin
                },
                limitErrorName: ControlInterface.ErrorName.limitReached.qualified,
                log: { level, message in
                    switch level {
                    case .debug: logger.debug("\(message)")
                    case .warning: logger.warning("\(message)")
                    case .error: logger.error("\(message)")
                    }
                },
                limitReached: { [metrics = pipeline.metrics] limit in metrics.refused("limit_" + limit) },
                callTimed: callTimed))
        methods = Set(routes.handlers.keys)
        self.socketPath = socketPath
        self.logger = logger
    }

    /// A call whose handling (from its bytes' arrival to its reply written) took longer is logged
    /// at debug level with where its time went (``CallPhases``). A `status` is handled in well
    /// under a millisecond; the bound a platform's queries are held to is 50 ms (a client measures
    /// its wait whole, this logs the daemon's part of it).
    static let slowCall: UInt64 = 10_000_000

    /// Logs a slow call's timeline: `slow call: METHOD from uid U: 12.3 ms (read 0.0, caller 0.1,
    /// …, replied 0.1; since its last reply on a CPU 0.4 ms, waiting for one 11.0 ms) woke at
    /// 12345.678901` — the instant is `CLOCK_MONOTONIC`'s, in seconds, so
    /// that a client on the host can match it to its own call (`inspectd-bench spread`).
    static func logIfSlow(_ t: VarlinkCallTiming, _ logger: Logger) {
        guard t.written >= t.woke, t.written - t.woke > slowCall else { return }
        let woke = "\(t.woke / 1_000_000_000).\(String(String(t.woke % 1_000_000_000 + 1_000_000_000).dropFirst()))"
        // Waiting for a CPU is the machine's share of the time (other threads and processes had
        // the cores), not a lock or the database's.
        let cpu = t.onCPU.flatMap { on in t.waitedForCPU.map { "; since its last reply on a CPU \(CallPhases.milliseconds(on)) ms, waiting for one \(CallPhases.milliseconds($0)) ms" } } ?? ""
        logger.debug("slow call: \(t.method) from uid \(t.peer.uid): \(CallPhases.milliseconds(t.written - t.woke)) ms (\(CallPhases.timeline(t, CallPhases.current))\(cpu)) woke at \(woke)")
    }

    /// Connections kept for root and admins: an eighth of the limit, at most 256.
    static func reserve(of maxConnections: Int) -> Int { min(256, maxConnections / 8) }

    /// The connections open now.
    var connectionsOpen: Int { server.connectionCount }

    /// The names of the methods served.
    let methods: Set<String>

    func start() throws {
        if let fd = ListenFDs.take().first {
            try server.start(adoptingListeningSocket: fd)
            logger.info("control socket passed by systemd (fd \(fd))")
        } else {
            let dir = (socketPath as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            try server.start(listeningAt: socketPath)
            logger.info("control socket at \(socketPath)")
        }
    }

    /// Stops accepting, and waits up to `timeout` for the calls under way.
    func stop(timeout: Duration) { server.stop(timeout: timeout) }

    /// Raises `RLIMIT_NOFILE`'s soft limit to its hard limit; returns the soft limit in force.
    static func raiseOpenFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur > rlim_t(Int32.max) ? Int(Int32.max) : Int(limit.rlim_cur)
    }
}
