import Foundation
import Logging
import Synchronization

/// The log on standard error, where there is no journal (a service's log file, a terminal):
/// swift-log's `StreamLogHandler` format, stamped by the daemon's clock in the office's time
/// zone. Under `--now` (a test, a demo, a what-if run) the daemon lives on another day than the
/// system, and a log stamped by the system clock would put its notices and audit lines on a
/// day they did not happen in the daemon's world. The journal stamps its entries itself.
public struct StandardErrorLogHandler: StoredMetadataLogHandler {
    /// How far the daemon's clock is from the system's, and the zone its log speaks in.
    struct Clock { var offset: Double; var timeZone: TimeZone }

    private static let clock = Mutex(Clock(offset: 0, timeZone: .current))

    /// Sets the clock every handler stamps by (the daemon calls it once its clock is made).
    public static func useClock(offset: Double, timeZone: TimeZone) {
        clock.withLock { $0 = Clock(offset: offset, timeZone: timeZone) }
    }

    public let label: String
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    public init(label: String, logLevel: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.logLevel = logLevel
        self.metadataProvider = metadataProvider
    }

    public func log(event: LogEvent) {
        let all = mergedMetadata(of: event)
        let pretty = all.isEmpty ? "" : " " + all.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line = "\(Self.timestamp()) \(event.level)\(label.isEmpty ? "" : " ")\(label):\(pretty) [\(event.source)] \(event.message)\n"
        var bytes = Array(line.utf8)
        _ = write(STDERR_FILENO, &bytes, bytes.count)
    }

    /// `2026-03-31T08:25:00+0800`: the daemon's now, as swift-log writes a time.
    static func timestamp() -> String {
        let c = clock.withLock { $0 }
        let now = Date().addingTimeInterval(c.offset)
        let zone = c.timeZone.secondsFromGMT(for: now)
        var t = time_t(now.timeIntervalSince1970.rounded(.down)) + time_t(zone)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
            + (zone < 0 ? "-" : "+") + String(format: "%02d%02d", abs(zone) / 3600, abs(zone) % 3600 / 60)
    }
}
