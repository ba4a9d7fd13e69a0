/// The pure scheduling function: given rules, an entity, its recorded facts, the managers' plans,
/// the working-day calendar and "today", the obligations the entity owes. No I/O, no clock.
public struct ObligationSchedule: Sendable {
    public var rules: RuleSet { didSet { index = RuleIndex(rules) } }
    public var calendar: WorkCalendar
    /// Obligations are tracked from the period containing this date (config `schedule.since`):
    /// periods before it are not reported even when nothing was recorded.
    public var since: CivilDate
    /// The enabled rules by entity kind, so that an entity is only matched against the rules about
    /// its kind (a directory is mostly employers, which few cadence rules are about).
    private var index: RuleIndex

    public init(rules: RuleSet, calendar: WorkCalendar, since: CivilDate) {
        self.rules = rules; self.calendar = calendar; self.since = since
        self.index = RuleIndex(rules)
    }

    /// Indices into `rules.cadences` and `rules.followUps` of the enabled rules about each kind, ascending.
    private struct RuleIndex: Sendable {
        var cadences: [String: [Int]] = [:]
        var followUps: [String: [Int]] = [:]
        init(_ rules: RuleSet) {
            for (i, r) in rules.cadences.enumerated() where r.enabled { for k in r.subject.kinds { cadences[k, default: []].append(i) } }
            for (i, r) in rules.followUps.enumerated() where r.enabled { for k in r.subject.kinds { followUps[k, default: []].append(i) } }
        }
    }

    public init(rules: [CadenceRule], calendar: WorkCalendar, since: CivilDate) {
        self.init(rules: RuleSet(cadences: rules), calendar: calendar, since: since)
    }

    /// How far ahead a period that has not begun yet is shown (a month: next month's monthly
    /// obligations are visible all this month; next year's annual ones from 1 December).
    public static let lookaheadDays = 31

    /// Every obligation of `entity`: for calendar quotas, from the period containing `since` (or its
    /// approval, if later) up to the period containing `today`, and the next period once it begins
    /// within `lookaheadDays`; for intervals, each interval from approval on and the open one; for
    /// follow-up deadlines, one per triggering fact.
    ///
    /// - Parameters:
    ///   - facts: the entity's recorded facts (inspections, filings, …), in any order.
    ///   - plans: managers' plans and waivers, by obligation key.
    ///   - through: plan ahead: include every calendar period up to the one containing this day
    ///     (statuses are still those of `today`). `nil`: the current period and the look-ahead.
    ///   - gradeOn: the entity's grade on a day, when its grade history is known: a rule that
    ///     depends on grade (G01 intensified supervision) applies to a calendar period only if the
    ///     grade in force at the period's end (or today, for the current period) matches.
    public func obligations(of entity: Entity, inspections facts: [Inspection], plans: [String: ObligationPlan] = [:],
                            today: CivilDate, through: CivilDate? = nil, gradeOn: ((CivilDate) -> String?)? = nil) -> [Obligation] {
        var result: [Obligation] = []
        // Only the rules about the entity's kind, in rule order, read in place (iterating
        // `rules.cadences` by value copied every rule, a dozen reference counts, for every entity).
        let cadenceCandidates = index.cadences[entity.kind] ?? []
        let followUpCandidates = index.followUps[entity.kind] ?? []
        if cadenceCandidates.isEmpty && followUpCandidates.isEmpty { return result }
        let own = facts.filter { $0.entityID == entity.id && $0.date <= today }.sorted { $0.date < $1.date }
        let cadences = rules.cadences
        var current = entity
        if let gradeOn { current.grade = gradeOn(today) ?? entity.grade }
        for i in cadenceCandidates where cadences[i].enabled {
            let rule = cadences[i]
            if let gradeOn, case .quota(let q) = rule.cadence, rule.subject.grades != nil || !rule.subject.gradesExcept.isEmpty {
                // Per period: the grade in force then.
                var periods: [Obligation] = []
                appendQuota(rule, q, entity: entity, facts: own, today: today, through: through, into: &periods)
                for o in periods {
                    var then = entity
                    then.grade = gradeOn(min(o.period.end, today)) ?? entity.grade
                    if rule.subject.matches(then) { result.append(o) }
                }
                continue
            }
            guard rule.subject.matches(current) else { continue }
            switch cadences[i].cadence {
            case .quota(let q): appendQuota(cadences[i], q, entity: entity, facts: own, today: today, through: through, into: &result)
            case .interval(let c): appendInterval(cadences[i], c, entity: entity, facts: own, today: today, into: &result)
            }
        }
        let followUps = rules.followUps
        for i in followUpCandidates where followUps[i].subject.matches(entity) {
            appendFollowUps(followUps[i], entity: entity, facts: own, today: today, into: &result)
        }
        if !plans.isEmpty {
            for i in result.indices {
                guard let plan = plans[result[i].key] else { continue }
                result[i].planned = plan.planned
                if let reason = plan.waivedReason, result[i].status != .met {
                    result[i].waivedReason = reason
                    result[i].status = .waived
                }
            }
        }
        return result
    }

