import InspectConfig
import InspectCore
import Testing

/// Cadence obligations (RULES.md §1) computed by the pure core, on the shipped 2025–2026 calendar.
@Suite struct ObligationScheduleTests {
    let calendar: WorkCalendar

    init() throws { calendar = try CalendarFixtures.calendar() }

    static func rule(_ id: String, per: PeriodUnit, atLeast: Int = 1, actors: [Authority] = [.county],
                     kinds: Set<String> = ["private-financing-service"], counts: Set<String> = ["onsite"],
                     eligibility: Eligibility = .always, remind: [LeadTime] = [.workingDays(5), .workingDays(1)]) -> CadenceRule {
        CadenceRule(id: id, title: id, source: [id], actors: actors, subjectKinds: kinds, eligibility: eligibility,
                    action: "onsite-inspection", counts: counts, atLeast: atLeast, per: per, remind: remind, basis: "basis of \(id)")
    }

    let firm = Entity(id: "F1", name: "汇通", kind: "private-financing-service", jurisdiction: "兰山区",
                      approvedOn: CivilDate(iso: "2020-05-01"), supervisor: "S01")

    func onsite(_ date: String, by authority: Authority = .county, entity: String = "F1") throws -> Inspection {
        Inspection(entityID: entity, date: try day(date), kind: "onsite", authority: authority, inspectors: ["A", "B"])
    }

    @Test func monthlyObligationsAreDueOnTheLastWorkingDayAndCountInspections() throws {
        let schedule = ObligationSchedule(rules: [Self.rule("C01", per: .month)], calendar: calendar, since: try day("2026-01-01"))
        let today = try day("2026-03-10")
        let list = schedule.obligations(of: firm, inspections: [try onsite("2026-02-10")], today: today)
        #expect(list.map(\.period.label) == ["2026-01", "2026-02", "2026-03", "2026-04"])
        // 31 Jan 2026 is a Saturday: due Friday 30 Jan.
        #expect(list[0].due == (try day("2026-01-30")))
        #expect(list[0].status == .overdue)
        // 28 Feb 2026 is a Saturday but a make-up working day (调休) of the Spring Festival: due that day.
        #expect(list[1].due == (try day("2026-02-28")))
        #expect(list[1].status == .met)
        #expect(list[1].done == 1)
        #expect(list[1].lastDone == (try day("2026-02-10")))
        #expect(list[2].due == (try day("2026-03-31")))
        #expect(list[2].status == .pending)
        #expect(list.allSatisfy { !$0.provisional })
    }

    @Test func aPeriodEndingInAHolidayIsDueOnTheWorkingDayBefore() throws {
        // 31 May 2025 is the first day of the Dragon Boat holiday (31 May – 2 June 2025).
        let schedule = ObligationSchedule(rules: [Self.rule("C01", per: .month)], calendar: calendar, since: try day("2025-05-01"))
        let may = try #require(schedule.obligations(of: firm, inspections: [], today: try day("2025-05-20")).first)
        #expect(may.period.label == "2025-05")
        #expect(may.due == (try day("2025-05-30")))
    }

    @Test func quarterlyObligationsCarryAcrossTheYearBoundary() throws {
        let schedule = ObligationSchedule(rules: [Self.rule("C03", per: .quarter)], calendar: calendar, since: try day("2025-10-01"))
        let list = schedule.obligations(of: firm, inspections: [try onsite("2025-11-03")], today: try day("2026-03-15"))
        #expect(list.map(\.period.label) == ["2025-Q4", "2026-Q1", "2026-Q2"])
        #expect(list[0].status == .met)
        #expect(list[0].due == (try day("2025-12-31")))
        #expect(list[1].due == (try day("2026-03-31")))
        // 5 working days before 31 March 2026 is 24 March: not yet in the reminder window on the 15th.
        #expect(list[1].remindFrom == (try day("2026-03-24")))
        #expect(list[1].status == .pending)
    }

