import Foundation
import Testing

/// Every `inspectctl` command against a running daemon, in table and JSON form, with the exit
/// codes of sysexits.h.
@Suite("inspectctl against a running daemon")
struct CLITests {
    @Test func statusUpcomingAndOverdue() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")

        let status = try d.ctl("status")
        #expect(status.exitCode == 0, "\(status)")
        #expect(status.stdout.contains("Entities: \(DaemonFixture.demoEntityCount)"))
        let sj = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        #expect(sj["today"] as? String == "2026-03-25")
        #expect(sj["entities"] as? Int == DaemonFixture.demoEntityCount)

        let upcoming = try #require(try d.ctl("upcoming", "--within", "10d", "--json").json() as? [[String: Any]])
        #expect(!upcoming.isEmpty)
        for o in upcoming {
            for field in ["entity", "rule", "due", "status"] { #expect(o[field] is String, "\(field) in \(o)") }
            #expect(o.keys.contains("supervisor"))
            let due = try #require(o["due"] as? String)
            #expect(due <= "2026-04-04")
        }
        #expect(upcoming.contains { $0["status"] as? String == "due-soon" && $0["rule"] as? String == "C01" && $0["due"] as? String == "2026-03-31" })
        // Soonest first.
        let dues = upcoming.compactMap { $0["due"] as? String }
        #expect(dues == dues.sorted())

        let s01 = try #require(try d.ctl("upcoming", "--supervisor", "S01", "--json").json() as? [[String: Any]])
        #expect(!s01.isEmpty)
        #expect(s01.allSatisfy { $0["supervisor"] as? String == "S01" })
        #expect(try d.ctl("upcoming", "--supervisor", "S99").exitCode == 65)

        let table = try d.ctl("upcoming", "--within", "10d")
        #expect(table.exitCode == 0)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("DUE") == true)
        // Chinese names are aligned by display width: the DONE column starts at one display column.
        let columns = Set(lines.filter { $0.contains("临沂") && $0.contains(" 0/1") }.map { DisplayColumns.of($0, before: " 0/1") })
        #expect(columns.count == 1, "\(table.stdout)")

        let overdue = try #require(try d.ctl("overdue", "--json").json() as? [[String: Any]])
        #expect(!overdue.isEmpty)
        #expect(overdue.allSatisfy { $0["status"] as? String == "overdue" })
        #expect(try d.ctl("overdue").stdout.contains("overdue"))
        #expect(try d.stop() == .exited(0))
    }

    @Test func entityListShowAndImport() throws {
        let d = try DaemonFixture()
        try d.start()
        let list = try #require(try d.ctl("entity", "list", "--json").json() as? [[String: Any]])
        #expect(list.count == DaemonFixture.demoEntityCount)
        #expect(try d.ctl("entity", "list").stdout.contains("LS-PFS-001"))
        let show = try #require(try d.ctl("entity", "show", "LS-PFS-001", "--json").json() as? [String: Any])
        #expect((show["entity"] as? [String: Any])?["id"] as? String == "LS-PFS-001")
        #expect(!((show["obligations"] as? [Any]) ?? []).isEmpty)
        #expect(try d.ctl("entity", "show", "LS-PFS-001").stdout.contains("Obligations:"))
        let missing = try d.ctl("entity", "show", "NOPE")
        #expect(missing.exitCode == 65)
        #expect(missing.stderr.contains("NOPE"))

        // A bad row rejects the whole file, naming its line; nothing is imported.
        let bad = d.directory + "/bad.csv"
        try """
            id,name,kind,jurisdiction,approved_on,grade,supervisor,industry
            NEW-1,新公司甲,microloan,兰山区,2025-05-05,,S01,金融
            NEW-2,新公司乙,microlaon,兰山区,2025-05-05,,S01,金融

            """.write(toFile: bad, atomically: true, encoding: .utf8)
        let refused = try d.ctl("entity", "import", bad)
        #expect(refused.exitCode == 65, "\(refused)")
        #expect(refused.stderr.contains("bad.csv:3: kind:"), "\(refused.stderr)")
        #expect(try d.ctl("entity", "show", "NEW-1").exitCode == 65)

        let good = d.directory + "/good.csv"
        try """
            id,name,kind,jurisdiction,approved_on,grade,supervisor,industry
            NEW-1,新公司甲,private-financing-service,兰山区,2025-05-05,,S01,金融
            LS-PFS-001,临沂市兰山区汇通民间融资服务有限公司（更名）,private-financing-service,兰山区,2016-03-18,I,S02,金融服务

            """.write(toFile: good, atomically: true, encoding: .utf8)
        let imported = try d.ctl("entity", "import", good)
        #expect(imported.exitCode == 0, "\(imported)")
        #expect(imported.stdout.contains("1 added, 1 updated"))
        let new = try #require(try d.ctl("entity", "show", "NEW-1", "--json").json() as? [String: Any])
        #expect(((new["obligations"] as? [[String: Any]]) ?? []).contains { $0["rule"] as? String == "C01" })
        #expect(try d.ctl("entity", "import", d.directory + "/absent.csv").exitCode == 65)
        #expect(try d.stop() == .exited(0))
    }

