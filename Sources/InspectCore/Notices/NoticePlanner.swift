/// Decides which notice an obligation calls for today. Pure: the shell stores the keys already
/// sent and drops the ones it has seen.
///
/// Only the most advanced stage reached today is proposed, so that a daemon that was stopped for
/// ten days announces what is now overdue once, instead of replaying every reminder it missed.
public enum NoticePlanner {
    /// The stage an open obligation has reached on `today`, or `nil` when none (pending or met).
    /// The overdue stage on `today`: `overdue`, then `overdue-2`, `overdue-3`, … every
    /// `repeatEvery` working days after the due date (config `notices.repeat_overdue`).
    public static func overdueStage(due: CivilDate, today: CivilDate, calendar: WorkCalendar, repeatEvery: Int?) -> String {
        guard let n = repeatEvery, n > 0 else { return "overdue" }
        let k = calendar.workingDays(after: due, through: today) / n
        return k == 0 ? "overdue" : "overdue-\(k + 1)"
    }

    /// Whether the due stage of an item due on `due` is announced on `today`, before the day:
    /// an item that falls due on a rest day or holiday is announced on the working day before
    /// (issue 6), when the office is still at work to act on it. Day-counted periods already end
    /// on a working day (民法典 第二百零三条, cadence periods on their last working day), so in
    /// practice this concerns deadlines counted in hours (E04's 24 hours) and any date a future
    /// rule type leaves on a holiday.
    public static func announcesDueEarly(due: CivilDate, today: CivilDate, calendar: WorkCalendar) -> Bool {
        today < due && !calendar.isWorkingDay(due) && today >= calendar.previousWorkingDay(before: due)
    }

    public static func stage(of obligation: Obligation, rule: any ObligationRule, calendar: WorkCalendar, today: CivilDate,
                             repeatOverdueEvery: Int? = nil) -> (kind: NoticeKind, stage: String)? {
        switch obligation.status {
        case .pending where announcesDueEarly(due: obligation.due, today: today, calendar: calendar): return (.due, "due")
        case .met, .waived, .pending: return nil
        case .overdue: return (.overdue, overdueStage(due: obligation.due, today: today, calendar: calendar, repeatEvery: repeatOverdueEvery))
        case .due: return (.due, "due")
        case .dueSoon:
            if announcesDueEarly(due: obligation.due, today: today, calendar: calendar) { return (.due, "due") }
            // The latest lead time whose window has started: with [7wd, 1wd], the 1wd reminder
            // supersedes the 7wd one once both have begun.
            let reached = rule.remind
                .map { (lead: $0, start: $0.start(before: obligation.due, in: calendar)) }
                .filter { $0.start <= today }
                .max { $0.start < $1.start }
            guard let reached else { return nil }
            return (.reminder, "reminder-\(reached.lead)")
        }
    }

    /// The notice for `obligation` on `today`, if its stage calls for one.
    public static func notice(for obligation: Obligation, rule: any ObligationRule, entity: Entity, calendar: WorkCalendar, today: CivilDate,
                              repeatOverdueEvery: Int? = nil) -> Notice? {
        guard let (kind, stage) = stage(of: obligation, rule: rule, calendar: calendar, today: today, repeatOverdueEvery: repeatOverdueEvery) else { return nil }
        let progress = "已完成 \(obligation.done)/\(obligation.required)"
        let when: String
        switch kind {
        case .reminder: when = "应于 \(obligation.due.iso) 前完成"
        case .due where today < obligation.due: when = "将于 \(obligation.due.iso)（休息日）到期，今日为到期前最后一个工作日"
        case .due: when = "今日（\(obligation.due.iso)）到期"
        case .overdue: when = "已于 \(obligation.due.iso) 到期，已逾期 \(obligation.due.days(to: today)) 天"
        case .rescheduled: when = "到期日调整为 \(obligation.due.iso)"
        case .escalated: when = "等级调整"
        }
        let message = text(kind, entity: entity, rule: rule, subject: " \(obligation.period.label)", when: "\(when)，\(progress)",
                           period: obligation.period.label, due: obligation.due.iso, done: obligation.done, required: obligation.required,
                           daysOverdue: obligation.due.days(to: today), provisional: obligation.provisional)
        return Notice(
            key: "\(obligation.key)/\(stage)", kind: kind, stage: stage, entityID: entity.id, entityName: entity.name,
            ruleID: rule.id, source: rule.source, period: obligation.period.label, due: obligation.due,
            supervisor: entity.supervisor, day: today, message: message, basis: rule.basis)
    }

    /// The announcement that an open obligation's provisional due date moved from `previousDue`
    /// once its year's holiday arrangement was loaded (issue 3; RULES.md §8).
    public static func rescheduled(_ obligation: Obligation, from previousDue: CivilDate, rule: any ObligationRule, entity: Entity, today: CivilDate) -> Notice {
        let message = "[\(NoticeKind.rescheduled.label)] \(entity.name)（\(entity.id)）\(rule.title) \(obligation.period.label)：按 \(obligation.due.year) 年节假日安排，到期日由 \(previousDue.iso) 调整为 \(obligation.due.iso)，已完成 \(obligation.done)/\(obligation.required)。"
        return Notice(
            key: "\(obligation.key)/rescheduled-\(obligation.due.iso)", kind: .rescheduled, stage: "rescheduled", entityID: entity.id,
            entityName: entity.name, ruleID: rule.id, source: rule.source, period: obligation.period.label, due: obligation.due,
            supervisor: entity.supervisor, day: today, message: message, basis: rule.basis)
    }

