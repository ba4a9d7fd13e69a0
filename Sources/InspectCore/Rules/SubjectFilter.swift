/// About whom a rule is (监管对象): entity kinds, optionally narrowed to some ids, jurisdictions
/// or grades, and an eligibility condition in time.
///
/// Grade filters make grade-dependent supervision data, not code (RULES.md G01: intensified
/// supervision, 重点监管, for V(1)/V(2) is a second rule with `grades: [V(1), V(2)]` and a higher
/// cadence, while the ordinary rule says `grades_except: [V(1), V(2)]`).
public struct SubjectFilter: Hashable, Sendable {
    public var kinds: Set<String>
    public var ids: Set<String>?
    public var jurisdictions: Set<String>?
    /// Only entities whose current grade is one of these.
    public var grades: Set<String>?
    /// Not entities whose current grade is one of these.
    public var gradesExcept: Set<String>
    public var eligibility: Eligibility

    public init(kinds: Set<String>, ids: Set<String>? = nil, jurisdictions: Set<String>? = nil, grades: Set<String>? = nil,
                gradesExcept: Set<String> = [], eligibility: Eligibility = .always) {
        self.kinds = kinds; self.ids = ids; self.jurisdictions = jurisdictions; self.grades = grades
        self.gradesExcept = gradesExcept; self.eligibility = eligibility
    }

    /// Whether the rule is about `entity` at all (period-independent part).
    public func matches(_ entity: Entity) -> Bool {
        guard kinds.contains(entity.kind) else { return false }
        if let ids, !ids.contains(entity.id) { return false }
        if let jurisdictions, !jurisdictions.contains(entity.jurisdiction) { return false }
        if let grades, !(entity.grade.map(grades.contains) ?? false) { return false }
        if let g = entity.grade, gradesExcept.contains(g) { return false }
        return true
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
