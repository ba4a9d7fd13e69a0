import InspectConfig
import InspectCore
import Testing

/// The fast path `CadenceRule.nextDue` (Sources/InspectCore/NextDue.swift) against the slow path,
/// `ObligationSchedule.obligations`, on many random cases: random and shipped cadence rules, random
/// approval dates, facts (qualifying or not, by any authority) and days, inside and outside the
/// loaded holiday tables.
@Suite struct NextDueTests {
    let calendar: WorkCalendar
    init() throws { calendar = try CalendarFixtures.calendar() }

    /// Deterministic cases (SplitMix64), so that a failure can be replayed.
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let since = CivilDate(year: 2015, month: 1, day: 1)!

    static func date(in years: ClosedRange<Int>, _ rng: inout Rng) -> CivilDate {
        let lo = Int(CivilDate.firstOfMonth(year: years.lowerBound, month: 1).dayNumber)
        let hi = Int(CivilDate.lastOfMonth(year: years.upperBound, month: 12).dayNumber)
        return CivilDate(dayNumber: Int32(Int.random(in: lo...hi, using: &rng)))
    }

    static func randomRule(_ rng: inout Rng) -> CadenceRule {
        let cadence: Cadence
        if Bool.random(using: &rng) {
            let dueBefore = [nil, nil, MonthDay("12-31"), MonthDay("01-31"), MonthDay("03-15")].randomElement(using: &rng)!
            cadence = .quota(Quota(atLeast: [1, 1, 1, 2, 3].randomElement(using: &rng)!, atMost: nil,
                                   per: PeriodUnit.allCases.randomElement(using: &rng)!, dueBefore: dueBefore))
        } else {
            let periods: [LegalPeriod] = [.months(18), .years(1), .years(2), .days(90), .workingDays(60), .months(1)]
            cadence = .interval(IntervalCadence(every: periods.randomElement(using: &rng)!,
                                                first: [nil, .months(6), .workingDays(30)].randomElement(using: &rng)!))
        }
        let eligibility: Eligibility = Int.random(in: 0..<4, using: &rng) == 0 ? .approvedBeforeYearStart : .always
        return CadenceRule(id: "R", title: "R", source: [], actor: .authorities([.county]),
                           subject: SubjectFilter(kinds: ["microloan"], eligibility: eligibility), action: "onsite-inspection",
                           counts: ["onsite"], cadence: cadence, remind: [.workingDays(5)], basis: "")
    }

    /// An entity the rule is about (kind, id, jurisdiction and grade chosen to match its filter).
    static func entity(for rule: CadenceRule, approvedOn: CivilDate?) -> Entity {
        let s = rule.subject
        return Entity(id: s.ids?.sorted().first ?? "E1", name: "E", kind: s.kinds.sorted().first!,
                      jurisdiction: s.jurisdictions?.sorted().first ?? "兰山区", approvedOn: approvedOn,
                      grade: s.grades?.sorted().first)
    }

    /// Random facts on or before `today`: kinds the rule counts and others, by any authority.
    static func facts(for rule: CadenceRule, entity: String, today: CivilDate, approved: CivilDate?, _ rng: inout Rng) -> [Inspection] {
        let kinds = rule.counts.sorted() + ["offsite", "filing"]
        let lo = Int(since.adding(days: -800).dayNumber), hi = Int(today.dayNumber)
        // The edges: today, the first day of today's month, quarter, half-year, year and two
        // years, the day before each, the approval date and the day after it.
        var edges = [today] + PeriodUnit.allCases.flatMap { unit in
            let start = CalendarPeriod(unit: unit, containing: today).start
            return [start, start.adding(days: -1)]
        }
        if let a = approved { edges += [a, a.adding(days: 1)] }
        edges = edges.filter { $0 <= today }
        return (0..<Int.random(in: 0...6, using: &rng)).map { _ in
            // Most facts fall in the last year before today, where they decide the answer; a
            // quarter of them on an edge.
            let d = Int.random(in: 0..<4, using: &rng) == 0 && !edges.isEmpty ? Int(edges.randomElement(using: &rng)!.dayNumber)
                : Bool.random(using: &rng) ? Int.random(in: max(lo, hi - 400)...hi, using: &rng) : Int.random(in: min(lo, hi)...hi, using: &rng)
            return Inspection(entityID: entity, date: CivilDate(dayNumber: Int32(d)), kind: kinds.randomElement(using: &rng)!,
                              authority: Authority.allCases.randomElement(using: &rng)!, inspectors: ["A", "B"])
        }
    }

    /// The slow path's answer: for a quota, the due date of the first period from today's on that
    /// is not met (obligations computed far ahead, so that every later period is listed); for an
    /// interval, the due date of the open (last) interval.
    func slowNextDue(_ rule: CadenceRule, _ entity: Entity, _ facts: [Inspection], today: CivilDate) -> CivilDate? {
        let schedule = ObligationSchedule(rules: [rule], calendar: calendar, since: Self.since)
        switch rule.cadence {
        case .quota:
            let horizon = max(today, entity.approvedOn ?? today).adding(days: 366 * 3)
            let list = schedule.obligations(of: entity, inspections: facts, today: horizon)
            return list.first { $0.period.end >= today && $0.done < $0.required }?.due
        case .interval:
            return schedule.obligations(of: entity, inspections: facts, today: today).last?.due
        }
    }

