#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// When a call's bytes came and what the server did with them: instants of `CLOCK_MONOTONIC`,
/// in nanoseconds. That clock is the host's, shared by every process on it, so a client that
/// reads it around its call can tell the server's part of a wait from its own (the time before
/// `woke` is the client's write and the wait for the connection's thread to run; after
/// `written`, the client's wait to read the reply).
public struct VarlinkCallTiming: Sendable {
    /// The qualified method (`io.inspectd.Control.GetStatus`).
    public var method: String
    public var peer: VarlinkPeer
    /// poll(2) returned with the call's last bytes readable (for calls pipelined behind another,
    /// the same instant as the first's).
    public var woke: UInt64
    /// The read that completed the call returned.
    public var read: UInt64
    /// The handler returned (its reply not yet encoded).
    public var handled: UInt64
    /// The reply was written (for a stream, its last reply).
    public var written: UInt64
    /// Nanoseconds the connection's thread ran on a CPU, and waited runnable for one, from the
    /// end of its previous reply (or its start) to this reply written (``ThreadSchedStat``; nil
    /// where the system does not tell).
    public var onCPU: UInt64?
    public var waitedForCPU: UInt64?

    public init(method: String, peer: VarlinkPeer, woke: UInt64, read: UInt64, handled: UInt64, written: UInt64,
                onCPU: UInt64? = nil, waitedForCPU: UInt64? = nil) {
        self.method = method
        self.peer = peer
        self.woke = woke
        self.read = read
        self.handled = handled
        self.written = written
        self.onCPU = onCPU
        self.waitedForCPU = waitedForCPU
    }

    /// `CLOCK_MONOTONIC` now, in nanoseconds.
    public static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}
