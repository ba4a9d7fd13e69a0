/// A supervisor (主监管员) who receives the notices about the entities assigned to them.
public struct Supervisor: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var office: String
    /// The office's manager also receives overdue notices.
    public var isManager: Bool
    /// The person's Unix login: calls from it act as this supervisor (issue 12).
    public var user: String?
    /// Where the notices of an `email` channel go (issue 13).
    public var email: String?
    /// Mobile number: @-mentioned by the group robots that mention by number (DingTalk, WeCom text).
    public var mobile: String?
    /// The supervisor's own robot per channel name (`robots: { dingtalk: URL }`), instead of the office's.
    public var robots: [String: String] = [:]

    public init(id: String, name: String, office: String, isManager: Bool = false, user: String? = nil) {
        self.id = id; self.name = name; self.office = office; self.isManager = isManager; self.user = user
    }
}
