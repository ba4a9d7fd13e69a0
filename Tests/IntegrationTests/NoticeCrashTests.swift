import Foundation
import Testing

/// Exactly once across crashes (issue 6): the daemon is killed with SIGKILL at each named step of
/// a notice run (`INSPECTD_TEST_CRASH_AT`), restarted on the same state, and afterwards the real
/// journal and the notice log hold each notice of the outbox exactly once — none lost, none twice.
@Suite("notices survive kill -9 at every step of delivery", .serialized)
struct NoticeCrashTests {
    /// Every step of `TestCrashPoint`, some at a later reach (mid-batch).
    static let steps = ["after-enqueue", "after-log-started", "log-torn", "log-torn:4", "log-line", "log-line:5", "after-log",
                        "after-logged", "journal-entry", "journal-entry:6", "after-journal"]

    @Test("killed at the step, restarted: each notice once in the journal and once in the log",
          .enabled(if: getuid() == 0, "needs root: a private systemd-journald in a mount namespace"),
          arguments: steps)
    func crashAndRestart(step: String) throws {
        let d = try DaemonFixture()
        let root = BuiltProducts.packageRoot.path
        let inspectd = "\"\(try BuiltProducts.inspectd())\" --config \"\(d.configDirectory)\" --state-dir \"\(d.stateDirectory)\" --socket \"\(d.socketPath)\" --now 2026-03-31T09:00"
        let shell = """
            export INSPECTD_LOG_TARGET=journal
            INSPECTD_TEST_CRASH_AT=\(step) \(inspectd) 2>/dev/null & pid=$!
            wait $pid; echo "crashed with $?" >&2
            \(inspectd) & pid=$!
            # The control socket answers once the start-up notice pass (one step of the daemon's
            # queue) is over.
            for _ in $(seq 600); do "\(try BuiltProducts.inspectctl())" --socket "\(d.socketPath)" notices --json > "\(d.directory)/outbox.json" 2>/dev/null && break; sleep 0.05; done
            kill -TERM $pid; wait $pid; echo "inspectd exit $?" >&2
            "\(root)/scripts/journal-sync" || exit 91
            journalctl -o json -t inspectd
            """
        guard let run = try WithJournald.run(shell) else { return }
        // The first daemon really died at the step (SIGKILL: 128 + 9), the second stopped cleanly.
        #expect(run.standardError.contains("crashed with 137"), "\(run.standardError)")
        #expect(run.standardError.contains("inspectd exit 0"), "\(run.standardError)")

        let outbox = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: d.directory + "/outbox.json"))) as? [[String: Any]])
        let expected = outbox.compactMap { $0["key"] as? String }
        #expect(expected.count > 6, "the run should have several notices to crash in the middle of")
        #expect(Set(expected).count == expected.count)

        let journal = try WithJournald.entries(run.standardOutput).compactMap { $0["INSPECTD_KEY"] as? String }
        #expect(journal.sorted() == expected.sorted(), "journal vs outbox: \(Self.difference(journal, expected))")

        // Every line of the log is whole JSON (a torn line was cut) and each notice is there once.
        let text = try String(contentsOfFile: d.stateDirectory + "/notices.jsonl", encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        let logged = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "not JSON: \($0)")["key"] as? String ?? "?"
        }
        #expect(logged.sorted() == expected.sorted(), "log vs outbox: \(Self.difference(logged, expected))")
    }

    static func difference(_ got: [String], _ expected: [String]) -> String {
        var counts: [String: Int] = [:]
        for k in got { counts[k, default: 0] += 1 }
        let twice = counts.filter { $0.value > 1 }.map(\.key).sorted()
        let missing = Set(expected).subtracting(got).sorted()
        return "twice \(twice.prefix(5)), missing \(missing.prefix(5))"
    }
}
