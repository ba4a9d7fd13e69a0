/// What a cadence rule demands of one entity in one period: at least `required` qualifying
/// inspections between `period.start` and `period.end`, due on `due` (the last working day of
/// the period).
public struct Obligation: Hashable, Sendable {
    public var ruleID: String
    public var entityID: String
    public var period: CalendarPeriod
    public var due: CivilDate
    /// First day of the reminder window (the earliest lead time before `due`).
    public var remindFrom: CivilDate
    public var required: Int
    public var done: Int
    /// Date of the latest qualifying inspection in the period.
    public var lastDone: CivilDate?
    public var status: ObligationStatus
    /// True when the due date lies in a year whose holiday arrangement is not yet known.
    public var provisional: Bool

    public init(ruleID: String, entityID: String, period: CalendarPeriod, due: CivilDate, remindFrom: CivilDate,
                required: Int, done: Int, lastDone: CivilDate?, status: ObligationStatus, provisional: Bool) {
        self.ruleID = ruleID; self.entityID = entityID; self.period = period; self.due = due
        self.remindFrom = remindFrom; self.required = required; self.done = done; self.lastDone = lastDone
        self.status = status; self.provisional = provisional
    }

    /// A stable identity: `C01/LS-PFS-001/2026-03`.
    public var key: String { "\(ruleID)/\(entityID)/\(period.label)" }
}

/// Where an obligation stands on a given day.
public enum ObligationStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Not yet in its reminder window.
    case pending
    /// In the reminder window (临近到期).
    case dueSoon = "due-soon"
    /// Today is the due date.
    case due
    /// The due date has passed without the required inspections (逾期).
    case overdue
    /// Enough qualifying inspections are recorded.
    case met

    /// Open obligations still need action.
    public var isOpen: Bool { self != .met }

    private var rank: Int {
        switch self {
        case .met: 0
        case .pending: 1
        case .dueSoon: 2
        case .due: 3
        case .overdue: 4
        }
    }
    public static func < (a: ObligationStatus, b: ObligationStatus) -> Bool { a.rank < b.rank }

    /// Status on `today` of an obligation due on `due` with its reminder window from `remindFrom`.
    public static func on(_ today: CivilDate, due: CivilDate, remindFrom: CivilDate, required: Int, done: Int) -> ObligationStatus {
        if done >= required { return .met }
        if today > due { return .overdue }
        if today == due { return .due }
        if today >= remindFrom { return .dueSoon }
        return .pending
    }
}
