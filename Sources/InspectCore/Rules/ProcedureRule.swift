/// A procedural constraint on recording an inspection (RULES.md P01: an on-site inspection needs
/// at least two inspectors, 行政处罚法 第四十二条; P02: the unit is notified 3 days before, except
/// for the unannounced kinds of P03).
public struct ProcedureRule: Hashable, Sendable {
    public var id: String
    public var title: String
    public var source: [String]
    public var enabled: Bool
    /// Fact kinds the constraint applies to, e.g. `onsite`.
    public var kinds: Set<String>
    public var minInspectors: Int
    /// Only inspections of entities of these kinds (P02: social insurance fund units); `nil`: all.
    public var subjectKinds: Set<String>? = nil
    /// The unit must be notified at least this many days before (P02: 3).
    public var noticeDaysBefore: Int? = nil
    /// Kinds that may be unannounced (P03: ad-hoc inspections, special audits).
    public var unannouncedKinds: Set<String> = []
    public var basis: String

    public init(id: String, title: String, source: [String], enabled: Bool = true, kinds: Set<String>, minInspectors: Int, basis: String) {
        self.id = id; self.title = title; self.source = source; self.enabled = enabled; self.kinds = kinds
        self.minInspectors = minInspectors; self.basis = basis
    }

    /// A reason to refuse `fact` about `entity`, or `nil` when it satisfies the constraint.
    public func violation(_ fact: Inspection, entity: Entity? = nil) -> String? { refusal(fact, entity: entity)?.reason }

    /// The violation with the field of the record it concerns: `inspectors` (P01) or
    /// `advance_notice` (P02).
    public func refusal(_ fact: Inspection, entity: Entity? = nil) -> Refusal? {
        guard enabled, kinds.contains(fact.kind) else { return nil }
        if let subjectKinds, let entity, !subjectKinds.contains(entity.kind) { return nil }
        let distinct = Set(fact.inspectors.filter { !$0.allSatisfy(\.isWhitespace) })
        if distinct.count < minInspectors {
            return Refusal("inspectors", .tooFewInspectors, title, "\(minInspectors)", "\(distinct.count)", source.joined(separator: ", "))
        }
        if let days = noticeDaysBefore, !unannouncedKinds.contains(fact.kind) {
            guard let notice = fact.advanceNotice else {
                return Refusal("advance_notice", .noticeRequired, title, "\(days)", unannouncedKinds.sorted().joined(separator: ", "), source.joined(separator: ", "))
            }
            if notice.days(to: fact.date) < days {
                return Refusal("advance_notice", .noticeTooLate, title, notice.iso, "\(notice.days(to: fact.date))", fact.date.iso, "\(days)", source.joined(separator: ", "))
            }
        }
        return nil
    }
}
