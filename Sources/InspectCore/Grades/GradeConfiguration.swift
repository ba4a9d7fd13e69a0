/// The grading part of a configuration (`config/grades.yaml`): the scales (RULES.md G01–G05,
/// N03), the escalation rules and the risk model. Empty when the file is absent.
public struct GradeConfiguration: Hashable, Sendable {
    public var scales: [GradeScale]
    public var escalations: [EscalationRule]
    public var risk: RiskModel

    public init(scales: [GradeScale] = [], escalations: [EscalationRule] = [], risk: RiskModel = .empty) {
        self.scales = scales; self.escalations = escalations; self.risk = risk
    }

    public static let empty = GradeConfiguration()

    public var isEmpty: Bool { scales.isEmpty && escalations.isEmpty && risk.signals.isEmpty }

    public func scale(_ id: String) -> GradeScale? { scales.first { $0.id == id } }

    /// The scale an entity kind is graded on (the one whose level `Entity.grade` holds): the first
    /// scale listing the kind.
    public func scale(forKind kind: String) -> GradeScale? { scales.first { $0.kinds.contains(kind) } }

    public var engine: EscalationEngine { EscalationEngine(rules: escalations, scales: scales) }

    /// The entity with `grade` set to its current level on its kind's scale on `day` (from the
    /// history; the directory's grade when nothing was assigned), so that grade-dependent cadence
    /// rules (G01) apply from the day a grade takes effect.
    public func graded(_ entity: Entity, history: GradeHistory, on day: CivilDate) -> Entity {
        guard let scale = scale(forKind: entity.kind) else { return entity }
        var e = entity
        e.grade = history.level(scale: scale.id, on: day, fallback: entity.grade)
        return e
    }

    /// Obligations of grade-dependent cadence rules (`subject.grades`, e.g. G01 重点监管) only for
    /// windows in which the entity held one of those grades on some day: `ObligationSchedule`
    /// matches the grade of today against every period, so a V(1) given on 2026-05-13 would
    /// otherwise owe (overdue) monthly G01 inspections for January–April too. Other obligations
    /// pass unchanged. `entity` is the directory entry (its `grade` the directory grade, used for
    /// days before the first assignment), not the `graded(_:history:on:)` one.
    public func inForce(_ obligations: [Obligation], of entity: Entity, history: GradeHistory, rules: [CadenceRule]) -> [Obligation] {
        guard let scale = scale(forKind: entity.kind) else { return obligations }
        let byID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return obligations.filter { o in
            guard let grades = byID[o.ruleID]?.subject.grades else { return true }
            return !history.levels(scale: scale.id, from: o.period.start, through: o.period.end, fallback: entity.grade).isDisjoint(with: grades)
        }
    }
}
