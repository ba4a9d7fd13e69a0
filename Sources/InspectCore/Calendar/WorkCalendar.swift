/// Working days (工作日) under the loaded holiday arrangements (RULES.md §8).
///
/// A date is a working day unless it is a Saturday, a Sunday or a day of a holiday, except that
/// a listed make-up day (调休上班) is a working day even on a weekend.
///
/// ## Representation
/// The arrangements are compiled once, at `init`, into flat tables over a day range that covers
/// every loaded year and one year on each side:
/// - `kinds`: one byte per day (ordinary weekday, make-up day, weekend, holiday);
/// - `cumulative`: prefix counts, `cumulative[i]` = working days in `base ..< base + i`;
/// - `workdays`: the offset of the k-th working day of the range (the inverse of `cumulative`).
///
/// Every date `x` then has a *working-day ordinal* `W(x)`, the number of working days before `x`
/// counted from `base` (negative before the range). Inside the range it is one table load; outside
/// it, the calendar is weekends only and `W` is a closed form (5 working days per 7 days).
/// "The N-th working day after d" is the working day whose ordinal is `W(d + 1) + N − 1`: two
/// table loads, no loop, no search. Results outside the covered years are *provisional*.
public struct WorkCalendar: Sendable {
    /// The loaded arrangements, by year.
    public private(set) var arrangements: [Int: HolidayArrangement]
    @usableFromInline let tables: Tables

    /// Compiles the arrangements. When two arrangements disagree about a day (one lists it as a
    /// holiday, another as a make-up day), the holiday wins; `CalendarLoader` rejects such data.
    public init(arrangements: [HolidayArrangement]) {
        var byYear: [Int: HolidayArrangement] = [:]
        for a in arrangements { byYear[a.year] = a }
        self.arrangements = byYear
        self.tables = Tables(byYear.values.sorted { $0.year < $1.year })
    }

    /// A calendar with no holiday data: every weekday is a working day, and every result is provisional.
    public static let weekendsOnly = WorkCalendar(arrangements: [])

    /// The loaded years, ascending.
    public var loadedYears: [Int] { arrangements.keys.sorted() }

    // MARK: - Single days

    /// Whether `d` is a working day. One byte load inside the table; weekends only outside it.
    @inlinable
    public func isWorkingDay(_ d: CivilDate) -> Bool {
        let off = Int(d.dayNumber) &- tables.base
        if UInt(bitPattern: off) < UInt(bitPattern: tables.count) { return tables.kinds[off] < DayKind.weekend.rawValue }
        return !d.isWeekend
    }

    /// Why `d` is or is not a working day.
    public func kind(of d: CivilDate) -> DayKind {
        let off = Int(d.dayNumber) &- tables.base
        if UInt(bitPattern: off) < UInt(bitPattern: tables.count) { return DayKind(rawValue: tables.kinds[off])! }
        return d.isWeekend ? .weekend : .workday
    }

    /// The holiday of a loaded arrangement containing `d`, with the arrangement, if any.
    public func holiday(containing d: CivilDate) -> (holiday: HolidayArrangement.Holiday, arrangement: HolidayArrangement)? {
        let y = d.year
        for year in [y, y + 1, y - 1] {
            if let a = arrangements[year], let h = a.holiday(containing: d) { return (h, a) }
        }
        return nil
    }

    /// The arrangement that lists `d` as a make-up working day, if any.
    public func makeupArrangement(for d: CivilDate) -> HolidayArrangement? {
        let y = d.year
        for year in [y, y + 1, y - 1] {
            if let a = arrangements[year], a.makeupWorkdays.contains(d) { return a }
        }
        return nil
    }

    /// True when no arrangement for `d`'s year is loaded, or `d` is on or after 20 December of a
    /// loaded year whose next year is not loaded: next year's notice can still move such days
    /// (the 2019 notice made 29 December 2018 a working day and 31 December 2018 a holiday).
    public func isProvisional(_ d: CivilDate) -> Bool { isProvisional(from: d, through: d) }

    /// True when any day of `first … last` is provisional (`false` for an empty range).
    @inlinable
    public func isProvisional(from first: CivilDate, through last: CivilDate) -> Bool {
        if last < first { return false }
        let a = Int(first.dayNumber), b = Int(last.dayNumber)
        let t = tables
        for i in t.confirmedLo.indices where t.confirmedLo[i] <= a && b <= t.confirmedHi[i] { return false }
        return true
    }

    /// Loaded-or-not for each year that `first … last` touches: the years with no arrangement
    /// (the daemon warns once per such year).
    public func yearsWithoutArrangement(from first: CivilDate, through last: CivilDate) -> [Int] {
        guard first <= last else { return [] }
        return (first.year...last.year).filter { arrangements[$0] == nil }
    }

    // MARK: - Working-day ordinals

