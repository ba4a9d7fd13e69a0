/// An inspector as the visit planner sees them (执法检查人员): where they may go (辖区), which kinds
/// of entity they may inspect, how many visits a day they can make, and the days they are away.
public struct PlanningInspector: Hashable, Sendable {
    /// The most visits a day an inspector may be given (a bound at the entry, not a target).
    public static let visitsPerDayRange = 1...20
    /// The default: three visits a day.
    public static let defaultVisitsPerDay = 3

    public var id: String
    public var active: Bool
    /// The jurisdictions covered; nil: every one of the office's.
    public var jurisdictions: Set<String>?
    /// The kinds of entity they may inspect; nil: every kind.
    public var kinds: Set<String>?
    public var visitsPerDay: Int
    /// Days off (leave, training, secondment), each range inclusive.
    public var leave: [ClosedRange<CivilDate>]

    public init(id: String, active: Bool = true, jurisdictions: Set<String>? = nil, kinds: Set<String>? = nil,
                visitsPerDay: Int = PlanningInspector.defaultVisitsPerDay, leave: [ClosedRange<CivilDate>] = []) {
        self.id = id; self.active = active; self.jurisdictions = jurisdictions; self.kinds = kinds
        self.visitsPerDay = visitsPerDay; self.leave = leave
    }

    /// Whether they may inspect this entity (its jurisdiction and its kind).
    public func covers(_ e: Entity) -> Bool {
        (jurisdictions?.contains(e.jurisdiction) ?? true) && (kinds?.contains(e.kind) ?? true)
    }

    /// Whether they are away on `day`.
    public func isOnLeave(_ day: CivilDate) -> Bool { leave.contains { $0.contains(day) } }
}
