import InspectCore
import InspectStore
import Testing

/// An applied visit's reason: stored as clauses since v22, read back as clauses from the sentence
/// for visits applied before (the column is empty for them), so they too are said in Chinese.
@Suite struct VisitReasonsTests {
    let d = CivilDate(iso: "2026-04-01")!

    func visit(_ entity: String, reason: [PlanReason], storeClauses: Bool) -> PlannedVisitRecord {
        var v = PlannedVisitRecord(date: d, entity: entity, jurisdiction: "兰山区", obligations: ["C01/\(entity)/2026-04"], inspectors: ["I1", "I2"],
                                   due: d.adding(days: 29), reason: PlanReason.sentence(reason), appliedAt: 1, appliedBy: 0)
        if storeClauses { v.reasons = reason }
        return v
    }

    @Test(arguments: StoreBackend.allCases) func visitsAppliedBeforeClausesWereKeptReadBackAsClauses(_ backend: StoreBackend) throws {
        let store = try StorePlace(backend).open()
        let clauses = [PlanReason(.due, "2026-04-30"), PlanReason(.leastLoadedDay, "2026-04-01", "2026-04-30"), PlanReason(.combined, "2")]
        let old = visit("LS-OLD", reason: clauses, storeClauses: false)
        var odd = visit("LS-ODD", reason: [], storeClauses: false)
        odd.reason = "chosen by hand"
        _ = try store.recordVisits([visit("LS-NEW", reason: clauses, storeClauses: true), old, odd])
        let read = Dictionary(uniqueKeysWithValues: try store.visits().map { ($0.entity, $0) })
        #expect(read["LS-NEW"]?.reasons == clauses)
        #expect(read["LS-OLD"]?.reasons == clauses, "the sentence read back as its clauses")
        #expect(read["LS-ODD"]?.reasons == [], "a sentence the planner did not write stays a sentence")
        #expect(read["LS-ODD"]?.reason == "chosen by hand")
    }
}
