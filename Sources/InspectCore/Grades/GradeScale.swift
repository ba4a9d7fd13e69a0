/// A named grading scale (RULES.md §7): the classification of 小额贷款公司 down to V(1)/V(2) (G01),
/// the 民间融资服务公司 分类评级 I–III (G02), the credit grade of 民办职业培训学校 (G03), the
/// enforcement assessment 优秀–不合格 (G04), the supervisory measures of G05 and the credit-risk
/// classes A–D (N03). Levels are ordered best → worst; a level's `id` is what `Entity.grade` and
/// `SubjectFilter.grades` hold.
public struct GradeScale: Hashable, Sendable {
    public struct Level: Hashable, Sendable {
        /// The value stored as the entity's grade, e.g. `V(1)`, `I`, `一级`, `A`.
        public var id: String
        /// The level's name in the source, e.g. `优秀`; `nil` when the id says it all.
        public var label: String?

        public init(id: String, label: String? = nil) { self.id = id; self.label = label }

        /// `一级（优秀）` or `V(1)`.
        public var display: String { label.map { "\(id)（\($0)）" } ?? id }
    }

    /// The scale's id (by convention its RULES.md row: `G01`, …, `N03`).
    public var id: String
    public var name: String
    /// The RULES.md ids the scale implements.
    public var source: [String]
    /// The entity kinds graded on this scale.
    public var kinds: Set<String>
    /// Best first.
    public var levels: [Level]
    /// How often grades are given (G02, G04: yearly), when the source says.
    public var per: PeriodUnit?
    /// The legal basis (依据) quoted when a grade is shown or explained.
    public var basis: String

    public init(id: String, name: String, source: [String], kinds: Set<String>, levels: [Level], per: PeriodUnit? = nil, basis: String) {
        self.id = id; self.name = name; self.source = source; self.kinds = kinds; self.levels = levels; self.per = per; self.basis = basis
    }

    /// The level's position, 0 = best; `nil` for a level not on this scale.
    public func rank(of level: String) -> Int? { levels.firstIndex { $0.id == level } }

    public func contains(_ level: String) -> Bool { rank(of: level) != nil }

    public func level(_ id: String) -> Level? { levels.first { $0.id == id } }

    /// Whether `level` is the same as or worse than `target` (an escalation to `target` would not
    /// change it). A level that is not on the scale (or none) is never at or below anything.
    public func isAtOrBelow(_ level: String?, _ target: String) -> Bool {
        guard let level, let a = rank(of: level), let b = rank(of: target) else { return false }
        return a >= b
    }

    /// Whether `a` is strictly better than `b` (both on the scale).
    public func isBetter(_ a: String, than b: String) -> Bool {
        guard let x = rank(of: a), let y = rank(of: b) else { return false }
        return x < y
    }

    public func applies(to entity: Entity) -> Bool { kinds.contains(entity.kind) }
}
