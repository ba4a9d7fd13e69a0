import InspectCore
import Testing

/// Results that depend on holiday data not yet published are provisional (issue 3).
@Suite("Provisional results")
struct ProvisionalTests {
    @Test("a year with no loaded arrangement is provisional and counts weekends only")
    func unloadedYear() throws {
        let cal = try CalendarFixtures.calendar()
        #expect(cal.isProvisional(try day("2027-03-01")))
        #expect(cal.isProvisional(try day("2019-05-01")))
        #expect(!cal.isProvisional(try day("2020-01-01")))
        // 2027-10-01 is a Friday: a working day until the 2027 notice says otherwise.
        #expect(cal.isWorkingDay(try day("2027-10-01")))
        let r = cal.add(.workingDays(5), to: try day("2027-03-01"))
        #expect(r.end == (try day("2027-03-08")))
        #expect(r.provisional)
        // Far outside the tables: the closed form.
        #expect(cal.add(.workingDays(5), to: try day("2040-01-06")).end == (try day("2040-01-13")))
        #expect(cal.add(.workingDays(5), to: try day("2040-01-06")).provisional)
        #expect(cal.addingWorkingDays(10, to: try day("1990-01-01")) == (try day("1990-01-15")))
        #expect(cal.yearsWithoutArrangement(from: try day("2026-06-01"), through: try day("2028-01-01")) == [2027, 2028])
    }

    @Test("on or after 20 December of the last loaded year is provisional")
    func lateDecember() throws {
        let cal = try CalendarFixtures.calendar()
        #expect(!cal.isProvisional(try day("2026-12-19")))
        #expect(cal.isProvisional(try day("2026-12-20")))
        #expect(cal.isProvisional(try day("2026-12-31")))
        #expect(!cal.isProvisional(try day("2025-12-31")))  // 2026 is loaded
        #expect(cal.add(.workingDays(3), to: try day("2026-12-14")).provisional == false)  // ends 12-17
        #expect(cal.add(.workingDays(5), to: try day("2026-12-14")).provisional)           // ends 12-21
        #expect(cal.add(.workingDays(30), to: try day("2026-12-01")).provisional)
        // The counted days, not the trigger, decide: a trigger before the loaded data counting into it.
        #expect(cal.add(.workingDays(5), to: try day("2019-12-31")).provisional == false)
        #expect(cal.add(.workingDays(5), to: try day("2019-12-30")).provisional)
    }

    @Test("a day period that moves into the provisional range is provisional")
    func moveIntoProvisional() throws {
        let cal = try CalendarFixtures.calendar()
        // 2026-12-12 + 7d = Saturday 12-19 (confirmed), moved to Monday 12-21 (provisional).
        let r = cal.add(.days(7), to: try day("2026-12-12"))
        #expect(r.nominalEnd == (try day("2026-12-19")))
        #expect(r.end == (try day("2026-12-21")))
        #expect(r.provisional)
        #expect(!cal.add(.days(6), to: try day("2026-12-12")).provisional)  // Friday 12-18
        #expect(!cal.add(.hours(24 * 30), to: try day("2026-12-12")).provisional)  // hours never depend on the calendar
    }

    @Test("a gap between loaded years is provisional, and loading the next year confirms late December")
    func gapsAndNextYear() throws {
        let all = try CalendarFixtures.arrangements()
        let gap = WorkCalendar(arrangements: all.filter { $0.year != 2022 })
        #expect(gap.isProvisional(try day("2021-12-20")))
        #expect(gap.isProvisional(try day("2022-06-01")))
        #expect(!gap.isProvisional(try day("2021-12-19")))
        #expect(!gap.isProvisional(try day("2023-01-03")))
        #expect(gap.loadedYears == [2020, 2021, 2023, 2024, 2025, 2026])

        let next = HolidayArrangement(year: 2027, holidays: [.init(name: "元旦", first: try day("2027-01-01"), last: try day("2027-01-01"))],
                                      makeupWorkdays: [], source: "test")
        let extended = WorkCalendar(arrangements: all + [next])
        #expect(!extended.isProvisional(try day("2026-12-25")))
        #expect(extended.isProvisional(try day("2027-12-25")))
        #expect(!extended.add(.workingDays(30), to: try day("2026-12-01")).provisional)
    }

    @Test("the weekends-only calendar marks everything provisional")
    func weekendsOnly() throws {
        let cal = WorkCalendar.weekendsOnly
        #expect(cal.isProvisional(try day("2024-10-01")))
        #expect(cal.isWorkingDay(try day("2024-10-01")))  // Tuesday
        #expect(!cal.isWorkingDay(try day("2024-10-05")))
        #expect(cal.add(.workingDays(1), to: try day("2024-10-04")).end == (try day("2024-10-07")))
        #expect(cal.add(.workingDays(1), to: try day("2024-10-04")).provisional)
        #expect(cal.workingDays(from: try day("2024-01-01"), through: try day("2024-12-31")) == 262)
    }
}
