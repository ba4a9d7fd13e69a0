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
    /// Why a cap (K01/K02) or a quota's maximum was exceeded, when it was: kept and shown.
    public var exceptionReason: String?
    /// When the unit was notified of the inspection (P02), if it was.
    public var advanceNotice: CivilDate? = nil
    /// What the inspection found (problems lead to rectification orders).
    public var findings: String? = nil
    /// The uid that recorded it (issue 12: facts carry the person); nil before it was stored.
    public var recordedBy: UInt32? = nil

    public init(id: Int64? = nil, entityID: String, date: CivilDate, kind: String, authority: Authority,
                inspectors: [String], note: String? = nil, exceptionReason: String? = nil) {
        self.id = id; self.entityID = entityID; self.date = date; self.kind = kind
        self.authority = authority; self.inspectors = inspectors; self.note = note; self.exceptionReason = exceptionReason
    }

    /// Recognised fact kinds (RULES.md §1–§4, issue 5): on-site inspections of several kinds,
    /// off-site review, audits, annual reviews, filings by the entity, ratings, meetings,
    /// assessments, written reviews, publication of results, follow-up inspections (复查).
    public static let knownKinds: Set<String> = [
        "onsite", "patrol", "special", "ad-hoc", "complaint", "follow-up",
        "offsite", "audit", "annual-review", "review", "filing", "rating", "meeting", "assessment", "publication",
    ]
}
