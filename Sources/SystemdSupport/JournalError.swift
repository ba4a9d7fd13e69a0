/// Why a message could not be sent to the journal.
public enum JournalError: Error, Equatable, CustomStringConvertible {
    /// A field name journald would silently drop; `reason` says which rule it breaks.
    case invalidFieldName(name: String, reason: String)
    /// `sd_journal_sendv` failed; `errno` is the positive error number (for example `EMSGSIZE`
    /// or `ENOBUFS` for an oversized entry, `EAGAIN` when journald is overloaded). Note that
    /// libsystemd reports success when there is no journal socket at all: use
    /// ``Journal/isAvailable`` to decide whether to send.
    case sendFailed(errno: Int32)
    /// Reading the journal failed in `call` (`sd_journal_open`, `sd_journal_next`, …).
    case readFailed(call: String, errno: Int32)

    public var description: String {
        switch self {
        case let .invalidFieldName(name, reason):
            return "invalid journal field name \"\(name)\": \(reason)"
        case let .sendFailed(errno):
            return "sd_journal_sendv failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case let .readFailed(call, errno):
            return "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
