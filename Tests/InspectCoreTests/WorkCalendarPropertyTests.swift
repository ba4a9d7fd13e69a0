import InspectCore
import PropertyBased
import Testing

/// Property tests of the working-day tables (swift-property-based).
@Suite("Working-day calendar properties")
struct WorkCalendarPropertyTests {
    /// Trigger dates from 2017 to 2029: inside the tables (2019–2027) and beyond both ends,
    /// where the calendar falls back to weekends only.
    static let dates = Gen.int(in: Int(CivilDate(year: 2017, month: 1, day: 1)!.dayNumber)...Int(CivilDate(year: 2029, month: 12, day: 31)!.dayNumber))
        .map { CivilDate(dayNumber: Int32($0)) }
    static let counts = Gen.int(in: 1...400)

    @Test("add(d, Nwd) is a working day, N working days after d, and equals the day-by-day definition")
    func addIsWorkingDayAndCountsN() async throws {
        let cal = try CalendarFixtures.calendar()
        await propertyCheck(count: 2000, input: Self.dates, Self.counts) { d, n in
            let e = cal.addingWorkingDays(n, to: d)
            #expect(cal.isWorkingDay(e))
            #expect(e > d)
            #expect(cal.workingDays(after: d, through: e) == n)
            #expect(cal.workingDays(after: d, through: e.adding(days: -1)) == n - 1)
            #expect(e == NaiveCalendar.addWorkingDays(n, to: d, in: cal))
            #expect(cal.add(.workingDays(n), to: d).end == e)
        }
    }

    @Test("subtracting N working days is the day-by-day definition and inverts adding on working days")
    func subtractInvertsAdd() async throws {
        let cal = try CalendarFixtures.calendar()
        await propertyCheck(count: 1000, input: Self.dates, Gen.int(in: 0...400)) { d, n in
            let s = cal.subtractingWorkingDays(n, from: d)
            #expect(s == NaiveCalendar.addWorkingDays(-n, to: d, in: cal))
            if n > 0 { #expect(cal.isWorkingDay(s)) }
            if cal.isWorkingDay(d) { #expect(cal.addingWorkingDays(n, to: s) == d) }
        }
    }

    @Test("add(d, Nwd) is strictly increasing in N and non-decreasing in d")
    func monotonic() async throws {
        let cal = try CalendarFixtures.calendar()
        await propertyCheck(count: 1000, input: Self.dates, Self.counts, Gen.int(in: 1...60)) { d, n, k in
            #expect(cal.addingWorkingDays(n, to: d) < cal.addingWorkingDays(n + k, to: d))
            #expect(cal.addingWorkingDays(n, to: d) <= cal.addingWorkingDays(n, to: d.adding(days: k)))
            for p in [LegalPeriod.days(n), .months(n % 40 + 1), .years(n % 5 + 1)] {
                #expect(cal.add(p, to: d).end <= cal.add(p, to: d.adding(days: k)).end)
            }
            #expect(cal.add(.days(n), to: d).end <= cal.add(.days(n + k), to: d).end)
            #expect(cal.add(.months(n), to: d).end <= cal.add(.months(n + k), to: d).end)
        }
    }

    @Test("month arithmetic lands in the right month and never overflows it (民法典 第二百零二条)")
    func monthsNeverOverflow() async throws {
        await propertyCheck(count: 2000, input: Self.dates, Gen.int(in: -300...300)) { d, n in
            let e = d.addingMonths(n)
            let (y, m, dd) = d.components, (ey, em, ed) = e.components
            #expect(ey * 12 + em - 1 == y * 12 + m - 1 + n, "\(d) + \(n)m = \(e): wrong month")
            #expect(ed == min(dd, CivilDate.daysInMonth(year: ey, month: em)), "\(d) + \(n)m = \(e): not the corresponding or last day")
        }
    }

    @Test("a period in days, months or years ends on the first working day on or after its nominal last day (民法典 第二百零三条)")
    func movesToNextWorkingDay() async throws {
        let cal = try CalendarFixtures.calendar()
        await propertyCheck(count: 1000, input: Self.dates, Self.counts) { d, n in
            for p in [LegalPeriod.days(n), .months(n % 60 + 1), .years(n % 10 + 1)] {
                let r = cal.add(p, to: d)
                #expect(cal.isWorkingDay(r.end))
                #expect(r.end >= r.nominalEnd)
                #expect(cal.workingDays(from: r.nominalEnd, through: r.end.adding(days: -1)) == 0)
            }
        }
    }

    @Test("next / previous working day agree with the definition")
    func nextPrevious() async throws {
        let cal = try CalendarFixtures.calendar()
        await propertyCheck(count: 1000, input: Self.dates) { d in
            var n = d; while !cal.isWorkingDay(n) { n = n.adding(days: 1) }
            var p = d; while !cal.isWorkingDay(p) { p = p.adding(days: -1) }
            #expect(cal.nextWorkingDay(onOrAfter: d) == n)
            #expect(cal.previousWorkingDay(onOrBefore: d) == p)
            #expect(cal.nextWorkingDay(after: d) == cal.addingWorkingDays(1, to: d))
            #expect(cal.previousWorkingDay(before: d) == cal.subtractingWorkingDays(1, from: d))
        }
    }

    @Test("the tables agree with the arrangements day by day, 2018–2028")
    func tablesMatchDefinition() throws {
        let arrangements = try CalendarFixtures.arrangements()
        let cal = WorkCalendar(arrangements: arrangements)
        var d = try day("2018-01-01")
        let end = try day("2028-12-31")
        while d <= end {
            #expect(cal.isWorkingDay(d) == NaiveCalendar.isWorkingDay(d, arrangements), "\(d)")
            #expect(cal.kind(of: d).isWorkingDay == cal.isWorkingDay(d), "\(d)")
            d = d.adding(days: 1)
        }
    }

    /// Working days per year, counted from the data and compared with the totals published with
    /// each notice (365/366 days − weekend days − statutory holidays on weekdays + make-up days).
    @Test("each year 2020–2026 has the published number of working days", arguments: [
        (2020, 249),  // 251 under 国办发明电〔2019〕16号; 31 Jan and the 1 Feb make-up day lost to 国办发明电〔2020〕1号
        (2021, 250),
        (2022, 249),
        (2023, 249),
        (2024, 251),
        (2025, 248),  // 13 statutory holidays from 2025 (国务院令第798号)
        (2026, 248),
    ])
    func yearlyTotals(year: Int, total: Int) throws {
        let cal = try CalendarFixtures.calendar()
        #expect(cal.workingDays(in: CalendarPeriod(unit: .year, index: year)) == total)
        // The same by counting the days one at a time.
        var d = CivilDate.firstOfMonth(year: year, month: 1), n = 0
        while d.year == year { if cal.isWorkingDay(d) { n += 1 }; d = d.adding(days: 1) }
        #expect(n == total)
    }

    @Test("every shipped year is loaded with its source")
    func shippedYears() throws {
        let arrangements = try CalendarFixtures.arrangements()
        #expect(arrangements.map(\.year) == Array(2020...2026))
        for a in arrangements { #expect(a.source.contains("国办发明电"), "\(a.year)") }
    }
}
