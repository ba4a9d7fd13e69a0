/// A civil date and time of day in local civil time (China Standard Time, which has no daylight
/// saving), as seconds since 1970-01-01T00:00 local time. Used for periods in hours, which run
/// from the trigger time exactly (民法典 第二百零一条第二款). No Foundation, no time zone.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00 local civil time (negative before).
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    /// `date` at `hour:minute:second` (hour 0–23; 24:00 is accepted and means the next day's 00:00).
    public init?(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        guard (0...24).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              hour < 24 || (minute == 0 && second == 0) else { return nil }
        seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]` (a space may replace the `T`), or a bare `YYYY-MM-DD`
    /// meaning 00:00 of that day.
    public init?(iso: some StringProtocol) {
        let s = Substring(iso)
        if s.utf8.count == 10 {
            guard let d = CivilDate(iso: s) else { return nil }
            self.init(date: d)
            return
        }
        let u = Array(s.utf8)
        guard u.count == 16 || u.count == 19, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "),
              u[13] == UInt8(ascii: ":"), u.count == 16 || u[16] == UInt8(ascii: ":"),
              let d = CivilDate(iso: s.prefix(10)) else { return nil }
        func num(_ i: Int) -> Int? {
            let a = u[i], b = u[i + 1]
            guard (48...57).contains(a), (48...57).contains(b) else { return nil }
            return Int(a - 48) * 10 + Int(b - 48)
        }
        guard let h = num(11), let m = num(14) else { return nil }
        var sec = 0
        if u.count == 19 { guard let v = num(17) else { return nil }; sec = v }
        self.init(date: d, hour: h, minute: m, second: sec)
    }

    /// The civil date.
    public var date: CivilDate {
        // Floor division that cannot overflow (seconds − 86 399 would at Int64.min).
        let q = seconds >= 0 ? seconds / 86_400 : -((-(seconds + 1)) / 86_400) - 1
        return CivilDate(clampingDayNumber: Int(q))
    }

    /// Seconds since midnight, 0 ..< 86 400.
    public var secondOfDay: Int {
        let r = seconds % 86_400
        return Int(r < 0 ? r + 86_400 : r)
    }

    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay / 60 % 60 }
    public var second: Int { secondOfDay % 60 }

    /// `s` seconds later; saturates (at about ±292 billion years) instead of trapping.
    public func adding(seconds s: Int64) -> LocalDateTime {
        let (sum, overflow) = seconds.addingReportingOverflow(s)
        return LocalDateTime(seconds: overflow ? (s > 0 ? .max : .min) : sum)
    }
    /// `h` hours later; saturates instead of trapping.
    public func adding(hours h: Int) -> LocalDateTime {
        let (product, overflow) = Int64(h).multipliedReportingOverflow(by: 3600)
        return adding(seconds: overflow ? (h > 0 ? .max : .min) : product)
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var iso: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date.iso)T\(two(hour)):\(two(minute)):\(two(second))"
    }

    public var description: String { iso }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.seconds < b.seconds }
}

extension LocalDateTime: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let v = LocalDateTime(iso: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(s)' is not a local date-time (expected YYYY-MM-DDTHH:MM[:SS])")
        }
        self = v
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}
