/// An escalation as data (RULES.md G01, G05): when one of its triggers holds for an entity of its
/// kinds, the entity's grade on `scale` becomes `target` (never an improvement: an entity already
/// at or below `target` is left alone), with the rule's reason, the facts that caused it and,
/// where the source says so, a notice (G01 V(2): 报省金融办取消试点资格).
public struct EscalationRule: Hashable, Sendable {
    public var id: String
    public var title: String
    public var source: [String]
    public var enabled: Bool
    /// The entity kinds it applies to.
    public var kinds: Set<String>
    /// The scale id and the level it escalates to.
    public var scale: String
    public var target: String
    /// Any one of these is enough.
    public var triggers: [EscalationTrigger]
    /// The source's wording of why (recorded as the assignment's reason, followed by the facts).
    public var reason: String
    /// The supervisory measure that comes with the grade, e.g. `重点监管`.
    public var measure: String?
    /// An extra notice to send when it fires (G01 V(2): report to the province).
    public var notice: String?
    public var basis: String

    public init(id: String, title: String, source: [String], enabled: Bool = true, kinds: Set<String>, scale: String, target: String,
                triggers: [EscalationTrigger], reason: String, measure: String? = nil, notice: String? = nil, basis: String) {
        self.id = id; self.title = title; self.source = source; self.enabled = enabled; self.kinds = kinds; self.scale = scale
        self.target = target; self.triggers = triggers; self.reason = reason; self.measure = measure; self.notice = notice; self.basis = basis
    }
}

/// One condition that fires an escalation.
public enum EscalationTrigger: Hashable, Sendable {
    /// A tracked deadline of one of these rules (D01–D03) is overdue.
    case deadlineOverdue(DeadlineCondition)
    /// An event of this kind, whose attributes include `when` (e.g. `inspection.obstructed`;
    /// `annual-review.concluded` with `outcome: failed`).
    case event(kind: String, when: [String: String])
    /// Events of this kind with `when` in each of `years` consecutive years (G05: two years with no
    /// guarantee business). The year is the event's `year` attribute, or else the event date's year.
    case consecutiveYears(kind: String, when: [String: String], years: Int)

    public struct DeadlineCondition: Hashable, Sendable {
        /// The deadline rule ids (D01, D02, D03).
        public var rules: Set<String>
        /// `true`: only a deadline that was extended (RULES.md G01 "the extended deadline passes");
        /// `false`: only one that was not; `nil`: either.
        public var extended: Bool?
        /// Only a deadline whose order was served while the entity already had one of these
        /// grades (G01: the 责令整改 renewed with V(1), whose deadline passes → V(2)).
        public var orderedAt: Set<String>?

        public init(rules: Set<String>, extended: Bool? = nil, orderedAt: Set<String>? = nil) {
            self.rules = rules; self.extended = extended; self.orderedAt = orderedAt
        }
    }
}
