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

    /// `calendar import`: a published notice becomes a file the daemon's loader reads, an amending
    /// notice is applied to it, and a refused text writes nothing (exit 65, line and words named,
    /// in Chinese under a Chinese locale).
    @Test func importANoticeAndItsAmendment() throws {
        let notices = BuiltProducts.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/calendar-notices")
        let dir = NSTemporaryDirectory() + "inspectctl-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/calendar", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func ctl(_ arguments: [String], environment: [String: String] = [:]) throws -> DaemonFixture.CLIResult {
            var env = ProcessInfo.processInfo.environment.filter { !["LANG", "LC_ALL", "LC_MESSAGES"].contains($0.key) }
            env.merge(environment) { $1 }
            let p = try ChildProcess(try BuiltProducts.inspectctl(), arguments: ["calendar"] + arguments, environment: env, inheritEnvironment: false)
            let t = try p.wait(timeout: .seconds(30))
            return DaemonFixture.CLIResult(status: t, stdout: p.standardOutput, stderr: p.standardError)
        }

        let printed = try ctl(["import", notices.appendingPathComponent("2026.txt").path])
        #expect(printed.exitCode == 0, "\(printed)")
        #expect(printed.stdout.contains("  - 2026-02-28   # 春节 (星期六上班)\n"))
        let written = try ctl(["import", notices.appendingPathComponent("2020.txt").path, "--output", dir + "/calendar"])
        #expect(written.exitCode == 0 && written.stdout.isEmpty, "\(written)")
        let amendment = dir + "/amend.txt"
        try """
            国务院办公厅关于延长2020年春节假期的通知
            国办发明电〔2020〕1号
            一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。
            国务院办公厅
            2020年1月26日
            """.write(toFile: amendment, atomically: true, encoding: .utf8)
        let amended = try ctl(["import", amendment, "--amend", dir + "/calendar/2020.yaml", "--output", dir + "/calendar/2020.yaml"])
        #expect(amended.exitCode == 0, "\(amended)")
        let year = try ctl(["year", "2020", "--config", dir])
        #expect(year.exitCode == 0, "\(year)")
        #expect(year.stdout.contains("amended by 国办发明电〔2020〕1号"))
        #expect(year.stdout.contains("working days in 2020: 249"), "\(year.stdout)")

        let bad = dir + "/bad.txt"
        try String(contentsOf: notices.appendingPathComponent("2024.txt"), encoding: .utf8)
            .replacingOccurrences(of: "4月7日（星期日）", with: "4月7日（星期一）").write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try ctl(["import", bad, "--output", dir + "/calendar"])
        #expect(refused.exitCode == 65)
        #expect(refused.stderr.contains("bad.txt:5: '4月7日（星期一）': 2024-04-07 is a Sunday, not a Monday"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/calendar/2024.yaml"))
        let chinese = try ctl(["import", bad], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(chinese.exitCode == 65 && chinese.stdout.isEmpty)
        #expect(chinese.stderr.contains("第5行：“4月7日（星期一）”：2024-04-07 是星期日，不是星期一"), "\(chinese)")
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

    /// `calendar diff` tells, before a reload, which open obligations and running deadlines the
    /// file moves or confirms; the reload then does exactly that, and announces each move once.
    @Test func aCalendarFileIsPreviewedBeforeItIsLoadedAndTheReloadDoesWhatItSaid() throws {
        let d = try DaemonFixture()
        let saved = d.directory + "/2026.yaml"
        try FileManager.default.moveItem(atPath: d.configDirectory + "/calendar/2026.yaml", toPath: saved)
        try d.start(now: "2026-03-25T09:00")
        // A case filed in January runs 60 working days (E01): across 春节, provisional without 2026's notice.
        #expect(try d.ctl("case", "file", "--entity", "LS-EMP-001", "--date", "2026-01-20", "--id", "CASE-CAL").exitCode == 0)
        let open = try #require(try d.ctl("upcoming", "--all", "--within", "3660", "--json").json() as? [[String: Any]])
            + (try #require(try d.ctl("overdue", "--all", "--json").json() as? [[String: Any]]))
        let deadlinesBefore = try #require(try d.ctl("deadlines", "--all", "--json").json() as? [[String: Any]])

        let preview = try d.ctl("calendar", "diff", saved, "--all", "--json")
        #expect(preview.exitCode == 0, "\(preview.stderr)")
        let diff = try #require(try preview.json() as? [String: Any])
        #expect(diff["year"] as? Int == 2026)
        #expect((diff["source"] as? String)?.contains("国办发明电〔2025〕7号") == true)
        let changes = try #require(diff["changes"] as? [[String: Any]])
        let moved = changes.filter { $0["due_before"] as? String != $0["due_after"] as? String }
        #expect(diff["moved"] as? Int == moved.count && !moved.isEmpty)
        #expect(diff["confirmed"] as? Int == changes.count - moved.count)
        // Counted by rule and office: the counts add up to the list.
        let counts = try #require(diff["counts"] as? [[String: Any]])
        #expect(counts.reduce(0) { $0 + ($1["moved"] as? Int ?? 0) + ($1["confirmed"] as? Int ?? 0) } == changes.count)
        // February's monthly inspections: Friday the 27th (weekends only) becomes the make-up Saturday.
        #expect(moved.contains { ($0["key"] as? String ?? "").hasSuffix("/2026-02") && $0["due_before"] as? String == "2026-02-27"
                && $0["due_after"] as? String == "2026-02-28" })
        let caseChange = try #require(changes.first { $0["subject"] as? String == "deadline" && ($0["key"] as? String ?? "").contains("CASE-CAL") })
        #expect(caseChange["provisional_before"] as? Bool == true && caseChange["provisional_after"] as? Bool == false)
        // Every listed obligation is open now, with the date it says it has; nothing listed twice.
        let dueNow = Dictionary(open.map { ("\($0["rule"] ?? "")/\($0["entity"] ?? "")/\($0["period"] ?? "")", $0["due"] as? String ?? "") },
                                uniquingKeysWith: { a, _ in a })
        for c in changes where c["subject"] as? String == "obligation" {
            #expect(dueNow[c["key"] as? String ?? ""] == c["due_before"] as? String, "\(c)")
        }
        #expect(Set(changes.compactMap { $0["key"] as? String }).count == changes.count)
        // Changes nothing: the schedule is as it was.
        #expect(try #require(try d.ctl("deadlines", "--all", "--json").json() as? [[String: Any]]).count == deadlinesBefore.count)
        #expect(try d.noticeLog().filter { $0["kind"] as? String == "rescheduled" }.isEmpty)

        // Paged: the first page and the rest are the whole list.
        let first = try #require(try d.ctl("calendar", "diff", saved, "--limit", "3", "--json").json() as? [String: Any])
        #expect((first["changes"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == Array(changes.prefix(3)).compactMap { $0["key"] as? String })
        let next = try #require(first["next"] as? String)
        let rest = try #require(try d.ctl("calendar", "diff", saved, "--all", "--after", next, "--json").json() as? [String: Any])
        #expect((rest["changes"] as? [[String: Any]])?.count == changes.count - 3)

        // People read it in their language.
        let zh = try d.ctl(["calendar", "diff", saved, "--all"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(zh.stdout.contains("\(moved.count) 个到期日将变动"), "\(zh.stdout)")

        // A broken file is refused, naming it and the line; nothing changes.
        let broken = d.directory + "/broken/2026.yaml"
        try FileManager.default.createDirectory(atPath: d.directory + "/broken", withIntermediateDirectories: true)
        try String(contentsOfFile: saved, encoding: .utf8).replacingOccurrences(of: "  - 2026-02-28", with: "  - 2026-02-26")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try d.ctl("calendar", "diff", broken, "--json")
        #expect(refused.exitCode != 0)
        #expect(refused.stderr.contains("2026.yaml") && refused.stderr.contains("2026-02-26"), "\(refused.stderr)")

        // Loaded: every due date is what the preview said, each move announced once.
        try FileManager.default.moveItem(atPath: saved, toPath: d.configDirectory + "/calendar/2026.yaml")
        #expect(try d.ctl("reload").exitCode == 0)
        let afterOpen = try #require(try d.ctl("upcoming", "--all", "--within", "3660", "--json").json() as? [[String: Any]])
            + (try #require(try d.ctl("overdue", "--all", "--json").json() as? [[String: Any]]))
        let dueAfter = Dictionary(afterOpen.map { ("\($0["rule"] ?? "")/\($0["entity"] ?? "")/\($0["period"] ?? "")", $0["due"] as? String ?? "") },
                                  uniquingKeysWith: { a, _ in a })
        for c in changes where c["subject"] as? String == "obligation" {
            #expect(dueAfter[c["key"] as? String ?? ""] == c["due_after"] as? String, "\(c)")
        }
        for (key, due) in dueNow where !changes.contains(where: { $0["key"] as? String == key }) {
            #expect(dueAfter[key] == due, "\(key) moved without being in the preview")
        }
        let caseAfter = try #require(try d.ctl("deadlines", "--all", "--json").json() as? [[String: Any]]).first { $0["subject"] as? String == "CASE-CAL" }
        #expect(caseAfter?["due"] as? String == caseChange["due_after"] as? String)
        let rescheduled = try d.noticeLog().filter { $0["kind"] as? String == "rescheduled" }
        let announced = rescheduled.filter { $0["period"] as? String != "CASE-CAL" }.map { "\($0["rule"] ?? "")/\($0["entity"] ?? "")/\($0["period"] ?? "")" }
        #expect(announced.sorted() == moved.filter { $0["subject"] as? String == "obligation" }.compactMap { $0["key"] as? String }.sorted())
        // The case's deadline moved too (春节's holidays are not working days): announced once, with its new date.
        #expect(caseChange["due_before"] as? String != caseChange["due_after"] as? String, "\(caseChange)")
        let caseNotices = rescheduled.filter { $0["period"] as? String == "CASE-CAL" }
        #expect(caseNotices.count == 1 && caseNotices.first?["due"] as? String == caseChange["due_after"] as? String, "\(caseNotices)")
        #expect(rescheduled.count == moved.count)
        #expect(try d.stop() == .exited(0))
    }
}
