import Foundation

/// A test hook that holds work off the query path at a named step until a file exists, so tests
/// can prove that queries and writes go on meanwhile and that nothing written then is lost
/// (issue 11: "nothing stalls"). Armed by `INSPECTD_TEST_PAUSE_AT=STEP` and
/// `INSPECTD_TEST_PAUSE_UNTIL=PATH`; unset — as in production — every call is a no-op.
///
/// | step | where |
/// |------|-------|
/// | `rebuild` | a rebuild (the day's recompute, a reload, a large import) has taken its copy, before recomputing it |
/// | `notice-run` | a notice run has taken its copy of the schedule, before deciding |
struct TestPausePoint: Sendable {
    static let stepVariable = "INSPECTD_TEST_PAUSE_AT"
    static let untilVariable = "INSPECTD_TEST_PAUSE_UNTIL"
    static let steps = ["rebuild", "notice-run"]

    private let step: String?
    private let until: String?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        step = environment[Self.stepVariable].flatMap { $0.isEmpty ? nil : $0 }
        until = environment[Self.untilVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Waits here (at most 60 s) while `name` is the armed step and the file does not exist.
    func reach(_ name: String) {
        guard name == step, let until else { return }
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: until) && Date() < deadline { usleep(10_000) }
    }
}
