/// What a rule demands of one entity in one window: at least `required` qualifying facts between
/// `period.start` and `period.end`, due on `due` (by default the last working day of the period).
public struct Obligation: Hashable, Sendable {
    public var ruleID: String
    public var entityID: String
    /// The window the facts are counted in: a calendar period (`2026-03`), the interval after the
    /// last inspection (`since 2025-09-12`), or the deadline after a triggering fact.
    public var period: ObligationWindow
    public var due: CivilDate
    /// First day of the reminder window (the earliest lead time before `due`).
    public var remindFrom: CivilDate
    public var required: Int
    /// The most that may be done in the window (a quota's `at_most`), if any.
    public var allowed: Int?
    public var done: Int
    /// Date of the latest qualifying fact in the window.
    public var lastDone: CivilDate?
    public var status: ObligationStatus
    /// True when the due date lies where the holiday arrangement is not yet known.
    public var provisional: Bool
    /// A manager's planned date (never later than hides the legal `due`: see `plannedAfterDue`).
    public var planned: CivilDate?
    /// Why the obligation was waived, when it was.
    public var waivedReason: String?
    /// The day the `required`-th qualifying fact made it met (a report's on time or late).
    public var completedOn: CivilDate? = nil

    public init(ruleID: String, entityID: String, period: ObligationWindow, due: CivilDate, remindFrom: CivilDate,
                required: Int, allowed: Int? = nil, done: Int, lastDone: CivilDate?, status: ObligationStatus, provisional: Bool,
                planned: CivilDate? = nil, waivedReason: String? = nil) {
        self.ruleID = ruleID; self.entityID = entityID; self.period = period; self.due = due
        self.remindFrom = remindFrom; self.required = required; self.allowed = allowed; self.done = done; self.lastDone = lastDone
        self.status = status; self.provisional = provisional; self.planned = planned; self.waivedReason = waivedReason
    }

    /// A stable identity: `C01/LS-PFS-001/2026-03`.
    public var key: String { "\(ruleID)/\(entityID)/\(period.label)" }

    /// The plan puts the work after the legal due date: shown, never hidden.
    public var plannedAfterDue: Bool { planned.map { $0 > due } ?? false }
}

/// The days an obligation counts facts in, with a stable label.
public struct ObligationWindow: Hashable, Sendable, CustomStringConvertible {
    public var start: CivilDate
    public var end: CivilDate
    /// `2026-03`, `2026-Q1`, `2026`, `from-2025-09-12`, `after-2026-03-02`.
    public var label: String

    public init(start: CivilDate, end: CivilDate, label: String) { self.start = start; self.end = end; self.label = label }
    public init(_ period: CalendarPeriod) { self.init(start: period.start, end: period.end, label: period.label) }

    public func contains(_ d: CivilDate) -> Bool { d >= start && d <= end }
    public var description: String { label }
}

/// Where an obligation stands on a given day.
public enum ObligationStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Not yet in its reminder window.
    case pending
    /// In the reminder window (临近到期).
    case dueSoon = "due-soon"
    /// Today is the due date.
    case due
    /// The due date has passed without the required facts (逾期).
    case overdue
    /// Enough qualifying facts are recorded.
    case met
    /// A manager waived it, with a reason.
    case waived

    /// Open obligations still need action.
    public var isOpen: Bool { self != .met && self != .waived }

    private var rank: Int {
        switch self {
        case .met, .waived: 0
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

/// A manager's decision about one obligation (planning): a planned date, or a waiver with reason.
public struct ObligationPlan: Hashable, Sendable, Codable {
    public var key: String
    public var planned: CivilDate?
    public var waivedReason: String?
    /// The uid that set the plan or the waiver in force (issue 12: facts carry the person).
    public var setBy: UInt32? = nil
    public init(key: String, planned: CivilDate? = nil, waivedReason: String? = nil) {
        self.key = key; self.planned = planned; self.waivedReason = waivedReason
    }
}
