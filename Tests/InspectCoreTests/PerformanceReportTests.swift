import InspectCore
import Testing

/// The manager's report (issue 14): each obligation counted once by its status, lateness in
/// working days under the holiday calendar, groups and months, and slices merged as one pass.
@Suite struct PerformanceReportTests {
    static func obligation(_ entity: String, due: String, status: ObligationStatus, completed: String? = nil, waived: String? = nil,
                           rule: String = "C01") throws -> Obligation {
        let d = try day(due)
        var o = Obligation(ruleID: rule, entityID: entity, period: ObligationWindow(start: CivilDate.firstOfMonth(year: d.year, month: d.month), end: d,
                                                                                 label: String(due.prefix(7))),
                           due: d, remindFrom: d, required: 1, done: status == .met ? 1 : 0, lastDone: nil, status: status, provisional: false,
                           waivedReason: waived)
        o.completedOn = try completed.map { try day($0) }
        return o
    }

    @Test func eachObligationCountedOnceByItsStatus() throws {
        let calendar = try CalendarFixtures.calendar()
        var t = ObligationTally()
        // Due Monday 2026-09-28; met Monday 2026-10-12: the National Day holiday 10-01…10-07 in
        // between and the make-up Saturday 10-10 (config/calendar/2026.yaml) — working days after
        // the due date: 09-29, 09-30, 10-08, 10-09, 10-10, 10-12 = 6 (8 by the plain week).
        for o in [
            try Self.obligation("A", due: "2026-09-28", status: .met, completed: "2026-09-25"),
            try Self.obligation("B", due: "2026-09-28", status: .met, completed: "2026-10-12"),
            try Self.obligation("C", due: "2026-09-28", status: .overdue),
            try Self.obligation("D", due: "2026-12-31", status: .pending),
            try Self.obligation("E", due: "2026-09-28", status: .waived, waived: "停业"),
            try Self.obligation("F", due: "2026-09-28", status: .waived, waived: "停业"),
        ] { t.add(o, calendar: calendar) }
        #expect(t.due == 6 && t.metOnTime == 1 && t.metLate == 1 && t.overdue == 1 && t.open == 1 && t.waived == 2)
        #expect(t.lateWorkingDays == calendar.workingDays(after: try day("2026-09-28"), through: try day("2026-10-12")))
        #expect(t.lateWorkingDays == 6)
        #expect(t.waivedReasons == ["停业": 2])
        #expect(t.completion == 0.5 && t.onTime == 0.25)
        #expect(ObligationTally().completion == nil, "nothing due: no rate, not 0 %")
    }

    @Test func groupsMonthsAndSlicesAgreeWithOnePass() throws {
        let calendar = try CalendarFixtures.calendar()
        var all: [Obligation] = []
        let statuses: [ObligationStatus] = [.met, .overdue, .pending, .waived, .met, .dueSoon]
        for i in 0..<120 {
            let month = 1 + i % 12
            let due = CivilDate.lastOfMonth(year: 2026, month: month).iso
            all.append(try Self.obligation("E\(i % 7)", due: due, status: statuses[i % statuses.count], completed: i % 5 == 0 ? due : nil,
                                           waived: statuses[i % statuses.count] == .waived ? "r\(i % 2)" : nil, rule: "R\(i % 3)"))
        }
        let from = try day("2026-02-01"), to = try day("2026-07-31")
        let key: (Obligation) -> (key: String, label: String) = { ($0.entityID, $0.entityID) }
        let one = PerformanceReport.tally(all, from: from, to: to, calendar: calendar, group: key)
        let inPeriod = all.filter { $0.due >= from && $0.due <= to }
        #expect(one.total.due == inPeriod.count)
        #expect(one.groups.map(\.obligations.due).reduce(0, +) == inPeriod.count)
        #expect(one.months.map(\.key) == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"])
        #expect(one.months.map(\.obligations.due).reduce(0, +) == inPeriod.count)
        for g in one.groups {
            #expect(g.obligations.due == inPeriod.filter { $0.entityID == g.key }.count)
            #expect(g.obligations.overdue == inPeriod.filter { $0.entityID == g.key && $0.status == .overdue }.count)
        }
        // Three slices tallied apart and merged: the same figures.
        let parts = [all[0..<40], all[40..<90], all[90...]].map { PerformanceReport.tally(Array($0), from: from, to: to, calendar: calendar, group: key) }
        let merged = PerformanceReport.merge(parts)
        #expect(merged.total == one.total)
        #expect(merged.groups == one.groups)
        #expect(merged.months == one.months)
    }

    @Test func quotasFromSizeAndPopulation() {
        let members = (0..<37).map { SampleMember(id: "M\($0)", grade: $0 % 3 == 0 ? "A" : "B", industry: $0 % 2 == 0 ? "制造业" : "建筑业") }
        #expect(PerformanceReport.quota(.range(min: 2, max: 3), population: members, unit: .entity) == (2, 3))
        #expect(PerformanceReport.quota(.percent(20), population: members, unit: .entity) == (8, 8))  // ⌈7.4⌉
        #expect(PerformanceReport.quota(.range(min: 1, max: 2), population: members, unit: .industry) == (1, 2))
        #expect(PerformanceReport.quota(.range(min: 5, max: 9), population: Array(members.prefix(3)), unit: .entity) == (3, 3))
        let strata = PerformanceReport.quota(.strata(["A": 5, "B": 20]), population: members, unit: .entity)
        #expect(strata.min == SampleDrawing.percentOf(13, 5) + SampleDrawing.percentOf(24, 20))
    }
}
