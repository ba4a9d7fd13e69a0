#if canImport(Glibc)
import Glibc
#endif
import Varlink

/// Where a control call's time went inside the daemon, marked as it goes: the caller resolved,
/// the state queue asked for and entered, the parts of a body that wait for something else (the
/// database, the leader's name). A connection's thread runs its calls one after another, so the
/// marks are the thread's own (thread-local): a mark costs a clock read and no lock. The control
/// server logs them with the Varlink server's timing for a call slower than
/// ``ControlServer/slowCall`` (at debug level), so that a wait a client measured can be told
/// apart: the daemon's queue, its database, or no part of the daemon at all.
enum CallPhases {
    /// The marks of the call under way on this thread: what ended, and when (`CLOCK_MONOTONIC`
    /// nanoseconds, as ``VarlinkCallTiming``).
    final class Marks {
        var list: [(phase: StaticString, at: UInt64)] = []
        init() { list.reserveCapacity(12) }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<Marks>.fromOpaque(pointer).release() }
        }
        return key
    }()

    private static var marks: Marks {
        if let pointer = pthread_getspecific(key) { return Unmanaged<Marks>.fromOpaque(pointer).takeUnretainedValue() }
        let fresh = Marks()
        pthread_setspecific(key, Unmanaged.passRetained(fresh).toOpaque())
        return fresh
    }

    /// A call begins on this thread: the marks of the one before are dropped.
    static func begin() { marks.list.removeAll(keepingCapacity: true); mark("began") }

    /// `phase` ended now.
    static func mark(_ phase: StaticString) { marks.list.append((phase, VarlinkCallTiming.now())) }

    /// The marks of this thread's last call.
    static var current: [(phase: StaticString, at: UInt64)] { marks.list }

    /// The call's timeline, for a log line: each phase with the milliseconds it took, from the
    /// arrival of its bytes to its reply written.
    static func timeline(_ t: VarlinkCallTiming, _ marks: [(phase: StaticString, at: UInt64)]) -> String {
        var parts: [String] = []
        var last = t.woke
        func add(_ name: String, _ at: UInt64) {
            guard at >= last else { return }  // a mark of another call (a stream's page read later)
            parts.append("\(name) \(milliseconds(at - last))")
            last = at
        }
        add("read", t.read)
        for m in marks where m.at >= t.read && m.at <= t.handled { add("\(m.phase)", m.at) }
        add("handled", t.handled)
        add("replied", t.written)
        return parts.joined(separator: ", ")
    }

    /// Nanoseconds as milliseconds with one decimal (`12.3`).
    static func milliseconds(_ ns: UInt64) -> String {
        let tenths = (ns + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
