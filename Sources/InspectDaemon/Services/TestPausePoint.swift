import Foundation
import Locking

/// A test hook that holds work off the query path at a named step until a file exists, so tests
/// can prove that queries and writes go on meanwhile and that nothing written then is lost
/// (issue 11: "nothing stalls"). Armed by `INSPECTD_TEST_PAUSE_AT=STEP` and
/// `INSPECTD_TEST_PAUSE_UNTIL=PATH` (`STEP:N`: the Nth time the step is reached); unset — as in
/// production — every call is a no-op.
///
/// | step | where |
/// |------|-------|
/// | `rebuild` | a rebuild (the day's recompute, a reload, a large import) has taken its copy, before recomputing it |
/// | `notice-run` | a notice run has taken its copy of the schedule, before deciding |
/// | `after-log` | a batch of a delivery is in the notice log (fsynced), not yet marked (a leader cut off there) |
/// | `journal-entry` | before a notice's journal entry, after the lease was checked for the step (a leader frozen there) |
struct TestPausePoint: Sendable {
    static let stepVariable = "INSPECTD_TEST_PAUSE_AT"
    static let untilVariable = "INSPECTD_TEST_PAUSE_UNTIL"
    static let steps = ["rebuild", "notice-run", "after-log", "journal-entry"]

    private let step: String?
    /// Pause only at this reach (`STEP:N`); every reach without it.
    private let occurrence: Int?
    private let until: String?
    private let reached = Locked(0)
    /// How long a pause holds at most: only a guard against a test that never opens it. It was
    /// 60 s, and beside the whole suite on two CPUs a drill reached its next step (the other
    /// daemon started, the leader frozen) only after the pause had already let go
    /// (PausedLeaderTests: 200 entries journaled, not the 149 held).
    static let limit: TimeInterval = 300

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let parts = environment[Self.stepVariable].flatMap { $0.isEmpty ? nil : $0 }?.split(separator: ":", maxSplits: 1).map(String.init)
        step = parts?.first
        occurrence = parts.flatMap { $0.count > 1 ? max(1, Int($0[1]) ?? 1) : nil }
        until = environment[Self.untilVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Waits here (at most ``limit``) while `name` is the armed step (at its armed reach) and the
    /// file does not exist.
    func reach(_ name: String) {
        guard name == step, let until, reached.withLock({ n in n += 1; return occurrence.map { n == $0 } ?? true }) else { return }
        let deadline = Date().addingTimeInterval(Self.limit)
        while !FileManager.default.fileExists(atPath: until) && Date() < deadline { usleep(10_000) }
    }
}
