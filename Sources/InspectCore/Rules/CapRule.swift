/// A cap (频次上限): at most N actions of some kinds about the same entity per period
/// (RULES.md K01: routine patrol inspections of the same employer at most twice a year; K02:
/// special inspections at most once). A plan or record beyond the cap is refused unless it
/// carries the exception reason, which is stored and shown.
public struct CapRule: Hashable, Sendable {
    public var id: String
    public var title: String
    public var source: [String]
    public var enabled: Bool
    public var subject: SubjectFilter
    /// The fact kinds the cap limits, e.g. `patrol`.
    public var counts: Set<String>
    public var atMost: Int
    public var per: PeriodUnit
    /// When the cap may be exceeded (e.g. 国家另有规定或有违法嫌疑的除外), quoted in the refusal.
    public var exception: String
    public var basis: String

    public init(id: String, title: String, source: [String], enabled: Bool = true, subject: SubjectFilter, counts: Set<String>,
                atMost: Int, per: PeriodUnit, exception: String, basis: String) {
        self.id = id; self.title = title; self.source = source; self.enabled = enabled; self.subject = subject
        self.counts = counts; self.atMost = atMost; self.per = per; self.exception = exception; self.basis = basis
    }

    /// The number of capped facts already in the period of `fact`, when adding `fact` would exceed
    /// the cap; `nil` when it is within the cap or the rule does not apply.
    public func excess(adding fact: Inspection, to existing: [Inspection], entity: Entity) -> Int? {
        guard enabled, subject.matches(entity), counts.contains(fact.kind) else { return nil }
        let period = CalendarPeriod(unit: per, containing: fact.date)
        let already = existing.filter { $0.entityID == fact.entityID && counts.contains($0.kind) && period.contains($0.date) }.count
        return already + 1 > atMost ? already : nil
    }
}
