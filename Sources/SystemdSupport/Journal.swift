import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// Structured entries for the systemd journal, sent natively with `sd_journal_sendv(3)`.
///
/// ```swift
/// try Journal.send(message: "税务检查 overdue", priority: .warning,
///                  fields: ["MESSAGE_ID": "…", "INSPECTD_ENTITY": "E001"])
/// ```
///
/// Field names must be uppercase `[A-Z0-9_]`, must not start with `_` or a digit and are at most
/// 64 characters: journald drops other fields without a word, so `send` refuses them with
/// ``JournalError/invalidFieldName(name:reason:)``. Values may contain any bytes, newlines
/// included.
///
/// When no journald listens (no `/run/systemd/journal/socket`), libsystemd drops entries and
/// reports success; check ``isAvailable`` to choose between the journal and standard error.
public enum Journal {
    /// The environment variable that overrides ``isAvailable``: `INSPECTD_LOG_TARGET=journal`
    /// forces logging to the journal, `INSPECTD_LOG_TARGET=stderr` forces standard error; any
    /// other value (or none) means "detect".
    public static let logTargetVariable = "INSPECTD_LOG_TARGET"

    /// The socket journald receives native entries on.
    public static let socketPath = "/run/systemd/journal/socket"

    /// Whether log output should go to the journal rather than to standard error.
    ///
    /// In order:
    /// 1. `INSPECTD_LOG_TARGET=journal` → `true`; `INSPECTD_LOG_TARGET=stderr` → `false`.
    /// 2. `JOURNAL_STREAM` (set by systemd when stderr is connected to the journal) is
    ///    `device:inode` of our standard error → `true` (the documented systemd check, so that a
    ///    daemon whose stderr was redirected elsewhere logs there instead).
    /// 3. The socket `/run/systemd/journal/socket` exists and `INVOCATION_ID` is set (we run as
    ///    a systemd unit) → `true`.
    /// 4. Otherwise `false` — a developer's terminal.
    public static var isAvailable: Bool {
        isAvailable(
            environment: currentEnvironment([logTargetVariable, "JOURNAL_STREAM", "INVOCATION_ID"]),
            standardErrorIdentity: fileIdentity(of: STDERR_FILENO),
            socketExists: access(socketPath, F_OK) == 0
        )
    }

    /// The decision behind ``isAvailable``, with its inputs made explicit (for tests).
    ///
    /// - Parameters:
    ///   - environment: the relevant environment variables.
    ///   - standardErrorIdentity: `device:inode` of standard error, as `JOURNAL_STREAM` spells it.
    ///   - socketExists: whether the journal socket exists.
    public static func isAvailable(
        environment: [String: String], standardErrorIdentity: String?, socketExists: Bool
    ) -> Bool {
        switch environment[logTargetVariable]?.lowercased() {
        case "journal": return true
        case "stderr": return false
        default: break
        }
        if let stream = environment["JOURNAL_STREAM"], let identity = standardErrorIdentity,
           stream == identity {
            return true
        }
        if socketExists, let invocation = environment["INVOCATION_ID"], !invocation.isEmpty {
            return true
        }
        return false
    }

    /// Sends one entry: `MESSAGE=message`, `PRIORITY=priority` and `fields`, sorted by name so the
    /// entry is the same every time.
    ///
    /// - Throws: ``JournalError/invalidFieldName(name:reason:)`` for a field journald would drop,
    ///   or for `MESSAGE`/`PRIORITY` in `fields` (they have their own parameters);
    ///   ``JournalError/sendFailed(errno:)`` when `sd_journal_sendv` returns an error.
    public static func send(
        message: String, priority: JournalPriority = .info, fields: [String: String] = [:]
    ) throws {
        try send(message: message, priority: priority,
                 orderedFields: fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Sends one entry: `MESSAGE=message`, `PRIORITY=priority` and `orderedFields` in their order.
    /// A name may repeat (the journal keeps every value).
    ///
    /// - Throws: as ``send(message:priority:fields:)``.
    public static func send(
        message: String, priority: JournalPriority = .info, orderedFields: [(String, String)]
    ) throws {
        for (name, _) in orderedFields where name == "MESSAGE" || name == "PRIORITY" {
            throw JournalError.invalidFieldName(
                name: name, reason: "it is set by the message:/priority: arguments, not by fields")
        }
        try sendFields([("MESSAGE", message), ("PRIORITY", priority.fieldValue)] + orderedFields)
    }

    /// Sends one entry made of exactly `fields` (include `MESSAGE` yourself), after validating
    /// every name.
    ///
    /// - Throws: as ``send(message:priority:fields:)``.
    public static func sendFields(_ fields: [(String, String)]) throws {
        for (name, _) in fields {
            if let reason = JournalFieldName.problem(with: name) {
                throw JournalError.invalidFieldName(name: name, reason: reason)
            }
        }
        let result = sendvUnchecked(fields)
        if result < 0 { throw JournalError.sendFailed(errno: -result) }
    }

    /// `sd_journal_sendv` over `NAME=value` byte strings; returns its result (0 or `-errno`).
    static func sendvUnchecked(_ fields: [(String, String)]) -> Int32 {
        var buffer: [UInt8] = []
        var ranges: [Range<Int>] = []
        buffer.reserveCapacity(fields.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 1 })
        for (name, value) in fields {
            let start = buffer.count
            buffer.append(contentsOf: name.utf8)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: value.utf8)
            ranges.append(start..<buffer.count)
        }
        return buffer.withUnsafeMutableBytes { raw -> Int32 in
            let base = raw.baseAddress!
            let vectors = ranges.map { iovec(iov_base: base + $0.lowerBound, iov_len: $0.count) }
            return vectors.withUnsafeBufferPointer {
                sd_journal_sendv($0.baseAddress, Int32($0.count))
            }
        }
    }

    /// `device:inode` of an open file descriptor, in the decimal form `JOURNAL_STREAM` uses.
    static func fileIdentity(of fd: Int32) -> String? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return "\(UInt64(info.st_dev)):\(UInt64(info.st_ino))"
    }

    static func currentEnvironment(_ names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        return result
    }
}
