/// Who must act on an obligation (履职主体). RULES.md §1 treats "who must act" and "about whom"
/// as two fields: an office inspects an institution (C01), an institution files about itself
/// (C10, C11), an internal body meets or assesses (C14, C15).
public enum Actor: Hashable, Sendable, CustomStringConvertible {
    /// An office at one of these levels; several levels may act together (C04: city and county).
    case authorities([Authority])
    /// The subject entity itself (a filing, a report, an assessment of its own staff).
    case subjectItself
    /// A named internal body (e.g. 联席会议办公室, 审计部门), optionally at a level.
    case body(String)

    /// Whether a recorded fact counts as this actor's action.
    public func performed(_ fact: Inspection) -> Bool {
        switch self {
        case .authorities(let levels): levels.contains(fact.authority)
        case .subjectItself, .body: true
        }
    }

    public var description: String {
        switch self {
        case .authorities(let levels): levels.map(\.rawValue).joined(separator: "+")
        case .subjectItself: "the entity itself"
        case .body(let name): name
        }
    }
}
