import Foundation
import Locking

/// A test hook that kills the daemon with SIGKILL at a named step of notice delivery, so tests can
/// prove that a crash at any step neither loses nor duplicates a notice.
///
/// Armed by `INSPECTD_TEST_CRASH_AT=STEP` or `STEP:N` (the Nth time the step is reached; 1 by
/// default). With `INSPECTD_TEST_CRASH_ONCE=PATH` it fires only if PATH does not exist, and
/// creates it first: a service that systemd restarts with the same environment crashes once.
/// Unset — as in production — every call is a no-op. The steps, in delivery order:
///
/// | step | where |
/// |------|-------|
/// | `after-enqueue` | notices decided and in the outbox, nothing delivered |
/// | `after-log-started` | the log write is marked as begun, nothing written |
/// | `log-torn` | half of a log line written (no newline), then killed |
/// | `log-line` | after a whole log line, before the rest and before the fsync |
/// | `after-log` | the log written and fsynced, not yet marked |
/// | `after-logged` | marked as logged, no journal entry sent |
/// | `journal-entry` | after one journal entry, before the rest |
/// | `after-journal` | every journal entry sent, not yet marked delivered |
/// | `after-record` | a control write (RecordInspection, RecordEvent) committed, no reply sent |
/// | `channel-sent` | a built-in channel's digest sent and accepted, its members not yet marked |
final class TestCrashPoint: Sendable {
    static let variable = "INSPECTD_TEST_CRASH_AT"
    static let steps = ["after-enqueue", "after-log-started", "log-torn", "log-line", "after-log", "after-logged",
                        "journal-entry", "after-journal", "after-record", "channel-sent"]

    static let onceVariable = "INSPECTD_TEST_CRASH_ONCE"

    private let step: String?
    private let occurrence: Int
    private let marker: String?
    private let reached = Locked(0)

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        marker = environment[Self.onceVariable].flatMap { $0.isEmpty ? nil : $0 }
        guard let value = environment[Self.variable], !value.isEmpty,
              marker.map({ !FileManager.default.fileExists(atPath: $0) }) ?? true else { step = nil; occurrence = 0; return }
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        step = parts[0]
        occurrence = parts.count > 1 ? max(1, Int(parts[1]) ?? 1) : 1
    }

    /// Whether this reach of `name` is the one to crash at (counts the reach).
    func isDue(_ name: String) -> Bool {
        guard name == step else { return false }
        return reached.withLock { n in
            n += 1
            return n == occurrence
        }
    }

    /// Kills the process here when this reach of `name` is the armed one.
    func reach(_ name: String) {
        if isDue(name) { crash() }
    }

    /// SIGKILL, as `kill -9` from outside: no handler, no flush, no atexit.
    func crash() -> Never {
        if let marker { close(open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)) }
        kill(getpid(), SIGKILL)
        while true { pause() }
    }
}
