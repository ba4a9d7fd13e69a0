import Foundation
import InspectControl
import SystemdSupport
import Varlink

extension Daemon {
    /// Serves the control interface on the socket systemd passed (`LISTEN_FDS`), or on one we create.
    public func makeControlServer() throws -> VarlinkServer {
        let server = try VarlinkServer(
            info: VarlinkServiceInfo(vendor: "inspectd", product: "inspectd", version: Daemon.version,
                                     url: "https://github.com/inspectd/inspectd"),
            interfaces: [controlInterface()],
            configuration: VarlinkServerConfiguration(
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
}
