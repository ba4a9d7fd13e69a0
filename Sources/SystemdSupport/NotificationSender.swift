import Foundation

/// Sends `sd_notify` messages from a thread of its own, so that the caller never blocks.
///
/// `sd_notify` writes a datagram to systemd's notification socket and blocks while that socket's
/// queue is full — a service manager busy at boot can fall behind. Called on the daemon's work
/// queue after every write, it wedged every write behind the notification (inspectd issue 10,
/// drill 10). Here every call only queues the message:
///
/// - state changes (`READY=1`, `RELOADING=1`, `STOPPING=1`) are sent in order, none dropped;
/// - `STATUS=` lines are coalesced: only the newest waiting one is sent, at most
///   ``statusInterval`` apart (a burst of writes gives one line, not one per write);
/// - `WATCHDOG=1` is sent once however many pings wait: a ping says "alive now".
///
/// ``flush(timeout:)`` waits for what is queued (before the process exits, so `STOPPING=1` is not
/// lost).
public final class NotificationSender: @unchecked Sendable {
    // @unchecked Sendable: every var is guarded by `condition`, a condition variable (the sending
    // thread waits for work, `flush` waits for it to be done), which a Mutex cannot be.

    /// The shortest time between two `STATUS=`-only messages.
    public let statusInterval: Duration
    private let notifier = ServiceNotifier()
    private let condition = NSCondition()
    /// State changes, in order (each may carry a STATUS= line).
    private var ordered: [String] = []
    private var pendingStatus: String?
    private var pendingWatchdog = false
    private var sending = false
    private var lastStatusSent: ContinuousClock.Instant?
    private var thread: Thread?

    public init(statusInterval: Duration = .milliseconds(250)) {
        self.statusInterval = statusInterval
    }

    /// Whether systemd listens (`NOTIFY_SOCKET` is set).
    public var isEnabled: Bool { notifier.isEnabled }

    /// How often to ping the watchdog (see ``ServiceNotifier/watchdogInterval``).
    public var watchdogInterval: Duration? { notifier.watchdogInterval }

    /// Queues `READY=1` (with `STATUS=`).
    @discardableResult public func ready(status: String? = nil) -> Bool {
        enqueue(ordered: ["READY=1"] + (status.map { ["STATUS=" + ServiceNotifier.oneLine($0)] } ?? []))
    }

    /// Queues a `STATUS=` line, replacing one still waiting.
    @discardableResult public func status(_ text: String) -> Bool {
        guard isEnabled else { return false }
        condition.lock()
        pendingStatus = ServiceNotifier.oneLine(text)
        startIfNeeded()
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// Queues `RELOADING=1` with `MONOTONIC_USEC=` taken now (when the reload starts), as systemd requires.
    @discardableResult public func reloading(status: String? = nil) -> Bool {
        enqueue(ordered: ["RELOADING=1", "MONOTONIC_USEC=\(ServiceNotifier.monotonicMicroseconds())"]
                + (status.map { ["STATUS=" + ServiceNotifier.oneLine($0)] } ?? []))
    }

    /// Queues `STOPPING=1`.
    @discardableResult public func stopping(status: String? = nil) -> Bool {
        enqueue(ordered: ["STOPPING=1"] + (status.map { ["STATUS=" + ServiceNotifier.oneLine($0)] } ?? []))
    }

    /// Queues one `WATCHDOG=1` (pings waiting already are one).
    @discardableResult public func watchdog() -> Bool {
        guard isEnabled else { return false }
        condition.lock()
        pendingWatchdog = true
        startIfNeeded()
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// Waits until everything queued has been sent, at most `timeout`; `false` if it had not.
    @discardableResult public func flush(timeout: Duration = .seconds(2)) -> Bool {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while hasWork || sending {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    private var hasWork: Bool { !ordered.isEmpty || pendingStatus != nil || pendingWatchdog }

    private func enqueue(ordered lines: [String]) -> Bool {
        guard isEnabled else { return false }
        condition.lock()
        // A state change carries the newest status itself: a waiting STATUS= line is older.
        if lines.contains(where: { $0.hasPrefix("STATUS=") }) { pendingStatus = nil }
        ordered.append(lines.joined(separator: "\n"))
        startIfNeeded()
        condition.broadcast()
        condition.unlock()
        return true
    }

    /// Starts the sending thread on first use. Call with `condition` locked.
    private func startIfNeeded() {
        guard thread == nil else { return }
        let t = Thread { [unowned self] in run() }
        t.name = "sd-notify"
        t.stackSize = 256 << 10
        thread = t
        t.start()
    }

    private func run() {
        let clock = ContinuousClock()
        condition.lock()
        while true {
            while !hasWork { condition.wait() }
            var message: String
            if !ordered.isEmpty {
                message = ordered.removeFirst()
                if message.contains("STATUS=") { lastStatusSent = clock.now }
            } else if pendingWatchdog {
                message = "WATCHDOG=1"
                pendingWatchdog = false
            } else {
                // Only a STATUS= line waits: keep them statusInterval apart (a later one replaces it meanwhile).
                if let last = lastStatusSent, clock.now - last < statusInterval {
                    let wait = statusInterval - (clock.now - last)
                    _ = condition.wait(until: Date(timeIntervalSinceNow: Double(wait.components.attoseconds) / 1e18 + Double(wait.components.seconds)))
                    continue
                }
                message = "STATUS=" + pendingStatus!
                pendingStatus = nil
                lastStatusSent = clock.now
            }
            sending = true
            condition.unlock()
            _ = notifier.notify(message)  // may block while systemd's queue is full: only this thread waits
            condition.lock()
            sending = false
            condition.broadcast()
        }
    }
}
