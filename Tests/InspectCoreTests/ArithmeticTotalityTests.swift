import InspectCore
import PropertyBased
import Testing

/// Issue 10: day arithmetic cannot trap, whatever the count. Before, `upcoming --within
/// 2147483647d` (CivilDate.adding) and `remind: [99999999999wd]` (subtractingWorkingDays) killed
/// the daemon with SIGILL. Every operation is checked over the whole `Int32` range of day numbers
/// and the whole `Int` range of counts: it returns (a trap would end the test process), lands in
/// the supported range, and moves in the direction asked.
@Suite("Day arithmetic is total")
struct ArithmeticTotalityTests {
    static let anyDay = Gen.int(in: Int(Int32.min)...Int(Int32.max)).map { CivilDate(dayNumber: Int32($0)) }
    static let anyCount = Gen.int(in: Int.min...Int.max)
    /// Edge values a generator may miss: the ends of Int and Int32, and around the supported range.
    static let edgeCounts = [Int.min, Int.min + 1, -1 << 40, Int(Int32.min) - 1, Int(Int32.min), -4_000_001, -240_001, -1, 0, 1,
                             240_001, 4_000_001, Int(Int32.max), Int(Int32.max) + 1, 99_999_999_999, 1 << 40, Int.max - 1, Int.max]
    static let edgeDays = [Int32.min, Int32.min + 1, CivilDate.minimum.dayNumber - 1, CivilDate.minimum.dayNumber, 0, 20_000,
                           CivilDate.maximum.dayNumber, CivilDate.maximum.dayNumber + 1, Int32.max - 1, Int32.max].map(CivilDate.init(dayNumber:))

    static func inRange(_ d: CivilDate) -> Bool { d >= CivilDate.minimum && d <= CivilDate.maximum }
    static func clamped(_ d: CivilDate) -> CivilDate { CivilDate(clampingDayNumber: Int(d.dayNumber)) }