    @Test func statusFollowsTheDayThroughReminderDueAndOverdue() throws {
        let schedule = ObligationSchedule(rules: [Self.rule("C01", per: .month)], calendar: calendar, since: try day("2026-03-01"))
        func march(on date: String) throws -> Obligation {
            try #require(schedule.obligations(of: firm, inspections: [], today: try day(date)).first { $0.period.label == "2026-03" })
        }
        #expect(try march(on: "2026-03-23").status == .pending)
        #expect(try march(on: "2026-03-24").status == .dueSoon)
        #expect(try march(on: "2026-03-31").status == .due)
        #expect(try march(on: "2026-04-01").status == .overdue)
        // A late inspection dated inside March still satisfies March.
        let late = schedule.obligations(of: firm, inspections: [try onsite("2026-03-31")], today: try day("2026-04-02"))
        #expect(late.first { $0.period.label == "2026-03" }?.status == .met)
    }

    @Test func annualObligationsAndInspectionsOnlyCountWhenTheAuthorityMatches() throws {
        let c02 = Self.rule("C02", per: .year, actors: [.city])
        let schedule = ObligationSchedule(rules: [c02], calendar: calendar, since: try day("2026-01-01"))
        let today = try day("2026-06-01")
        let byCounty = schedule.obligations(of: firm, inspections: [try onsite("2026-03-01", by: .county)], today: today)
        #expect(byCounty.count == 1)
        #expect(byCounty[0].status == .pending)
        #expect(byCounty[0].due == (try day("2026-12-31")))
        let byCity = schedule.obligations(of: firm, inspections: [try onsite("2026-03-01", by: .city)], today: today)
        #expect(byCity[0].status == .met)
    }

    @Test func inspectionsOfOtherEntitiesKindsOrFutureDatesDoNotCount() throws {
        let schedule = ObligationSchedule(rules: [Self.rule("C01", per: .month)], calendar: calendar, since: try day("2026-03-01"))
        var offsite = try onsite("2026-03-05")
        offsite.kind = "offsite"
        let list = schedule.obligations(of: firm, inspections: [try onsite("2026-03-05", entity: "F2"), offsite, try onsite("2026-03-20")],
                                        today: try day("2026-03-10"))
        #expect(list.first?.done == 0)
    }

    @Test func atLeastTwoPerPeriodNeedsTwoInspections() throws {
        let schedule = ObligationSchedule(rules: [Self.rule("C17", per: .month, atLeast: 2)], calendar: calendar, since: try day("2026-03-01"))
        let one = schedule.obligations(of: firm, inspections: [try onsite("2026-03-02")], today: try day("2026-03-10"))
        #expect(one.first?.status != .met)
        let two = schedule.obligations(of: firm, inspections: [try onsite("2026-03-02"), try onsite("2026-03-09")], today: try day("2026-03-10"))
        #expect(two.first?.status == .met)
    }

    /// RULES.md C04: only 小额贷款公司 approved before 1 January of the year are audited that year.
    @Test func c04EligibilityApprovedOn31DecemberVersus2January() throws {
        let c04 = Self.rule("C04", per: .year, actors: [.city, .county], kinds: ["microloan"], counts: ["audit"], eligibility: .approvedBeforeYearStart)
        let schedule = ObligationSchedule(rules: [c04], calendar: calendar, since: try day("2026-01-01"))
        let dec31 = Entity(id: "M1", name: "甲", kind: "microloan", jurisdiction: "兰山区", approvedOn: try day("2025-12-31"))
        let jan2 = Entity(id: "M2", name: "乙", kind: "microloan", jurisdiction: "兰山区", approvedOn: try day("2026-01-02"))
        let dec = try day("2026-12-15")
        #expect(schedule.obligations(of: dec31, inspections: [], today: dec).map(\.period.label) == ["2026", "2027"])
        // Approved in 2026: no 2026 audit; the 2027 one shows from December on.
        #expect(schedule.obligations(of: jan2, inspections: [], today: dec).map(\.period.label) == ["2027"])
        // An audit by the county counts for the joint city + county rule.
        let audit = Inspection(entityID: "M1", date: try day("2026-05-06"), kind: "audit", authority: .county, inspectors: ["A", "B"])
        #expect(schedule.obligations(of: dec31, inspections: [audit], today: dec).first?.status == .met)
    }

