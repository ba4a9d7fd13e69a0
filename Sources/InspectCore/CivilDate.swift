/// A civil calendar date (日期) as an integer day number: days since 1970-01-01 in the
/// proleptic Gregorian calendar. The scheduling core works on these, never on Foundation `Date`:
/// comparisons and differences are integer operations, and a date carries no time zone.
///
/// Conversion uses Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int32

    @inlinable public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// Creates a date from a year, a month (1–12) and a day of the month; `nil` when the day
    /// does not exist (30 February).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.dayNumber = Int32(CivilDate.daysFromCivil(year, month, day))
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

    @inlinable public func adding(days n: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + Int32(n)) }

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

    @usableFromInline static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = m > 2 ? m - 3 : m + 9
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// First day of the given month.
    public static func firstOfMonth(year: Int, month: Int) -> CivilDate {
        CivilDate(dayNumber: Int32(daysFromCivil(year, month, 1)))
    }

    /// Last day of the given month.
    public static func lastOfMonth(year: Int, month: Int) -> CivilDate {
        CivilDate(dayNumber: Int32(daysFromCivil(year, month, daysInMonth(year: year, month: month))))
    }
}
