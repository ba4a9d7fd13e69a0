import Foundation
import InspectConfig
import InspectCore
import Testing

// One dated scenario per RULES.md row P04–P06 and D01–D04 (this file) and E01–E05
// (LifecycleScenarioCaseTests.swift), each walked through time with the shipped
// `config/rules/lifecycle.yaml` and the shipped 2023–2026 holiday arrangements:
// trigger → reminder window → due day → overdue (or lapsed) → met late / met on time.
//
// Holiday facts used (config/calendar/2026.yaml): 元旦 2026-01-01…03; 春节 2026-02-15…23 with
// make-up working Saturdays 02-14 and 02-28; 清明 04-04…06; 劳动节 05-01…05 (make-up Sat 05-09);
// 端午 06-19…21; 中秋 09-25…27; 国庆 10-01…07 (make-up Sat 10-10).

/// The shipped configuration, loaded once for the lifecycle scenarios.
enum LifecycleFixtures {
    static let loaded: Result<Configuration, any Error> = Result {
        try ConfigurationLoader.load(directory: CalendarFixtures.configDirectory)
    }

    static func configuration() throws -> Configuration { try loaded.get() }

    static func validator() throws -> LifecycleValidator {
        let c = try configuration()
        return LifecycleValidator(tracker: DeadlineTracker(rules: c.rules.deadlines, calendar: c.calendar))
    }

    static func rule(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DeadlineRule {
        try #require(try configuration().rules.deadlines.first { $0.id == id }, "no deadline rule \(id) shipped",
                     sourceLocation: sourceLocation)
    }
}

