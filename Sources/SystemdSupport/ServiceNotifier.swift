import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// Tells the service manager about the daemon's state through `sd_notify(3)`.
///
/// Every call is a no-op (returning `false`) when `NOTIFY_SOCKET` is not set, which is the case
/// on a developer's terminal, so the daemon can notify unconditionally.
///
/// The unit must say `Type=notify` (and `NotifyAccess=main` so only the main process counts).
/// Status texts are sent on one line: newlines in them are replaced by spaces, because the
/// notification protocol is newline separated.
public struct ServiceNotifier: Sendable {
    /// Creates a notifier. It holds no state: `NOTIFY_SOCKET` is read on every call.
    public init() {}

    /// Whether a notification socket is configured (`NOTIFY_SOCKET` is set).
    public var isEnabled: Bool {
        guard let value = getenv("NOTIFY_SOCKET") else { return false }
        return value.pointee != 0
    }

    /// Sends `READY=1`, with `STATUS=` when a status text is given: start-up (or a reload) is complete.
    @discardableResult
    public func ready(status: String? = nil) -> Bool {
        var lines = ["READY=1"]
        if let status { lines.append("STATUS=" + Self.oneLine(status)) }
        return notify(lines.joined(separator: "\n"))
    }

    /// Sends `STATUS=…`, the free-form line `systemctl status` shows.
    @discardableResult
    public func status(_ text: String) -> Bool {
        notify("STATUS=" + Self.oneLine(text))
    }

    /// Sends `RELOADING=1` together with `MONOTONIC_USEC=` (the current `CLOCK_MONOTONIC` time in
    /// microseconds), as systemd requires of reload notifications. Follow with ``ready(status:)``
    /// once the reload has completed, whether it succeeded or was refused.
    @discardableResult
    public func reloading(status: String? = nil) -> Bool {
        var lines = ["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"]
        if let status { lines.append("STATUS=" + Self.oneLine(status)) }
        return notify(lines.joined(separator: "\n"))
    }

    /// Sends `STOPPING=1`: the daemon has begun shutting down.
    @discardableResult
    public func stopping(status: String? = nil) -> Bool {
        var lines = ["STOPPING=1"]
        if let status { lines.append("STATUS=" + Self.oneLine(status)) }
        return notify(lines.joined(separator: "\n"))
    }

    /// Sends `WATCHDOG=1`, the keep-alive ping. Send it every ``watchdogInterval``.
    @discardableResult
    public func watchdog() -> Bool {
        notify("WATCHDOG=1")
    }

    /// Sends a raw notification: newline-separated `NAME=value` assignments, sent as they are.
    ///
    /// - Returns: `true` when the message was delivered, `false` when `NOTIFY_SOCKET` is unset or
    ///   sending failed (the service manager going away is not the daemon's problem).
    @discardableResult
    public func notify(_ raw: String) -> Bool {
        sd_notify(0, raw) > 0
    }

    /// How often to send ``watchdog()``: half of `WATCHDOG_USEC`, or `nil` when systemd expects no
    /// pings — `WATCHDOG_USEC` unset or invalid, or `WATCHDOG_PID` set to another process's id.
    /// (Uses `sd_watchdog_enabled(0, …)`, which leaves the environment as it is.)
    public var watchdogInterval: Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(clamping: usec / 2))
    }

    /// The current `CLOCK_MONOTONIC` time in microseconds, as `MONOTONIC_USEC=` expects.
    public static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return String(text.map { $0.isNewline ? " " : $0 })
    }
}