    /// The obligations of one rule for one entity.
    public func obligations(of rule: CadenceRule, entity: Entity, inspections: [Inspection], today: CivilDate) -> [Obligation] {
        ObligationSchedule(rules: RuleSet(cadences: [rule]), calendar: calendar, since: since)
            .obligations(of: entity, inspections: inspections, today: today)
    }

    func make(_ ruleID: String, _ entity: Entity, window: ObligationWindow, due: CivilDate, remind: [LeadTime], required: Int,
              allowed: Int?, facts: [Inspection], today: CivilDate) -> Obligation {
        var done = 0
        var lastDone: CivilDate?
        var completedOn: CivilDate?
        for f in facts where window.contains(f.date) {
            done += 1
            lastDone = f.date
            if done == required { completedOn = f.date }
        }
        var remindFrom = due                     // the earliest lead time's start, without building an array
        if let first = remind.first {
            remindFrom = first.start(before: due, in: calendar)
            for r in remind.dropFirst() { remindFrom = min(remindFrom, r.start(before: due, in: calendar)) }
        }
        var o = Obligation(ruleID: ruleID, entityID: entity.id, period: window, due: due, remindFrom: remindFrom,
                           required: required, allowed: allowed, done: done, lastDone: lastDone,
                           status: .on(today, due: due, remindFrom: remindFrom, required: required, done: done),
                           provisional: calendar.isProvisional(due))
        o.completedOn = completedOn
        return o
    }

    private func appendQuota(_ rule: CadenceRule, _ q: Quota, entity: Entity, facts: [Inspection], today: CivilDate, through: CivilDate?,
                             into result: inout [Obligation]) {
        var first = CalendarPeriod(unit: q.per, containing: since)
        if let approved = entity.approvedOn, approved > first.start {
            first = CalendarPeriod(unit: q.per, containing: approved)
        }
        // The current period, and the next one once it begins within `lookaheadDays`.
        var last = CalendarPeriod(unit: q.per, containing: today)
        if last.next.start <= today.adding(days: Self.lookaheadDays) { last = last.next }
        if let through, through > last.end { last = CalendarPeriod(unit: q.per, containing: through) }
        guard first <= last else { return }
        let qualifying = facts.filter(rule.counts)
        var period = first
        while period <= last {
            defer { period = period.next }
            guard rule.subject.eligibility.isEligible(entity, in: period) else { continue }
            let due: CivilDate
            if let before = q.dueBefore {
                due = calendar.previousWorkingDay(before: before.firstOccurrence(after: period.start))
            } else {
                due = calendar.lastWorkingDay(in: period)
            }
            result.append(make(rule.id, entity, window: ObligationWindow(period), due: due, remind: rule.remind,
                               required: q.atLeast, allowed: q.atMost, facts: qualifying, today: today))
        }
    }

    /// Intervals: the first runs from approval (or the start of tracking), each next one from the
    /// fact that met the previous; the last one is open until a qualifying fact is recorded.
    private func appendInterval(_ rule: CadenceRule, _ i: IntervalCadence, entity: Entity, facts: [Inspection], today: CivilDate, into result: inout [Obligation]) {
        let qualifying = facts.filter(rule.counts)
        var anchor = entity.approvedOn ?? since
        var length = i.first ?? i.every
        // Facts before tracking starts still anchor the chain: the last one before `since`.
        if let lastBefore = qualifying.last(where: { $0.date < since }), entity.approvedOn.map({ lastBefore.date > $0 }) ?? true {
            anchor = lastBefore.date; length = i.every
        }
        var later = qualifying.filter { $0.date > anchor }[...]
        for _ in 0..<10_000 {
            let due = calendar.add(length, to: anchor).end
            let next = later.first
            let window = ObligationWindow(start: anchor.adding(days: 1), end: max(due, next?.date ?? due), label: "from-\(anchor.iso)")
            var o = make(rule.id, entity, window: window, due: due, remind: rule.remind, required: 1, allowed: nil,
                         facts: next.map { [$0] } ?? [], today: today)
            if due >= since || o.status.isOpen { result.append(o) } else { o.status = .met }
            guard let n = next else { return }
            anchor = n.date
            length = i.every
            later = later.dropFirst()
        }
    }

    /// Follow-up deadlines: one per triggering fact since tracking started.
    private func appendFollowUps(_ rule: FollowUpRule, entity: Entity, facts: [Inspection], today: CivilDate, into result: inout [Obligation]) {
        for trigger in facts where rule.after.contains(trigger.kind) && trigger.date >= since {
            let deadline = calendar.add(rule.within, to: trigger.date)
            let meeting = facts.filter { rule.counts.contains($0.kind) && $0.date >= trigger.date }
            let window = ObligationWindow(start: trigger.date, end: max(deadline.end, meeting.first?.date ?? deadline.end),
                                          label: "after-\(trigger.kind)-\(trigger.date.iso)" + (trigger.id.map { "-\($0)" } ?? ""))
            var o = make(rule.id, entity, window: window, due: deadline.end, remind: rule.remind, required: 1, allowed: nil,
                         facts: meeting.prefix(1).map { $0 }, today: today)
            o.provisional = deadline.provisional
            result.append(o)
        }
    }
}