    /// `W(x)`: working days in `base ..< x` (negative when `x < base`).
    @inlinable
    func ordinal(_ x: Int) -> Int {
        let t = tables
        let off = x &- t.base
        if off < 0 { return Tables.weekdays(before: x) &- t.weekdaysBeforeBase }
        if off > t.count { return t.total &+ Tables.weekdays(before: x) &- t.weekdaysBeforeEnd }
        return Int(t.cumulative[off])
    }

    /// The working day whose ordinal is `k`.
    @inlinable
    func workingDay(ordinal k: Int) -> Int {
        let t = tables
        if k < 0 { return Tables.weekday(number: k &+ t.weekdaysBeforeBase) }
        if k >= t.total { return Tables.weekday(number: k &- t.total &+ t.weekdaysBeforeEnd) }
        return t.base &+ Int(t.workdays[k])
    }

    // MARK: - Working-day arithmetic

    /// The `n`-th working day after `d` (counting starts the day after, 民法典 第二百零一条);
    /// `d` itself when `n == 0`; the `-n`-th working day before `d` when `n < 0`. Saturates at
    /// ``CivilDate/minimum`` and ``CivilDate/maximum``.
    @inlinable
    public func addingWorkingDays(_ n: Int, to d: CivilDate) -> CivilDate {
        if n == 0 { return d }
        let x = Int(d.dayNumber)
        // The supported range holds fewer than 2.7 million working days: a larger count saturates
        // (so that nothing below can overflow), and so does the result (CivilDate's range).
        let m = n < -4_000_000 ? -4_000_000 : n > 4_000_000 ? 4_000_000 : n
        let k = m > 0 ? ordinal(x &+ 1) &+ m &- 1 : ordinal(x) &+ m
        return CivilDate(clampingDayNumber: workingDay(ordinal: k))
    }

    /// The date `n` working days before `d`, for reminder lead times: the `n`-th working day
    /// strictly before `d`, so that `n == 0` returns `d` and `n == 1` on a Monday returns the
    /// previous working day (usually Friday).
    public func subtractingWorkingDays(_ n: Int, from d: CivilDate) -> CivilDate {
        addingWorkingDays(n == .min ? .max : -n, to: d)
    }

    /// Working days in `first + 1 … last` (the days a period started on `first` has counted by
    /// `last`); negative when `last < first`. `workingDays(after: d, through: addingWorkingDays(n, to: d)) == n`.
    @inlinable
    public func workingDays(after first: CivilDate, through last: CivilDate) -> Int {
        ordinal(Int(last.dayNumber) &+ 1) &- ordinal(Int(first.dayNumber) &+ 1)
    }

    /// Working days in `first … last`, both included (0 when `last < first`).
    public func workingDays(from first: CivilDate, through last: CivilDate) -> Int {
        last < first ? 0 : ordinal(Int(last.dayNumber) + 1) - ordinal(Int(first.dayNumber))
    }

    /// Working days in a calendar period (month, quarter, half-year, year).
    public func workingDays(in period: CalendarPeriod) -> Int { workingDays(from: period.start, through: period.end) }

    /// `d` if it is a working day, else the first working day after it.
    @inlinable
    public func nextWorkingDay(onOrAfter d: CivilDate) -> CivilDate {
        CivilDate(clampingDayNumber: workingDay(ordinal: ordinal(Int(d.dayNumber))))
    }

    /// The first working day strictly after `d`.
    public func nextWorkingDay(after d: CivilDate) -> CivilDate { nextWorkingDay(onOrAfter: d.adding(days: 1)) }

    /// `d` if it is a working day, else the last working day before it.
    @inlinable
    public func previousWorkingDay(onOrBefore d: CivilDate) -> CivilDate {
        CivilDate(clampingDayNumber: workingDay(ordinal: ordinal(Int(d.dayNumber) &+ 1) &- 1))
    }

    /// The last working day strictly before `d`.
    public func previousWorkingDay(before d: CivilDate) -> CivilDate { previousWorkingDay(onOrBefore: d.adding(days: -1)) }

    /// The last working day of a calendar period (cadence due dates use it).
    public func lastWorkingDay(in period: CalendarPeriod) -> CivilDate {
        previousWorkingDay(onOrBefore: period.end)
    }

    /// The first working day of a calendar period.
    public func firstWorkingDay(in period: CalendarPeriod) -> CivilDate {
        nextWorkingDay(onOrAfter: period.start)
    }

    /// The last working day of the month / quarter / half-year / year containing `d`.
    public func lastWorkingDay(of unit: PeriodUnit, containing d: CivilDate) -> CivilDate {
        lastWorkingDay(in: CalendarPeriod(unit: unit, containing: d))
    }
}

/// What kind of day a date is, in the order used by the calendar's byte table.
public enum DayKind: UInt8, Sendable, Hashable, CaseIterable {
    /// Monday–Friday, not a holiday.
    case workday = 0
    /// A weekend day moved to a working day (调休上班).
    case makeupWorkday = 1
    /// Saturday or Sunday.
    case weekend = 2
    /// A day of a holiday in a loaded arrangement (on a weekday or a weekend).
    case holiday = 3

