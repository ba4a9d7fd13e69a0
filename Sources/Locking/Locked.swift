import Synchronization

/// A value that several threads share, behind one lock: the one kind of lock of the daemon and
/// its store (as GRDB's `Mutex<T>`). `Synchronization.Mutex` cannot be copied; this class lets
/// it be shared.
public final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: sending Value) { mutex = Mutex(value) }

    /// Runs `body` with the value, alone.
    public func withLock<Result: Sendable>(_ body: (inout sending Value) throws -> Result) rethrows -> Result {
        try mutex.withLock { try body(&$0) }
    }
}

extension Locked where Value: Sendable {
    /// A copy of the value.
    public var value: Value { withLock { $0 } }

    /// Replaces the value; returns the one it had.
    @discardableResult
    public func exchange(_ new: Value) -> Value { withLock { old in defer { old = new }; return old } }
}

extension Locked where Value == Bool {
    /// Sets the flag; false when it was set already (the caller's work has been asked for).
    public func setIfClear() -> Bool { withLock { set in defer { set = true }; return !set } }
}
