import InspectCore
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: ["1970-01-01", "2000-02-29", "2024-12-31", "2026-03-31", "1969-12-31", "2100-03-01"])
    func isoRoundTrip(_ text: String) throws {
        let d = try #require(CivilDate(iso: text))
        #expect(d.iso == text)
        let c = d.components
        #expect(CivilDate(year: c.year, month: c.month, day: c.day) == d)
    }

    @Test func dayNumbersAndWeekdays() throws {
        #expect(CivilDate(iso: "1970-01-01")?.dayNumber == 0)
        #expect(CivilDate(iso: "1970-01-01")?.isoWeekday == 4)  // Thursday
        #expect(CivilDate(iso: "2026-11-23")?.isoWeekday == 1)  // Monday
        #expect(CivilDate(iso: "1969-12-28")?.isoWeekday == 7)  // Sunday, before the epoch
        #expect(CivilDate(iso: "2026-02-30") == nil)
        #expect(CivilDate(iso: "2026-2-3") == nil)
        #expect(CivilDate(iso: "2025-02-29") == nil)
    }

    @Test func calendarPeriods() throws {
        let d = try #require(CivilDate(iso: "2026-08-15"))
        #expect(CalendarPeriod(unit: .month, containing: d).label == "2026-08")
        #expect(CalendarPeriod(unit: .quarter, containing: d).label == "2026-Q3")
        #expect(CalendarPeriod(unit: .halfYear, containing: d).label == "2026-H2")
        #expect(CalendarPeriod(unit: .year, containing: d).label == "2026")
        let q4 = CalendarPeriod(unit: .quarter, containing: try #require(CivilDate(iso: "2026-12-31")))
        #expect(q4.start.iso == "2026-10-01")
        #expect(q4.next.label == "2027-Q1")
        #expect(q4.next.start.iso == "2027-01-01")
        #expect(CalendarPeriod(unit: .month, containing: try #require(CivilDate(iso: "2024-02-10"))).end.iso == "2024-02-29")
        for label in ["2026-03", "2026-Q1", "2026-H2", "2026"] { #expect(CalendarPeriod(label: label)?.label == label) }
        #expect(CalendarPeriod(label: "2026-13") == nil)
    }
}

@Suite struct TwoYearPeriodTests {
    /// S03: "every two years" periods are anchored to even years.
    @Test func twoYearPeriodsAreAnchoredToEvenYears() throws {
        let p = CalendarPeriod(unit: .twoYears, containing: try #require(CivilDate(iso: "2027-06-30")))
        #expect(p.start.iso == "2026-01-01")
        #expect(p.end.iso == "2027-12-31")
        #expect(p.label == "2026+2027")
        #expect(p.next.label == "2028+2029")
        #expect(CalendarPeriod(label: "2026+2027") == p)
        #expect(CalendarPeriod(label: "2027+2028") == nil)
    }
}
