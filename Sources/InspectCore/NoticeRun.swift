/// One notice run, decided purely: given the open obligations and deadlines, the rules, the
/// directory and "now", every notice the run calls for. The daemon sends what is new among them;
/// `inspectctl simulate` replays runs over future days with the same function, so a preview
/// shows exactly what the daemon will send.
public enum NoticeRun {
    /// - Parameters:
    ///   - urgentOnly: only deadlines counted in hours (E04's 24-hour transfer): they go out at
    ///     once, outside the notice hour and on non-working days too.
    ///   - managers: supervisor ids of the office's managers, copied on overdue items and escalations.
    ///   - repeatOverdueEvery: repeat overdue notices every this many working days (`nil`: once).
    public static func decide(obligations: [Obligation], deadlines: [TrackedDeadline], entities: [String: Entity], rules: RuleSet,
                              calendar: WorkCalendar, now: LocalDateTime, managers: [String], urgentOnly: Bool = false,
                              repeatOverdueEvery: Int? = nil) -> [Notice] {
        let today = now.date
        var decided: [Notice] = []
        if !urgentOnly {
            for o in obligations where o.status.isOpen {
                guard let rule = rules.obligationRule(o.ruleID), let entity = entities[o.entityID],
                      let n = NoticePlanner.notice(for: o, rule: rule, entity: entity, calendar: calendar, today: today,
                                                   repeatOverdueEvery: repeatOverdueEvery) else { continue }
                decided.append(n)
            }
        }
        for d in deadlines where d.state.isOpen && (!urgentOnly || d.deadline.endTime != nil) {
            guard let rule = rules.deadlines.first(where: { $0.id == d.ruleID }), let entity = entities[d.entityID],
                  let n = NoticePlanner.notice(for: d, rule: rule, entity: entity, calendar: calendar, now: now,
                                               repeatOverdueEvery: repeatOverdueEvery) else { continue }
            decided.append(n)
        }
        if !managers.isEmpty {
            for i in decided.indices where decided[i].kind == .overdue || decided[i].kind == .escalated {
                decided[i].copyTo = managers.filter { $0 != decided[i].supervisor }
            }
        }
        return decided
    }
}
