/// A calendar-period cadence (频次): the actor must carry out at least `atLeast` qualifying
/// actions about each subject entity in every `per` period (RULES.md §1, e.g. C01 "at least once
/// per month per institution").
public struct CadenceRule: Hashable, Sendable {
    public var id: String
    public var title: String
    /// RULES.md ids this rule implements, e.g. `["C01"]`.
    public var source: [String]
    /// Who must act: one level, or several acting together (C04: the city and county offices
    /// with the audit department). An inspection by any of them counts.
    public var actors: [Authority]
    /// About whom: entity kinds (RULES.md §9).
    public var subjectKinds: Set<String>
    public var eligibility: Eligibility
    /// What must be done, e.g. `onsite-inspection`, `annual-audit`.
    public var action: String
    /// Recorded inspection kinds that satisfy the rule.
    public var counts: Set<String>
    public var atLeast: Int
    public var per: PeriodUnit
    /// Reminder lead times before the due date, e.g. `[7wd, 1wd]`.
    public var remind: [LeadTime]
    /// The legal text cited in notices (依据).
    public var basis: String

    public init(id: String, title: String, source: [String], actors: [Authority], subjectKinds: Set<String>,
                eligibility: Eligibility = .always, action: String, counts: Set<String>, atLeast: Int,
                per: PeriodUnit, remind: [LeadTime], basis: String) {
        self.id = id; self.title = title; self.source = source; self.actors = actors; self.subjectKinds = subjectKinds
        self.eligibility = eligibility; self.action = action; self.counts = counts; self.atLeast = atLeast
        self.per = per; self.remind = remind; self.basis = basis
    }

    public func applies(to entity: Entity) -> Bool { subjectKinds.contains(entity.kind) }

    /// Whether an inspection counts towards this rule.
    public func counts(_ inspection: Inspection) -> Bool {
        counts.contains(inspection.kind) && actors.contains(inspection.authority)
    }
}

/// Who is subject to a rule in a given period, beyond its kind.
public enum Eligibility: Hashable, Sendable {
    /// From the period that contains the approval date on.
    case always
    /// Only entities approved before 1 January of the period's year (RULES.md C04: 小额贷款公司
    /// "approved before 1 January of the year" undergo the annual audit).
    case approvedBeforeYearStart

    public func isEligible(_ entity: Entity, in period: CalendarPeriod) -> Bool {
        guard let approved = entity.approvedOn else { return true }
        switch self {
        case .always: return approved <= period.end
        case .approvedBeforeYearStart: return approved < CivilDate.firstOfMonth(year: period.year, month: 1)
        }
    }
}
