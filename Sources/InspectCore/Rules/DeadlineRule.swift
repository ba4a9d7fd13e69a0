/// A deadline that an event starts (RULES.md §4–§6): "rectification results within 2 months of
/// the notice" (D01), "investigation within 60 working days of filing, extendable once by 30"
/// (E01), "transfer within 3 working days, urgent within 24 hours" (E04).
public struct DeadlineRule: Hashable, Sendable {
    public var id: String
    public var title: String
    public var source: [String]
    public var enabled: Bool
    /// The event kind that starts the clock, e.g. `case.filed`.
    public var starts: String
    /// Conditions on the starting event's attributes (e.g. `rule: D01`, `outcome: clean`).
    public var when: [String: String]
    /// The subject's stream must also hold one of these kinds (E03: only supervised cases).
    public var requires: [String]
    public var within: DeadlineLength
    /// For urgent events (`urgent: yes`), a shorter limit (E04: 24h).
    public var urgentWithin: LegalPeriod?
    /// The event kinds that meet it (the first one after the start).
    public var metBy: [String]
    public var extension_: DeadlineExtension?
    /// A period granted to the other party: on expiry it lapses (P04: silence counts as no
    /// objection) instead of becoming overdue.
    public var lapses: Bool
    public var remind: [LeadTime]
    public var basis: String
    public var noticeTemplate: String? = nil

    public init(id: String, title: String, source: [String], enabled: Bool = true, starts: String, when: [String: String] = [:],
                requires: [String] = [], within: DeadlineLength, urgentWithin: LegalPeriod? = nil, metBy: [String],
                extension_: DeadlineExtension? = nil, lapses: Bool = false, remind: [LeadTime] = [], basis: String) {
        self.id = id; self.title = title; self.source = source; self.enabled = enabled; self.starts = starts; self.when = when
        self.requires = requires; self.within = within; self.urgentWithin = urgentWithin; self.metBy = metBy
        self.extension_ = extension_; self.lapses = lapses; self.remind = remind; self.basis = basis
    }
}

/// How long a deadline runs.
public enum DeadlineLength: Hashable, Sendable, CustomStringConvertible {
    /// A legal period from the start (民法典 第二百零一—二百零三条).
    case period(LegalPeriod)
    /// A date set on the starting event (`deadline` attribute: D03 限期, E02 挂牌督办), at most `atMost` after the start.
    case setOnEvent(atMost: LegalPeriod?)

    public var description: String {
        switch self {
        case .period(let p): "\(p)"
        case .setOnEvent(let m): "set on the order" + (m.map { " (at most \($0))" } ?? "")
        }
    }
}

/// How a deadline may be extended (E01: once by 30 working days with approval; E02: requested at
/// least 15 days before the deadline, by at most 30 days).
public struct DeadlineExtension: Hashable, Sendable {
    /// A fixed extension (E01: 30wd); `nil` when the request says how long (`by` attribute).
    public var by: LegalPeriod?
    /// The longest extension a request may ask for (E02: 30d).
    public var atMost: LegalPeriod?
    /// How many extensions are allowed.
    public var max: Int
    /// The request must come at least this long before the deadline (E02: 15d).
    public var requestBefore: LegalPeriod?
    /// An approval reference is required.
    public var approval: Bool

    public init(by: LegalPeriod? = nil, atMost: LegalPeriod? = nil, max: Int = 1, requestBefore: LegalPeriod? = nil, approval: Bool = false) {
        self.by = by; self.atMost = atMost; self.max = max; self.requestBefore = requestBefore; self.approval = approval
    }
}

extension DeadlineRule: ObligationRule {}
