/// A supervised entity (监管对象) from the directory (名录库).
public struct Entity: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    /// A kind id from RULES.md §9, e.g. `microloan`.
    public var kind: String
    /// The county/district (辖区) the entity belongs to.
    public var jurisdiction: String
    /// Date of approval (批准设立); cadence obligations start with the period that contains it.
    public var approvedOn: CivilDate?
    /// Current risk or classification grade, if any (e.g. `I`, `V(1)`).
    public var grade: String?
    /// The principal supervisor (主监管员), a supervisor id from the config.
    public var supervisor: String?
    public var industry: String?

    public init(id: String, name: String, kind: String, jurisdiction: String, approvedOn: CivilDate? = nil,
                grade: String? = nil, supervisor: String? = nil, industry: String? = nil) {
        self.id = id; self.name = name; self.kind = kind; self.jurisdiction = jurisdiction
        self.approvedOn = approvedOn; self.grade = grade; self.supervisor = supervisor; self.industry = industry
    }
}
