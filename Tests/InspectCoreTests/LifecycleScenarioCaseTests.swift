import Foundation
import InspectConfig
import InspectCore
import Testing

// RULES.md §6 cases E01–E05, walked through time with the shipped config/rules/lifecycle.yaml
// (helpers `Life`, `moment` in LifecycleScenarioTests.swift).

@Suite struct LifecycleScenarioCaseTests {
    /// E01: investigation within 60 working days of filing; extendable once by 30 working days with approval.
    @Test func e01SixtyWorkingDaysExtendedOnceByThirty() throws {
        let rule = try LifecycleFixtures.rule("E01")
        #expect(rule.starts == "case.filed")
        #expect(rule.within == .period(.workingDays(60)))
        #expect(rule.extension_ == DeadlineExtension(by: .workingDays(30), max: 1, approval: true))

        var investigation = try Life("CASE-2026-07", of: "LS-EMP-005")
        try investigation.record("case.filed", "2026-07-01")
        #expect(try investigation.rules(on: "2026-07-01") == ["E01"])
        let d = try investigation.deadline("E01", on: "2026-07-01")
        // 60 working days after Wednesday 1 July (no holiday in July–September before 中秋): Tuesday 22 September.
        #expect(d.due == (try day("2026-09-22")))
        #expect(d.remindFrom == (try day("2026-09-09")))   // 10 working days before
        try investigation.expectStates("E01", [
            "2026-07-01": .running, "2026-09-08": .running,
            "2026-09-09": .dueSoon, "2026-09-21": .dueSoon,
            "2026-09-22": .dueToday,
            "2026-09-23": .overdue,
        ])

        // Without the approval reference: refused.
        #expect(try investigation.refusal("case.extended", "2026-09-15")?.contains("needs the approval reference") == true)
        #expect(try investigation.refusal("case.extended", "2026-09-15", ["approval": "  "])?.contains("needs the approval reference") == true)
        // After the deadline: refused.
        #expect(try investigation.refusal("case.extended", "2026-09-23", ["approval": "博人社批〔2026〕31号"])?
            .contains("the deadline 2026-09-22 has passed") == true)

