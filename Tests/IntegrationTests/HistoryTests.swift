import Foundation
import Testing

/// A reload that changes a rule does not rewrite history: closed periods keep what they demanded.
@Suite("history across rule changes")
struct HistoryTests {
    @Test func closedPeriodsKeepTheOldRuleOpenOnesFollowTheNew() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        func c01(_ period: String) throws -> [String: Any]? {
            let r = try d.ctl("entity", "show", "LS-PFS-001", "--json")
            guard r.exitCode == 0 else { Issue.record("entity show: \(r)"); return nil }
            let show = try #require(try r.json() as? [String: Any])
            return (show["obligations"] as? [[String: Any]])?.first { $0["rule"] as? String == "C01" && $0["period"] as? String == period }
        }
        #expect(try c01("2026-02")?["required"] as? Int == 1)

        try d.editConfig("rules/financial.yaml", replacing: "cadence: { at_least: 1, per: month }", with: "cadence: { at_least: 2, per: month }")
        #expect(try d.ctl("reload").exitCode == 0)
        #expect(try c01("2026-01")?["required"] as? Int == 1)
        #expect(try c01("2026-02")?["required"] as? Int == 1)
        #expect(try c01("2026-03")?["required"] as? Int == 2)
        #expect(try c01("2026-04")?["required"] as? Int == 2)

        // Kept across a restart, and a second change does not overwrite what was frozen first.
        #expect(try d.stop() == .exited(0))
        try d.editConfig("rules/financial.yaml", replacing: "cadence: { at_least: 2, per: month }", with: "cadence: { at_least: 3, per: month }")
        try d.start(now: "2026-04-02T09:00")
        #expect(try c01("2026-02")?["required"] as? Int == 1)
        #expect(try c01("2026-04")?["required"] as? Int == 3)
        #expect(try d.stop() == .exited(0))
    }
}
