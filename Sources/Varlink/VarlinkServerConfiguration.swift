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

/// Tunables of a ``VarlinkServer``: the bounds that keep one peer — idle, slow, careless or
/// hostile — from taking the service from the others (inspectd issue 10).
public struct VarlinkServerConfiguration: Sendable {
    /// 8 MiB.
    public static let defaultMaxMessageSize = 8 << 20

    /// The largest message accepted from a peer; a longer one is refused with
    /// ``limitErrorName`` (`limit: "message_size"`) and the connection closed.
    public var maxMessageSize: Int
    /// Connections served at once (one thread each); one more is refused (`limit: "connections"`).
    public var maxConnections: Int
    /// Connections one uid may hold at once; one more is refused (`limit: "connections_per_user"`),
    /// so one user's idle or runaway clients cannot lock the others out.
    public var maxConnectionsPerUser: Int
    /// Of `maxConnections`, how many only privileged peers (`isPrivileged`) may take: the
    /// operator who must repair a service that other users' clients have filled is never locked
    /// out (`limit: "connections"` for the others once only the reserve is left).
    public var reservedConnections: Int
    /// Whether a peer may use the reserve (root and the service's administrators). Asked only
    /// when the connections outside the reserve are all taken.
    public var isPrivileged: @Sendable (VarlinkPeer) -> Bool
    /// Bytes of incomplete messages held across all connections; the connection whose partial
    /// message would exceed it is refused (`limit: "buffered_bytes"`) and closed.
    public var maxBufferedBytes: Int
    /// How long a connection may go without a complete call (since it was opened or since its
    /// last reply) before it is closed: an idle client gives its slot back, and a message sent
    /// byte by byte cannot hold one forever (`limit: "idle_timeout"` when a message was begun).
    public var idleTimeout: Duration
    /// How long writing a reply may block (`SO_SNDTIMEO`): a peer that stops reading its replies
    /// loses its connection instead of holding a thread.
    public var sendTimeout: Duration
    /// The Varlink error sent when a limit refuses a peer, with parameters `limit` (which one)
    /// and `reason` (a sentence). A service names it in its own interface.
    public var limitErrorName: String
    /// Permissions given to a socket file the server creates (adopted sockets are left alone).
    public var socketMode: mode_t
    /// Receives the server's diagnostics (failed handlers, refused connections, protocol
    /// violations). The server itself never prints.
    public var log: (@Sendable (VarlinkLogLevel, String) -> Void)?
    /// Told the name of each limit that refused a peer (`connections`, `message_size`, …), as the
    /// error sent says it: for a service's metrics. Called on the connection's thread or the
    /// accepting one.
    public var limitReached: (@Sendable (String) -> Void)?
    /// Told when each call was read, handled and answered (not for `oneway` calls), on the
    /// connection's thread after its reply was written: for a service's log of slow calls.
    public var callTimed: (@Sendable (VarlinkCallTiming) -> Void)?

    public init(
        maxMessageSize: Int = VarlinkServerConfiguration.defaultMaxMessageSize,
        maxConnections: Int = 4096,
        maxConnectionsPerUser: Int = 1024,
        maxBufferedBytes: Int = 64 << 20,
        reservedConnections: Int = 0,
        isPrivileged: @escaping @Sendable (VarlinkPeer) -> Bool = { $0.uid == 0 },
        idleTimeout: Duration = .seconds(60),
        sendTimeout: Duration = .seconds(10),
        limitErrorName: String = "org.varlink.service.LimitReached",
        socketMode: mode_t = 0o660,
        log: (@Sendable (VarlinkLogLevel, String) -> Void)? = nil,
        limitReached: (@Sendable (String) -> Void)? = nil,
        callTimed: (@Sendable (VarlinkCallTiming) -> Void)? = nil
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxConnections = maxConnections
        self.maxConnectionsPerUser = maxConnectionsPerUser
        self.maxBufferedBytes = maxBufferedBytes
        self.reservedConnections = max(0, min(reservedConnections, maxConnections - 1))
        self.isPrivileged = isPrivileged
        self.idleTimeout = idleTimeout
        self.sendTimeout = sendTimeout
        self.limitErrorName = limitErrorName
        self.socketMode = socketMode
        self.log = log
        self.limitReached = limitReached
        self.callTimed = callTimed
    }
}
