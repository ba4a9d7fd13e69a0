/// One visit an open obligation still needs: an on-site inspection of its entity within its
/// period, by its legal due date. An obligation that wants two more inspections in its period is
/// two needs (they go on different days).
public struct VisitNeed: Hashable, Sendable {
    /// The obligation's key (`RULE/ENTITY/PERIOD`).
    public var obligation: String
    public var entity: String
    /// The first day an inspection counts for it (its period's start).
    public var opens: CivilDate
    /// The last day a visit is on time: the legal due date (or the period's end, if earlier).
    public var due: CivilDate
    /// A date a manager set (`plan set`): the visit goes on that day.
    public var pinned: CivilDate?
    /// The inspectors a sample draw assigned (双随机): the team is theirs.
    public var inspectors: [String]?
    /// Inspectors on site the procedure demands (P01: 2; 行政处罚法 第四十二条).
    public var minInspectors: Int

    public init(obligation: String, entity: String, opens: CivilDate, due: CivilDate, pinned: CivilDate? = nil,
                inspectors: [String]? = nil, minInspectors: Int = 2) {
        self.obligation = obligation; self.entity = entity; self.opens = opens; self.due = due; self.pinned = pinned
        self.inspectors = inspectors; self.minInspectors = minInspectors
    }

    /// The needs of open obligations that an on-site inspection by `authority` meets: one per
    /// inspection still owed. Met and waived ones, and those no visit counts for (a report, a
    /// statistical return), need none.
    public static func needs(of obligations: [Obligation], rules: RuleSet, authority: Authority, visitKind: String = "onsite",
                             minInspectors: (Entity) -> Int, entity: (String) -> Entity?,
                             inspectors drawn: (Obligation) -> [String]? = { _ in nil }) -> [VisitNeed] {
        var needs: [VisitNeed] = []
        for o in obligations where o.status.isOpen && o.waivedReason == nil {
            guard let e = entity(o.entityID), countsVisit(o.ruleID, rules: rules, kind: visitKind, authority: authority, entity: e) else { continue }
            let owed = max(0, o.required - o.done)
            let due = min(o.due, o.period.end)
            for _ in 0..<owed {
                needs.append(VisitNeed(obligation: o.key, entity: o.entityID, opens: o.period.start, due: due, pinned: o.planned,
                                       inspectors: drawn(o), minInspectors: max(1, minInspectors(e))))
            }
        }
        return needs
    }

    /// Whether an inspection of `kind` by `authority` counts for the rule `id`.
    static func countsVisit(_ id: String, rules: RuleSet, kind: String, authority: Authority, entity: Entity) -> Bool {
        let probe = Inspection(entityID: entity.id, date: CivilDate(dayNumber: 0), kind: kind, authority: authority, inspectors: [])
        if let r = rules.cadences.first(where: { $0.id == id }) { return r.counts(probe) }
        if let r = rules.followUps.first(where: { $0.id == id }) { return r.counts.contains(kind) }
        if let r = rules.samplings.first(where: { $0.id == id }) { return r.counts.contains(kind) }
        return false
    }
}
