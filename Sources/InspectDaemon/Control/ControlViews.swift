import InspectConfig
import InspectControl
import InspectCore

/// The daemon's values as the interface shows them, from the given state (on the state queue, or
/// off it on a copy).
extension DaemonState {
    /// An obligation with its entity, title, supervisor and the stage the notice run announces
    /// (the lists reflect the notice stages); `reminders`: with its reminder days (calendar feeds
    /// ask for them: computing them for every item of a streamed province list cost a third of
    /// its rate); `dueText`: `o.due` as text, when the caller has it (a page shares it among the
    /// items due the same day).
    func view(_ o: Obligation, reminders: Bool = false, dueText: String? = nil) -> Control.Obligation {
        let entity = snapshot.entities[o.entityID] ?? Entity(id: o.entityID, name: o.entityID, kind: "", jurisdiction: "")
        let rule = lookups.rule(o.ruleID)
        let stage = rule.flatMap { policy.stage(of: o, rule: $0, today: snapshot.today)?.stage }
        var v = Control.Obligation(o, entity: entity, title: rule?.title ?? o.ruleID,
                                   supervisorName: lookups.supervisorName(entity.supervisor), notice: stage, dueText: dueText)
        // Before today's notice run, a stage reached only today is not announced yet: it is the
        // stage of the last working day (when the last run was) that the lists show as announced.
        if let stage, let rule, !notices.announced(today: snapshot.today) {
            let before = configuration.calendar.subtractingWorkingDays(1, from: snapshot.today)
            var then = o
            if o.status.isOpen { then.status = .on(before, due: o.due, remindFrom: o.remindFrom, required: o.required, done: o.done) }
            if policy.stage(of: then, rule: rule, today: before)?.stage != stage { v.noticePending = true }
        }
        if reminders, let rule, !rule.remind.isEmpty { v.reminders = rule.remind.map { $0.start(before: o.due, in: configuration.calendar).iso } }
        return v
    }

    /// A deadline with the stage its notice announces at `now`.
    func view(_ d: TrackedDeadline, now: LocalDateTime) -> Control.TrackedDeadlineView {
        let rule = configuration.rules.deadlines.first { $0.id == d.ruleID }
        let entity = snapshot.entities[d.entityID]
        let stage = rule.flatMap { r in entity.flatMap { e in policy.notice(for: d, rule: r, entity: e, now: now)?.stage } }
        var v = Control.TrackedDeadlineView(d, entity: entity, rule: rule, notice: stage)
        // As for obligations: before today's notice run, a stage reached only today is not
        // announced yet. The last run was on the last working day; a deadline counted in hours is
        // announced by the run of its hour, so it is left as it is.
        if let stage, let rule, let entity, d.deadline.endTime == nil, d.state.isOpen, !notices.announced(today: now.date) {
            let before = LocalDateTime(date: configuration.calendar.subtractingWorkingDays(1, from: now.date))!
            var then = d
            then.state = DeadlineTracker.state(deadline: d.deadline, met: nil, lapses: rule.lapses, remindFrom: d.remindFrom, now: before)
            if policy.notice(for: then, rule: rule, entity: entity, now: before)?.stage != stage { v.noticePending = true }
        }
        if let rule, !rule.remind.isEmpty { v.reminders = rule.remind.map { $0.start(before: d.deadline.end, in: configuration.calendar).iso } }
        return v
    }

    /// An inspection, with who recorded it.
    func view(_ i: Inspection, _ people: People) -> Control.Inspection {
        var v = Control.Inspection(i)
        v.recordedBy = people.person(i.recordedBy, configuration)
        return v
    }

    /// A lifecycle event, with who recorded it.
    func view(_ e: LifecycleEvent, _ people: People) -> Control.Event {
        var v = Control.Event(e)
        v.recordedBy = people.person(e.recordedBy, configuration)
        return v
    }

    /// An obligation as the plan shows it, with who planned it.
    func planned(_ o: Obligation, _ people: People) -> Control.PlannedObligation {
        let entity = snapshot.entities[o.entityID] ?? Entity(id: o.entityID, name: o.entityID, kind: "", jurisdiction: "")
        var view = Control.PlannedObligation(o, entity: entity, title: lookups.rule(o.ruleID)?.title ?? o.ruleID)
        view.plannedBy = snapshot.plans[o.key].flatMap { people.person($0.setBy, configuration) }
        return view
    }

    /// Whom an office's lists cover (`office` of a list request); refused, naming the known
    /// offices, when nobody belongs to it.
    func officeMembers(_ office: String) throws -> (ids: [String], unassigned: Bool) {
        guard let m = configuration.members(ofOffice: office) else {
            throw ControlFailure.invalid("office", ControlReason(.unknownOffice, office, configuration.offices.joined(separator: ", ")))
        }
        return m
    }
}
