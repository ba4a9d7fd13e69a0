/// A deadline that follows a recorded fact (RULES.md N01: inspection results are published within
/// 20 working days of being produced, 《企业信息公示暂行条例》第六条): each triggering fact opens one
/// obligation, due `within` after its date, met by a fact of a `counts` kind on or after it.
public struct FollowUpRule: Hashable, Sendable {
    public var id: String
    public var title: String
    public var source: [String]
    public var enabled: Bool
    public var actor: Actor
    public var subject: SubjectFilter
    /// Fact kinds that start the deadline, e.g. `onsite`, `audit`.
    public var after: Set<String>
    public var within: LegalPeriod
    public var action: String
    /// Fact kinds that meet it, e.g. `publication`.
    public var counts: Set<String>
    public var remind: [LeadTime]
    public var basis: String
    /// The notice text, with placeholders (see `NoticeTemplate`); `nil`: the standard text.
    public var noticeTemplate: String? = nil

    public init(id: String, title: String, source: [String], enabled: Bool = true, actor: Actor, subject: SubjectFilter,
                after: Set<String>, within: LegalPeriod, action: String, counts: Set<String>, remind: [LeadTime], basis: String) {
        self.id = id; self.title = title; self.source = source; self.enabled = enabled; self.actor = actor; self.subject = subject
        self.after = after; self.within = within; self.action = action; self.counts = counts; self.remind = remind; self.basis = basis
    }
}