    public var isWorkingDay: Bool { rawValue < DayKind.weekend.rawValue }
}

extension WorkCalendar {
    /// The compiled tables: plain values (copy-on-write arrays), so that the hot paths carry no
    /// reference counting and no unsafe pointers.
    @usableFromInline struct Tables: Sendable {
        /// Day number of the first day in the table.
        @usableFromInline let base: Int
        /// Days in the table.
        @usableFromInline let count: Int
        /// `DayKind.rawValue` per day.
        @usableFromInline let kinds: [UInt8]
        /// `cumulative[i]` = working days in `base ..< base + i`, for `i` in `0 ... count`.
        @usableFromInline let cumulative: [Int32]
        /// `workdays[k]` = offset from `base` of the k-th working day of the table.
        @usableFromInline let workdays: [Int32]
        /// Working days in the table.
        @usableFromInline let total: Int
        @usableFromInline let weekdaysBeforeBase: Int
        @usableFromInline let weekdaysBeforeEnd: Int
        /// Maximal runs of non-provisional days, as day numbers, both ends included.
        @usableFromInline let confirmedLo: [Int]
        @usableFromInline let confirmedHi: [Int]

        init(_ sorted: [HolidayArrangement]) {
            guard let minYear = sorted.first?.year, let maxYear = sorted.last?.year else {
                base = 0; count = 0; total = 0
                kinds = []; cumulative = [0]; workdays = []
                weekdaysBeforeBase = Tables.weekdays(before: 0); weekdaysBeforeEnd = weekdaysBeforeBase
                confirmedLo = []; confirmedHi = []
                return
            }
            var lo = Int(CivilDate.firstOfMonth(year: minYear - 1, month: 1).dayNumber)
            var hi = Int(CivilDate.lastOfMonth(year: maxYear + 1, month: 12).dayNumber)
            for a in sorted {
                for h in a.holidays { lo = min(lo, Int(h.first.dayNumber)); hi = max(hi, Int(h.last.dayNumber)) }
                for d in a.makeupWorkdays { lo = min(lo, Int(d.dayNumber)); hi = max(hi, Int(d.dayNumber)) }
            }
            base = lo
            count = hi - lo + 1
            var kinds = [UInt8](repeating: 0, count: count)
            for i in 0..<count {
                kinds[i] = CivilDate(dayNumber: Int32(lo + i)).isWeekend ? DayKind.weekend.rawValue : DayKind.workday.rawValue
            }
            for a in sorted {
                for d in a.makeupWorkdays { kinds[Int(d.dayNumber) - lo] = DayKind.makeupWorkday.rawValue }
            }
            for a in sorted {
                for h in a.holidays where h.first <= h.last {
                    for x in Int(h.first.dayNumber)...Int(h.last.dayNumber) { kinds[x - lo] = DayKind.holiday.rawValue }
                }
            }
            var cumulative = [Int32](repeating: 0, count: count + 1)
            var workdays: [Int32] = []
            var n: Int32 = 0
            for i in 0..<count {
                cumulative[i] = n
                if kinds[i] < DayKind.weekend.rawValue { workdays.append(Int32(i)); n += 1 }
            }
            cumulative[count] = n
            total = Int(n)
            self.kinds = kinds; self.cumulative = cumulative; self.workdays = workdays
            weekdaysBeforeBase = Tables.weekdays(before: lo)
            weekdaysBeforeEnd = Tables.weekdays(before: lo + count)

            // Year Y is confirmed through 31 December when Y+1 is loaded, else through 19 December.
            let years = Set(sorted.map(\.year))
            var los: [Int] = [], his: [Int] = []
            for y in years.sorted() {
                let start = Int(CivilDate.firstOfMonth(year: y, month: 1).dayNumber)
                let end = years.contains(y + 1)
                    ? Int(CivilDate.lastOfMonth(year: y, month: 12).dayNumber)
                    : Int(CivilDate(year: y, month: 12, day: 19)!.dayNumber)
                if let last = his.last, last + 1 == start { his[his.count - 1] = end } else { los.append(start); his.append(end) }
            }
            confirmedLo = los; confirmedHi = his
        }

        /// Monday 5 January 1970.
        @usableFromInline static let monday0 = 4

        /// Monday–Friday days in `monday0 ..< x` (negative before `monday0`): the weekends-only ordinal.
        @inlinable static func weekdays(before x: Int) -> Int {
            let t = x - monday0
            let w = t >= 0 ? t / 7 : (t - 6) / 7
            let r = t - 7 * w
            return 5 * w + min(r, 5)
        }

        /// The Monday–Friday day whose weekends-only ordinal is `k` (inverse of `weekdays(before:)`).
        @inlinable static func weekday(number k: Int) -> Int {
            let w = k >= 0 ? k / 5 : (k - 4) / 5
            return monday0 + 7 * w + (k - 5 * w)
        }
    }
}
