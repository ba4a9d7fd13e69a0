/// How long before a due date a reminder goes out: `7wd` (working days) or `30d` (calendar days).
public enum LeadTime: Hashable, Sendable, CustomStringConvertible {
    case calendarDays(Int)
    case workingDays(Int)

    /// The longest lead time accepted, in days or working days: a year. A reminder sent earlier
    /// than that is a typing error (`99999999999wd`), refused by `config check`, start-up and
    /// reload alike (issue 10).
    public static let maximumCount = 366

    /// Parses `7wd` or `30d`, N from 0 to ``maximumCount``.
    public init?(_ text: String) {
        if text.hasSuffix("wd"), let n = Int(text.dropLast(2)), (0...Self.maximumCount).contains(n) { self = .workingDays(n) }
        else if text.hasSuffix("d"), let n = Int(text.dropLast()), (0...Self.maximumCount).contains(n) { self = .calendarDays(n) }
        else { return nil }
    }

    public var description: String {
        switch self {
        case .calendarDays(let n): "\(n)d"
        case .workingDays(let n): "\(n)wd"
        }
    }

    /// The first day of the reminder window for `due`.
    public func start(before due: CivilDate, in calendar: WorkCalendar) -> CivilDate {
        switch self {
        case .calendarDays(let n): due.adding(days: n == .min ? .max : -n)
        case .workingDays(let n): calendar.subtractingWorkingDays(n, from: due)
        }
    }
}
