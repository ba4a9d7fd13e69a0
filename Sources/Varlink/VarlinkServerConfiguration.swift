#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How serious a ``VarlinkServer`` log message is.
public enum VarlinkLogLevel: Sendable, Hashable, Comparable {
    case debug
    case warning
    case error
}

/// Tunables of a ``VarlinkServer``.
public struct VarlinkServerConfiguration: Sendable {
    /// 8 MiB.
    public static let defaultMaxMessageSize = 8 << 20

    /// The largest message accepted from a peer; a longer one closes the connection.
    public var maxMessageSize: Int
    /// Connections served at once (one thread each); more are closed right after `accept`.
    public var maxConnections: Int
    /// Permissions given to a socket file the server creates (adopted sockets are left alone).
    public var socketMode: mode_t
    /// Receives the server's diagnostics (failed handlers, refused connections, protocol
    /// violations). The server itself never prints.
    public var log: (@Sendable (VarlinkLogLevel, String) -> Void)?

    public init(
        maxMessageSize: Int = VarlinkServerConfiguration.defaultMaxMessageSize,
        maxConnections: Int = 64,
        socketMode: mode_t = 0o660,
        log: (@Sendable (VarlinkLogLevel, String) -> Void)? = nil
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxConnections = maxConnections
        self.socketMode = socketMode
        self.log = log
    }
}
