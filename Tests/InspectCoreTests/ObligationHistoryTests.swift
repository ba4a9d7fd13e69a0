import InspectCore
import Testing

@Suite struct ObligationHistoryTests {
    func obligation(_ label: String, required: Int, done: Int, due: String) throws -> Obligation {
        let d = try #require(CivilDate(iso: due))
        let p = try #require(CalendarPeriod(label: label))
        return Obligation(ruleID: "C01", entityID: "E", period: ObligationWindow(p), due: d, remindFrom: d, required: required,
                          done: done, lastDone: nil, status: .pending, provisional: false)
    }

    @Test func frozenDefinitionsOverrideAndSurviveRuleChanges() throws {
        let today = try #require(CivilDate(iso: "2026-03-10"))
        let old = FrozenObligation(try obligation("2026-02", required: 1, done: 1, due: "2026-02-27"))
        let gone = FrozenObligation(try obligation("2026-01", required: 1, done: 0, due: "2026-01-30"))
        // The new rule asks 2 per month and no longer produces January (e.g. a later `since`).
        let computed = [try obligation("2026-02", required: 2, done: 1, due: "2026-02-28"), try obligation("2026-03", required: 2, done: 0, due: "2026-03-31")]
        let merged = ObligationHistory.merge(computed, frozen: [old, gone], today: today)
        let feb = try #require(merged.first { $0.period.label == "2026-02" })
        #expect(feb.required == 1)
        #expect(feb.due.iso == "2026-02-27")
        #expect(feb.status == .met)
        #expect(merged.first { $0.period.label == "2026-03" }?.required == 2)
        let jan = try #require(merged.first { $0.period.label == "2026-01" })
        #expect(jan.status == .overdue)
        #expect(merged.count == 3)
        #expect(ObligationHistory.merge(computed, frozen: [], today: today) == computed)
    }
}