/// `LocalDateTime(iso:)` that fails the test instead of returning nil: `2026-04-24` (00:00) or `2026-09-30T16:00`.
func moment(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LocalDateTime {
    try #require(LocalDateTime(iso: text), "bad time literal \(text)", sourceLocation: sourceLocation)
}

/// One subject's life (a rectification order, a case, a report), recorded event by event through
/// `LifecycleValidator` as the daemon records it, with its deadlines looked at on given days.
struct Life {
    let subject: String
    let entity: String
    let validator: LifecycleValidator
    private(set) var events: [LifecycleEvent] = []

    init(_ subject: String, of entity: String) throws {
        self.subject = subject; self.entity = entity; self.validator = try LifecycleFixtures.validator()
    }

    func event(_ kind: String, _ time: String, _ attributes: [String: String] = [:]) throws -> LifecycleEvent {
        LifecycleEvent(id: Int64(events.count + 1), subject: subject, entityID: entity, kind: kind, at: try moment(time),
                       attributes: attributes)
    }

    /// Why the validator refuses this event, checked on `now` (default: the event's own time); nil if accepted.
    func refusal(_ kind: String, _ time: String, _ attributes: [String: String] = [:], now: String? = nil) throws -> String? {
        validator.problem(with: try event(kind, time, attributes), after: events, now: try moment(now ?? time))
    }

    /// Records an event the validator must accept.
    mutating func record(_ kind: String, _ time: String, _ attributes: [String: String] = [:], now: String? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problem = try refusal(kind, time, attributes, now: now)
        #expect(problem == nil, "\(kind) on \(time) refused: \(problem ?? "")", sourceLocation: sourceLocation)
        events.append(try event(kind, time, attributes))
    }

    /// Every deadline on `now`.
    func deadlines(on now: String) throws -> [TrackedDeadline] {
        validator.tracker.deadlines(of: events, now: try moment(now))
    }

    /// The ids of the rules that hold a deadline of this subject, sorted.
    func rules(on now: String) throws -> [String] { try deadlines(on: now).map(\.ruleID).sorted() }

    /// The one deadline of rule `id` on `now`.
    func deadline(_ id: String, on now: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> TrackedDeadline {
        let all = try deadlines(on: now).filter { $0.ruleID == id }
        try #require(all.count == 1, "\(subject): \(all.count) deadlines of \(id) on \(now)", sourceLocation: sourceLocation)
        return all[0]
    }

    func state(_ id: String, on now: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DeadlineState {
        try deadline(id, on: now, sourceLocation: sourceLocation).state
    }

    /// The state of rule `id` on each day (or time) given, in order.
    func expectStates(_ id: String, _ expected: KeyValuePairs<String, DeadlineState>,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (now, state) in expected {
            let got = try self.state(id, on: now, sourceLocation: sourceLocation)
            #expect(got == state, "\(id) \(subject) on \(now): \(got), expected \(state)", sourceLocation: sourceLocation)
        }
    }
}

// MARK: - §4 reports and audits (P04–P06)

@Suite struct LifecycleScenarioReportTests {
    /// P04: the unit has 10 days to comment in writing on a supervision report; silence = no objection.
    @Test func p04CommentsOnASupervisionReportLapseAfterTenDays() throws {
        let rule = try LifecycleFixtures.rule("P04")
        #expect(rule.starts == "report.delivered")
        #expect(rule.within == .period(.days(10)))
        #expect(rule.metBy == ["report.comments"])
        #expect(rule.lapses)

        var silent = try Life("RPT-2026-04", of: "LS-SIF-001")
        try silent.record("report.delivered", "2026-04-24")
        let d = try silent.deadline("P04", on: "2026-04-24")
        // Friday 24 April + 10 days = Monday 4 May, inside 劳动节 (1–5 May): the period ends on
        // Wednesday 6 May, the day after the holiday (民法典 第二百零三条).
        #expect(d.deadline.nominalEnd == (try day("2026-05-04")))
        #expect(d.due == (try day("2026-05-06")))
        #expect(d.deadline.wasMoved)
        #expect(!d.deadline.provisional)
        #expect(d.remindFrom == (try day("2026-05-03")))   // 3 days before
        try silent.expectStates("P04", [
            "2026-04-24": .running, "2026-05-02": .running,
            "2026-05-03": .dueSoon, "2026-05-05": .dueSoon,
            "2026-05-06": .dueToday,
            // Not overdue: the unit's silence counts as no objection.
            "2026-05-07": .lapsed, "2026-12-01": .lapsed,
        ])

        var onLastDay = try Life("RPT-2026-05", of: "LS-SIF-002")
        try onLastDay.record("report.delivered", "2026-04-24")
        try onLastDay.record("report.comments", "2026-05-06T17:30")
        #expect(try onLastDay.state("P04", on: "2026-05-20") == .metOnTime)

        var late = try Life("RPT-2026-06", of: "LS-SIF-002")
        try late.record("report.delivered", "2026-04-24")
        #expect(try late.state("P04", on: "2026-05-08") == .lapsed)
        try late.record("report.comments", "2026-05-08")
        #expect(try late.state("P04", on: "2026-05-08") == .metLate(days: 2))
        // Comments need a delivered report.
        let orphan = try Life("RPT-2026-07", of: "LS-SIF-001")
        #expect(try orphan.refusal("report.comments", "2026-05-08")?.contains("needs report.delivered first") == true)
    }

    /// P05: audit found nothing → tell the unit in writing within 5 working days after the audit ends.
    @Test func p05CleanAuditResultWithinFiveWorkingDaysAcrossNationalDay() throws {
        let rule = try LifecycleFixtures.rule("P05")
        #expect(rule.starts == "audit.ended")
        #expect(rule.when == ["outcome": "clean"])
        #expect(rule.within == .period(.workingDays(5)))

        var audit = try Life("AUD-2026-09", of: "LS-EMP-001")
        try audit.record("audit.ended", "2026-09-28", ["outcome": "clean"])
        #expect(try audit.rules(on: "2026-09-28") == ["P05"])   // not P06
        let d = try audit.deadline("P05", on: "2026-09-28")
        // Working days after Monday 28 September: 29, 30 Sep; 1–7 Oct 国庆 off; 8, 9 Oct; Saturday
        // 10 Oct is a make-up working day → the 5th.
        #expect(d.due == (try day("2026-10-10")))
        #expect(d.remindFrom == (try day("2026-10-08")))   // 2 working days before
        try audit.expectStates("P05", [
            "2026-09-28": .running, "2026-10-07": .running,
            "2026-10-08": .dueSoon, "2026-10-09": .dueSoon,
            "2026-10-10": .dueToday,
            "2026-10-11": .overdue,
        ])
        try audit.record("audit.result-sent", "2026-10-12")
        #expect(try audit.state("P05", on: "2026-10-12") == .metLate(days: 2))

        var prompt = try Life("AUD-2026-10", of: "LS-EMP-002")
        try prompt.record("audit.ended", "2026-09-28", ["outcome": "clean"])
        try prompt.record("audit.result-sent", "2026-10-09")
        #expect(try prompt.state("P05", on: "2026-10-30") == .metOnTime)
    }

    /// P06: audit found violations → deliver the audit opinion within 10 working days.
    @Test func p06AuditOpinionWithinTenWorkingDaysAcrossMidAutumnAndNationalDay() throws {
        let rule = try LifecycleFixtures.rule("P06")
        #expect(rule.when == ["outcome": "violations"])
        #expect(rule.within == .period(.workingDays(10)))

        var audit = try Life("AUD-2026-11", of: "LS-EMP-003")
        try audit.record("audit.ended", "2026-09-24", ["outcome": "violations"])
        #expect(try audit.rules(on: "2026-09-24") == ["P06"])   // not P05
        let d = try audit.deadline("P06", on: "2026-09-24")
        // After Thursday 24 September: 25–27 中秋 off; 28, 29, 30 Sep (3); 1–7 Oct off; 8, 9, Sat 10
        // (make-up), 12, 13, 14, 15 Oct → the 10th working day is Thursday 15 October.
        #expect(d.due == (try day("2026-10-15")))
        #expect(d.remindFrom == (try day("2026-10-12")))   // 3 working days before
        try audit.expectStates("P06", [
            "2026-09-24": .running, "2026-10-09": .running,
            "2026-10-12": .dueSoon, "2026-10-14": .dueSoon,
            "2026-10-15": .dueToday,
            "2026-10-16": .overdue,
        ])
        try audit.record("audit.result-sent", "2026-10-19")
        #expect(try audit.state("P06", on: "2026-10-19") == .metLate(days: 4))
    }

    /// An audit recorded without its outcome starts neither P05 nor P06 (the schema cannot make
    /// `outcome` required; the recorder must give it).
    @Test func auditWithoutOutcomeStartsNothing() throws {
        var audit = try Life("AUD-2026-12", of: "LS-EMP-004")
        try audit.record("audit.ended", "2026-09-24")
        #expect(try audit.deadlines(on: "2026-10-30").isEmpty)
    }
}

// MARK: - §5 rectifications (D01–D04)

@Suite struct LifecycleScenarioRectificationTests {
    /// D01: statistics rectification results within 2 months of receiving the notice.
    @Test func d01TwoMonthsFromThirtyFirstDecemberEndsOnTheLastDayOfFebruary() throws {
        let rule = try LifecycleFixtures.rule("D01")
        #expect(rule.starts == "rectification.ordered")
        #expect(rule.when == ["rule": "D01"])
        #expect(rule.within == .period(.months(2)))
        #expect(rule.metBy == ["rectification.report-received"])

        var order = try Life("R-2025-31", of: "LS-SSU-001")
        try order.record("rectification.ordered", "2025-12-31", ["rule": "D01"])
        #expect(try order.rules(on: "2025-12-31") == ["D01"])   // not D02/D03
        let d = try order.deadline("D01", on: "2026-01-15")
        // 31 December + 2 months: February has no 31st → its last day, 28 February 2026 (第二百零二条).
        // That is a Saturday, but a 春节 make-up working day: no move.
        #expect(d.deadline.nominalEnd == (try day("2026-02-28")))
        #expect(d.due == (try day("2026-02-28")))
        #expect(!d.deadline.wasMoved)
        // 10 working days before: 27, 26, 25, 24 Feb, (15–23 春节 off), Sat 14 (make-up), 13, 12, 11, 10, 9.
        #expect(d.remindFrom == (try day("2026-02-09")))
        try order.expectStates("D01", [
            "2026-01-15": .running, "2026-02-08": .running,
            "2026-02-09": .dueSoon, "2026-02-20": .dueSoon, "2026-02-27": .dueSoon,
            "2026-02-28": .dueToday,
            "2026-03-01": .overdue, "2026-03-02": .overdue,
        ])
        try order.record("rectification.report-received", "2026-03-03")
        #expect(try order.state("D01", on: "2026-03-03") == .metLate(days: 3))

        // In a leap year: 31 December 2023 + 2 months = Thursday 29 February 2024.
        var leap = try Life("R-2023-31", of: "LS-SSU-002")
        try leap.record("rectification.ordered", "2023-12-31", ["rule": "D01"])
        #expect(try leap.deadline("D01", on: "2024-01-02").due == (try day("2024-02-29")))
    }

    /// D01 ending inside the Spring Festival: 18 December + 2 months = 18 February 2026 (春节) → 24 February.
    @Test func d01EndingInTheSpringFestivalMovesToTheNextWorkingDay() throws {
        var order = try Life("R-2025-18", of: "LS-SSU-002")
        try order.record("rectification.ordered", "2025-12-18", ["rule": "D01"])
        let d = try order.deadline("D01", on: "2026-01-05")
        #expect(d.deadline.nominalEnd == (try day("2026-02-18")))
        #expect(d.due == (try day("2026-02-24")))
        #expect(d.remindFrom == (try day("2026-02-03")))   // 10 working days before 24 Feb
        try order.expectStates("D01", [
            "2026-02-02": .running, "2026-02-03": .dueSoon,
            "2026-02-18": .dueSoon,   // the nominal day is a holiday: not yet due
            "2026-02-24": .dueToday, "2026-02-25": .overdue,
        ])
        try order.record("rectification.report-received", "2026-02-24")
        #expect(try order.state("D01", on: "2026-02-25") == .metOnTime)
    }

    /// D02: financing guarantee company, rectification report within 30 days of the 《现场检查意见书》.
    @Test func d02ThirtyDaysEndingOnNationalDayMovesToEightOctober() throws {
        let rule = try LifecycleFixtures.rule("D02")
        #expect(rule.when == ["rule": "D02"])
        #expect(rule.within == .period(.days(30)))

        var order = try Life("R-2026-90", of: "LS-FG-001")
        try order.record("rectification.ordered", "2026-09-01", ["rule": "D02"])
        #expect(try order.rules(on: "2026-09-01") == ["D02"])
        let d = try order.deadline("D02", on: "2026-09-01")
        // 1 September + 30 days = 1 October (国庆) → Thursday 8 October.
        #expect(d.deadline.nominalEnd == (try day("2026-10-01")))
        #expect(d.due == (try day("2026-10-08")))
        // 10 days before = 28 Sep; 3 working days before = 30, 29, 28 Sep.
        #expect(d.remindFrom == (try day("2026-09-28")))
        try order.expectStates("D02", [
            "2026-09-15": .running, "2026-09-27": .running,
            "2026-09-28": .dueSoon, "2026-10-01": .dueSoon, "2026-10-07": .dueSoon,
            "2026-10-08": .dueToday,
            "2026-10-09": .overdue,
        ])
        try order.record("rectification.report-received", "2026-10-12")
        #expect(try order.state("D02", on: "2026-10-12") == .metLate(days: 4))
        // The report starts the follow-up (D04): 12 October + 30 days = Wednesday 11 November.
        #expect(try order.deadline("D04", on: "2026-10-12").due == (try day("2026-11-11")))
    }

    /// D03: rectification by a date the inspector set ("限期"); a set day in a holiday ends on the next working day.
    @Test func d03DateSetByTheInspector() throws {
        let rule = try LifecycleFixtures.rule("D03")
        #expect(rule.within == .setOnEvent(atMost: nil))

        var order = try Life("R-2026-61", of: "LS-HRA-001")
        // Refused: no date, or a date not after the order.
        #expect(try order.refusal("rectification.ordered", "2026-06-01", ["rule": "D03"])?.contains("must set its deadline") == true)
        #expect(try order.refusal("rectification.ordered", "2026-06-01", ["rule": "D03", "deadline": "2026-06-01"])?
            .contains("is not after 2026-06-01") == true)
        #expect(try order.refusal("rectification.ordered", "2026-06-01", ["rule": "D03", "deadline": "20260620"]) != nil)

        try order.record("rectification.ordered", "2026-06-01", ["rule": "D03", "deadline": "2026-06-20"])
        let d = try order.deadline("D03", on: "2026-06-01")
        // Saturday 20 June is in 端午 (19–21 June): ends Monday 22 June.
        #expect(d.deadline.nominalEnd == (try day("2026-06-20")))
        #expect(d.due == (try day("2026-06-22")))
        // 5 working days before 22 June: 18, 17, 16, 15, 12 June.
        #expect(d.remindFrom == (try day("2026-06-12")))
        try order.expectStates("D03", [
            "2026-06-01": .running, "2026-06-11": .running,
            "2026-06-12": .dueSoon, "2026-06-20": .dueSoon,
            "2026-06-22": .dueToday,
            "2026-06-23": .overdue,
        ])
        try order.record("rectification.report-received", "2026-06-23")
        #expect(try order.state("D03", on: "2026-06-23") == .metLate(days: 1))

        // A verification says whether the rectification is accepted.
        #expect(try order.refusal("rectification.verified", "2026-06-24")?.contains("accepted: yes or no") == true)
        try order.record("rectification.verified", "2026-06-24", ["accepted": "yes"])

        // The seeds set no upper limit on a 限期 date: a distant one is accepted.
        let far = try Life("R-2026-62", of: "LS-HRA-002")
        #expect(try far.refusal("rectification.ordered", "2026-06-01", ["rule": "D03", "deadline": "2026-12-01"]) == nil)
    }

    /// D04: re-inspection (复查) after the rectification report; the seed gives no period
    /// ("视情况安排复查"): the shipped office default is 30 days.
    @Test func d04FollowUpThirtyDaysAfterTheReport() throws {
        let rule = try LifecycleFixtures.rule("D04")
        #expect(rule.starts == "rectification.report-received")
        #expect(rule.within == .period(.days(30)))
        #expect(rule.metBy == ["rectification.follow-up"])

        var order = try Life("R-2026-05", of: "LS-SSU-001")
        try order.record("rectification.ordered", "2026-01-05", ["rule": "D01"])
        #expect(try order.deadline("D01", on: "2026-01-05").due == (try day("2026-03-05")))
        // A follow-up needs the report first.
        #expect(try order.refusal("rectification.follow-up", "2026-03-06")?.contains("needs rectification.report-received first") == true)

        try order.record("rectification.report-received", "2026-03-10")
        #expect(try order.state("D01", on: "2026-03-10") == .metLate(days: 5))
        let d = try order.deadline("D04", on: "2026-03-10")
        // 10 March + 30 days = Thursday 9 April.
        #expect(d.due == (try day("2026-04-09")))
        // 10 days before = 30 March; 3 working days before = 8, 7, 3 April (清明 4–6 April off).
        #expect(d.remindFrom == (try day("2026-03-30")))
        try order.record("rectification.verified", "2026-03-20", ["accepted": "yes"])   // does not meet D04
        try order.expectStates("D04", [
            "2026-03-20": .running, "2026-03-29": .running,
            "2026-03-30": .dueSoon, "2026-04-08": .dueSoon,
            "2026-04-09": .dueToday,
            "2026-04-10": .overdue,
        ])
        try order.record("rectification.follow-up", "2026-04-20")
        #expect(try order.state("D04", on: "2026-04-20") == .metLate(days: 11))
        #expect(try order.state("D01", on: "2026-04-20") == .metLate(days: 5))
    }
}

// MARK: - Invalid transitions (issue 5, "Integrity")

@Suite struct LifecycleScenarioValidatorTests {
    @Test func verifyingARectificationNeverOrderedIsRefused() throws {
        let none = try Life("R-2026-99", of: "LS-FG-002")
        let verify = try #require(try none.refusal("rectification.verified", "2026-05-06", ["accepted": "yes"]))
        #expect(verify.contains("needs rectification.report-received first"))
        // Issue 10: the first thing to say is that there was no order at all, and of the subject.
        #expect(verify.hasPrefix("R-2026-99 was never opened: no rectification.ordered"))
        let validator = none.validator
        let refusal = validator.refusal(with: try none.event("rectification.verified", "2026-05-06", ["accepted": "yes"]), after: [], now: try moment("2026-05-07"))
        #expect(refusal?.field == "subject")
        // A future date is a problem of the event's time, not of its kind.
        let future = validator.refusal(with: try none.event("rectification.ordered", "2026-06-01"), after: [], now: try moment("2026-05-07"))
        #expect(future?.field == "at")
        let report = try #require(try none.refusal("rectification.report-received", "2026-05-06"))
        #expect(report.contains("needs rectification.ordered first"))
    }

    @Test func eventsInTheFutureOrOutOfOrderAreRefused() throws {
        var order = try Life("R-2026-98", of: "LS-FG-002")
        let future = try #require(try order.refusal("rectification.ordered", "2026-05-10", ["rule": "D02"], now: "2026-05-06T09:00"))
        #expect(future.contains("2026-05-10 is in the future"))
        try order.record("rectification.ordered", "2026-05-06", ["rule": "D02"])
        #expect(try order.refusal("rectification.report-received", "2026-05-05", now: "2026-05-06")?
            .contains("is before rectification.ordered on 2026-05-06") == true)
        #expect(try order.refusal("rectification.ordered", "2026-05-07", ["rule": "D02"])?.contains("already has rectification.ordered") == true)
        #expect(try order.refusal("rectification.lost", "2026-05-07")?.contains("unknown event kind") == true)
        let other = LifecycleEvent(subject: "R-2026-98", entityID: "LZ-FG-001", kind: "rectification.report-received",
                                   at: try moment("2026-05-07"))
        #expect(order.validator.problem(with: other, after: order.events, now: try moment("2026-05-07"))?
            .contains("belongs to LS-FG-002") == true)
        // A rectification deadline may be extended once (G01's 延长期限), by at most the office's month.
        #expect(try order.refusal("rectification.extended", "2026-05-08", ["by": "2m"])?.contains("longer than") == true)
        #expect(try order.refusal("rectification.extended", "2026-05-08", [:])?.contains("how long") == true)
        #expect(try order.refusal("rectification.extended", "2026-05-08", ["by": "10d"]) == nil)
    }
}