    func check(_ rule: CadenceRule, cases: Int, seed: UInt64, approvalMayBeMissing: Bool) {
        var rng = Rng(state: seed)
        var rule = rule
        rule.enabled = true
        for n in 0..<cases {
            let today = Self.date(in: 2016...2029, &rng)
            var approved: CivilDate? = Self.date(in: 2015...2029, &rng)
            // Without an approval date an interval is counted from the start of tracking, which
            // the fast path does not know: only quotas get entities without one.
            if approvalMayBeMissing, case .quota = rule.cadence, Int.random(in: 0..<5, using: &rng) == 0 { approved = nil }
            let entity = Self.entity(for: rule, approvedOn: approved)
            let facts = Self.facts(for: rule, entity: entity.id, today: today, approved: approved, &rng)
            let last = facts.filter(rule.counts).map(\.date).max()
            let fast = rule.nextDue(after: last, approvedOn: approved, today: today, calendar: calendar)
            let slow = slowNextDue(rule, entity, facts, today: today)
            let context: Comment = "case \(n) of seed \(seed): rule \(rule.id) \(rule.cadence) \(rule.subject.eligibility), today \(today), approved \(approved?.iso ?? "-"), last \(last?.iso ?? "-"), facts \(facts.map { "\($0.date) \($0.kind) \($0.authority)" })"
            guard let slow else { Issue.record("slow path owes nothing: \(context)"); return }
            // With only the last fact known, a quota of at least N > 1 takes today's period as not
            // met: never later than the truth.
            let ok = if case .quota(let q) = rule.cadence, q.atLeast > 1 { fast <= slow } else { fast == slow }
            #expect(ok, "fast \(fast) vs slow \(slow): \(context)")
            if !ok { return }
        }
    }

    @Test("fast path equals the slow path on random rules, entities, facts and days")
    func randomRules() {
        var rng = Rng(state: 4)
        for seed in 0..<UInt64(600) {
            check(Self.randomRule(&rng), cases: 40, seed: seed, approvalMayBeMissing: true)
        }
    }

    @Test("fast path equals the slow path under every shipped cadence rule")
    func shippedRules() throws {
        let config = try ConfigurationLoader.load(directory: CalendarFixtures.configDirectory)
        #expect(!config.rules.cadences.isEmpty)
        for (i, rule) in config.rules.cadences.enumerated() {
            check(rule, cases: 500, seed: 1000 + UInt64(i), approvalMayBeMissing: true)
        }
    }

    @Test func dueDatesOnKnownDays() throws {
        let monthly = CadenceRule(id: "C01", title: "", source: [], actors: [.county], subjectKinds: ["private-financing-service"],
                                  action: "onsite-inspection", counts: ["onsite"], atLeast: 1, per: .month, remind: [], basis: "")
        // Nothing this month: due on the last working day of January 2026 (31 Jan is a Saturday).
        #expect(monthly.nextDue(after: try day("2025-12-20"), approvedOn: try day("2020-01-01"), today: try day("2026-01-15"),
                                calendar: calendar) == (try day("2026-01-30")))
        // Met this month: February's due date, 28 Feb 2026 (a Saturday made a working day).
        #expect(monthly.nextDue(after: try day("2026-01-05"), approvedOn: nil, today: try day("2026-01-15"),
                                calendar: calendar) == (try day("2026-02-28")))
        // A fact after today is not counted.
        #expect(monthly.nextDue(after: try day("2026-01-20"), approvedOn: nil, today: try day("2026-01-15"),
                                calendar: calendar) == (try day("2026-01-30")))
        // Approved later: the period of approval.
        #expect(monthly.nextDue(after: nil, approvedOn: try day("2026-03-02"), today: try day("2026-01-15"),
                                calendar: calendar) == (try day("2026-03-31")))
        var audit = monthly
        audit.cadence = .quota(Quota(atLeast: 1, per: .year))
        audit.subject.eligibility = .approvedBeforeYearStart
        // C04: approved during 2026, first audited in 2027 (31 Dec 2027 is a Friday).
        #expect(audit.nextDue(after: nil, approvedOn: try day("2026-01-02"), today: try day("2026-05-01"),
                              calendar: calendar) == (try day("2027-12-31")))
        var every18 = monthly
        every18.cadence = .interval(IntervalCadence(every: .months(18), first: .months(6)))
        // 18 months after 30 Sep 2024 is 30 Mar 2026 (a Monday).
        #expect(every18.nextDue(after: try day("2024-09-30"), approvedOn: try day("2020-01-01"), today: try day("2026-01-15"),
                                calendar: calendar) == (try day("2026-03-30")))
        // None yet: 6 months after approval on 1 Apr 2025 is 1 Oct 2025, National Day: moved to 9 Oct.
        #expect(every18.nextDue(after: nil, approvedOn: try day("2025-04-01"), today: try day("2026-01-15"),
                                calendar: calendar) == (try day("2025-10-09")))
    }
}
