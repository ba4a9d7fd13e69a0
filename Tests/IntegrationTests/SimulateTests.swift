import Foundation
import Testing

/// `inspectctl simulate` previews exactly what the daemon then really sends over the same window.
@Suite("simulate")
struct SimulateTests {
    @Test func theSimulationEqualsWhatTheDaemonThenSends() throws {
        let d = try DaemonFixture()
        // Before the notice hour: nothing sent yet.
        try d.start(now: "2026-03-27T08:00")
        #expect(try d.noticeLog().isEmpty)
        // A case with an urgent transfer falling on the weekend, to include urgent notices.
        #expect(try d.ctl("case", "file", "--entity", "LS-EMP-001", "--date", "2026-03-20", "--id", "CASE-S").exitCode == 0)
        #expect(try d.ctl("case", "transfer", "CASE-S", "--entity", "LS-EMP-001", "--date", "2026-03-27T07:00", "--urgent").exitCode == 0)
        // The urgent transfer is announced at once, before the notice hour.
        let already = try d.noticeLog()
        #expect(already.count == 1 && already.first?["rule"] as? String == "E04")
        let simulated = try #require(try d.ctl("simulate", "--from", "2026-03-27", "--to", "2026-04-01", "--json").json() as? [[String: Any]])
        #expect(!simulated.isEmpty)
        #expect(try d.noticeLog().count == already.count, "simulate sends nothing")
        #expect(try d.ctl("simulate", "--from", "2026-03-27", "--to", "2026-04-01").stdout.contains("notices"))
        #expect(try d.ctl("simulate", "--from", "2026-04-01", "--to", "2026-03-27").exitCode == 65)
        #expect(try d.stop() == .exited(0))

        // Now run the daemon through the same days, each day after the notice hour.
        for day in ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31", "2026-04-01"] {
            try d.start(now: "\(day)T09:00")
            let stopped = try d.stop()
            #expect(stopped == .exited(0), "\(day): \(stopped)\n\(d.lastStandardError)")
        }
        let sent = try d.noticeLog()
        func pairs(_ list: [[String: Any]]) -> Set<String> {
            Set(list.map { "\($0["day"] as? String ?? "?") \($0["key"] as? String ?? "?")" })
        }
        let expected = pairs(already).union(pairs(simulated))
        #expect(pairs(sent) == expected, "only simulated: \(expected.subtracting(pairs(sent)).sorted().prefix(5)); only sent: \(pairs(sent).subtracting(expected).sorted().prefix(5))")
        // Nothing on the weekend but the urgent transfer.
        #expect(sent.filter { ["2026-03-28", "2026-03-29"].contains($0["day"] as? String ?? "") }.allSatisfy { $0["rule"] as? String == "E04" })
    }

    @Test func theSimulationIncludesEscalationsAndTheirEffect() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-05-11T08:00")
        // D01: 2 months from 12 March → due 12 May; overdue on 13 May → V(1) (G01-V1).
        #expect(try d.ctl("rectification", "order", "--entity", "LS-ML-002", "--date", "2026-03-12", "--rule", "D01").exitCode == 0)
        let already = try d.noticeLog()
        let simulated = try #require(try d.ctl("simulate", "--from", "2026-05-11", "--to", "2026-05-15", "--json").json() as? [[String: Any]])
        let escalated = simulated.filter { $0["kind"] as? String == "escalated" }
        #expect(escalated.count == 1, "\(escalated)")
        #expect(escalated.first?["day"] as? String == "2026-05-13")
        #expect(escalated.first?["entity"] as? String == "LS-ML-002")
        #expect(try d.stop() == .exited(0))
        for day in ["2026-05-11", "2026-05-12", "2026-05-13", "2026-05-14", "2026-05-15"] {
            try d.start(now: "\(day)T09:00")
            #expect(try d.stop() == .exited(0))
        }
        func pairs(_ list: [[String: Any]]) -> Set<String> {
            Set(list.map { "\($0["day"] as? String ?? "?") \($0["key"] as? String ?? "?")" })
        }
        let expected = pairs(already).union(pairs(simulated))
        let sent = pairs(try d.noticeLog())
        #expect(sent == expected, "only simulated: \(expected.subtracting(sent).sorted().prefix(5)); only sent: \(sent.subtracting(expected).sorted().prefix(5))")
    }
}
