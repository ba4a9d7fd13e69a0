import Dispatch
import InspectStore
import Locking
import SystemdSupport

/// What systemd hears from the daemon: READY, RELOADING, STOPPING, the `STATUS=` line and the
/// watchdog's pings. Sent from a thread of their own (``NotificationSender``), so that sending
/// never blocks the state queue.
final class StatusService: Sendable {
    let sender: NotificationSender
    private let state: StateQueue<DaemonState>
    private let store: FactStore
    /// A `STATUS=` update is scheduled: at most one per 250 ms.
    private let updateScheduled = Locked(false)
    private let watchdog = Locked<[DispatchSourceHandle]>([])

    init(sender: NotificationSender, state: StateQueue<DaemonState>, store: FactStore) {
        self.sender = sender
        self.state = state
        self.store = store
    }

    /// Something `STATUS=` shows changed. The line is computed and sent at most every 250 ms,
    /// after the change's call has returned: a burst of writes costs one line (its counts walk
    /// the index). Cheap, and callable anywhere, in a barrier too.
    func changed() {
        guard sender.isEnabled, updateScheduled.setIfClear() else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(250)) { [self] in
            updateScheduled.exchange(false)
            sender.status(line())
        }
    }

    /// `STATUS=` now (off the state queue).
    func line() -> String {
        let pending = try? store.noticeCounts().pending
        return state.read { Self.line($0, pending: pending) }
    }

    /// What a person wants to see in `systemctl status`.
    static func line(_ s: DaemonState, pending: Int?) -> String {
        let c = s.snapshot.counts()
        var line = "\(s.snapshot.entities.count) entities, \(c.total) obligations (\(c.open) open, \(c.overdue) overdue, \(c.dueSoon) due soon)"
        if let next = c.nextDue {
            line += "; next due \(next.due.iso) \(next.ruleID) \(s.snapshot.entities[next.entityID]?.name ?? next.entityID)"
        }
        if let pending, pending > 0 { line += "; \(pending) notices waiting for delivery" }
        return line
    }

    /// Pings the watchdog systemd asked for (`WATCHDOG_USEC`) through the state queue: a wedged
    /// queue stops the pings, and systemd restarts the daemon.
    func startWatchdog() {
        guard let interval = sender.watchdogInterval else { return }
        let ns = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
        let state = self.state, sender = self.sender
        let handle = DispatchSourceHandle.timer(label: "inspectd.watchdog", start: .now(), every: .nanoseconds(max(ns, 1_000_000)),
                                                leeway: .milliseconds(50)) { state.writeAsync { _ in _ = sender.watchdog() } }
        watchdog.withLock { $0.append(handle) }
    }

    func stopWatchdog() {
        for s in watchdog.exchange([]) { s.cancel() }
    }
}
