/// A random sampling quota (抽查, 双随机、一公开): per period, draw entities (or industries) at
/// random from the eligible directory and, for each, at least two inspectors from the pool
/// (RULES.md S01–S07, N02, N03).
public struct SamplingRule: Hashable, Sendable {
    public var id: String
    public var title: String
    public var source: [String]
    public var enabled: Bool
    public var actor: Actor
    /// The population drawn from.
    public var subject: SubjectFilter
    public var action: String
    /// Fact kinds that carry out a drawn inspection.
    public var counts: Set<String>
    public var size: SampleSize
    public var per: PeriodUnit
    /// What is drawn: entities, or industries (S03: "pick 1–2 industries").
    public var unit: SampleUnit
    /// Inspectors drawn for each sampled entity (P01: at least 2).
    public var inspectorsPerEntity: Int
    /// Relative draw weight by grade (higher risk, higher chance); empty: uniform.
    public var weights: [String: Double]
    public var remind: [LeadTime]
    public var basis: String
    /// The notice text, with placeholders (see `NoticeTemplate`); `nil`: the standard text.
    public var noticeTemplate: String? = nil

    public init(id: String, title: String, source: [String], enabled: Bool = true, actor: Actor, subject: SubjectFilter,
                action: String, counts: Set<String>, size: SampleSize, per: PeriodUnit, unit: SampleUnit = .entity,
                inspectorsPerEntity: Int = 2, weights: [String: Double] = [:], remind: [LeadTime] = [], basis: String) {
        self.id = id; self.title = title; self.source = source; self.enabled = enabled; self.actor = actor
        self.subject = subject; self.action = action; self.counts = counts; self.size = size; self.per = per
        self.unit = unit; self.inspectorsPerEntity = inspectorsPerEntity; self.weights = weights; self.remind = remind
        self.basis = basis
    }
}

/// How many to draw.
public enum SampleSize: Hashable, Sendable, CustomStringConvertible {
    /// Between `min` and `max` (S01: 2–3 companies a year); the draw picks the number too.
    case range(min: Int, max: Int)
    /// At least `percent` % of the population, rounded up (S04: at least 20 % of the judges).
    case percent(Int)
    /// A percentage per grade stratum (N03: credit class A ≤ 5 %, B 5–20 %, …), rounded up.
    case strata([String: Int])

    public var description: String {
        switch self {
        case .range(let a, let b): a == b ? "\(a)" : "\(a)–\(b)"
        case .percent(let p): "≥ \(p) %"
        case .strata(let s): s.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value) %" }.joined(separator: ", ")
        }
    }
}

public enum SampleUnit: String, Hashable, Sendable, CaseIterable {
    case entity
    case industry
}
