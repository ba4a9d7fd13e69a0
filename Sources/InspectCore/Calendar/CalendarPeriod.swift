/// The length of a calendar-anchored period (周期) in which a cadence counts inspections:
/// "at least once per month / quarter / half-year / year" (RULES.md C01–C17).
public enum PeriodUnit: String, Sendable, Codable, CaseIterable {
    case month
    case quarter
    case halfYear = "half-year"
    case year
    /// Two calendar years, anchored to even years (2026–2027, 2028–2029), for "every two years" (S03).
    case twoYears = "2-years"

    /// Months per period.
    public var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .halfYear: 6
        case .year: 12
        case .twoYears: 24
        }
    }
}

/// One concrete calendar period, e.g. March 2026, 2026-Q1, 2026-H2 or the year 2026.
/// Periods are anchored to the calendar (a quarter is Jan–Mar, Apr–Jun, …), so a series of
/// them never stops at a year boundary.
public struct CalendarPeriod: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let unit: PeriodUnit
    /// Index of the period counted from January of year 0: `(year * 12 + month - 1) / unit.months`.
    public let index: Int

    /// The period at `index`, clamped to ±1,000,000 periods (far beyond 0001…9999), so that no
    /// month arithmetic on it can overflow.
    public init(unit: PeriodUnit, index: Int) { self.unit = unit; self.index = min(max(index, -1_000_000), 1_000_000) }

    /// The period of `unit` that contains `date`.
    public init(unit: PeriodUnit, containing date: CivilDate) {
        let c = date.components
        self.init(unit: unit, index: (c.year * 12 + c.month - 1) / unit.months)
    }

    /// Months from January of year 0 to the period's first month.
    private var firstMonthIndex: Int { index * unit.months }
    /// The year the period starts in.
    public var year: Int { firstMonthIndex / 12 }
    /// First month (1–12) of the period.
    public var firstMonth: Int { firstMonthIndex % 12 + 1 }

    public var start: CivilDate { .firstOfMonth(year: year, month: firstMonth) }
    public var end: CivilDate {
        let last = firstMonthIndex + unit.months - 1
        return .lastOfMonth(year: last / 12, month: last % 12 + 1)
    }

    public var next: CalendarPeriod { CalendarPeriod(unit: unit, index: index + 1) }
    public var previous: CalendarPeriod { CalendarPeriod(unit: unit, index: index - 1) }

    public func contains(_ d: CivilDate) -> Bool { d >= start && d <= end }

    public static func < (a: CalendarPeriod, b: CalendarPeriod) -> Bool { (a.start, a.end) < (b.start, b.end) }

    /// A stable label: `2026-03`, `2026-Q1`, `2026-H2`, `2026`, `2026+2027`.
    public var label: String {
        let n = (firstMonth - 1) / unit.months + 1
        switch unit {
        case .month: return n < 10 ? "\(year)-0\(n)" : "\(year)-\(n)"
        case .quarter: return "\(year)-Q\(n)"
        case .halfYear: return "\(year)-H\(n)"
        case .year: return "\(year)"
        case .twoYears: return "\(year)+\(year + 1)"
        }
    }

    /// Parses a label produced by `label`, and only such a label (`2026-` or `2026-3` are not).
    public init?(label: String) {
        guard let p = CalendarPeriod(parsing: label), p.label == label else { return nil }
        self = p
    }

    private init?(parsing label: String) {
        if label.count == 9, label.dropFirst(4).first == "+", let y = Int(label.prefix(4)), Int(label.suffix(4)) == y + 1, y % 2 == 0 {
            self.init(unit: .twoYears, index: y / 2); return
        }
        let parts = label.split(separator: "-")
        // "", "-" and "--" split into nothing (a label from a caller crashed the daemon; issue 10).
        guard let first = parts.first, first.count == 4, let y = Int(first) else { return nil }
        if parts.count == 1 { self.init(unit: .year, index: y); return }
        guard parts.count == 2 else { return nil }
        let p = parts[1]
        if p.hasPrefix("Q"), let q = Int(p.dropFirst()), (1...4).contains(q) { self.init(unit: .quarter, index: y * 4 + q - 1) }
        else if p.hasPrefix("H"), let h = Int(p.dropFirst()), (1...2).contains(h) { self.init(unit: .halfYear, index: y * 2 + h - 1) }
        else if let m = Int(p), (1...12).contains(m), p.count == 2 { self.init(unit: .month, index: y * 12 + m - 1) }
        else { return nil }
    }

    public var description: String { label }
}
