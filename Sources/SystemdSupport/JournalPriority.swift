import Logging

/// A syslog priority, the journal's `PRIORITY=` field (0 is the most urgent).
public enum JournalPriority: Int32, Sendable, CaseIterable, Comparable {
    case emergency = 0
    case alert = 1
    case critical = 2
    case error = 3
    case warning = 4
    case notice = 5
    case info = 6
    case debug = 7

    /// The priority for a swift-log level: `trace` and `debug` → `debug` (7), `info` → `info` (6),
    /// `notice` → `notice` (5), `warning` → `warning` (4), `error` → `error` (3),
    /// `critical` → `critical` (2).
    public init(_ level: Logger.Level) {
        switch level {
        case .trace, .debug: self = .debug
        case .info: self = .info
        case .notice: self = .notice
        case .warning: self = .warning
        case .error: self = .error
        case .critical: self = .critical
        }
    }

    /// The value of the `PRIORITY=` field, a single digit.
    public var fieldValue: String { String(rawValue) }

    /// Orders by urgency: `emergency < alert < … < debug` (by raw value).
    public static func < (lhs: JournalPriority, rhs: JournalPriority) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
