import Foundation
import InspectCore

/// The daemon's one source of "now". Nothing else reads the system clock: the core is given
/// dates, and the shell asks this clock. `--now` starts it at a chosen instant (tests, demos,
/// what-if runs), after which it advances in real time.
public struct DaemonClock: Sendable {
    /// Seconds to add to the system clock.
    public let offset: Double
    public let timeZone: TimeZone

    public init(startingAt start: Date? = nil, timeZone: TimeZone) {
        self.offset = start.map { $0.timeIntervalSinceNow } ?? 0
        self.timeZone = timeZone
    }

    public func now() -> Date { Date().addingTimeInterval(offset) }

    /// Unix seconds now.
    public func unixTime() -> Int64 { Int64(now().timeIntervalSince1970.rounded(.down)) }

    /// The civil date and the minute of the day, in the office's time zone, at `instant`.
    public func local(_ instant: Date) -> (date: CivilDate, minute: Int) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down)) + Int64(timeZone.secondsFromGMT(for: instant))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secOfDay = seconds - days * 86_400
        return (CivilDate(dayNumber: Int32(days)), Int(secOfDay / 60))
    }

    public func today() -> CivilDate { local(now()).date }

    /// Local civil time now, to the second (for deadlines in hours, E04).
    public func localNow() -> LocalDateTime {
        let instant = now()
        return LocalDateTime(seconds: Int64(instant.timeIntervalSince1970.rounded(.down)) + Int64(timeZone.secondsFromGMT(for: instant)))
    }

    /// `2026-03-31T08:30:00+08:00`.
    public func isoNow() -> String { iso(now()) }

    /// A unix time as `2026-03-31T08:30:00+08:00` in the office's time zone.
    public func iso(unixTime: Int64) -> String { iso(Date(timeIntervalSince1970: Double(unixTime))) }

    private func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = timeZone
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }

    /// Parses `--now`: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` in `timeZone`,
    /// or a full ISO 8601 instant with offset.
    public static func parseInstant(_ text: String, timeZone: TimeZone) -> Date? {
        let full = ISO8601DateFormatter()
        if let d = full.date(from: text) { return d }
        let parts = text.split(separator: "T", maxSplits: 1)
        guard let first = parts.first, let date = CivilDate(iso: first) else { return nil }
        var seconds = 0
        if parts.count == 2 {
            let hms = parts[1].split(separator: ":").map { Int($0) }
            guard (2...3).contains(hms.count), hms.allSatisfy({ $0 != nil }) else { return nil }
            let h = hms[0]!, m = hms[1]!, s = hms.count == 3 ? hms[2]! : 0
            guard (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s) else { return nil }
            seconds = h * 3600 + m * 60 + s
        }
        let localSeconds = Double(Int(date.dayNumber) * 86_400 + seconds)
        // Offset at (approximately) that instant; Asia/Shanghai has had no DST since 1991.
        let guess = Date(timeIntervalSince1970: localSeconds)
        return Date(timeIntervalSince1970: localSeconds - Double(timeZone.secondsFromGMT(for: guess)))
    }
}
