import InspectCore
import Testing

/// Next year's holiday arrangement missing late in the year: when the office is told, and how often.
@Suite struct ProvisionalYearTests {
    @Test func toldFromTheFirstOfNovemberWhileNextYearIsMissing() throws {
        let calendar = try CalendarFixtures.calendar()  // 2020–2026 loaded
        let counted = { (_: Int) in 42 }
        #expect(ProvisionalYear.missing(today: try #require(CivilDate(iso: "2026-10-31")), calendar: calendar, waiting: counted) == nil)
        #expect(ProvisionalYear.missing(today: try #require(CivilDate(iso: "2026-11-01")), calendar: calendar, waiting: counted)
                == ProvisionalYear(year: 2027, dueDates: 42))
        #expect(ProvisionalYear.missing(today: try #require(CivilDate(iso: "2026-12-31")), calendar: calendar, waiting: counted)?.year == 2027)
        // 2026 is loaded: nothing to say in November 2025.
        #expect(ProvisionalYear.missing(today: try #require(CivilDate(iso: "2025-11-20")), calendar: calendar, waiting: counted) == nil)
        // It counts the due dates waiting for next year's arrangement.
        var asked: Int?
        _ = ProvisionalYear.missing(today: try #require(CivilDate(iso: "2026-11-20")), calendar: calendar) { asked = $0; return 0 }
        #expect(asked == 2027)
    }

    /// Once a week: the first working day of each week — Monday, or the day after a holiday.
    @Test func onceAWeekOnItsFirstWorkingDay() throws {
        let calendar = try CalendarFixtures.calendar()
        func remind(_ iso: String) throws -> Bool { ProvisionalYear.isReminderDay(try #require(CivilDate(iso: iso)), calendar: calendar) }
        #expect(try remind("2026-11-23"))   // Monday
        #expect(try !remind("2026-11-24"))  // Tuesday
        #expect(try !remind("2026-11-28"))  // Saturday, not worked
        #expect(try remind("2026-10-08"))   // Thursday after 国庆节 (1–7 October)
        #expect(try !remind("2026-10-09"))
        #expect(try remind("2026-01-05"))   // Monday after 元旦; Sunday 4 January was a make-up day of the week before
        #expect(try !remind("2026-02-28"))  // make-up Saturday after a worked Monday
    }
}