    static func checkAll(_ cal: WorkCalendar, _ d: CivilDate, _ n: Int) {
        let start = clamped(d)
        let plain = d.adding(days: n)
        #expect(inRange(plain), "\(d.dayNumber) + \(n)d = \(plain.dayNumber)")
        if n >= 0 { #expect(plain >= start) } else { #expect(plain <= start) }

        let months = d.addingMonths(n)
        #expect(inRange(months), "\(d.dayNumber) + \(n)m")

        let wd = cal.addingWorkingDays(n, to: d)
        if n != 0 { #expect(inRange(wd), "\(d.dayNumber) + \(n)wd = \(wd.dayNumber)") }
        if n > 0 { #expect(wd >= start) } else if n < 0 { #expect(wd <= start) }
        let back = cal.subtractingWorkingDays(n, from: d)
        if n != 0 { #expect(inRange(back)) }

        #expect(inRange(cal.nextWorkingDay(onOrAfter: d)) && inRange(cal.previousWorkingDay(onOrBefore: d)))
        _ = cal.workingDays(after: d, through: d.adding(days: n))
        _ = cal.isProvisional(from: d, through: d.adding(days: n))

        for p in [LegalPeriod.days(n), .workingDays(n), .months(n), .years(n), .hours(n)] {
            let end = cal.add(p, to: d)
            if case .hours = p { continue }  // an instant: saturates in seconds, its date clamped
            if n != 0 { #expect(inRange(end.end), "\(d.dayNumber) + \(p)") }
            _ = cal.extend(end, by: p)
        }
        _ = LocalDateTime(seconds: Int64(d.dayNumber) * 86_400).adding(hours: n).date
        for lead in [LeadTime.calendarDays(n), .workingDays(n)] { _ = lead.start(before: d, in: cal) }
        for unit in PeriodUnit.allCases {
            let p = CalendarPeriod(unit: unit, containing: d)
            #expect(p.start <= p.end)
            _ = p.label
        }
        _ = d.iso
        _ = d.components
    }

    @Test("every day number with every count: no trap, results in 0001-01-01 … 9999-12-31, in the direction asked")
    func randomDaysAndCounts() async throws {
        let cal = try CalendarFixtures.calendar()
        await propertyCheck(count: 3000, input: Self.anyDay, Self.anyCount) { d, n in Self.checkAll(cal, d, n) }
    }

    @Test("small counts near the ends of the range and of Int32")
    func nearTheEnds() async throws {
        let cal = try CalendarFixtures.calendar()
        await propertyCheck(count: 2000, input: Gen.int(in: -5000...5000), Gen.int(in: 0...9)) { n, i in
            Self.checkAll(cal, Self.edgeDays[i], n)
        }
    }

    @Test("the drills' values and every edge of Int and Int32")
    func edges() throws {
        let cal = try CalendarFixtures.calendar()
        for d in Self.edgeDays { for n in Self.edgeCounts { Self.checkAll(cal, d, n) } }
        // The drills: 2,147,483,647 days from today saturates at the last supported day …
        let today = try day("2026-11-29")
        #expect(today.adding(days: Int(Int32.max)) == CivilDate.maximum)
        #expect(today.adding(days: Int.min) == CivilDate.minimum)
        // … and 99,999,999,999 working days before a due date at the first.
        #expect(cal.subtractingWorkingDays(99_999_999_999, from: today) == CivilDate.minimum)
        #expect(cal.addingWorkingDays(99_999_999_999, to: today) == CivilDate.maximum)
    }

    @Test("inside the range nothing changed: saturation only at the ends")
    func unchangedInside() async throws {
        let cal = try CalendarFixtures.calendar()
        await propertyCheck(count: 2000, input: Gen.int(in: 0...40_000), Gen.int(in: -100_000...100_000)) { x, n in
            let d = CivilDate(dayNumber: Int32(x))
            #expect(d.adding(days: n).dayNumber == Int32(x + n))
            let e = cal.addingWorkingDays(n, to: d)
            #expect(cal.workingDays(after: d, through: e) == n || n < 0)
        }
    }

    @Test("dates from text and from components stay in the supported range")
    func constructionIsBounded() {
        #expect(CivilDate(iso: "0000-12-31") == nil)
        #expect(CivilDate(iso: "0001-01-01") == CivilDate.minimum)
        #expect(CivilDate(iso: "9999-12-31") == CivilDate.maximum)
        #expect(CivilDate(year: 10_000, month: 1, day: 1) == nil)
        #expect(CivilDate(year: Int.max, month: 1, day: 1) == nil)
        #expect(CivilDate.firstOfMonth(year: Int.max, month: 1) == CivilDate.maximum)
        #expect(CivilDate.lastOfMonth(year: Int.min, month: 12) == CivilDate.minimum)
        #expect(CivilDate.factRange.lowerBound.iso == "1949-10-01" && CivilDate.factRange.upperBound.iso == "2099-12-31")
    }

    /// Found by the fuzzer (calendar-arithmetic): `parts[0]` of an empty split; reached from
    /// DrawSample's `period` and SetPlan's key, it killed the daemon.
    @Test(arguments: ["", "-", "--", "---", "+", "2026-", "-Q1", "2026-Q", "2026-13", "99999-01"])
    func periodLabelsThatAreNoneAreNil(label: String) {
        #expect(CalendarPeriod(label: label) == nil)
    }

    @Test func periodIndicesAreClamped() {
        for unit in PeriodUnit.allCases {
            for index in [Int.min, -1 << 40, Int.max, 1 << 40] {
                let p = CalendarPeriod(unit: unit, index: index)
                #expect(p.start <= p.end)
                _ = p.label
                _ = p.next.label
            }
        }
    }

    @Test("risk scores saturate")
    func riskScoresSaturate() {
        let model = RiskModel(signals: [.init(id: "a", title: "A", weight: Int.max), .init(id: "b", title: "B", weight: 2)], thresholds: [:])
        #expect(model.assess(["a": 3, "b": Int.max], scale: nil).score == Int.max)
    }

    @Test("text rules: control characters and length")
    func textRules() {
        #expect(TextRules.problem(with: "张伟", maxLength: 10) == nil)
        #expect(TextRules.problem(with: "张\u{0}伟", maxLength: 10)?.contains("U+0000") == true)
        #expect(TextRules.problem(with: "a\nb", maxLength: 10) != nil)
        #expect(TextRules.problem(with: "a\nb\tc", maxLength: 10, multiline: true) == nil)
        #expect(TextRules.problem(with: "\u{85}", maxLength: 10, multiline: true) != nil)
        #expect(TextRules.problem(with: String(repeating: "名", count: 11), maxLength: 10) != nil)
        #expect(TextRules.problem(with: String(repeating: "名", count: 10), maxLength: 10) == nil)
    }
}
