/// One notice run, decided purely: given the open obligations and deadlines, the rules, the
/// directory and "now", every notice the run calls for. The daemon sends what is new among them;
/// `inspectctl simulate` replays runs over future days with the same function, so a preview
/// shows exactly what the daemon will send.
public enum NoticeRun {
    /// - Parameters:
    ///   - urgentOnly: only deadlines counted in hours (E04's 24-hour transfer): they go out at
    ///     once, outside the notice hour and on non-working days too.
    ///   - supervisors: the directory of supervisors: an overdue or escalated notice is copied to
    ///     the managers (`manager: true`) of its supervisor's office (所在机关), or — when that office
    ///     has none, or the entity has no supervisor — to every manager.
    ///   - repeatOverdueEvery: repeat overdue notices every this many working days (`nil`: once).
    public static func decide(obligations: [Obligation], deadlines: [TrackedDeadline], entities: [String: Entity], rules: RuleSet,
                              calendar: WorkCalendar, now: LocalDateTime, supervisors: [Supervisor], urgentOnly: Bool = false,
                              repeatOverdueEvery: Int? = nil) -> [Notice] {
        decide(obligations: obligations, deadlines: deadlines, entity: { entities[$0] }, rules: rules, calendar: calendar, now: now,
               supervisors: supervisors, urgentOnly: urgentOnly, repeatOverdueEvery: repeatOverdueEvery)
    }

    /// `decide` with the entities looked up by `entity` (the daemon keeps them in a sorted array).
    public static func decide(obligations: [Obligation], deadlines: [TrackedDeadline], entity entityOf: (String) -> Entity?, rules: RuleSet,
                              calendar: WorkCalendar, now: LocalDateTime, supervisors: [Supervisor], urgentOnly: Bool = false,
                              repeatOverdueEvery: Int? = nil) -> [Notice] {
        let today = now.date
        var decided: [Notice] = []
        if !urgentOnly {
            for o in obligations where o.status.isOpen {
                guard let rule = rules.obligationRule(o.ruleID), let entity = entityOf(o.entityID),
                      let n = NoticePlanner.notice(for: o, rule: rule, entity: entity, calendar: calendar, today: today,
                                                   repeatOverdueEvery: repeatOverdueEvery) else { continue }
                decided.append(n)
            }
        }
        for d in deadlines where d.state.isOpen && (!urgentOnly || d.deadline.endTime != nil) {
            guard let rule = rules.deadlines.first(where: { $0.id == d.ruleID }), let entity = entityOf(d.entityID),
                  let n = NoticePlanner.notice(for: d, rule: rule, entity: entity, calendar: calendar, now: now,
                                               repeatOverdueEvery: repeatOverdueEvery) else { continue }
            decided.append(n)
        }
        addManagerCopies(to: &decided, supervisors: supervisors)
        return decided
    }

    /// Copies the overdue and escalated among `notices` to the managers of the responsible office
    /// (issue 6: "for escalations and overdue items, the office's manager as well").
    public static func addManagerCopies(to notices: inout [Notice], supervisors: [Supervisor]) {
        let copies = ManagerCopies(supervisors)
        guard !copies.all.isEmpty else { return }
        for i in notices.indices where notices[i].kind == .overdue || notices[i].kind == .escalated {
            notices[i].copyTo = copies.managers(for: notices[i].supervisor).filter { $0 != notices[i].supervisor }
        }
    }
}

/// Who is copied on an overdue or escalated notice: the managers (负责人) of the supervisor's
/// office; every manager when that office has none or the entity has no supervisor, so that an
/// overdue item always reaches someone who can act on it.
struct ManagerCopies {
    let all: [String]
    private let officeOf: [String: String]
    private let byOffice: [String: [String]]

    init(_ supervisors: [Supervisor]) {
        all = supervisors.filter(\.isManager).map(\.id)
        officeOf = Dictionary(supervisors.map { ($0.id, $0.office) }, uniquingKeysWith: { a, _ in a })
        byOffice = Dictionary(grouping: supervisors.filter(\.isManager), by: \.office).mapValues { $0.map(\.id) }
    }

    func managers(for supervisor: String?) -> [String] {
        guard let s = supervisor, let office = officeOf[s], let own = byOffice[office] else { return all }
        return own
    }
}
