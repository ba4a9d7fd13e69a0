import Foundation
import Testing

/// The year's plan, planned dates and waivers, explanations, the rules list and `config check`.
@Suite("planning, explain, rules")
struct PlanningTests {
    @Test func yearPlanAsTableJSONAndCSV() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let plan = try #require(try d.ctl("plan", "2026", "--json").json() as? [String: Any])
        let obligations = try #require(plan["obligations"] as? [[String: Any]])
        // Every month of 2026 appears for a monthly C01 entity, not only the current one.
        let c01 = obligations.filter { $0["rule"] as? String == "C01" && $0["entity"] as? String == "LS-PFS-001" }
        #expect(c01.compactMap { $0["period"] as? String } == (1...12).map { String(format: "2026-%02d", $0) })
        #expect(c01.last?["due"] as? String == "2026-12-31")
        #expect(obligations.allSatisfy { ($0["due"] as? String ?? "") >= "2026-01-01" || ($0["window_end"] as? String ?? "") >= "2026-01-01" })
        let dues = obligations.compactMap { $0["due"] as? String }
        #expect(dues == dues.sorted())

        let lanshan = try #require((try d.ctl("plan", "2026", "--jurisdiction", "兰山区", "--json").json() as? [String: Any])?["obligations"] as? [[String: Any]])
        #expect(!lanshan.isEmpty && lanshan.allSatisfy { $0["jurisdiction"] as? String == "兰山区" })
        #expect(lanshan.count < obligations.count)

        let csv = try d.ctl("plan", "2026", "--csv")
        #expect(csv.exitCode == 0)
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        // (A byte-order mark precedes the header for spreadsheets; the reader here may drop it.)
        #expect(lines.first?.unicodeScalars.filter { $0 != "\u{FEFF}" }.map(String.init).joined().hasPrefix("key,due,planned") == true)
        #expect(lines.count == obligations.count + 1)