        try investigation.record("case.extended", "2026-09-15", ["approval": "博人社批〔2026〕31号"])
        let extended = try investigation.deadline("E01", on: "2026-09-15")
        #expect(extended.extensions == 1)
        // 30 more working days from 22 September: 23, 24, 28, 29, 30 Sep (5); 中秋 and 国庆 off; from
        // 8 October (with Saturday 10 October) … → Tuesday 10 November.
        #expect(extended.due == (try day("2026-11-10")))
        #expect(extended.remindFrom == (try day("2026-10-27")))
        try investigation.expectStates("E01", [
            "2026-09-23": .running,   // no longer overdue
            "2026-10-26": .running,
            "2026-10-27": .dueSoon,
            "2026-11-10": .dueToday,
            "2026-11-11": .overdue,
        ])
        // Once only.
        #expect(try investigation.refusal("case.extended", "2026-10-15", ["approval": "博人社批〔2026〕40号"])?
            .contains("at most 1 extension") == true)

        try investigation.record("case.closed", "2026-11-13")
        #expect(try investigation.state("E01", on: "2026-11-13") == .metLate(days: 3))

        // Closed on time (on the original due day), no extension.
        var quick = try Life("CASE-2026-08", of: "LS-EMP-006")
        try quick.record("case.filed", "2026-07-01")
        try quick.record("case.closed", "2026-09-22")
        #expect(try quick.state("E01", on: "2026-10-01") == .metOnTime)
        // An extension of a closed case: nothing left to extend.
        #expect(try quick.refusal("case.extended", "2026-09-22T18:00", ["approval": "x"])?.contains("no running deadline") == true)
    }

    /// E01 reaching into 2027, whose holiday notice is not loaded: weekday-only and provisional (RULES.md §8).
    @Test func e01IntoAYearWithoutHolidayNoticeIsProvisional() throws {
        var investigation = try Life("CASE-2026-30", of: "LS-EMP-007")
        try investigation.record("case.filed", "2026-11-02")
        let d = try investigation.deadline("E01", on: "2026-11-02")
        #expect(d.due == (try day("2027-01-25")))
        #expect(d.deadline.provisional)
    }

    /// E02: supervised case, deadline set by the bureau (normally ≤ 2 months); extension requested
    /// ≥ 15 days before the deadline, ≤ 30 days, approved.
    @Test func e02SetDeadlineAndOneExtension() throws {
        let rule = try LifecycleFixtures.rule("E02")
        #expect(rule.starts == "case.supervised")
        #expect(rule.within == .setOnEvent(atMost: .months(2)))
        #expect(rule.extension_ == DeadlineExtension(atMost: .days(30), max: 1, requestBefore: .days(15), approval: true))

        var supervised = try Life("CASE-2026-04", of: "LS-EMP-008")
        try supervised.record("case.filed", "2026-04-10")
        // 15 April + 2 months = Monday 15 June: a later date is refused, 15 June itself is accepted.
        #expect(try supervised.refusal("case.supervised", "2026-04-15", ["deadline": "2026-06-16"])?
            .contains("beyond 2m after 2026-04-15") == true)
        #expect(try supervised.refusal("case.supervised", "2026-04-15")?.contains("must set its deadline") == true)
        try supervised.record("case.supervised", "2026-04-15", ["deadline": "2026-06-15"])
        #expect(try supervised.rules(on: "2026-04-15") == ["E01", "E02"])
        let d = try supervised.deadline("E02", on: "2026-04-15")
        #expect(d.due == (try day("2026-06-15")))
        // 20 days before = 26 May (5 working days before = 8 June).
        #expect(d.remindFrom == (try day("2026-05-26")))
        try supervised.expectStates("E02", ["2026-05-25": .running, "2026-05-26": .dueSoon, "2026-06-15": .dueToday, "2026-06-16": .overdue])

        let approval = "博人社督〔2026〕5号"
        // Requested 10 days before the deadline (5 June): too late, the latest is 31 May.
        let tooLate = try #require(try supervised.refusal("case.extended", "2026-06-05", ["rule": "E02", "by": "30d", "approval": approval]))
        #expect(tooLate.contains("at least 15d before the deadline 2026-06-15 (by 2026-05-31)"))
        // Exactly 15 days before: still in time.
        #expect(try supervised.refusal("case.extended", "2026-05-31", ["rule": "E02", "by": "30d", "approval": approval]) == nil)
        // 40 days: beyond the 30 allowed.
        #expect(try supervised.refusal("case.extended", "2026-05-26", ["rule": "E02", "by": "40d", "approval": approval])?
            .contains("an extension of 40d is longer than the 30d allowed") == true)
        // No length given, no approval: refused.
        #expect(try supervised.refusal("case.extended", "2026-05-26", ["rule": "E02", "approval": approval])?.contains("say how long") == true)
        #expect(try supervised.refusal("case.extended", "2026-05-26", ["rule": "E02", "by": "30d"])?.contains("approval reference") == true)

        // Requested 20 days before (26 May), 30 days: accepted.
        try supervised.record("case.extended", "2026-05-26", ["rule": "E02", "by": "30d", "approval": approval])
        let extended = try supervised.deadline("E02", on: "2026-05-26")
        #expect(extended.extensions == 1)
        #expect(extended.due == (try day("2026-07-15")))   // 15 June + 30 days
        #expect(extended.remindFrom == (try day("2026-06-25")))
        // The investigation period (E01) of the same case is not extended by an E02 extension:
        // 10 April + 60 working days = Wednesday 8 July.
        #expect(try supervised.deadline("E01", on: "2026-05-26").extensions == 0)
        #expect(try supervised.deadline("E01", on: "2026-05-26").due == (try day("2026-07-08")))
        try supervised.expectStates("E02", [
            "2026-06-16": .running, "2026-06-24": .running,
            "2026-06-25": .dueSoon,
            "2026-07-15": .dueToday,
            "2026-07-16": .overdue,
        ])
        // A second extension: refused.
        #expect(try supervised.refusal("case.extended", "2026-06-20", ["rule": "E02", "by": "10d", "approval": approval])?
            .contains("at most 1 extension") == true)

        try supervised.record("case.closed", "2026-07-17")
        #expect(try supervised.state("E02", on: "2026-07-17") == .metLate(days: 2))
        #expect(try supervised.state("E01", on: "2026-07-17") == .metLate(days: 9))
        // Closing a supervised case starts E03: 17 July + 10 days = Monday 27 July.
        #expect(try supervised.deadline("E03", on: "2026-07-17").due == (try day("2026-07-27")))
    }

    /// E03: supervised case closed → closing report within 10 days.
    @Test func e03ClosingReportTenDaysEndingOnNationalDay() throws {
        let rule = try LifecycleFixtures.rule("E03")
        #expect(rule.starts == "case.closed")
        #expect(rule.requires == ["case.supervised"])
        #expect(rule.within == .period(.days(10)))

        var supervised = try Life("CASE-2026-08S", of: "LS-EMP-009")
        try supervised.record("case.filed", "2026-08-03")
        #expect(try supervised.refusal("case.closing-report", "2026-08-04")?.contains("needs case.closed first") == true)
        // 3 August + 2 months = 3 October (国庆) → the limit is 8 October; 30 September is within it.
        try supervised.record("case.supervised", "2026-08-03", ["deadline": "2026-09-30"])
        try supervised.record("case.closed", "2026-09-21")
        #expect(try supervised.state("E02", on: "2026-09-21") == .metOnTime)
        let d = try supervised.deadline("E03", on: "2026-09-21")
        // Monday 21 September + 10 days = 1 October (国庆) → Thursday 8 October.
        #expect(d.deadline.nominalEnd == (try day("2026-10-01")))
        #expect(d.due == (try day("2026-10-08")))
        #expect(d.remindFrom == (try day("2026-09-28")))   // 3 working days before: 30, 29, 28 Sep
        try supervised.expectStates("E03", [
            "2026-09-21": .running, "2026-09-27": .running,
            "2026-09-28": .dueSoon, "2026-10-01": .dueSoon,
            "2026-10-08": .dueToday,
            "2026-10-09": .overdue,
        ])
        try supervised.record("case.closing-report", "2026-10-09")
        #expect(try supervised.state("E03", on: "2026-10-09") == .metLate(days: 1))

        // An ordinary (not supervised) case owes no closing report.
        var ordinary = try Life("CASE-2026-08O", of: "LS-EMP-009")
        try ordinary.record("case.filed", "2026-08-03")
        try ordinary.record("case.closed", "2026-09-21")
        #expect(try ordinary.rules(on: "2026-09-21") == ["E01"])
    }

    /// E04 urgent: 24 hours from the recorded time exactly, even into a holiday (民法典 第二百零一条第二款).
    @Test func e04UrgentTransferWithinTwentyFourHoursIntoNationalDay() throws {
        let rule = try LifecycleFixtures.rule("E04")
        #expect(rule.starts == "case.found-elsewhere")
        #expect(rule.within == .period(.workingDays(3)))
        #expect(rule.urgentWithin == .hours(24))

        var urgent = try Life("CASE-2026-93", of: "LS-DEPT-SCJ")
        try urgent.record("case.filed", "2026-09-30T09:00")
        try urgent.record("case.found-elsewhere", "2026-09-30T16:00", ["urgent": "yes", "to": "区市场监督管理局"])
        let d = try urgent.deadline("E04", on: "2026-09-30T16:00")
        #expect(d.deadline.endTime == (try moment("2026-10-01T16:00")))
        #expect(d.due == (try day("2026-10-01")))   // 国庆 holiday: not moved
        #expect(!d.deadline.wasMoved)
        #expect(d.remindFrom == (try day("2026-09-30")))   // 1 working day before 1 October
        try urgent.expectStates("E04", [
            "2026-09-30T16:00": .dueSoon,
            "2026-10-01T00:00": .dueToday, "2026-10-01T15:59": .dueToday, "2026-10-01T16:00": .dueToday,
            "2026-10-01T16:01": .overdue, "2026-10-02T09:00": .overdue,
        ])
        var inTime = urgent
        try inTime.record("case.transferred", "2026-10-01T15:30")
        #expect(try inTime.state("E04", on: "2026-10-02") == .metOnTime)
        try urgent.record("case.transferred", "2026-10-01T17:00")
        // One hour late is reported as one day (states count whole days, at least 1).
        #expect(try urgent.state("E04", on: "2026-10-02") == .metLate(days: 1))
    }

    /// E04 ordinary: 3 working days across the National Day holiday.
    @Test func e04TransferWithinThreeWorkingDays() throws {
        var found = try Life("CASE-2026-94", of: "LS-DEPT-SCJ")
        #expect(try found.refusal("case.transferred", "2026-09-29")?.contains("needs case.filed first") == true)
        try found.record("case.filed", "2026-09-28")
        try found.record("case.found-elsewhere", "2026-09-29T10:00", ["to": "区市场监督管理局"])
        let d = try found.deadline("E04", on: "2026-09-29")
        #expect(d.deadline.endTime == nil)
        // After Tuesday 29 September: 30 Sep (1); 1–7 Oct off; 8 Oct (2); 9 Oct (3).
        #expect(d.due == (try day("2026-10-09")))
        #expect(d.remindFrom == (try day("2026-10-08")))
        try found.expectStates("E04", [
            "2026-09-30": .running, "2026-10-07": .running,
            "2026-10-08": .dueSoon, "2026-10-09T17:00": .dueToday,
            "2026-10-10": .overdue,
        ])
        var onTime = found
        try onTime.record("case.transferred", "2026-10-09T17:30")
        #expect(try onTime.state("E04", on: "2026-10-12") == .metOnTime)
        try found.record("case.transferred", "2026-10-12")
        #expect(try found.state("E04", on: "2026-10-12") == .metLate(days: 3))
        // `urgent: no` is not urgent.
        var notUrgent = try Life("CASE-2026-95", of: "LS-DEPT-SCJ")
        try notUrgent.record("case.filed", "2026-09-28")
        try notUrgent.record("case.found-elsewhere", "2026-09-29T10:00", ["urgent": "no"])
        #expect(try notUrgent.deadline("E04", on: "2026-09-29").due == (try day("2026-10-09")))
    }

    /// E05: a party member or public servant penalised → refer to discipline within 10 working days after closing.
    @Test func e05DisciplineReferralTenWorkingDaysAcrossLabourDay() throws {
        let rule = try LifecycleFixtures.rule("E05")
        #expect(rule.starts == "case.closed")
        #expect(rule.when == ["public_servant": "yes"])
        #expect(rule.within == .period(.workingDays(10)))

        var penalised = try Life("CASE-2026-21", of: "LS-DEPT-ZFJ")
        try penalised.record("case.filed", "2026-03-02")
        try penalised.record("case.closed", "2026-04-28", ["public_servant": "yes"])
        #expect(try penalised.rules(on: "2026-04-28") == ["E01", "E05"])
        let d = try penalised.deadline("E05", on: "2026-04-28")
        // After Tuesday 28 April: 29, 30 Apr (2); 1–5 May off; 6, 7, 8, Sat 9 (make-up), 11, 12, 13, 14 May.
        #expect(d.due == (try day("2026-05-14")))
        #expect(d.remindFrom == (try day("2026-05-11")))
        try penalised.expectStates("E05", [
            "2026-04-28": .running, "2026-05-08": .running,
            "2026-05-11": .dueSoon,
            "2026-05-14": .dueToday,
            "2026-05-15": .overdue,
        ])
        var inTime = penalised
        try inTime.record("case.referred", "2026-05-14")
        #expect(try inTime.state("E05", on: "2026-05-15") == .metOnTime)
        try penalised.record("case.referred", "2026-05-18")
        #expect(try penalised.state("E05", on: "2026-05-18") == .metLate(days: 4))

        // No public servant: no referral deadline.
        var other = try Life("CASE-2026-22", of: "LS-DEPT-ZFJ")
        try other.record("case.filed", "2026-03-02")
        try other.record("case.closed", "2026-04-28", ["public_servant": "no"])
        #expect(try other.rules(on: "2026-04-28") == ["E01"])
    }
}

