import Foundation
import Testing

/// `inspectctl calendar` (offline legal-time arithmetic) and the daemon's handling of years whose
/// holiday arrangement is not loaded yet (issue 3).
@Suite("legal time in the CLI and the daemon")
struct CalendarTests {
    static var config: String { BuiltProducts.packageRoot.appendingPathComponent("config").path }

    func calendar(_ arguments: [String], stdin: String? = nil) throws -> DaemonFixture.CLIResult {
        var args = ["calendar"] + arguments + ["--config", Self.config]
        var program = try BuiltProducts.inspectctl()
        if let stdin {
            // Feed stdin through the shell: ChildProcess has no input pipe.
            let file = NSTemporaryDirectory() + "inspectctl-stdin-\(UUID().uuidString)"
            try stdin.write(toFile: file, atomically: true, encoding: .utf8)
            args = ["-c", "exec \"$0\" \"$@\" < \"\(file)\"", program] + args
            program = "/bin/sh"
        }
        let p = try ChildProcess(program, arguments: args)
        let t = try p.wait(timeout: .seconds(30))
        return DaemonFixture.CLIResult(status: t, stdout: p.standardOutput, stderr: p.standardError)
    }

    @Test func addCheckAndYear() throws {
        // National Day 2026: 1–7 October off, Saturday 10 October a make-up working day.
        let add = try calendar(["add", "2026-09-30", "3wd"])
        #expect(add.exitCode == 0, "\(add)")
        #expect(add.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2026-10-10")
        let json = try #require(try calendar(["add", "2026-12-25", "3wd", "--json"]).json() as? [String: Any])
        #expect(json["provisional"] as? Bool == true)
        #expect(try calendar(["add", "2026-12-25", "3wd"]).stdout.contains("provisional"))

        let batch = try calendar(["add", "-"], stdin: "2026-01-30 1m\n2020-01-23 5wd\n")
        #expect(batch.stdout.split(separator: "\n") == ["2026-02-28", "2020-02-07"], "\(batch)")
        let bad = try calendar(["add", "-"], stdin: "2026-01-30 1m\nnot a line\n")
        #expect(bad.exitCode == 65)
        #expect(bad.stderr.contains("stdin:2"))
        #expect(bad.stdout.isEmpty)

        let check = try calendar(["check", "2026-02-28"])
        #expect(check.stdout.contains("make-up working day"))
        #expect(try calendar(["check", "2026-10-02"]).stdout.contains("国庆节"))
        #expect(try calendar(["year", "2020"]).stdout.contains("国办发明电〔2020〕1号"))
        #expect(try calendar(["add", "2026-13-01", "3wd"]).exitCode == 64)
    }

    @Test func aMissingYearIsProvisionalWarnedOnceAndMovedDatesAreAnnounced() throws {
        let d = try DaemonFixture()
        let saved = d.directory + "/2026.yaml"
        try FileManager.default.moveItem(atPath: d.configDirectory + "/calendar/2026.yaml", toPath: saved)
        try d.start(now: "2026-03-25T09:00")
        let before = try #require(try d.ctl("overdue", "--json").json() as? [[String: Any]])
        #expect(!before.isEmpty)
        #expect(before.allSatisfy { $0["provisional"] as? Bool == true })
        // Weekends only, February's last working day is Friday 27 February.
        #expect(before.contains { $0["period"] as? String == "2026-02" && $0["due"] as? String == "2026-02-27" })

        // The 2026 notice arrives: reload, and the dates that moved are announced once.
        try FileManager.default.moveItem(atPath: saved, toPath: d.configDirectory + "/calendar/2026.yaml")
        #expect(try d.ctl("reload").exitCode == 0)
        let after = try #require(try d.ctl("overdue", "--json").json() as? [[String: Any]])
        #expect(after.allSatisfy { $0["provisional"] as? Bool == false })
        // 28 February 2026 is a make-up Saturday (调休上班): the real due date.
        #expect(after.contains { $0["period"] as? String == "2026-02" && $0["due"] as? String == "2026-02-28" })
        let rescheduled = try d.noticeLog().filter { $0["kind"] as? String == "rescheduled" }
        #expect(!rescheduled.isEmpty)
        #expect(rescheduled.allSatisfy { $0["period"] as? String == "2026-02" && $0["due"] as? String == "2026-02-28" })
        #expect(try d.ctl("reload").exitCode == 0)
        #expect(try d.noticeLog().filter { $0["kind"] as? String == "rescheduled" }.count == rescheduled.count)
        #expect(try d.stop() == .exited(0))
        let warnings = d.lastStandardError
        #expect(warnings.components(separatedBy: "no holiday arrangement for 2026").count - 1 == 1, "\(warnings)")
    }
}