    @Test func recordingAnInspectionMeetsTheObligationAtOnce() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        func march() throws -> [String: Any]? {
            let show = try #require(try d.ctl("entity", "show", "LS-PFS-001", "--json").json() as? [String: Any])
            return (show["obligations"] as? [[String: Any]])?.first { $0["rule"] as? String == "C01" && $0["period"] as? String == "2026-03" }
        }
        #expect(try march()?["status"] as? String == "due-soon")

        let one = try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "张伟")
        #expect(one.exitCode == 65)
        #expect(one.stderr.contains("P01"))
        let future = try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-04-20", "--kind", "onsite", "--inspectors", "张伟,王芳")
        #expect(future.exitCode == 65)
        #expect(future.stderr.contains("future"))
        #expect(try d.ctl("inspection", "record", "--entity", "NOPE", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "A,B").exitCode == 65)
        #expect(try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "tea", "--inspectors", "A,B").exitCode == 65)

        let ok = try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "张伟,王芳", "--json")
        #expect(ok.exitCode == 0, "\(ok)")
        let r = try #require(try ok.json() as? [String: Any])
        #expect((r["inspection"] as? [String: Any])?["inspectors"] as? [String] == ["张伟", "王芳"])
        #expect(try march()?["status"] as? String == "met")
        let upcoming = try #require(try d.ctl("upcoming", "--within", "10d", "--json").json() as? [[String: Any]])
        #expect(!upcoming.contains { $0["entity"] as? String == "LS-PFS-001" && $0["period"] as? String == "2026-03" })

        // The fact survives a restart.
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-26T09:00")
        #expect(try march()?["status"] as? String == "met")
        let table = try d.ctl("inspection", "record", "--entity", "LS-PFS-002", "--date", "2026-03-26", "--kind", "onsite", "--inspectors", "A,B")
        #expect(table.exitCode == 0)
        #expect(table.stdout.contains("Recorded inspection"))
        #expect(try d.stop() == .exited(0))
    }

    @Test("grade show names the grade in force and who assigned it by login; grade explain lists each signal once")
    func gradeShowAndExplain() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        // Nothing assigned: the directory's grade applies, and is named (LS-PFS-002: II).
        let none = try d.ctl("grade", "show", "LS-PFS-002")
        #expect(none.exitCode == 0 && none.stdout == "LS-PFS-002: no grade assigned; the directory's grade II applies.\n", "\(none)")
        let zh = try d.ctl(["grade", "show", "LS-PFS-002"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.stdout == "LS-PFS-002：未评定等级，适用名录中的等级 II。\n", "\(zh)")
        // Assigned by this test's user: BY is its login, as the user database has it.
        #expect(try d.ctl("grade", "set", "LS-PFS-002", "III", "--reason", "复查").exitCode == 0)
        let login = String(cString: getpwuid(getuid()).pointee.pw_name)
        let shown = try d.ctl("grade", "show", "LS-PFS-002").stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let header = try #require(shown.first), row = try #require(shown.dropFirst().first)
        let by = try #require(header.firstIndex(of: "BY"))
        #expect(row[by] == login[...], "\(shown)")
        // explain: the table once, each signal on one line only.
        let explain = try d.ctl("grade", "explain", "LS-PFS-002")
        #expect(explain.exitCode == 0, "\(explain)")
        let signals = try #require(try d.ctl("grade", "explain", "LS-PFS-002", "--json").json() as? [String: Any])["contributions"] as? [[String: Any]] ?? []
        #expect(signals.count > 2)
        for signal in signals.compactMap({ $0["signal"] as? String }) {
            let lines = explain.stdout.split(separator: "\n").filter { $0.split(separator: " ").contains { $0 == signal || $0 == signal + ":" } }
            #expect(lines.count == 1, "\(signal) not once:\n\(explain.stdout)")
        }
        #expect(try d.stop() == .exited(0))
    }

    @Test func noticesCommandAndExitCodes() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-31T09:00")
        let notices = try #require(try d.ctl("notices", "--json").json() as? [[String: Any]])
        #expect(!notices.isEmpty)
        #expect(notices.count == (try d.noticeLog().count))
        // status counts them: all delivered, none waiting, no hook configured.
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        #expect(status["notices_sent"] as? Int == notices.count)
        #expect(status["notices_pending"] as? Int == 0)
        #expect(status["hook_dead"] as? Int == 0)
        #expect(try d.ctl("status").stdout.contains("\(notices.count) sent, 0 waiting for delivery"))
        let s01 = try #require(try d.ctl("notices", "--supervisor", "S01", "--json").json() as? [[String: Any]])
        #expect(!s01.isEmpty && s01.allSatisfy { $0["supervisor"] as? String == "S01" })
        #expect(try d.ctl("notices", "--since", "2026-04-01", "--json").json() as? [Any] == nil
                || (try d.ctl("notices", "--since", "2026-04-01", "--json").json() as? [Any])?.isEmpty == true)
        // upcoming and overdue show the stage the notice run announced today: every open obligation's
        // stage is the key of a sent notice, and the table shows it in its NOTICE column.
        let sentKeys = Set(notices.compactMap { $0["key"] as? String })
        let open = try #require(try d.ctl("upcoming", "--within", "10", "--json").json() as? [[String: Any]])
        let staged = open.filter { $0["notice"] is String }
        #expect(!staged.isEmpty)
        for o in staged {
            let key = "\(o["rule"] as? String ?? "")/\(o["entity"] as? String ?? "")/\(o["period"] as? String ?? "")/\(o["notice"] as? String ?? "")"
            #expect(sentKeys.contains(key), "\(key) is listed as reached but was not announced")
        }
        #expect(Set(staged.compactMap { $0["notice"] as? String }).isSuperset(of: ["due", "overdue"]))
        // Deadlines too: a rectification ordered on 12 January (D01, 2 months) is overdue since
        // 13 March, and its stage is the key of the notice the run sent.
        #expect(try d.ctl("rectification", "order", "--entity", "LS-ML-002", "--date", "2026-01-12", "--rule", "D01", "--id", "R-N1").exitCode == 0)
        let deadline = try #require(try d.ctl("deadlines", "--entity", "LS-ML-002", "--json").json() as? [[String: Any]]).first { $0["subject"] as? String == "R-N1" }
        #expect(deadline?["notice"] as? String == "overdue")
        let deadlineKeys = Set(try #require(try d.ctl("notices", "--json").json() as? [[String: Any]]).compactMap { $0["key"] as? String })
        #expect(deadlineKeys.contains("\(deadline?["key"] as? String ?? "?")/overdue"))
        #expect(try d.ctl("deadlines").stdout.split(separator: "\n").first?.contains("NOTICE") == true)
        let overdueTable = try d.ctl("overdue").stdout
        #expect(overdueTable.split(separator: "\n").first?.contains("NOTICE") == true)
        #expect(overdueTable.split(separator: "\n").dropFirst().allSatisfy { $0.isEmpty || $0.contains(" overdue ") })
        #expect(try d.ctl("no-such-command").exitCode == 64)
        #expect(try d.ctl("upcoming", "--within", "soon").exitCode == 64)
        #expect(try d.stop() == .exited(0))
        let unreachable = try d.ctl("status")
        #expect(unreachable.exitCode == 69)
        #expect(unreachable.stderr.split(separator: "\n").count == 1)
    }

    /// Before the day's notice run, a stage reached today is shown as not yet announced; after
    /// the run it is announced like the others.
    @Test func aStageReachedTodayIsPendingUntilTheDaysRun() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-31T08:00")  // Tuesday, before the notice hour (08:30)
        let before = try #require(try d.ctl("upcoming", "--all", "--within", "30", "--json").json() as? [[String: Any]])
        // March's monthly inspections fall due today: their "due" notice is not sent yet.
        let today = before.filter { $0["due"] as? String == "2026-03-31" && $0["notice"] as? String == "due" }
        #expect(!today.isEmpty)
        #expect(today.allSatisfy { $0["notice_pending"] as? Bool == true })
        // February's were overdue yesterday already: announced by an earlier run.
        let older = before.filter { $0["period"] as? String == "2026-02" && ($0["notice"] as? String ?? "").hasPrefix("overdue") }
        #expect(!older.isEmpty && older.allSatisfy { $0["notice_pending"] == nil })
        let zh = try d.ctl(["upcoming", "--all", "--within", "30"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(zh.stdout.contains("今日到期（待发送）"), "\(zh.stdout)")
        // Deadlines alike: an order of 31 January (D01, 2 months) is due today, not yet announced;
        // one of 12 January has been overdue since 13 March, announced by earlier runs.
        #expect(try d.ctl("rectification", "order", "--entity", "LS-ML-002", "--date", "2026-01-31", "--rule", "D01", "--id", "R-P1").exitCode == 0)
        #expect(try d.ctl("rectification", "order", "--entity", "LS-ML-001", "--date", "2026-01-12", "--rule", "D01", "--id", "R-P2").exitCode == 0)
        let deadlines = try #require(try d.ctl("deadlines", "--all", "--json").json() as? [[String: Any]])
        let dueToday = try #require(deadlines.first { $0["subject"] as? String == "R-P1" })
        #expect(dueToday["due"] as? String == "2026-03-31" && dueToday["notice"] as? String == "due" && dueToday["notice_pending"] as? Bool == true,
                "\(dueToday)")
        let overdue = try #require(deadlines.first { $0["subject"] as? String == "R-P2" })
        #expect((overdue["notice"] as? String ?? "").hasPrefix("overdue") && overdue["notice_pending"] == nil, "\(overdue)")
        let table = try d.ctl(["deadlines", "--all"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(table.stdout.split(separator: "\n").contains { $0.contains("R-P1") && $0.contains("今日到期（待发送）") }, "\(table.stdout)")
        #expect(try d.ctl("deadlines", "--all").stdout.split(separator: "\n").contains { $0.contains("R-P1") && $0.contains("(pending)") })
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-31T09:00")
        let after = try #require(try d.ctl("upcoming", "--all", "--within", "30", "--json").json() as? [[String: Any]])
        #expect(after.allSatisfy { $0["notice_pending"] == nil })
        let deadlinesAfter = try #require(try d.ctl("deadlines", "--all", "--json").json() as? [[String: Any]])
        #expect(deadlinesAfter.contains { $0["subject"] as? String == "R-P1" } && deadlinesAfter.allSatisfy { $0["notice_pending"] == nil })
        #expect(try d.stop() == .exited(0))
    }
}

/// Display columns, for checking alignment in the CLI's output.
enum DisplayColumns {
    /// Display width of `line` up to the first occurrence of `marker`.
    static func of(_ line: String, before marker: String) -> Int {
        guard let r = line.range(of: marker) else { return -1 }
        return line[..<r.lowerBound].unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }

    static func isWide(_ s: Unicode.Scalar) -> Bool {
        (0x1100...0x115F).contains(s.value) || (0x2E80...0xA4CF).contains(s.value) || (0xAC00...0xD7A3).contains(s.value)
            || (0xF900...0xFAFF).contains(s.value) || (0xFF00...0xFF60).contains(s.value) || (0xFFE0...0xFFE6).contains(s.value)
    }

}