        let table = try d.ctl("plan", "2026")
        #expect(table.stdout.contains("== 2026-01 =="))
        #expect(table.stdout.contains("== 2026-12 =="))
        #expect(try d.ctl("plan", "2026", "--json", "--csv").exitCode == 64)
        #expect(try d.stop() == .exited(0))
    }

    @Test func theYearPlanShowsSampleDrawsWithTheirSeeds() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        for (id, name) in [("I1", "张三"), ("I2", "李四"), ("I3", "王五"), ("I4", "赵六")] {
            #expect(try d.ctl("inspector", "add", id, "--name", name).exitCode == 0)
        }
        let draw = try d.ctl("plan", "draw", "S01", "2026", "--seed", "42")
        #expect(draw.exitCode == 0, "\(draw)")
        let plan = try #require(try d.ctl("plan", "2026", "--json").json() as? [String: Any])
        let draws = try #require(plan["draws"] as? [[String: Any]])
        let s01 = try #require(draws.first { $0["rule"] as? String == "S01" })
        #expect(s01["seed"] as? Int == 42)
        let drawn = try #require(s01["entities"] as? [[String: Any]]).compactMap { $0["entity"] as? String }
        #expect((2...3).contains(drawn.count))
        let owed = try #require(plan["obligations"] as? [[String: Any]]).filter { $0["rule"] as? String == "S01" }
        #expect(Set(owed.compactMap { $0["entity"] as? String }) == Set(drawn))
        #expect(try d.ctl("plan", "2026").stdout.contains("== sample draws =="))
        #expect(try d.stop() == .exited(0))
    }

    @Test func plannedDatesAndWaiversAreKeptAndNeverHideTheDueDate() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let set = try d.ctl("plan", "set", "C01/LS-PFS-001/2026-04", "--date", "2026-05-06")
        #expect(set.exitCode == 0, "\(set)")
        #expect(set.stdout.contains("after the legal due date"))
        let waive = try d.ctl("plan", "waive", "C01/LS-PFS-002/2026-01", "--reason", "停业整顿，无法检查")
        #expect(waive.exitCode == 0, "\(waive)")
        #expect(try d.ctl("plan", "waive", "C01/LS-PFS-002/2026-02", "--reason", " ").exitCode == 65)
        #expect(try d.ctl("plan", "set", "C01/NOPE/2026-04", "--date", "2026-04-10").exitCode == 65)
        #expect(try d.ctl("plan", "set", "C99/LS-PFS-001/2026-04", "--date", "2026-04-10").exitCode == 65)
        // C01 is monthly: there is no quarterly obligation to plan.
        #expect(try d.ctl("plan", "set", "C01/LS-PFS-001/2026-Q2", "--date", "2026-04-10").exitCode == 65)

        func find(_ key: String) throws -> [String: Any]? {
            let plan = try #require(try d.ctl("plan", "2026", "--json").json() as? [String: Any])
            return (plan["obligations"] as? [[String: Any]])?.first { $0["key"] as? String == key }
        }
        let april = try #require(try find("C01/LS-PFS-001/2026-04"))
        #expect(april["planned"] as? String == "2026-05-06")
        #expect(april["due"] as? String == "2026-04-30")
        #expect(april["planned_after_due"] as? Bool == true)
        // A waived obligation is no longer overdue, and says why.
        let jan = try #require(try find("C01/LS-PFS-002/2026-01"))
        #expect(jan["status"] as? String == "waived")
        #expect(jan["waived_reason"] as? String == "停业整顿，无法检查")
        let overdue = try #require(try d.ctl("overdue", "--json").json() as? [[String: Any]])
        #expect(!overdue.contains { $0["entity"] as? String == "LS-PFS-002" && $0["period"] as? String == "2026-01" })

        // Kept across a restart; clearing restores the obligation.
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-25T10:00")
        #expect(try find("C01/LS-PFS-002/2026-01")?["status"] as? String == "waived")
        #expect(try d.ctl("plan", "clear", "C01/LS-PFS-002/2026-01").exitCode == 0)
        #expect(try find("C01/LS-PFS-002/2026-01")?["status"] as? String == "overdue")
        #expect(try d.stop() == .exited(0))
    }

    @Test func explainNamesTheRuleTheFactsTheDatesAndTheBasis() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        #expect(try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "A,B").exitCode == 0)
        let r = try #require(try d.ctl("explain", "LS-PFS-001", "C01", "--json").json() as? [[String: Any]])
        let march = try #require(r.first { ($0["obligation"] as? [String: Any])?["period"] as? String == "2026-03" })
        #expect((march["obligation"] as? [String: Any])?["status"] as? String == "met")
        #expect((march["counted"] as? [[String: Any]])?.first?["date"] as? String == "2026-03-20")
        #expect(((march["rule"] as? [String: Any])?["basis"] as? String)?.contains("每月") == true)
        #expect((march["rule"] as? [String: Any])?["source"] as? [String] == ["C01"])
        #expect(r.allSatisfy { ($0["rule"] as? [String: Any])?["id"] as? String == "C01" })
        let text = try d.ctl("explain", "LS-PFS-001")
        #expect(text.stdout.contains("basis:"))
        #expect(text.stdout.contains("counted: 1 of 1"))
        #expect(try d.ctl("explain", "NOPE").exitCode == 65)
        #expect(try d.ctl("explain", "LS-PFS-001", "C99").exitCode == 65)
        #expect(try d.stop() == .exited(0))
    }

    @Test func rulesListShowAndConfigCheck() throws {
        let d = try DaemonFixture()
        try d.start()
        let rules = try #require(try d.ctl("rules", "list", "--json").json() as? [[String: Any]])
        for id in ["C01", "C02", "C03", "C04", "P01"] {
            let rule = try #require(rules.first { $0["id"] as? String == id }, "\(id) missing")
            #expect((rule["source"] as? [String])?.isEmpty == false)
        }
        let c04 = try #require(try d.ctl("rules", "show", "C04", "--json").json() as? [String: Any])
        #expect(c04["source"] as? [String] == ["C04"])
        #expect(c04["who"] as? String == "city+county")
        #expect(try d.ctl("rules", "show", "C99").exitCode == 65)
        #expect(try d.ctl("rules", "list").stdout.contains("C01"))
        #expect(try d.stop() == .exited(0))

        // config check is offline: a broken copy is reported with file, line and key.
        let ok = try d.ctl(["config", "check", d.configDirectory])
        #expect(ok.exitCode == 0, "\(ok)")
        #expect(ok.stdout.contains("valid"))
        try d.editConfig("rules/financial.yaml", replacing: "per: month", with: "per: fortnight")
        let bad = try d.ctl(["config", "check", d.configDirectory])
        #expect(bad.exitCode == 65)
        #expect(bad.stderr.contains("financial.yaml:"))
        #expect(bad.stderr.contains("cadence.per"))
    }
}
