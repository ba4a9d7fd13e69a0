/// A supervisor (主监管员) who receives the notices about the entities assigned to them.
public struct Supervisor: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var office: String
    /// The office's manager also receives overdue notices.
    public var isManager: Bool

    public init(id: String, name: String, office: String, isManager: Bool = false) {
        self.id = id; self.name = name; self.office = office; self.isManager = isManager
    }
}