    @Test func obligationsStartWithTheApprovalPeriodAndIgnoreOtherKinds() throws {
        let schedule = ObligationSchedule(rules: [Self.rule("C01", per: .month)], calendar: calendar, since: try day("2026-01-01"))
        let young = Entity(id: "Y", name: "新", kind: "private-financing-service", jurisdiction: "兰山区", approvedOn: try day("2026-03-18"))
        #expect(schedule.obligations(of: young, inspections: [], today: try day("2026-04-10")).map(\.period.label) == ["2026-03", "2026-04", "2026-05"])
        let other = Entity(id: "E", name: "用人单位", kind: "employer", jurisdiction: "兰山区")
        #expect(schedule.obligations(of: other, inspections: [], today: try day("2026-04-10")).isEmpty)
    }

    @Test func dueDatesInAYearWithoutArrangementAreProvisional() throws {
        let schedule = ObligationSchedule(rules: [Self.rule("C01", per: .month)], calendar: calendar, since: try day("2027-01-01"))
        let list = schedule.obligations(of: firm, inspections: [], today: try day("2027-01-10"))
        #expect(list.first?.provisional == true)
    }
}

@Suite struct NoticePlannerTests {
    let calendar: WorkCalendar
    init() throws { calendar = try CalendarFixtures.calendar() }

    @Test func eachStageProducesItsOwnNoticeKey() throws {
        let rule = ObligationScheduleTests.rule("C01", per: .month)
        let firm = Entity(id: "F1", name: "汇通", kind: "private-financing-service", jurisdiction: "兰山区", supervisor: "S01")
        let schedule = ObligationSchedule(rules: [rule], calendar: calendar, since: try day("2026-03-01"))
        func notice(on date: String) throws -> Notice? {
            let today = try day(date)
            let o = try #require(schedule.obligations(of: firm, inspections: [], today: today).first { $0.period.label == "2026-03" })
            return NoticePlanner.notice(for: o, rule: rule, entity: firm, calendar: calendar, today: today)
        }
        #expect(try notice(on: "2026-03-20") == nil)
        #expect(try notice(on: "2026-03-24")?.key == "C01/F1/2026-03/reminder-5wd")
        #expect(try notice(on: "2026-03-26")?.key == "C01/F1/2026-03/reminder-5wd")
        // 1 working day before 31 March is 30 March: the later reminder supersedes the earlier.
        #expect(try notice(on: "2026-03-30")?.key == "C01/F1/2026-03/reminder-1wd")
        let due = try #require(try notice(on: "2026-03-31"))
        #expect(due.kind == .due)
        #expect(due.supervisor == "S01")
        #expect(due.message.contains("汇通"))
        let overdue = try #require(try notice(on: "2026-04-10"))
        #expect(overdue.kind == .overdue)
        #expect(overdue.key == "C01/F1/2026-03/overdue")
        #expect(Set(NoticeKind.allCases.map(\.messageID)).count == NoticeKind.allCases.count)
    }

    /// Overdue notices repeat every N working days when configured (issue 6), each repeat once.
    @Test func overdueNoticesRepeatEveryNWorkingDays() throws {
        let rule = ObligationScheduleTests.rule("C01", per: .month)
        let firm = Entity(id: "F1", name: "汇通", kind: "private-financing-service", jurisdiction: "兰山区", supervisor: "S01")
        let schedule = ObligationSchedule(rules: [rule], calendar: calendar, since: try day("2026-03-01"))
        func key(on date: String, every: Int?) throws -> String? {
            let today = try day(date)
            let o = try #require(schedule.obligations(of: firm, inspections: [], today: today).first { $0.period.label == "2026-03" })
            return NoticePlanner.notice(for: o, rule: rule, entity: firm, calendar: calendar, today: today, repeatOverdueEvery: every)?.key
        }
        // Due Tuesday 31 March 2026; the 5th working day after it is Wednesday 8 April
        // (1, 2, 3, 7, 8 April: Qingming 4–6 April is a holiday), the 10th is 15 April.
        #expect(try key(on: "2026-04-01", every: nil) == "C01/F1/2026-03/overdue")
        #expect(try key(on: "2026-04-20", every: nil) == "C01/F1/2026-03/overdue")
        #expect(try key(on: "2026-04-01", every: 5) == "C01/F1/2026-03/overdue")
        #expect(try key(on: "2026-04-03", every: 5) == "C01/F1/2026-03/overdue")
        #expect(try key(on: "2026-04-08", every: 5) == "C01/F1/2026-03/overdue-2")
        #expect(try key(on: "2026-04-15", every: 5) == "C01/F1/2026-03/overdue-3")
    }
}
