/// The kinds of notice (通知) the daemon sends, each with its own journal `MESSAGE_ID` so that
/// `journalctl MESSAGE_ID=…` finds every notice of one kind, and the catalog can explain it.
public enum NoticeKind: String, Sendable, Codable, CaseIterable {
    /// The obligation entered a reminder window (one notice per lead time reached).
    case reminder
    /// Today is the due date.
    case due
    /// The due date passed without the required inspections.
    case overdue
    /// A provisional due date moved when the holiday arrangement of its year was loaded.
    case rescheduled
    /// An entity's grade was escalated (RULES.md G01 V(1)/V(2), G05 warning).
    case escalated

    /// 128-bit journal message id (`journalctl --new-id128`), fixed forever per kind.
    public var messageID: String {
        switch self {
        case .reminder: "3f2b8c6a1e7d4c55a0b9e4d2c7f1a601"
        case .due: "3f2b8c6a1e7d4c55a0b9e4d2c7f1a602"
        case .overdue: "3f2b8c6a1e7d4c55a0b9e4d2c7f1a603"
        case .rescheduled: "3f2b8c6a1e7d4c55a0b9e4d2c7f1a604"
        case .escalated: "3f2b8c6a1e7d4c55a0b9e4d2c7f1a605"
        }
    }

    /// syslog priority: notice (5), warning (4), err (3).
    public var priority: Int {
        switch self {
        case .reminder: 5
        case .due: 4
        case .overdue: 3
        case .rescheduled: 4
        case .escalated: 3
        }
    }

    /// The Chinese label shown at the start of a notice.
    public var label: String {
        switch self {
        case .reminder: "提醒"
        case .due: "今日到期"
        case .overdue: "逾期"
        case .rescheduled: "日期调整"
        case .escalated: "升级"
        }
    }
}

/// One notice to one supervisor about one stage of one obligation. Its `key` is unique: each
/// stage of each obligation produces exactly one notice.
public struct Notice: Hashable, Sendable, Codable {
    /// `C01/LS-PFS-001/2026-03/reminder-5wd`, `…/due`, `…/overdue`.
    public var key: String
    public var kind: NoticeKind
    public var stage: String
    public var entityID: String
    public var entityName: String
    public var ruleID: String
    public var source: [String]
    public var period: String
    public var due: CivilDate
    public var supervisor: String?
    /// The day the notice was decided (local date).
    public var day: CivilDate
    public var message: String
    public var basis: String
    /// Also addressed to (the office's managers, for overdue items and escalations).
    public var copyTo: [String]? = nil
    /// A deadline counted in hours: delivered at once, never held for a channel's daily digest.
    public var urgent: Bool? = nil

    public init(key: String, kind: NoticeKind, stage: String, entityID: String, entityName: String, ruleID: String,
                source: [String], period: String, due: CivilDate, supervisor: String?, day: CivilDate,
                message: String, basis: String) {
        self.key = key; self.kind = kind; self.stage = stage; self.entityID = entityID; self.entityName = entityName
        self.ruleID = ruleID; self.source = source; self.period = period; self.due = due; self.supervisor = supervisor
        self.day = day; self.message = message; self.basis = basis
    }
}
