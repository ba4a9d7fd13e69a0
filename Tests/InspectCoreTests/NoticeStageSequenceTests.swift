import InspectCore
import Testing

/// The stages a deadline and an obligation pass through, day by day, across the 2026 National Day
/// and Mid-Autumn holidays with their make-up working days (国办发明电〔2025〕7号: 国庆节
/// 10-01…10-07, make-up Sunday 09-20 and Saturday 10-10; 中秋节 09-25…09-27) — issue 6.
@Suite struct NoticeStageSequenceTests {
    let calendar: WorkCalendar
    let firm = Entity(id: "F1", name: "汇通", kind: "private-financing-service", jurisdiction: "兰山区", supervisor: "S01")

    init() throws { calendar = try CalendarFixtures.calendar() }

    func deadlineRule(_ within: LegalPeriod, remind: [LeadTime] = []) -> DeadlineRule {
        DeadlineRule(id: "T1", title: "整改", source: ["D01"], starts: "rectification.ordered", within: .period(within),
                     metBy: ["rectification.completed"], remind: remind, basis: "依据")
    }

    /// The notice key (stage) the deadline calls for at `now`, nil when none.
    func stage(_ rule: DeadlineRule, startedAt start: String, on now: String) throws -> Notice? {
        let event = LifecycleEvent(subject: "R1", entityID: "F1", kind: "rectification.ordered", at: try #require(LocalDateTime(iso: start)))
        let at = try #require(LocalDateTime(iso: now))
        let d = try #require(DeadlineTracker(rules: [rule], calendar: calendar).deadlines(of: [event], now: at).first)
        return NoticePlanner.notice(for: d, rule: rule, entity: firm, calendar: calendar, now: at)
    }

    @Test("a 5-working-day deadline across 国庆节: reminders, the make-up Saturday counted, due, overdue")
    func workingDayDeadlineAcrossNationalDay() throws {
        let rule = deadlineRule(.workingDays(5), remind: [.workingDays(2), .workingDays(1)])
        // From Tuesday 29 September: 09-30 (1), 10-08 (2), 10-09 (3), Saturday 10-10 (4, make-up), 10-12 (5).
        let sequence = try ["2026-09-30", "2026-10-01", "2026-10-08", "2026-10-09", "2026-10-10", "2026-10-11", "2026-10-12", "2026-10-13", "2026-10-20"]
            .map { try stage(rule, startedAt: "2026-09-29T10:00", on: $0 + "T09:00")?.stage ?? "-" }
        #expect(sequence == ["-", "-", "-", "reminder-2wd", "reminder-1wd", "reminder-1wd", "due", "overdue", "overdue"])
        let due = try #require(try stage(rule, startedAt: "2026-09-29T10:00", on: "2026-10-12T09:00"))
        #expect(due.due.iso == "2026-10-12")
        #expect(due.key == "T1/R1/due")
    }

    @Test("an obligation's stages across 中秋节 and the make-up Sunday before it")
    func obligationAcrossMidAutumn() throws {
        let rule = ObligationScheduleTests.rule("C01", per: .month, remind: [.workingDays(5), .workingDays(1)])
        let schedule = ObligationSchedule(rules: [rule], calendar: calendar, since: try day("2026-09-01"))
        func stage(on date: String) throws -> String {
            let today = try day(date)
            let o = try #require(schedule.obligations(of: firm, inspections: [], today: today).first { $0.period.label == "2026-09" })
            return NoticePlanner.notice(for: o, rule: rule, entity: firm, calendar: calendar, today: today)?.stage ?? "-"
        }
        // Due Wednesday 30 September; 5 working days before: 09-29, 09-28, 09-24, 09-23, 09-22
        // (09-25…09-27 are 中秋节; the make-up Sunday 09-20 is before the window).
        let days = ["2026-09-18", "2026-09-20", "2026-09-21", "2026-09-22", "2026-09-25", "2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08"]
        #expect(try days.map(stage(on:)) == ["-", "-", "-", "reminder-5wd", "reminder-5wd", "reminder-5wd", "reminder-1wd", "due", "overdue"])
    }

    @Test("an item due on a holiday is announced on the working day before, once")
    func dueOnAHolidayIsAnnouncedTheWorkingDayBefore() throws {
        // 48 hours from Wednesday 30 September 15:00 end on Friday 2 October 15:00, in 国庆节.
        let rule = deadlineRule(.hours(48))
        let early = try #require(try stage(rule, startedAt: "2026-09-30T15:00", on: "2026-09-30T16:00"))
        #expect(early.kind == .due)
        #expect(early.key == "T1/R1/due")
        #expect(early.message.contains("将于 2026-10-02T15:00"))
        // On the day itself the stage is the same notice (same key): the outbox drops it.
        #expect(try stage(rule, startedAt: "2026-09-30T15:00", on: "2026-10-02T08:00")?.key == "T1/R1/due")
        // Due on the make-up Saturday 10 October, a working day: announced that day, not before.
        #expect(try stage(rule, startedAt: "2026-10-08T10:00", on: "2026-10-09T16:00") == nil)
        #expect(try stage(rule, startedAt: "2026-10-08T10:00", on: "2026-10-10T08:00")?.message.contains("今日") == true)
    }

    @Test("the early announcement window: from the working day before a rest day's due date until it")
    func earlyWindow() throws {
        func early(_ due: String, _ today: String) throws -> Bool {
            NoticePlanner.announcesDueEarly(due: try day(due), today: try day(today), calendar: calendar)
        }
        #expect(try early("2026-10-03", "2026-09-30"))
        #expect(try early("2026-10-03", "2026-10-02"))
        #expect(try !early("2026-10-03", "2026-09-29"))
        #expect(try !early("2026-10-03", "2026-10-03"))
        #expect(try !early("2026-10-10", "2026-10-09"))  // a make-up working day is not a rest day
        #expect(try early("2026-10-11", "2026-10-10"))   // Sunday after the make-up Saturday
        #expect(try !early("2026-10-11", "2026-10-09"))
    }
}

/// Who is copied on overdue and escalated notices: the managers of the supervisor's office (issue 6).
@Suite struct ManagerCopyTests {
    let supervisors = [
        Supervisor(id: "A1", name: "甲", office: "兰山区金融办"), Supervisor(id: "AM", name: "甲负责人", office: "兰山区金融办", isManager: true),
        Supervisor(id: "B1", name: "乙", office: "罗庄区金融办"), Supervisor(id: "BM", name: "乙负责人", office: "罗庄区金融办", isManager: true),
        Supervisor(id: "C1", name: "丙", office: "河东区金融办"),
    ]

