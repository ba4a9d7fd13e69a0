/// The process at the other end of a server connection, as the kernel reports it
/// through `SO_PEERCRED` when the connection was accepted.
///
/// The credentials are those of the process that called `connect()`, and cannot be
/// forged by the peer, so the daemon can record the acting user from `uid`.
public struct VarlinkPeer: Sendable, Hashable, CustomStringConvertible {
    /// The peer's effective user id.
    public var uid: UInt32
    /// The peer's effective group id.
    public var gid: UInt32
    /// The peer's process id (0 if the peer is in a PID namespace we cannot see into).
    public var pid: Int32

    public init(uid: UInt32, gid: UInt32, pid: Int32) {
        self.uid = uid
        self.gid = gid
        self.pid = pid
    }

    public var description: String { "pid \(pid) uid \(uid) gid \(gid)" }
}
