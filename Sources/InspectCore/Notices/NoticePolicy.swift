/// How notices are decided, as one value: the rules, the working-day calendar, the supervisors
/// (and through them the managers an overdue or escalated notice is copied to), how often an
/// overdue notice is repeated, and the minute of the day the daily run goes out. Built once from
/// the configuration, so that these travel together instead of as five arguments of every call.
public struct NoticePolicy: Sendable {
    public var rules: RuleSet
    public var calendar: WorkCalendar
    public var supervisors: [Supervisor]
    /// Repeat overdue notices every this many working days (`nil`: once).
    public var repeatOverdueEvery: Int?
    /// The local minute of the day of the daily notice run (`notice_time`).
    public var noticeMinute: Int
    /// The deadlines' rules over the calendar.
    public let tracker: DeadlineTracker

    public init(rules: RuleSet, calendar: WorkCalendar, supervisors: [Supervisor], repeatOverdueEvery: Int?, noticeMinute: Int) {
        self.rules = rules
        self.calendar = calendar
        self.supervisors = supervisors
        self.repeatOverdueEvery = repeatOverdueEvery
        self.noticeMinute = noticeMinute
        tracker = DeadlineTracker(rules: rules.deadlines, calendar: calendar)
    }

    /// Whether the daily run goes out at this local day and minute: from the notice time on, on
    /// working days. Outside it only deadlines in hours are announced (urgent ones).
    public func isNoticeTime(_ day: CivilDate, minute: Int) -> Bool {
        minute >= noticeMinute && calendar.isWorkingDay(day)
    }

    /// The local time of the daily run on `day`.
    public func noticeTime(on day: CivilDate) -> LocalDateTime? {
        LocalDateTime(date: day, hour: noticeMinute / 60, minute: noticeMinute % 60)
    }

    /// One run's notices (``NoticeRun/decide(obligations:deadlines:entity:rules:calendar:now:supervisors:urgentOnly:repeatOverdueEvery:)``).
    public func decide(obligations: [Obligation], deadlines: [TrackedDeadline], entity: (String) -> Entity?, now: LocalDateTime,
                       urgentOnly: Bool = false) -> [Notice] {
        NoticeRun.decide(obligations: obligations, deadlines: deadlines, entity: entity, rules: rules, calendar: calendar, now: now,
                         supervisors: supervisors, urgentOnly: urgentOnly, repeatOverdueEvery: repeatOverdueEvery)
    }

    /// The stage an obligation's notice announces today (the lists show it too).
    public func stage(of o: Obligation, rule: any ObligationRule, today: CivilDate) -> (kind: NoticeKind, stage: String)? {
        NoticePlanner.stage(of: o, rule: rule, calendar: calendar, today: today, repeatOverdueEvery: repeatOverdueEvery)
    }

    /// A deadline's notice at `now`, if it calls for one.
    public func notice(for d: TrackedDeadline, rule: DeadlineRule, entity: Entity, now: LocalDateTime) -> Notice? {
        NoticePlanner.notice(for: d, rule: rule, entity: entity, calendar: calendar, now: now, repeatOverdueEvery: repeatOverdueEvery)
    }
}