    func notice(_ kind: NoticeKind, supervisor: String?) throws -> Notice {
        let d = try day("2026-03-31")
        return Notice(key: "k-\(kind)-\(supervisor ?? "none")", kind: kind, stage: kind.rawValue, entityID: "E", entityName: "E", ruleID: "C01",
                      source: ["C01"], period: "2026-03", due: d, supervisor: supervisor, day: d, message: "m", basis: "b")
    }

    @Test func overdueAndEscalatedGoToTheirOfficesManagerOnly() throws {
        var notices = [try notice(.overdue, supervisor: "A1"), try notice(.escalated, supervisor: "B1"), try notice(.due, supervisor: "A1"),
                       try notice(.overdue, supervisor: "AM")]
        NoticeRun.addManagerCopies(to: &notices, supervisors: supervisors)
        #expect(notices.map(\.copyTo) == [["AM"], ["BM"], nil, []])
    }

    @Test func anOfficeWithoutAManagerOrAnEntityWithoutASupervisorCopiesEveryManager() throws {
        var notices = [try notice(.overdue, supervisor: "C1"), try notice(.overdue, supervisor: nil), try notice(.overdue, supervisor: "unknown")]
        NoticeRun.addManagerCopies(to: &notices, supervisors: supervisors)
        #expect(notices.map(\.copyTo) == [["AM", "BM"], ["AM", "BM"], ["AM", "BM"]])
    }
}
