import InspectCore

/// The checks a notice's own text allows, applied as its items are read: make-up working days
/// fall on weekends, outside every holiday and once each; holidays do not overlap; every date is in
/// the notice's year, except a range across its edge (元旦 2022-12-31 … 2023-01-02) and make-up
/// days next to such a holiday. They are the calendar loader's rules, checked here as well so
/// that a failure names the notice's line and words instead of a line of the generated file.
struct ArrangementChecks {
    let year: Int
    private var holidays: [(name: String, first: CivilDate, last: CivilDate)] = []
    private var makeupDays: Set<CivilDate> = []

    init(year: Int) { self.year = year }

    /// The longest holiday the calendar loader accepts.
    static let maximumLength = 31

    mutating func addHoliday(_ name: String, first: CivilDate, last: CivilDate, line: Int, phrase: Substring) throws(HolidayNoticeError) {
        guard first <= last, first.days(to: last) < Self.maximumLength else {
            throw HolidayNoticeError(line: line, phrase: phrase, .implausibleRange(first: first, last: last))
        }
        for d in [first, last] where !(year - 1...year + 1).contains(d.year) {
            throw HolidayNoticeError(line: line, phrase: phrase, .wrongYear(d, year: year))
        }
        guard first.year == year || last.year == year else {
            throw HolidayNoticeError(line: line, phrase: phrase, .wrongYear(first, year: year))
        }
        if let other = holidays.first(where: { $0.first <= last && first <= $0.last }) {
            throw HolidayNoticeError(line: line, phrase: phrase, .overlap(other: other.name))
        }
        if let d = makeupDays.sorted().first(where: { first <= $0 && $0 <= last }) {
            throw HolidayNoticeError(line: line, phrase: phrase, .makeupInHoliday(d, holiday: name))
        }
        holidays.append((name, first, last))
    }

    /// A make-up working day of the item whose holiday is `first … last`.
    mutating func addMakeup(_ d: CivilDate, itemFirst first: CivilDate, itemLast last: CivilDate, line: Int, phrase: Substring) throws(HolidayNoticeError) {
        guard d.isWeekend else { throw HolidayNoticeError(line: line, phrase: phrase, .makeupOnWeekday(d)) }
        let nearItem = abs(d.days(to: first)) <= Self.maximumLength || abs(d.days(to: last)) <= Self.maximumLength
        guard d.year == year || (abs(d.year - year) == 1 && nearItem) else {
            throw HolidayNoticeError(line: line, phrase: phrase, .wrongYear(d, year: year))
        }
        if let h = holidays.first(where: { $0.first <= d && d <= $0.last }) {
            throw HolidayNoticeError(line: line, phrase: phrase, .makeupInHoliday(d, holiday: h.name))
        }
        guard makeupDays.insert(d).inserted else { throw HolidayNoticeError(line: line, phrase: phrase, .makeupTwice(d)) }
    }
}