    /// The `rescheduled` notice of a running deadline whose provisional due date new holiday data
    /// moved (a case's 60 working days across 春节): announced once, like an obligation's.
    public static func rescheduled(_ d: TrackedDeadline, from previousDue: CivilDate, rule: DeadlineRule, entity: Entity, today: CivilDate) -> Notice {
        let message = "[\(NoticeKind.rescheduled.label)] \(entity.name)（\(entity.id)）\(rule.title)（\(d.subject)，\(d.started.date.iso) 起算）：按 \(d.due.year) 年节假日安排，到期日由 \(previousDue.iso) 调整为 \(d.due.iso)。"
        return Notice(
            key: "\(d.key)/rescheduled-\(d.due.iso)", kind: .rescheduled, stage: "rescheduled", entityID: entity.id,
            entityName: entity.name, ruleID: rule.id, source: rule.source, period: d.subject, due: d.due,
            supervisor: entity.supervisor, day: today, message: message, basis: rule.basis)
    }

    /// The notice a deadline started by an event (a rectification, a case, a report) calls for
    /// now: a reminder once its window starts, on its due day, and when it is overdue.
    public static func notice(for d: TrackedDeadline, rule: DeadlineRule, entity: Entity, calendar: WorkCalendar, now: LocalDateTime,
                              repeatOverdueEvery: Int? = nil) -> Notice? {
        let today = now.date
        let kind: NoticeKind, stage: String
        switch d.state {
        case .overdue: (kind, stage) = (.overdue, overdueStage(due: d.deadline.end, today: today, calendar: calendar, repeatEvery: repeatOverdueEvery))
        case .dueToday: (kind, stage) = (.due, "due")
        case .running where announcesDueEarly(due: d.deadline.end, today: today, calendar: calendar),
             .dueSoon where announcesDueEarly(due: d.deadline.end, today: today, calendar: calendar): (kind, stage) = (.due, "due")
        case .dueSoon:
            let reached = rule.remind.map { (lead: $0, start: $0.start(before: d.deadline.end, in: calendar)) }
                .filter { $0.start <= today }.max { $0.start < $1.start }
            guard let reached else { return nil }
            (kind, stage) = (.reminder, "reminder-\(reached.lead)")
        default: return nil
        }
        let dueText = d.deadline.endTime?.iso ?? d.deadline.end.iso
        let when: String
        switch kind {
        case .reminder: when = "应于 \(dueText) 前完成"
        case .due where today < d.deadline.end: when = "将于 \(dueText)（休息日）到期，请在此前办结"
        case .due: when = "今日（\(dueText)）到期"
        default: when = "已于 \(dueText) 到期"
        }
        let message = text(kind, entity: entity, rule: rule, subject: "（\(d.subject)，\(d.started.date.iso) 起算）", when: when,
                           period: d.subject, due: dueText, done: 0, required: 1, daysOverdue: d.deadline.end.days(to: today),
                           provisional: d.deadline.provisional)
        var notice = Notice(key: "\(d.key)/\(stage)", kind: kind, stage: stage, entityID: entity.id, entityName: entity.name, ruleID: rule.id,
                            source: rule.source, period: d.subject, due: d.deadline.end, supervisor: entity.supervisor, day: today,
                            message: message, basis: rule.basis)
        // A deadline counted in hours (E04's 24-hour transfer) is not held for a digest (issue 13).
        if d.deadline.endTime != nil { notice.urgent = true }
        return notice
    }

    /// A notice's text: `[label] entity（id）title subject：when。依据：citation`, or the rule's own
    /// `notice` template (rules/*.yaml) filled with the same values; a provisional date says so either way.
    static func text(_ kind: NoticeKind, entity: Entity, rule: any ObligationRule, subject: String, when: String, period: String,
                     due: String, done: Int, required: Int, daysOverdue: Int, provisional: Bool) -> String {
        let note = provisional ? "（日期为暂定：该年度节假日安排尚未发布）" : ""
        guard let template = rule.noticeTemplate else {
            return "[\(kind.label)] \(entity.name)（\(entity.id)）\(rule.title)\(subject)：\(when)\(note)。依据：\(rule.citation)"
        }
        return NoticeTemplate.render(template, values: [
            "label": kind.label, "entity": entity.id, "entity_name": entity.name, "rule": rule.id, "title": rule.title,
            "period": period, "due": due, "done": "\(done)", "required": "\(required)", "days_overdue": "\(max(0, daysOverdue))",
            "citation": rule.citation,
        ]) + note
    }

    /// The notice of an escalation: the new grade, why, the measure and any extra notice.
    public static func notice(for e: Escalation, entity: Entity, basis: String, today: CivilDate) -> Notice {
        var message = "[\(NoticeKind.escalated.label)] \(entity.name)（\(entity.id)）\(e.scale) 等级由 \(e.from ?? "未评级") 调整为 \(e.to)（\(e.effective.iso) 起）：\(e.reason)"
        if let m = e.measure { message += "；措施：\(m)" }
        if let n = e.notice { message += "；\(n)" }
        return Notice(key: "\(e.ruleID)/\(entity.id)/\(e.scale)-\(e.to)-\(e.effective.iso)", kind: .escalated, stage: "escalated",
                      entityID: entity.id, entityName: entity.name, ruleID: e.ruleID, source: [e.ruleID], period: e.scale, due: e.effective,
                      supervisor: entity.supervisor, day: today, message: message, basis: basis)
    }
}
