import InspectCore
import Testing

/// Visits applied before their reasons were stored as codes kept the English sentence; reading it
/// back into clauses lets every reader see it in their own language.
@Suite("an applied visit's English reason read back as clauses")
struct PlanReasonParseTests {
    /// One clause of each shape, with values like the planner's (dates, counts, ids, Chinese names).
    static let samples: [PlanReason] = [
        PlanReason(.due, "2026-04-30"),
        PlanReason(.leastLoadedDay, "2026-04-01", "2026-04-30"),
        PlanReason(.pinned, "2026-04-10"),
        PlanReason(.drawnTeam),
        PlanReason(.combined, "3"),
        PlanReason(.notInDirectory, "LS-PFS-009"),
        PlanReason(.pinPassed, "2026-03-01"),
        PlanReason(.pinNotWorkingDay, "2026-04-04"),
        PlanReason(.dueBeforeFirstDay, "2026-03-31", "2026-04-01"),
        PlanReason(.noOnTimeDay, "2026-04-01", "2026-04-03"),
        PlanReason(.noCapacity, "2", "LS-ML-002", "兰山区, microloan", "2026-04-01", "2026-04-30"),
        PlanReason(.capacityShort, "1"),
        PlanReason(.capacityShort, "4"),
        PlanReason(.drawnTeamBarred, "I1, I2", "LS-EMP-003", "兰山区", "employer"),
        PlanReason(.nobodyCovers, "罗庄区", "financing-guarantee"),
        PlanReason(.allInConflict, "兰山区", "I1, I3", "LS-PFS-001"),
        PlanReason(.teamTooSmall, "2", "1", "LS-PFS-001", "I2"),
    ]

    @Test func everyShapeComesBack() {
        for clause in Self.samples {
            #expect(PlanReason.parse(sentence: clause.english) == [clause], "\(clause.english)")
        }
        #expect(Set(Self.samples.map(\.code)) == Set(PlanReason.Code.allCases), "a sample of every code")
    }

    @Test func sentencesOfSeveralClausesComeBackInOrder() {
        let visit = [PlanReason(.due, "2026-04-30"), PlanReason(.leastLoadedDay, "2026-04-01", "2026-04-30"), PlanReason(.combined, "2")]
        #expect(PlanReason.parse(sentence: PlanReason.sentence(visit)) == visit)
        let unplaced = [PlanReason(.dueBeforeFirstDay, "2026-03-31", "2026-04-01"), PlanReason(.capacityShort, "1")]
        #expect(PlanReason.parse(sentence: PlanReason.sentence(unplaced)) == unplaced)
        // A clause with "; " of its own, between two others.
        let pin = [PlanReason(.due, "2026-04-30"), PlanReason(.pinPassed, "2026-03-01"), PlanReason(.capacityShort, "2")]
        #expect(PlanReason.parse(sentence: PlanReason.sentence(pin)) == pin)
        #expect(PlanReason.parse(sentence: PlanReason.sentence(unplaced)) == unplaced)
    }

    /// A sentence the planner did not write is not guessed at: the reader sees it as it is.
    @Test func otherSentencesAreNotGuessed() {
        #expect(PlanReason.parse(sentence: "") == nil)
        #expect(PlanReason.parse(sentence: "manager's choice") == nil)
        #expect(PlanReason.parse(sentence: "due 2026-04-30; and something else") == nil)
        #expect(PlanReason.parse(sentence: "due 2026-04-30 extra; capacity short") == nil)
    }
}
