import Logging

/// Chooses where swift-log output goes: the journal under systemd, standard error elsewhere.
///
/// The choice is ``Journal/isAvailable``, which `INSPECTD_LOG_TARGET=journal|stderr` overrides.
public enum SystemdLogging {
    /// The environment variable that sets the lowest level logged: `INSPECTD_LOG_LEVEL=debug`
    /// adds the daemon's diagnostics (slow control calls and where their time went) to its
    /// notices, warnings and errors. Unset: `info`.
    public static let logLevelVariable = "INSPECTD_LOG_LEVEL"

    /// The levels `INSPECTD_LOG_LEVEL` takes, as swift-log names them.
    public static let levelNames = Logger.Level.allCases.map(\.rawValue)

    /// The level `environment` asks for: `info` when unset or empty, nil when it names no level.
    public static func logLevel(environment: [String: String]) -> Logger.Level? {
        guard let value = environment[logLevelVariable]?.lowercased(), !value.isEmpty else { return .info }
        return Logger.Level(rawValue: value)
    }

    /// Whether ``makeHandler(label:identifier:logLevel:)`` will log to the journal.
    public static var usesJournal: Bool { Journal.isAvailable }

    /// A ``JournalLogHandler`` when ``Journal/isAvailable``, else a ``StandardErrorLogHandler``.
    public static func makeHandler(
        label: String, identifier: String = "inspectd", logLevel: Logger.Level = .info
    ) -> any LogHandler {
        if Journal.isAvailable {
            return JournalLogHandler(label: label, identifier: identifier, logLevel: logLevel)
        }
        return StandardErrorLogHandler(label: label, logLevel: logLevel)
    }

    /// Calls `LoggingSystem.bootstrap` once for the process with ``makeHandler(label:identifier:logLevel:)``.
    /// The target is decided once, here.
    public static func bootstrap(identifier: String = "inspectd", logLevel: Logger.Level = .info) {
        let journal = Journal.isAvailable
        LoggingSystem.bootstrap { label in
            if journal {
                return JournalLogHandler(label: label, identifier: identifier, logLevel: logLevel)
            }
            return StandardErrorLogHandler(label: label, logLevel: logLevel)
        }
    }
}
