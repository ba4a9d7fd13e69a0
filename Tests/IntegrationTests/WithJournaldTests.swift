import Foundation
import Testing

/// `scripts/with-journald`, the private journald the daemon's journal tests run under, works:
/// structured fields sent natively come back through `journalctl -o json`.
@Suite("with-journald harness")
struct WithJournaldTests {
    static var script: String { BuiltProducts.packageRoot.appendingPathComponent("scripts/with-journald").path }
    static var sync: String { BuiltProducts.packageRoot.appendingPathComponent("scripts/journal-sync").path }

    @Test(
        "native fields round-trip through a private journald",
        .enabled(if: getuid() == 0, "needs root (mount namespace, tmpfs, systemd-journald)")
    )
    func roundTrip() async throws {
        let tag = "inspectd-harness-\(getpid())"
        let shell = """
            printf 'MESSAGE=过期提醒 overdue\\nPRIORITY=4\\nSYSLOG_IDENTIFIER=\(tag)\\nINSPECTD_ENTITY=E001\\n' | logger --journald || exit 90
            "\(Self.sync)" || exit 91
            journalctl -o json -t \(tag)
            """
        let run = try ChildProcess(Self.script, arguments: ["/bin/sh", "-c", shell])
        let ended = try await run.wait(timeout: .seconds(60))
        if ended == .exited(77) {
            print("with-journald skipped: \(run.standardError)")
            return
        }
        #expect(ended == .exited(0), "\(ended)\n\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n")
        #expect(lines.count == 1, "\(run.standardOutput)")
        let entry = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        #expect(entry["MESSAGE"] as? String == "过期提醒 overdue")
        #expect(entry["PRIORITY"] as? String == "4")
        #expect(entry["INSPECTD_ENTITY"] as? String == "E001")
        #expect(entry["_TRANSPORT"] as? String == "journal")
    }

    @Test("the host sees none of it", .enabled(if: getuid() == 0, "needs root"))
    func hostUntouched() async throws {
        let run = try ChildProcess(Self.script, arguments: ["/bin/sh", "-c", "test -S /run/systemd/journal/socket && echo $WITH_JOURNALD_PID"])
        let ended = try await run.wait(timeout: .seconds(60))
        if ended == .exited(77) { return }
        #expect(ended == .exited(0), "\(run.standardError)")
        let pid = try #require(pid_t(run.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) != 0, "the private journald is gone")
        // The private /run was a tmpfs in another mount namespace; nothing appeared here
        // unless the host runs a journald of its own.
        if !FileManager.default.fileExists(atPath: "/run/systemd/journal/socket") {
            #expect(!FileManager.default.fileExists(atPath: "/run/log/journal"))
        }
    }
}
