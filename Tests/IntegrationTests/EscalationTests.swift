import Foundation
import Testing

/// The chain of RULES.md G01 through the daemon: an overdue rectification escalates the grade to
/// V(1), the new grade's intensified cadence applies from then on (not to past months), the
/// change is a recorded fact with its cause, announced once; a manager's re-grading recovers.
@Suite("grades and escalations")
struct EscalationTests {
    @Test func overdueRectificationEscalatesAndChangesTheCadence() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-04-01T09:00")
        #expect(try d.ctl("rectification", "order", "--entity", "LS-ML-002", "--date", "2026-03-12", "--rule", "D01").exitCode == 0)
        func g01() throws -> [String] {
            let show = try #require(try d.ctl("entity", "show", "LS-ML-002", "--json").json() as? [String: Any])
            return (show["obligations"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "G01" }.compactMap { $0["period"] as? String }
        }
        #expect(try g01().isEmpty)
        #expect(try d.stop() == .exited(0))

        // D01: 2 months from 12 March → 12 May; on 13 May it is overdue → V(1).
        try d.start(now: "2026-05-13T09:00")
        let history = try #require(try d.ctl("grade", "history", "LS-ML-002", "--json").json() as? [[String: Any]])
        let v1 = try #require(history.first { $0["level"] as? String == "V(1)" })
        #expect(v1["assigned_by"] as? String == "escalation")
        #expect(v1["rule"] as? String == "G01-V1")
        #expect(v1["effective"] as? String == "2026-05-13")
        #expect((v1["causes"] as? [Int])?.isEmpty == false)
        let show = try #require(try d.ctl("entity", "show", "LS-ML-002", "--json").json() as? [String: Any])
        #expect((show["entity"] as? [String: Any])?["grade"] as? String == "V(1)")
        // Intensified supervision from May on; January–April are not rewritten.
        #expect(try g01() == ["2026-05", "2026-06"])
        let escalated = try d.noticeLog().filter { $0["kind"] as? String == "escalated" }
        #expect(escalated.count == 1)
        #expect((escalated.first?["message"] as? String)?.contains("V(1)") == true)
        // To the supervisor (S03), copied to the manager of the same office (S04, 兰山区金融办).
        #expect(escalated.first?["supervisor"] as? String == "S03")
        #expect(escalated.first?["cc"] as? [String] == ["S04"])
        #expect(try d.stop() == .exited(0))

        // A restart does not escalate again; a manager re-grades after recovery.
        try d.start(now: "2026-05-14T09:00")
        #expect(try d.noticeLog().filter { $0["kind"] as? String == "escalated" }.count == 1)
        #expect(try #require(try d.ctl("grade", "history", "LS-ML-002", "--json").json() as? [[String: Any]]).count == history.count)
        let set = try d.ctl("grade", "set", "LS-ML-002", "III", "--reason", "整改完成，复查合格")
        #expect(set.exitCode == 0, "\(set)")
        // The current period follows today's grade: no more intensified inspections owed.
        #expect(try g01().isEmpty)
        #expect(try d.ctl("grade", "set", "LS-ML-002", "VII", "--reason", "x").exitCode == 65)
        #expect(try d.ctl("grade", "set", "LS-ML-002", "II", "--reason", " ").exitCode == 65)
        let explain = try #require(try d.ctl("grade", "explain", "LS-ML-002", "--json").json() as? [String: Any])
        let contributions = try #require(explain["contributions"] as? [[String: Any]])
        #expect(contributions.compactMap { $0["points"] as? Int }.reduce(0, +) == explain["score"] as? Int)
        #expect(try d.stop() == .exited(0))
    }
}
