/// The pure scheduling function: given rules, an entity, its recorded inspections, the
/// working-day calendar and "today", the obligations the entity owes. No I/O, no clock.
public struct ObligationSchedule: Sendable {
    public var rules: [CadenceRule]
    public var calendar: WorkCalendar
    /// Obligations are tracked from the period containing this date (config `schedule.since`):
    /// periods before it are not reported even when nothing was recorded.
    public var since: CivilDate

    public init(rules: [CadenceRule], calendar: WorkCalendar, since: CivilDate) {
        self.rules = rules; self.calendar = calendar; self.since = since
    }

    /// How far ahead a period that has not begun yet is shown (a month: next month's monthly
    /// obligations are visible all this month; next year's annual ones from 1 December).
    public static let lookaheadDays = 31

    /// Every obligation of `entity` from the period containing `since` (or its approval, if later)
    /// up to and including the period containing `today`, and the next period once it begins
    /// within `lookaheadDays`.
    ///
    /// - Parameter inspections: the entity's inspections, in any order.
    public func obligations(of entity: Entity, inspections: [Inspection], today: CivilDate) -> [Obligation] {
        var result: [Obligation] = []
        for rule in rules where rule.applies(to: entity) {
            appendObligations(of: rule, entity: entity, inspections: inspections, today: today, into: &result)
        }
        return result
    }

    /// The obligations of one rule for one entity (see `obligations(of:inspections:today:)`).
    public func obligations(of rule: CadenceRule, entity: Entity, inspections: [Inspection], today: CivilDate) -> [Obligation] {
        var result: [Obligation] = []
        if rule.applies(to: entity) { appendObligations(of: rule, entity: entity, inspections: inspections, today: today, into: &result) }
        return result
    }

    private func appendObligations(of rule: CadenceRule, entity: Entity, inspections: [Inspection], today: CivilDate, into result: inout [Obligation]) {
        var first = CalendarPeriod(unit: rule.per, containing: since)
        if let approved = entity.approvedOn, approved > first.start {
            first = CalendarPeriod(unit: rule.per, containing: approved)
        }
        // The current period, and the next one once it begins within `lookahead` days.
        var last = CalendarPeriod(unit: rule.per, containing: today)
        if last.next.start <= today.adding(days: Self.lookaheadDays) { last = last.next }
        guard first <= last else { return }
        let qualifying = inspections.filter { $0.entityID == entity.id && rule.counts($0) }
        var period = first
        while period <= last {
            defer { period = period.next }
            guard rule.eligibility.isEligible(entity, in: period) else { continue }
            var done = 0
            var lastDone: CivilDate?
            for i in qualifying where period.contains(i.date) && i.date <= today {
                done += 1
                if lastDone.map({ i.date > $0 }) ?? true { lastDone = i.date }
            }
            let due = calendar.lastWorkingDay(in: period)
            let remindFrom = rule.remind.map { $0.start(before: due, in: calendar) }.min() ?? due
            result.append(Obligation(
                ruleID: rule.id, entityID: entity.id, period: period, due: due, remindFrom: remindFrom,
                required: rule.atLeast, done: done, lastDone: lastDone,
                status: .on(today, due: due, remindFrom: remindFrom, required: rule.atLeast, done: done),
                provisional: calendar.isProvisional(due)))
        }
    }
}
