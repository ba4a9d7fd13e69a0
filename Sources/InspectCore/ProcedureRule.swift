/// A procedural constraint on recording an inspection (RULES.md P01: an on-site inspection needs
/// at least two inspectors; 行政处罚法 第四十二条).
public struct ProcedureRule: Hashable, Sendable {
    public var id: String
    public var title: String
    public var source: [String]
    public var enabled: Bool
    /// Fact kinds the constraint applies to, e.g. `onsite`.
    public var kinds: Set<String>
    public var minInspectors: Int
    public var basis: String

    public init(id: String, title: String, source: [String], enabled: Bool = true, kinds: Set<String>, minInspectors: Int, basis: String) {
        self.id = id; self.title = title; self.source = source; self.enabled = enabled; self.kinds = kinds
        self.minInspectors = minInspectors; self.basis = basis
    }

    /// A reason to refuse `fact`, or `nil` when it satisfies the constraint.
    public func violation(_ fact: Inspection) -> String? {
        guard enabled, kinds.contains(fact.kind) else { return nil }
        let distinct = Set(fact.inspectors.filter { !$0.allSatisfy(\.isWhitespace) })
        guard distinct.count < minInspectors else { return nil }
        return "\(title): at least \(minInspectors) distinct inspectors are required, \(distinct.count) given (\(source.joined(separator: ", ")))"
    }
}