// MARK: - Core defects found while writing the scenarios (reported to the lead)

@Suite struct LifecycleScenarioCoreBugTests {
    // Was a bug: an extension that did not name its rule on a supervised case was validated
    // against E01 only, then applied to every extendable deadline. Now it must name the rule
    // when several deadlines could be extended, and applies only to the one it names.
    @Test
    func extensionWithoutRuleOnASupervisedCaseIsCheckedAgainstEveryRuleItExtends() throws {
        var supervised = try Life("CASE-2026-50", of: "LS-EMP-010")
        try supervised.record("case.filed", "2026-04-10")
        try supervised.record("case.supervised", "2026-04-15", ["deadline": "2026-06-15"])
        let problem = try supervised.refusal("case.extended", "2026-05-26", ["by": "40d", "approval": "博人社督〔2026〕6号"])
        #expect(problem != nil, "a 40-day extension of E02 must be refused")
        if problem == nil {
            try supervised.record("case.extended", "2026-05-26", ["by": "40d", "approval": "博人社督〔2026〕6号"])
            #expect(try supervised.deadline("E02", on: "2026-05-26").due <= (try day("2026-07-15")))
        }
    }

    // Was a bug: E02 (002 三(十一)二(二)3) puts the 15 days on the written REQUEST ("应当提前15天……
    // 提出书面报告，经局领导批准后可以适当延长"); the approval may come later. The 15 days are now
    // measured from the latest `case.extension-requested` for the rule, when there is one.
    @Test
    func extensionApprovedLateOnARequestMadeInTimeIsAccepted() throws {
        var supervised = try Life("CASE-2026-51", of: "LS-EMP-010")
        try supervised.record("case.filed", "2026-04-10")
        try supervised.record("case.supervised", "2026-04-15", ["deadline": "2026-06-15"])
        try supervised.record("case.extension-requested", "2026-05-26", ["rule": "E02", "by": "30d"])
        let problem = try supervised.refusal("case.extended", "2026-06-08", ["rule": "E02", "by": "30d", "approval": "博人社督〔2026〕7号"])
        #expect(problem == nil, "requested 20 days before the deadline: \(problem ?? "")")
    }
}
