/// What notices and explanations need of any rule that creates obligations (cadences, follow-up
/// deadlines, sampling quotas).
public protocol ObligationRule: Sendable {
    var id: String { get }
    var title: String { get }
    var source: [String] { get }
    var remind: [LeadTime] { get }
    var basis: String { get }
    var noticeTemplate: String? { get }
}

extension ObligationRule {
    /// The short citation of the basis: the document and section before the quoted text.
    public var citation: String { NoticeCitation.full(basis) ?? "" }
}

extension CadenceRule: ObligationRule {}
extension FollowUpRule: ObligationRule {}
extension SamplingRule: ObligationRule {}

extension RuleSet {
    /// The rule that creates obligations with this id.
    public func obligationRule(_ id: String) -> (any ObligationRule)? {
        if let r = cadences.first(where: { $0.id == id }) { return r }
        if let r = followUps.first(where: { $0.id == id }) { return r }
        if let r = samplings.first(where: { $0.id == id }) { return r }
        if let r = deadlines.first(where: { $0.id == id }) { return r }
        return nil
    }
}
