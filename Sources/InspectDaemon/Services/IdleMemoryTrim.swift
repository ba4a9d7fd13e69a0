import Dispatch
import Foundation
import Locking
import Logging

/// Gives the memory freed by a burst of work back to the system once the daemon is idle.
///
/// Blocks of 1 MiB and more go back when freed (``MemoryPolicy``); the small ones of a burst —
/// a streamed list's items, many writers' rows and statements, each on its thread's malloc arena —
/// stay with malloc, and the daemon's RSS stayed at 2.5 times its idle figure after the benchmark's
/// calls. `malloc_trim` gives them back but locks each arena while it walks it, so a call that
/// allocates meanwhile waits (up to 60 ms at a province's size): it runs only when the daemon is
/// idle — no call started for a whole tick, no connection open, no rebuild, notice run or
/// delivery under way — and only once after each burst.
final class IdleMemoryTrim: Sendable {
    /// How often the daemon looks whether it is idle; memory goes back within two ticks of the
    /// last call.
    static let tick: DispatchTimeInterval = .seconds(15)

    /// When to trim: a state machine apart from the timer and the allocator.
    struct Activity {
        var calls: UInt64 = 0
        /// The work seen at the last tick, and at the last trim.
        private var seen: UInt64 = 0
        private var trimmed: UInt64 = 0

        /// A tick, with `work` done so far (calls and background work ended): whether to trim now —
        /// nothing under way (`busy`), nothing since the last tick, something since the last trim.
        mutating func tick(work: UInt64, busy: Bool) -> Bool {
            defer { seen = work }
            guard !busy, work == seen, work != trimmed else { return false }
            trimmed = work
            return true
        }
    }

    private let activity = Locked(Activity())
    private let timer = Locked<DispatchSourceHandle?>(nil)
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// A control call began.
    func callBegan() { activity.withLock { $0.calls &+= 1 } }

    /// Looks every ``tick`` whether the daemon is idle and has worked since its last trim.
    func start(connections: @escaping @Sendable () -> Int, background: BackgroundActivity) {
        let handle = DispatchSourceHandle.timer(label: "inspectd.memory", start: .now() + Self.tick, every: Self.tick,
                                                leeway: .seconds(1)) { [weak self] in
            self?.look(connectionsOpen: connections(), background: background)
        }
        timer.withLock { $0 = handle }
    }

    func stop() {
        timer.withLock { $0?.cancel(); $0 = nil }
    }

    private func look(connectionsOpen: Int, background: BackgroundActivity) {
        let busy = connectionsOpen > 0 || !background.names.isEmpty
        let ended = background.endedCount
        let due = activity.withLock { $0.tick(work: $0.calls &+ ended, busy: busy) }
        guard due else { return }
        let before = Self.residentBytes()
        let started = ContinuousClock.now
        MemoryPolicy.returnFreedMemory()
        let took = ContinuousClock.now - started
        let after = Self.residentBytes()
        logger.debug("memory: idle, \((before - after) >> 20) MiB given back to the system in \(took) (resident \(after >> 20) MiB)")
    }

    /// The daemon's resident memory (VmRSS of /proc/self/status), in bytes; 0 when unknown.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }
}
