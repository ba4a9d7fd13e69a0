/// A recorded inspection (检查): a fact. Facts are appended, never edited in place.
public struct Inspection: Hashable, Sendable, Codable {
    /// Store-assigned id; `nil` until recorded.
    public var id: Int64?
    public var entityID: String
    public var date: CivilDate
    /// What was done: `onsite`, `offsite`, `audit`, `annual-review`, … A cadence rule counts the
    /// kinds listed in its `counts`.
    public var kind: String
    /// Which level of authority carried it out (a county inspection does not count for a city quota, C01 vs C02).
    public var authority: Authority
    public var inspectors: [String]
    public var note: String?

    public init(id: Int64? = nil, entityID: String, date: CivilDate, kind: String, authority: Authority,
                inspectors: [String], note: String? = nil) {
        self.id = id; self.entityID = entityID; self.date = date; self.kind = kind
        self.authority = authority; self.inspectors = inspectors; self.note = note
    }

    /// Kinds that are on-site visits and so need at least two inspectors (RULES.md P01; 行政处罚法 第四十二条).
    public static let onsiteKinds: Set<String> = ["onsite"]

    /// Recognised inspection kinds.
    public static let knownKinds: Set<String> = ["onsite", "offsite", "audit", "annual-review", "filing", "rating", "meeting", "assessment"]
}
