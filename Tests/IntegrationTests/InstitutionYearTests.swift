import Foundation
import Testing

/// A year in the life of one 小额贷款公司 (LS-ML-002) through the daemon: its annual audit, an
/// inspection that finds problems, a rectification that runs late, the escalation to V(1) and
/// intensified supervision (RULES.md G01), inspections under it, the late report and its
/// verification, and the recovery to an ordinary grade.
@Suite("a year of an institution's life")
struct InstitutionYearTests {
    @Test func auditRectificationEscalationIntensifiedSupervisionAndRecovery() throws {
        let d = try DaemonFixture()
        let id = "LS-ML-002"
        func obligations(_ rule: String) throws -> [String: String] {
            let show = try #require(try d.ctl("entity", "show", id, "--json").json() as? [String: Any])
            var out: [String: String] = [:]
            for o in show["obligations"] as? [[String: Any]] ?? [] where o["rule"] as? String == rule {
                out[o["period"] as? String ?? "?"] = o["status"] as? String
            }
            return out
        }
        func deadline(_ rule: String) throws -> [String: Any]? {
            try #require(try d.ctl("deadlines", "--entity", id, "--json").json() as? [[String: Any]]).first { $0["rule"] as? String == rule }
        }

        // March: the annual audit (C04, city and county together) and an inspection with findings.
        try d.start(now: "2026-03-12T09:00")
        #expect(try d.ctl("inspection", "record", "--entity", id, "--date", "2026-03-10", "--kind", "audit", "--inspectors", "审计甲,审计乙").exitCode == 0)
        #expect(try obligations("C04")["2026"] == "met")
        #expect(try d.ctl("inspection", "record", "--entity", id, "--date", "2026-03-12", "--kind", "onsite", "--inspectors", "张伟,王芳",
                          "--findings", "贷款五级分类不准确").exitCode == 0)
        #expect(try d.ctl("rectification", "order", "--entity", id, "--date", "2026-03-12", "--rule", "D01", "--id", "R-ML2").exitCode == 0)
        #expect(try deadline("D01")?["due"] as? String == "2026-05-12")
        #expect(try obligations("G01").isEmpty)
        #expect(try d.stop() == .exited(0))

        // 13 May: the rectification is overdue → V(1), intensified supervision from May.
        try d.start(now: "2026-05-13T09:00")
        #expect(try deadline("D01")?["state"] as? String == "overdue")
        let show = try #require(try d.ctl("entity", "show", id, "--json").json() as? [String: Any])
        #expect((show["entity"] as? [String: Any])?["grade"] as? String == "V(1)")
        #expect(try obligations("G01") == ["2026-05": "pending", "2026-06": "pending"])
        #expect(try d.noticeLog().contains { $0["kind"] as? String == "escalated" && $0["entity"] as? String == id })
        #expect(try d.stop() == .exited(0))

        // Under intensified supervision: May's on-site inspection; the late report and its verification.
        try d.start(now: "2026-06-05T09:00")
        #expect(try d.ctl("inspection", "record", "--entity", id, "--date", "2026-05-20", "--kind", "onsite", "--inspectors", "张伟,李娜").exitCode == 0)
        #expect(try obligations("G01")["2026-05"] == "met")
        #expect(try d.ctl("rectification", "report", "R-ML2", "--entity", id, "--date", "2026-06-01").exitCode == 0)
        #expect(try d.ctl("rectification", "verify", "R-ML2", "--entity", id, "--date", "2026-06-05", "--accepted").exitCode == 0)
        let d01 = try #require(try d.ctl("deadlines", "--entity", id, "--json").json() as? [[String: Any]])
        #expect(!d01.contains { $0["rule"] as? String == "D01" }, "met deadlines are no longer open")
        let list = try #require(try d.ctl("rectification", "list", "--entity", id, "--json").json() as? [[String: Any]])
        #expect(list.first { $0["rule"] as? String == "D01" }?["state"] as? String == "met-late-20d")
        #expect(try d.stop() == .exited(0))

        // July: re-rated after the follow-up; the ordinary cadence again, history intact.
        try d.start(now: "2026-07-01T09:00")
        #expect(try d.ctl("grade", "set", id, "III", "--reason", "整改验收合格，复评为III级").exitCode == 0)
        let g01 = try obligations("G01")
        #expect(g01["2026-05"] == "met")
        #expect(g01["2026-06"] == "overdue", "June was owed under V(1) and stays owed")
        #expect(g01["2026-07"] == nil)
        let history = try #require(try d.ctl("grade", "history", id, "--json").json() as? [[String: Any]])
        #expect(history.compactMap { $0["level"] as? String } == ["V(1)", "III"])
        #expect(try d.stop() == .exited(0))
    }
}
