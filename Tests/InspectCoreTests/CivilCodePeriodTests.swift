import InspectCore
import Testing

/// One test per rule of 民法典 第二百零一—二百零三条 (RULES.md §8), on the shipped calendar.
@Suite("Deadline arithmetic under 民法典 第二百零一—二百零三条")
struct CivilCodePeriodTests {
    @Test("民法典第201条第1款: counting starts the day after the trigger day (days)")
    func article201DaysStartNextDay() throws {
        let cal = try CalendarFixtures.calendar()
        // Tuesday 2024-03-05 + 1d: the trigger day is not counted, so the last day is Wednesday 03-06.
        #expect(cal.add(.days(1), to: try day("2024-03-05")).end == (try day("2024-03-06")))
        #expect(cal.add(.days(10), to: try day("2024-03-05")).end == (try day("2024-03-15")))
    }

    @Test("民法典第201条第1款: Nwd ends on the N-th working day after the trigger day")
    func article201WorkingDays() throws {
        let cal = try CalendarFixtures.calendar()
        // Friday 2024-03-01 + 1wd = Monday 03-04; a working trigger day is not counted either.
        #expect(cal.add(.workingDays(1), to: try day("2024-03-01")).end == (try day("2024-03-04")))
        #expect(cal.add(.workingDays(1), to: try day("2024-03-04")).end == (try day("2024-03-05")))
        // Across 国庆节 2024 (10-01 … 10-07) and its make-up Saturday 10-12:
        // 09-30 (Mon) + 1wd = 10-08; + 5wd = 10-12 (Saturday, make-up working day).
        #expect(cal.add(.workingDays(1), to: try day("2024-09-30")).end == (try day("2024-10-08")))
        #expect(cal.add(.workingDays(5), to: try day("2024-09-30")).end == (try day("2024-10-12")))
        // Triggered on a holiday: 2024-10-03 + 1wd = 10-08.
        #expect(cal.add(.workingDays(1), to: try day("2024-10-03")).end == (try day("2024-10-08")))
    }

    @Test("民法典第201条第2款: a period in hours runs from the trigger time exactly, with no move")
    func article201Hours() throws {
        let cal = try CalendarFixtures.calendar()
        let t = try #require(LocalDateTime(iso: "2024-02-09T15:30"))
        let r = cal.add(.hours(24), to: t)
        // Ends inside 春节 2024 (02-10 … 02-17): hours are not moved off holidays.
        #expect(r.endTime == LocalDateTime(iso: "2024-02-10T15:30:00"))
        #expect(r.end == (try day("2024-02-10")))
        #expect(!r.provisional)
        #expect(cal.add(.hours(72), to: try #require(LocalDateTime(iso: "2024-12-31T23:00"))).endTime == LocalDateTime(iso: "2025-01-03T23:00"))
        // A date-only trigger runs from 00:00 of that day.
        #expect(cal.add(.hours(36), to: try day("2024-03-01")).endTime == LocalDateTime(iso: "2024-03-02T12:00"))
    }

    @Test("民法典第202条: Nm / Ny end on the corresponding day of the final month")
    func article202CorrespondingDay() throws {
        let cal = try CalendarFixtures.calendar()
        #expect(cal.add(.months(1), to: try day("2024-03-15")).end == (try day("2024-04-15")))
        #expect(cal.add(.months(3), to: try day("2024-01-10")).end == (try day("2024-04-10")))
        #expect(cal.add(.years(1), to: try day("2024-06-12")).end == (try day("2025-06-12")))
        #expect(cal.add(.months(12), to: try day("2024-06-12")).end == cal.add(.years(1), to: try day("2024-06-12")).end)
    }

    @Test("民法典第202条: with no corresponding day, the last day of the month (31 Jan + 1m → 28/29 Feb)")
    func article202LastDayOfMonth() throws {
        let cal = try CalendarFixtures.calendar()
        #expect(cal.add(.months(1), to: try day("2024-01-31")).nominalEnd == (try day("2024-02-29")))  // leap year
        #expect(cal.add(.months(1), to: try day("2024-01-31")).end == (try day("2024-02-29")))         // Thursday
        #expect(cal.add(.months(1), to: try day("2023-01-31")).end == (try day("2023-02-28")))         // Tuesday
        #expect(cal.add(.months(1), to: try day("2024-03-31")).end == (try day("2024-04-30")))
        #expect(cal.add(.years(1), to: try day("2024-02-29")).end == (try day("2025-02-28")))          // Friday
        #expect(cal.add(.months(1), to: try day("2024-01-30")).end == (try day("2024-02-29")))
    }

    @Test("民法典第203条: a last day on a holiday moves to the day after the holiday")
    func article203HolidayMoves() throws {
        let cal = try CalendarFixtures.calendar()
        // 2024-09-30 + 1d = 10-01, 国庆节 until 10-07 → 10-08.
        let r = cal.add(.days(1), to: try day("2024-09-30"))
        #expect(r.nominalEnd == (try day("2024-10-01")))
        #expect(r.end == (try day("2024-10-08")))
        #expect(r.wasMoved)
        // 2024-01-10 + 1m = 02-10, 春节 2024 (02-10 … 02-17) → 02-18, a Sunday that is a make-up working day.
        #expect(cal.add(.months(1), to: try day("2024-01-10")).end == (try day("2024-02-18")))
        // 2023-10-01 + 1y = 2024-10-01 → 10-08.
        #expect(cal.add(.years(1), to: try day("2023-10-01")).end == (try day("2024-10-08")))
    }

