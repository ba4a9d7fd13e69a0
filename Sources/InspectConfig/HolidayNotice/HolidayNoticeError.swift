import InspectCore

/// Why a holiday notice's text was refused: the line (1-based; 0 when the problem is the text as a
/// whole), the phrase as it stands in the text, and what is wrong with it.
///
/// A notice is transcribed into a calendar that counts legal deadlines, so the reader refuses
/// rather than guesses: the person importing it sees exactly which words to look at. The problem
/// is a value, not a sentence, so that `inspectctl` can say it in the user's language.
public struct HolidayNoticeError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// A line or phrase that is not in any form the reader knows.
        case unreadable
        /// `2月30日`: a day that does not exist, or a day without its month.
        case notADate
        /// `（星期八）`, `（周末）`: a weekday that is not one.
        case malformedWeekday
        /// The weekday in parentheses is not the date's (ISO weekdays, 1 = Monday … 7 = Sunday).
        case wrongWeekday(date: CivilDate, stated: Int)
        /// `共N天` (or `放假N天`) does not match the range.
        case wrongDayCount(stated: Int, actual: Int)
        /// The range ends before it begins, or lasts longer than a holiday can (31 days).
        case implausibleRange(first: CivilDate, last: CivilDate)
        /// `与周末连休`, but neither the day before nor the day after is a weekend day.
        case notNextToWeekend(first: CivilDate, last: CivilDate)
        /// `不调休`, yet the item lists make-up working days.
        case makeupDespiteNone
        /// A make-up working day (上班) on a weekday.
        case makeupOnWeekday(CivilDate)
        /// A make-up working day inside a holiday (the holiday's name).
        case makeupInHoliday(CivilDate, holiday: String)
        /// The same make-up working day twice.
        case makeupTwice(CivilDate)
        /// Two holidays share a day (the other holiday's name).
        case overlap(other: String)
        /// A date outside the notice's year (and not a range across its edge).
        case wrongYear(CivilDate, year: Int)
        /// The title and the introduction name different years.
        case yearsDisagree(Int, Int)
        /// Neither the title nor the introduction (`现将YYYY年…`) names the year.
        case noYear
        /// An item (`一、元旦：…`) that says no `放假`.
        case noHolidayInItem
        /// No arrangement item at all.
        case noItems
        /// The text amends an arrangement (`延长…假期至…`): it is applied to a year's file, not
        /// imported as one.
        case amendingNotice
        /// An amending notice without a sentence `延长…假期至…` the reader understands.
        case noAmendment
        /// The amended festival is not a holiday of the file being amended.
        case unknownFestival(String)
        /// `M月D日起正常上班` is not the day after the amended holiday's new last day.
        case wrongResumeDay(CivilDate, expected: CivilDate)
    }

    public var line: Int
    public var phrase: String
    public var problem: Problem

    public init(line: Int, phrase: some StringProtocol, _ problem: Problem) {
        self.line = line; self.phrase = String(phrase); self.problem = problem
    }

    public var description: String { "line \(line): '\(phrase)': \(problem)" }
}
