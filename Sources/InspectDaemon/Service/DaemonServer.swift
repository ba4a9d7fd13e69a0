import Foundation
import InspectControl
import SystemdSupport
import Varlink

extension Daemon {
    /// Serves the control interface on the socket systemd passed (`LISTEN_FDS`), or on one we create.
    public func makeControlServer() throws -> VarlinkServer {
        // Every connection is a descriptor: raise the soft limit to the hard one (systemd's
        // default soft limit is 1,024, the hard one 524,288, and asks services that need many
        // descriptors to raise it themselves), and keep the connection limit below it.
        let descriptors = Self.raiseOpenFileLimit()
        let maxConnections = max(16, min(4096, descriptors - 128))
        let server = try VarlinkServer(
            info: VarlinkServiceInfo(vendor: "inspectd", product: "inspectd", version: Daemon.version,
                                     url: "https://github.com/inspectd/inspectd"),
            interfaces: [controlInterface()],
            configuration: VarlinkServerConfiguration(
                maxConnections: maxConnections,
                maxConnectionsPerUser: max(8, min(1024, maxConnections / 2)),
                limitErrorName: ControlInterface.ErrorName.limitReached.qualified,
                log: { [logger] level, message in
                    switch level {
                    case .debug: logger.debug("\(message)")
                    case .warning: logger.warning("\(message)")
                    case .error: logger.error("\(message)")
                    }
                }))
        if let fd = ListenFDs.take().first {
            try server.start(adoptingListeningSocket: fd)
            logger.info("control socket passed by systemd (fd \(fd))")
        } else {
            let dir = (options.socketPath as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            try server.start(listeningAt: options.socketPath)
            logger.info("control socket at \(options.socketPath)")
        }
        return server
    }

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
