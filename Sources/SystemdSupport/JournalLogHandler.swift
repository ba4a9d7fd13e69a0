import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A swift-log `LogHandler` that writes each record to the systemd journal as a structured entry.
///
/// Each entry carries `MESSAGE`, `PRIORITY` (from the level, see ``JournalPriority/init(_:)``),
/// `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`, `INSPECTD_LOGGER` (the logger's
/// label), `INSPECTD_ERROR` when the record has an error, and one field per metadata key.
/// Metadata keys that are already valid field names (`INSPECTD_ENTITY`, `MESSAGE_ID`) are kept;
/// other keys are sanitised with ``JournalFieldName/sanitized(_:prefix:reserved:)`` and get the
/// `INSPECTD_` prefix (`entity` → `INSPECTD_ENTITY`, `request-id` → `INSPECTD_REQUEST_ID`).
/// Keys that would collide with the fields above are prefixed too.
///
/// When the journal refuses an entry, the record is written to standard error instead.
public struct JournalLogHandler: StoredMetadataLogHandler {
    /// The fields this handler sets itself; metadata cannot override them.
    public static let ownFields: Set<String> = [
        "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER", "CODE_FILE", "CODE_LINE", "CODE_FUNC",
        "INSPECTD_LOGGER", "INSPECTD_ERROR",
    ]

    /// The logger's label, sent as `INSPECTD_LOGGER`.
    public let label: String
    /// `SYSLOG_IDENTIFIER`, what `journalctl -t` filters on.
    public let identifier: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    /// - Parameters:
    ///   - label: the logger's label (`LoggingSystem.bootstrap` passes it).
    ///   - identifier: the `SYSLOG_IDENTIFIER`, normally the program name, `inspectd`.
    ///   - logLevel: the lowest level logged.
    ///   - metadataProvider: contextual metadata added to every record.
    public init(
        label: String, identifier: String = "inspectd", logLevel: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.identifier = identifier
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public func log(event: LogEvent) {
        let fields = journalFields(for: event)
        let result = Journal.sendvUnchecked(fields)
        if result < 0 {
            let line = "\(identifier)[\(getpid())]: \(event.level): \(event.message) "
                + "(journal unavailable: \(JournalError.sendFailed(errno: -result)))\n"
            var bytes = Array(line.utf8)
            _ = write(STDERR_FILENO, &bytes, bytes.count)
        }
    }

    /// The journal fields for one record, in the order they are sent. Every name is valid.
    public func journalFields(for event: LogEvent) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("MESSAGE", event.message.description),
            ("PRIORITY", JournalPriority(event.level).fieldValue),
            ("SYSLOG_IDENTIFIER", identifier),
            ("CODE_FILE", event.file),
            ("CODE_LINE", String(event.line)),
            ("CODE_FUNC", event.function),
            ("INSPECTD_LOGGER", label),
        ]
        if let error = event.error {
            fields.append(("INSPECTD_ERROR", String(describing: error)))
        }
        for (key, value) in mergedMetadata(of: event) {
            let name = JournalFieldName.sanitized(key, reserved: Self.ownFields)
            fields.append((name, Self.text(of: value)))
        }
        return fields
    }

    /// A metadata value as field text: strings as they are, everything else as swift-log prints it.
    static func text(of value: Logger.MetadataValue) -> String {
        switch value {
        case let .string(text): return text
        case let .stringConvertible(convertible): return convertible.description
        default: return value.description
        }
    }
}
