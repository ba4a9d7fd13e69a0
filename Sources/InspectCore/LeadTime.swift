/// How long before a due date a reminder goes out: `7wd` (working days) or `30d` (calendar days).
public enum LeadTime: Hashable, Sendable, CustomStringConvertible {
    case calendarDays(Int)
    case workingDays(Int)

    public init?(_ text: String) {
        if text.hasSuffix("wd"), let n = Int(text.dropLast(2)), n >= 0 { self = .workingDays(n) }
        else if text.hasSuffix("d"), let n = Int(text.dropLast()), n >= 0 { self = .calendarDays(n) }
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
        case .calendarDays(let n): due.adding(days: -n)
        case .workingDays(let n): calendar.subtractingWorkingDays(n, from: due)
        }
    }
}