    @Test("民法典第203条: a last day on a weekend moves to the next working day; a make-up day does not move")
    func article203WeekendAndMakeup() throws {
        let cal = try CalendarFixtures.calendar()
        // 2024-03-01 + 1d = Saturday 03-02 → Monday 03-04.
        #expect(cal.add(.days(1), to: try day("2024-03-01")).end == (try day("2024-03-04")))
        // 2024-01-28 + 7d = Sunday 02-04, a make-up working day (春节 2024): the period ends that day.
        let r = cal.add(.days(7), to: try day("2024-01-28"))
        #expect(r.end == (try day("2024-02-04")))
        #expect(!r.wasMoved)
    }

    @Test("2020: 国办发明电〔2020〕1号 extended 春节 to 2 February and cancelled the 1 February make-up day")
    func springFestival2020Extension() throws {
        let cal = try CalendarFixtures.calendar()
        #expect(!cal.isWorkingDay(try day("2020-01-31")))  // Friday, extension
        #expect(!cal.isWorkingDay(try day("2020-02-01")))  // Saturday, make-up day cancelled
        #expect(!cal.isWorkingDay(try day("2020-02-02")))
        #expect(cal.isWorkingDay(try day("2020-02-03")))
        #expect(cal.isWorkingDay(try day("2020-01-19")))   // the other make-up Sunday stands
        #expect(cal.add(.workingDays(1), to: try day("2020-01-23")).end == (try day("2020-02-03")))
        #expect(cal.add(.days(7), to: try day("2020-01-24")).end == (try day("2020-02-03")))  // 民法典第203条
    }

    @Test("extensions count from the end of the period they extend (RULES.md E01: 60wd + 30wd)")
    func extensionCountsFromEnd() throws {
        let cal = try CalendarFixtures.calendar()
        let filed = try day("2024-08-15")
        let first = cal.add(.workingDays(60), to: filed)
        let extended = cal.extend(first, by: .workingDays(30))
        #expect(extended.end == cal.add(.workingDays(30), to: first.end).end)
        #expect(extended.end == cal.add(.workingDays(90), to: filed).end)
        #expect(cal.workingDays(after: first.end, through: extended.end) == 30)
        // A day period extended from a moved end counts from the moved end (民法典第203条 then 第201条).
        let d = cal.add(.days(1), to: try day("2024-09-30"))             // → 10-08
        #expect(cal.extend(d, by: .days(3)).end == (try day("2024-10-11")))
        // Hours extend from the end instant.
        let h = cal.add(.hours(24), to: try #require(LocalDateTime(iso: "2024-03-01T09:00")))
        #expect(cal.extend(h, by: .hours(24)).endTime == LocalDateTime(iso: "2024-03-03T09:00"))
    }

    @Test("working days between two dates, next/previous working day, last working day of periods")
    func helpers() throws {
        let cal = try CalendarFixtures.calendar()
        #expect(cal.workingDays(from: try day("2024-10-01"), through: try day("2024-10-31")) == 19)  // 10-08 … 10-11, make-up 10-12, then 14 weekdays
        #expect(cal.workingDays(after: try day("2024-09-30"), through: try day("2024-10-12")) == 5)
        #expect(cal.nextWorkingDay(onOrAfter: try day("2024-10-01")) == (try day("2024-10-08")))
        #expect(cal.previousWorkingDay(onOrBefore: try day("2024-10-07")) == (try day("2024-09-30")))
        #expect(cal.previousWorkingDay(onOrBefore: try day("2024-09-29")) == (try day("2024-09-29")))  // make-up Sunday
        // Last working day of month / quarter / half-year / year.
        #expect(cal.lastWorkingDay(in: try #require(CalendarPeriod(label: "2024-09"))) == (try day("2024-09-30")))
        #expect(cal.lastWorkingDay(in: try #require(CalendarPeriod(label: "2023-Q3"))) == (try day("2023-09-28")))  // 09-29 中秋国庆
        #expect(cal.lastWorkingDay(in: try #require(CalendarPeriod(label: "2025-H1"))) == (try day("2025-06-30")))
        #expect(cal.lastWorkingDay(in: try #require(CalendarPeriod(label: "2022-01"))) == (try day("2022-01-30")))  // make-up Sunday before 春节
        #expect(cal.lastWorkingDay(in: try #require(CalendarPeriod(label: "2026"))) == (try day("2026-12-31")))
        #expect(cal.lastWorkingDay(of: .quarter, containing: try day("2024-05-05")) == (try day("2024-06-28")))
        #expect(cal.firstWorkingDay(in: try #require(CalendarPeriod(label: "2026-01"))) == (try day("2026-01-04")))  // make-up Sunday
        // Lead-time subtraction: 0 returns the day itself, 1 the previous working day.
        #expect(cal.subtractingWorkingDays(0, from: try day("2024-10-08")) == (try day("2024-10-08")))
        #expect(cal.subtractingWorkingDays(1, from: try day("2024-10-08")) == (try day("2024-09-30")))
    }
}
