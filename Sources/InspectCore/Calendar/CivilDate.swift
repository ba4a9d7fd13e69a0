/// A civil calendar date (日期) as an integer day number: days since 1970-01-01 in the
/// proleptic Gregorian calendar. The scheduling core works on these, never on Foundation `Date`:
/// comparisons and differences are integer operations, and a date carries no time zone.
///
/// Conversion uses Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms.
///
/// ## Range
/// Any `Int32` day number is a value, but dates made from text or from a year, month and day lie
/// in ``minimum`` … ``maximum`` (0001-01-01 … 9999-12-31, the years `YYYY-MM-DD` can write), and
/// every arithmetic operation (``adding(days:)``, ``addingMonths(_:)``, working days, hours)
/// *saturates* at those ends instead of trapping: no count a caller or a file supplies can crash
/// the daemon (issue 10). What a caller may ask for is bounded where it enters (`DayCount`,
/// `LegalPeriod.maximumCount`, `LeadTime.maximumDays`); saturation is the last line of defence.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int32

    @inlinable public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// Creates a date from a year, a month (1–12) and a day of the month; `nil` when the day
    /// does not exist (30 February).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.dayNumber = Int32(truncatingIfNeeded: CivilDate.daysFromCivil(year, month, day))
    }

    /// Parses an ISO 8601 calendar date `YYYY-MM-DD`.
    public init?(iso: some StringProtocol) {
        let u = Array(iso.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { let c = u[i]; guard c >= 48, c <= 57 else { return nil }; v = v * 10 + Int(c - 48) }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    /// (year, month 1–12, day 1–31).
    @inlinable public var components: (year: Int, month: Int, day: Int) {
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    @inlinable public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (Int(dayNumber) + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    @inlinable public var isWeekend: Bool { isoWeekday >= 6 }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let (y, m, d) = components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var ys = String(y)
        while ys.count < 4 { ys = "0" + ys }
        return "\(ys)-\(two(m))-\(two(d))"
    }

    public var description: String { iso }

    /// The first supported date, 0001-01-01.
    public static let minimum = CivilDate(dayNumber: -719_162)
    /// The last supported date, 9999-12-31.
    public static let maximum = CivilDate(dayNumber: 2_932_896)

    /// The date with day number `n`, or the nearest end of ``minimum`` … ``maximum``.
    @inlinable public init(clampingDayNumber n: Int) {
        dayNumber = n < -719_162 ? -719_162 : n > 2_932_896 ? 2_932_896 : Int32(truncatingIfNeeded: n)
    }

    /// Whether the date lies in ``minimum`` … ``maximum``.
    @inlinable public var isInSupportedRange: Bool { dayNumber >= -719_162 && dayNumber <= 2_932_896 }

    /// `n` days later (earlier when negative), saturating at ``minimum`` and ``maximum``.
    @inlinable public func adding(days n: Int) -> CivilDate {
        let (sum, overflow) = Int(dayNumber).addingReportingOverflow(n)
        return CivilDate(clampingDayNumber: overflow ? (n > 0 ? Int.max : Int.min) : sum)
    }

    /// Days from `self` to `other` (positive when `other` is later).
    @inlinable public func days(to other: CivilDate) -> Int { Int(other.dayNumber) - Int(dayNumber) }

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given date. The year is clamped to ±1,000,000 first, so the
    /// arithmetic cannot overflow; callers clamp the result into the supported range.
    @usableFromInline static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let yc = y0 < -1_000_000 ? -1_000_000 : y0 > 1_000_000 ? 1_000_000 : y0
        let y = m <= 2 ? yc - 1 : yc
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = m > 2 ? m - 3 : m + 9
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// First day of the given month (saturating at ``minimum`` and ``maximum``).
    public static func firstOfMonth(year: Int, month: Int) -> CivilDate {
        CivilDate(clampingDayNumber: daysFromCivil(year, month, 1))
    }

    /// Last day of the given month (saturating at ``minimum`` and ``maximum``).
    public static func lastOfMonth(year: Int, month: Int) -> CivilDate {
        CivilDate(clampingDayNumber: daysFromCivil(year, month, daysInMonth(year: year, month: month)))
    }
}
