import Foundation
import Testing

/// The demo office's year of history (`config/demo/history/`), loaded the way `scripts/demo` loads
/// it — `scripts/demo-replay`, ordinary inspectctl commands against a running daemon — on the
/// demo's day, and the picture an office sees in its second year.
@Suite("demo history")
struct DemoHistoryTests {
    /// The day `scripts/demo` starts the daemon on (its `--now`), read from the script so the two
    /// stay in step.
    static func demoDay() throws -> String {
        let text = try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("scripts/demo"), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("now=\"--now ") })
        return String(line.dropFirst("now=\"--now ".count).dropLast())
    }

    /// Runs scripts/demo-replay against the fixture's daemon, on the fixture's copy of the history.
    static func replay(_ d: DaemonFixture) throws -> ChildProcess {
        let root = BuiltProducts.packageRoot.path
        let p = try ChildProcess("/bin/sh", arguments: [
            "\(root)/scripts/demo-replay", "--socket", d.socketPath, "--history", d.configDirectory + "/demo/history",
        ], environment: ["INSPECTCTL": try BuiltProducts.inspectctl(), "LC_ALL": "C.UTF-8"])
        #expect(try p.wait(timeout: .seconds(600)) == .exited(0), "\(p.standardOutput)\n\(p.standardError)")
        return p
    }

    static func rows(_ d: DaemonFixture, _ file: String) throws -> [[String]] {
        let text = try String(contentsOfFile: d.configDirectory + "/demo/history/" + file, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func list(_ d: DaemonFixture, _ arguments: String...) throws -> [[String: Any]] {
        let r = try d.ctl(arguments + ["--json"])
        #expect(r.exitCode == 0, "\(arguments): \(r)")
        return try #require(try r.json() as? [[String: Any]], "\(arguments): \(r.stdout.prefix(300))")
    }

    @Test func theDemoOfficeLooksLivedIn() throws {
        let d = try DaemonFixture()
        let day = try Self.demoDay()
        try d.start(now: day)
        let today = String(day.prefix(10))
        let out = try Self.replay(d).standardOutput
        #expect(out.contains("\(try Self.rows(d, "inspections.csv").count) inspections"), "\(out)")
        #expect(!out.contains("skipped"), "every row of the history is dated on or before the demo's day: \(out)")

        // Most of the year's obligations met on time, some late, a few overdue — not eleven months' worth.
        let report = try #require(try d.ctl("report", "--year", "2026", "--all-offices", "--json").json() as? [String: Any])
        let total = try #require(report["total"] as? [String: Any])
        let due = try #require(total["due"] as? Int)
        let onTime = try #require(total["met_on_time"] as? Int)
        #expect(Double(onTime) >= 0.7 * Double(due), "\(total)")
        #expect((total["met_late"] as? Int ?? 0) >= 3, "\(total)")
        #expect((3...10).contains(total["overdue"] as? Int ?? -1), "\(total)")
        #expect((total["open"] as? Int ?? 0) > 0, "December's obligations are still open: \(total)")
        let overdue = try Self.list(d, "overdue")
        #expect((3...10).contains(overdue.count))
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        #expect(status["overdue"] as? Int == overdue.count)

        // Deadlines: a rectification running, one never reported (overdue), a report lapsed, one
        // met late, a case extended.
        let deadlines = try Self.list(d, "deadlines", "--all")
        func deadline(_ rule: String, _ subject: String) throws -> [String: Any] {
            try #require(deadlines.first { $0["rule"] as? String == rule && $0["subject"] as? String == subject }, "\(rule) \(subject)")
        }
        #expect(["running", "due-soon"].contains(try deadline("D03", "R-2026-4")["state"] as? String))
        #expect(try deadline("D03", "R-2026-3")["state"] as? String == "overdue")
        #expect(try deadline("P04", "RPT-2026-2")["state"] as? String == "lapsed")
        #expect((try deadline("D02", "R-2026-2")["state"] as? String)?.hasPrefix("met-late") == true)
        let extended = try deadline("E01", "CASE-2026-2")
        #expect(extended["extensions"] as? Int == 1)
        #expect(["running", "due-soon"].contains(extended["state"] as? String))
        #expect(try Self.list(d, "deadlines").contains { $0["subject"] as? String == "R-2026-4" })

        // The overdue rectification escalated the 小额贷款公司 to V(1) by G01, from the day after its deadline.
        let history = try Self.list(d, "grade", "history", "LS-ML-002")
        let v1 = try #require(history.first { $0["level"] as? String == "V(1)" }, "\(history)")
        #expect(v1["assigned_by"] as? String == "escalation")
        #expect(v1["rule"] as? String == "G01-V1")
        #expect(v1["effective"] as? String == "2026-10-01")

        // Sample draws with their inspectors, and the drawn entities inspected.
        let draws = try Self.list(d, "plan", "draws")
        #expect(draws.count == (try Self.rows(d, "draws.csv").count))
        let s01 = try #require(draws.first { $0["rule"] as? String == "S01" })
        let drawID = try #require(s01["id"] as? String)
        let shown = try #require(try d.ctl("plan", "show", drawID, "--json").json() as? [String: Any])
        let drawn = try #require(shown["entities"] as? [[String: Any]])
        #expect(!drawn.isEmpty)
        #expect(drawn.allSatisfy { ($0["inspectors"] as? [String])?.count ?? 0 >= 2 })
        let sampling = try #require(report["sampling"] as? [[String: Any]])
        #expect(sampling.first { $0["rule"] as? String == "S01" }?["inspected"] as? Int == drawn.count)

        // An inspector pool, with leave past and to come.
        let pool = try Self.list(d, "inspector", "list")
        #expect(pool.count == (try Self.rows(d, "inspectors.csv").count))
        let leave = try Self.list(d, "inspector", "leave", "list")
        #expect(leave.contains { ($0["to"] as? String ?? "") < today })
        #expect(leave.contains { ($0["from"] as? String ?? "") > today })

        // Next month's visits applied: on its working days, each by two inspectors of the pool, none on leave.
        let nextMonth = "2027-01"
        let visits = try Self.list(d, "plan", "visits")
        let next = visits.filter { ($0["date"] as? String)?.hasPrefix(nextMonth) == true }
        #expect(next.count >= 10, "\(visits.count) visits")
        for v in next {
            let date = try #require(v["date"] as? String)
            let team = try #require(v["inspectors"] as? [String])
            #expect(team.count >= 2)
            #expect(!leave.contains { team.contains($0["inspector"] as? String ?? "") && ($0["from"] as? String ?? "") <= date && date <= ($0["to"] as? String ?? "") },
                    "\(v)")
        }
        #expect(visits.contains { ($0["date"] as? String)?.hasPrefix(String(today.prefix(7))) == true }, "this month's visits too")

        // The history is loaded once: a second replay records nothing.
        let again = try Self.replay(d).standardOutput
        #expect(again.contains("already has"), "\(again)")
        #expect(try Self.list(d, "inspector", "list").count == pool.count)
    }

    /// On an earlier day (`scripts/demo --now …`), the rows dated later are skipped and the rest load.
    @Test func anEarlierDayLoadsTheHistoryUpToIt() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-04-15T09:00")
        let out = try Self.replay(d).standardOutput
        #expect(out.contains("skipped"), "\(out)")
        let inspections = try Self.list(d, "inspection", "list")
        let expected = try Self.rows(d, "inspections.csv").filter { $0[0] <= "2026-04-15" }.count
        #expect(inspections.count == expected)
        #expect(try Self.list(d, "plan", "draws").count == 3)
        #expect(try Self.list(d, "plan", "visits").contains { ($0["date"] as? String)?.hasPrefix("2026-05") == true })
    }
}
