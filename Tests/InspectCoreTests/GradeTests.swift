import Foundation
import InspectConfig
import InspectCore
import Testing

/// One dated scenario per RULES.md §7 row (G01–G05), on the shipped `config/grades.yaml`, the
/// shipped deadline rules D01–D03 and the shipped 2026 holiday calendar.
@Suite("Grades and escalations (RULES.md §7)")
struct GradeTests {
    let microloan = Entity(id: "LS-ML-901", name: "兰山测试小额贷款有限公司", kind: "microloan", jurisdiction: "兰山区",
                           approvedOn: CivilDate(iso: "2020-06-01"), grade: "II")

    @Test("shipped scales: G01–G05 and the N03 credit classes, best first, with their kinds and basis")
    func shippedScales() throws {
        let g = try GradeFixtures.grades()
        #expect(g.scales.map(\.id) == ["G01", "G02", "G03", "G04", "G05", "N03"])
        let g01 = try #require(g.scale("G01"))
        #expect(g01.levels.map(\.id) == ["I", "II", "III", "IV", "V(1)", "V(2)"])
        #expect(g01.isAtOrBelow("V(2)", "V(1)") && !g01.isAtOrBelow("II", "V(1)") && !g01.isAtOrBelow(nil, "V(1)"))
        #expect(g.scale(forKind: "microloan")?.id == "G01")
        #expect(g01.basis.contains("直接评级V(1)级"))
        #expect(try #require(g.scale("G02")).levels.map(\.id) == ["I", "II", "III"])
        #expect(try #require(g.scale("G02")).per == .year)
        #expect(try #require(g.scale("G03")).levels.map(\.display) == ["一级（优秀）", "二级（良好）", "三级（合格）"])
        #expect(try #require(g.scale("G04")).levels.map(\.id) == ["优秀", "良好", "合格", "不合格"])
        #expect(g.scale(forKind: "department")?.id == "G04")
        #expect(g.scale(forKind: "financing-guarantee")?.id == "G05")
        #expect(try #require(g.scale("N03")).levels.map(\.id) == ["A", "B", "C", "D"])
        #expect(g.escalations.map(\.id) == ["G01-V1", "G01-V2", "G05-warning"])
    }

    // MARK: G01

    /// 小额贷款公司 LS-ML-901, grade II. D01 rectification order received 2026-03-12 → 2 months →
    /// due 2026-05-12 (Tuesday). Overdue on 2026-05-13 → V(1) and 重点监管 (the monthly G01 on-site
    /// rule applies). 责令整改 renewed 2026-05-14 (D03, set to 2026-06-15, Monday), unmet → V(2) on
    /// 2026-06-16 with the notice to the province. Rectified in July, re-rated III from 2026-08-01 →
    /// the G01 rule no longer applies.
    @Test("G01: overdue rectification → V(1) → cadence intensified → renewed order overdue → V(2) → recovery")
    func g01Scenario() throws {
        let grades = try GradeFixtures.grades()
        let tracker = try GradeFixtures.tracker()
        let config = try Shipped.configuration()
        #expect(try GradeFixtures.deadlineRule("D01").within == .period(.months(2)))
        var events = [try event(1, "R-2026-1", microloan.id, "rectification.ordered", "2026-03-12", ["rule": "D01"])]
        var history = GradeHistory()

        // Running, due soon, due today: nothing yet.
        for d in ["2026-04-20", "2026-05-06", "2026-05-12"] {
            #expect(try escalations(microloan, events, history, on: d, tracker: tracker, grades: grades).isEmpty, "on \(d)")
        }
        let dueDay = try #require(tracker.deadlines(of: events, now: try noon("2026-05-12")).first)
        #expect(dueDay.due == (try day("2026-05-12")))
        #expect(dueDay.state == .dueToday)

        // 2026-05-13: overdue → V(1), effective that day, caused by the order (event 1).
        let v1 = try #require(try escalations(microloan, events, history, on: "2026-05-13", tracker: tracker, grades: grades).first)
        #expect(v1.ruleID == "G01-V1" && v1.scale == "G01" && v1.from == "II" && v1.to == "V(1)")
        #expect(v1.effective == (try day("2026-05-13")))
        #expect(v1.causes == [1])
        #expect(v1.reason.hasPrefix("逾期未改正或拒绝阻碍金融办监督检查，直接评级V(1)级"))
        #expect(v1.reason.contains("D01 R-2026-1：期限 2026-05-12 届满未整改"))
        #expect(v1.measure == "重点监管" && v1.notice == nil)

        // Cadence before: grade II, no G01 obligation; after: V(1), the monthly G01 on-site rule.
        let before = config.schedule.obligations(of: grades.graded(microloan, history: history, on: try day("2026-05-13")),
                                                 inspections: [], today: try day("2026-05-13"))
        #expect(!before.contains { $0.ruleID == "G01" })
        history.assignments.append(v1.assignment)
        let graded = grades.graded(microloan, history: history, on: try day("2026-05-13"))
        #expect(graded.grade == "V(1)")
        let after = config.schedule.obligations(of: graded, inspections: [], today: try day("2026-05-13"))
        let may = try #require(after.first { $0.ruleID == "G01" && $0.period.label == "2026-05" })
        #expect(may.due == (try day("2026-05-29")))
        #expect(may.required == 1 && may.status.isOpen)
        // The schedule matches today's grade against every period, so it also lists January–April;
        // `inForce` keeps only the windows in which the company was V(1)/V(2).
        #expect(after.contains { $0.ruleID == "G01" && $0.period.label == "2026-01" })
        let kept = grades.inForce(after, of: microloan, history: history, rules: config.rules.cadences)
        #expect(kept.filter { $0.ruleID == "G01" }.map(\.period.label) == ["2026-05", "2026-06"])   // June: listed ahead
        #expect(kept.count == after.count - 4)

        // Idempotent: the same inputs after the change → nothing; the day after too.
        #expect(try escalations(microloan, events, history, on: "2026-05-13", tracker: tracker, grades: grades).isEmpty)
        #expect(try escalations(microloan, events, history, on: "2026-05-14", tracker: tracker, grades: grades).isEmpty)

        // 责令整改 renewed while V(1): D03 set to 2026-06-15. Due that day, overdue on 06-16 → V(2).
        events.append(try event(2, "R-2026-2", microloan.id, "rectification.ordered", "2026-05-14", ["rule": "D03", "deadline": "2026-06-15"]))
        #expect(try escalations(microloan, events, history, on: "2026-06-15", tracker: tracker, grades: grades).isEmpty)
        let v2 = try #require(try escalations(microloan, events, history, on: "2026-06-16", tracker: tracker, grades: grades).first)
        #expect(v2.ruleID == "G01-V2" && v2.from == "V(1)" && v2.to == "V(2)")
        #expect(v2.effective == (try day("2026-06-16")))
        #expect(v2.causes == [2])
        #expect(v2.notice?.contains("报省金融办取消试点资格") == true)
        #expect(v2.reason.contains("D03 R-2026-2：期限 2026-06-15 届满未整改"))
        history.assignments.append(v2.assignment)
        #expect(try escalations(microloan, events, history, on: "2026-06-16", tracker: tracker, grades: grades).isEmpty)
        let v2Entity = grades.graded(microloan, history: history, on: try day("2026-06-16"))
        #expect(config.schedule.obligations(of: v2Entity, inspections: [], today: try day("2026-06-16")).contains { $0.ruleID == "G01" && $0.period.label == "2026-06" })

        // Rectified late in July; re-rated III from 2026-08-01 by user 1000 → no G01 rule, no new escalation.
        events.append(try event(3, "R-2026-1", microloan.id, "rectification.report-received", "2026-07-06"))
        events.append(try event(4, "R-2026-2", microloan.id, "rectification.report-received", "2026-07-06"))
        history.assignments.append(GradeAssignment(entityID: microloan.id, scale: "G01", level: "III", effective: try day("2026-08-01"),
                                                   reason: "整改完毕，复评", assignedBy: "1000"))
        let recovered = grades.graded(microloan, history: history, on: try day("2026-08-03"))
        #expect(recovered.grade == "III")
        #expect(!config.schedule.obligations(of: recovered, inspections: [], today: try day("2026-08-03")).contains { $0.ruleID == "G01" })
        #expect(try escalations(microloan, events, history, on: "2026-08-03", tracker: tracker, grades: grades).isEmpty)

        // The history view: II (directory) → V(1) → V(2) → III.
        let entries = history.entries(scale: "G01", on: try day("2026-08-03"))
        #expect(entries.map(\.assignment.level) == ["V(1)", "V(2)", "III"])
        #expect(entries.map(\.status.description) == ["superseded 2026-06-16", "superseded 2026-08-01", "current"])
        #expect(entries[0].assignment.assignedBy == "escalation" && entries[0].assignment.rule == "G01-V1")
        #expect(history.level(scale: "G01", on: try day("2026-05-12"), fallback: "II") == "II")
        #expect(history.level(scale: "G01", on: try day("2026-07-31")) == "V(2)")
    }

    /// The other reading of "the extended deadline": D01 extended by one month before it ran out
    /// (due 2026-05-12 → 2026-06-12, Friday), still unmet → V(2) directly on 2026-06-13, caused by
    /// the order and the extension. The shipped D01 has no `extension` (the seed allows none), so
    /// this test gives the loaded D01 one (at most 1 month), as an office that grants them would.
    @Test("G01: an extended rectification deadline passes unmet → V(2), citing the order and the extension")
    func g01ExtendedDeadline() throws {
        let grades = try GradeFixtures.grades()
        let config = try Shipped.configuration()
        var d01 = try GradeFixtures.deadlineRule("D01")
        d01.extension_ = DeadlineExtension(atMost: .months(1))
        let tracker = DeadlineTracker(rules: [d01], calendar: config.calendar)
        let events = [
            try event(1, "R-2026-1", microloan.id, "rectification.ordered", "2026-03-12", ["rule": "D01"]),
            try event(2, "R-2026-1", microloan.id, "rectification.extended", "2026-05-06", ["by": "1m"]),
        ]
        #expect(try escalations(microloan, events, GradeHistory(), on: "2026-05-13", tracker: tracker, grades: grades).isEmpty)
        #expect(try escalations(microloan, events, GradeHistory(), on: "2026-06-12", tracker: tracker, grades: grades).isEmpty)
        let v2 = try #require(try escalations(microloan, events, GradeHistory(), on: "2026-06-13", tracker: tracker, grades: grades).first)
        #expect(v2.ruleID == "G01-V2" && v2.to == "V(2)" && v2.causes == [1, 2])
        #expect(v2.effective == (try day("2026-06-13")))
        #expect(v2.reason.contains("延长后的期限 2026-06-12"))
    }

    @Test("G01: obstructing an inspection → V(1) on that day; never an improvement for a company already V(2)")
    func g01Obstruction() throws {
        let grades = try GradeFixtures.grades()
        let tracker = try GradeFixtures.tracker()
        let events = [try event(7, "INSP-2026-3", microloan.id, "inspection.obstructed", "2026-04-08")]
        #expect(try escalations(microloan, events, GradeHistory(), on: "2026-04-07", tracker: tracker, grades: grades).isEmpty)
        let v1 = try #require(try escalations(microloan, events, GradeHistory(), on: "2026-04-09", tracker: tracker, grades: grades).first)
        #expect(v1.to == "V(1)" && v1.causes == [7])
        #expect(v1.effective == (try day("2026-04-08")))

        var worse = microloan
        worse.grade = "V(2)"
        #expect(try escalations(worse, events, GradeHistory(), on: "2026-04-09", tracker: tracker, grades: grades).isEmpty)
        let atV2 = GradeHistory([GradeAssignment(entityID: microloan.id, scale: "G01", level: "V(2)", effective: try day("2026-01-05"),
                                                 reason: "年度评级", assignedBy: "1000")])
        #expect(try escalations(microloan, events, atV2, on: "2026-04-09", tracker: tracker, grades: grades).isEmpty)

        // Recovery after the obstruction was answered: the same fact does not escalate again.
        var history = GradeHistory([v1.assignment])
        history.assignments.append(GradeAssignment(entityID: microloan.id, scale: "G01", level: "II", effective: try day("2026-09-01"),
                                                   reason: "复评", assignedBy: "1000"))
        #expect(try escalations(microloan, events, history, on: "2026-09-02", tracker: tracker, grades: grades).isEmpty)
        // A new obstruction does.
        let again = events + [try event(9, "INSP-2026-9", microloan.id, "inspection.obstructed", "2026-10-12")]
        let second = try #require(try escalations(microloan, again, history, on: "2026-10-12", tracker: tracker, grades: grades).first)
        #expect(second.causes == [9] && second.from == "II")
    }

    // MARK: G02

    /// 民间融资服务公司: rated yearly (I best). Rated II for 2024 (effective 2025-01-10), I for 2025
    /// (2026-01-12); the grade on any day is the latest effective one; a scale level is checked.
    @Test("G02: yearly ratings — the grade on a day is the latest effective assignment")
    func g02Scenario() throws {
        let grades = try GradeFixtures.grades()
        let pfs = Entity(id: "LS-PFS-901", name: "兰山测试民间融资服务有限公司", kind: "private-financing-service", jurisdiction: "兰山区")
        let scale = try #require(grades.scale(forKind: pfs.kind))
        #expect(scale.id == "G02" && scale.isBetter("I", than: "II"))
        let history = GradeHistory([
            GradeAssignment(id: 1, entityID: pfs.id, scale: "G02", level: "II", effective: try day("2025-01-10"), reason: "2024年度分类评级", assignedBy: "1000"),
            GradeAssignment(id: 2, entityID: pfs.id, scale: "G02", level: "I", effective: try day("2026-01-12"), reason: "2025年度分类评级", assignedBy: "1000"),
        ])
        #expect(grades.graded(pfs, history: history, on: try day("2025-01-09")).grade == nil)
        #expect(grades.graded(pfs, history: history, on: try day("2025-01-10")).grade == "II")
        #expect(grades.graded(pfs, history: history, on: try day("2026-01-11")).grade == "II")
        #expect(grades.graded(pfs, history: history, on: try day("2026-01-12")).grade == "I")
        #expect(history.entries(on: try day("2025-06-01")).map(\.status.description) == ["current", "future"])
        // No escalation rule is about this kind.
        let tracker = try GradeFixtures.tracker()
        let e = [try event(3, "R-1", pfs.id, "rectification.ordered", "2026-01-05", ["rule": "D01"])]
        #expect(try escalations(pfs, e, history, on: "2026-06-01", tracker: tracker, grades: grades).isEmpty)
    }

    // MARK: G03

    /// 民办职业培训学校 credit grade: 二级 recorded 2026-03-02 by mistake, corrected by assignment 11 to
    /// 一级 (same day); the corrected one no longer counts and the history says so.
    @Test("G03: a credit grade corrected by a later assignment")
    func g03Scenario() throws {
        let grades = try GradeFixtures.grades()
        let school = Entity(id: "BS-TS-901", name: "博山测试职业培训学校", kind: "private-training-school", jurisdiction: "博山区")
        #expect(grades.scale(forKind: school.kind)?.id == "G03")
        let history = GradeHistory([
            GradeAssignment(id: 10, entityID: school.id, scale: "G03", level: "二级", effective: try day("2026-03-02"), reason: "年度评估", assignedBy: "1000"),
            GradeAssignment(id: 11, entityID: school.id, scale: "G03", level: "一级", effective: try day("2026-03-02"), reason: "录入错误，更正为一级",
                            assignedBy: "1001", corrects: 10),
        ])
        #expect(grades.graded(school, history: history, on: try day("2026-03-02")).grade == "一级")
        #expect(history.entries(on: try day("2026-04-01")).map(\.status.description) == ["corrected", "current"])
        #expect(grades.scale("G03")?.level("一级")?.label == "优秀")
    }

    // MARK: G04

    /// Enforcement assessment of a department: 良好 for 2025 (effective 2026-01-20); the 2026
    /// result 优秀 (2027-01-18) is withdrawn by a correction fact → 良好 stays current.
    @Test("G04: yearly enforcement assessment, a withdrawn result")
    func g04Scenario() throws {
        let grades = try GradeFixtures.grades()
        let dept = Entity(id: "LS-DEPT-SFJ", name: "兰山区司法局", kind: "department", jurisdiction: "兰山区")
        let history = GradeHistory([
            GradeAssignment(id: 20, entityID: dept.id, scale: "G04", level: "良好", effective: try day("2026-01-20"), reason: "2025年度考核", assignedBy: "1000"),
            GradeAssignment(id: 21, entityID: dept.id, scale: "G04", level: "优秀", effective: try day("2027-01-18"), reason: "2026年度考核", assignedBy: "1000"),
        ], withdrawn: [21])
        #expect(grades.graded(dept, history: history, on: try day("2027-02-01")).grade == "良好")
        #expect(history.entries(on: try day("2027-02-01")).map(\.status.description) == ["current", "withdrawn"])
        #expect(try #require(grades.scale("G04")).isAtOrBelow("不合格", "合格"))
    }

    // MARK: G05

    /// 融资性担保机构: the annual reviews (年审) concluded 2025-03-10 for 2024 and 2026-03-12 for 2025
    /// both found no guarantee business → warning on 2026-03-12 citing both; a failed review of
    /// another institution → warning on its day.
    @Test("G05: two consecutive years with no guarantee business, or a failed annual review → warning")
    func g05Scenario() throws {
        let grades = try GradeFixtures.grades()
        let tracker = try GradeFixtures.tracker()
        let fg = Entity(id: "LS-FG-901", name: "兰山测试融资担保有限公司", kind: "financing-guarantee", jurisdiction: "兰山区", grade: "正常")
        var events = [try event(30, "AR-2024", fg.id, "annual-review.concluded", "2025-03-10", ["outcome": "passed", "year": "2024", "business": "no"])]
        #expect(try escalations(fg, events, GradeHistory(), on: "2025-03-10", tracker: tracker, grades: grades).isEmpty)
        events.append(try event(31, "AR-2025", fg.id, "annual-review.concluded", "2026-03-12", ["outcome": "passed", "year": "2025", "business": "no"]))
        #expect(try escalations(fg, events, GradeHistory(), on: "2026-03-11", tracker: tracker, grades: grades).isEmpty)
        let w = try #require(try escalations(fg, events, GradeHistory(), on: "2026-03-12", tracker: tracker, grades: grades).first)
        #expect(w.ruleID == "G05-warning" && w.scale == "G05" && w.from == "正常" && w.to == "警告")
        #expect(w.causes == [30, 31])
        #expect(w.effective == (try day("2026-03-12")))
        #expect(w.reason.contains("2024–2025 连续 2 年"))
        #expect(try escalations(fg, events, GradeHistory([w.assignment]), on: "2026-03-12", tracker: tracker, grades: grades).isEmpty)

        // Failed review.
        let other = Entity(id: "LS-FG-902", name: "兰山测试融资担保二公司", kind: "financing-guarantee", jurisdiction: "兰山区")
        let failed = [try event(40, "AR-2025", other.id, "annual-review.concluded", "2026-04-01", ["outcome": "failed", "year": "2025", "business": "yes"])]
        let fw = try #require(try escalations(other, failed, GradeHistory(), on: "2026-04-02", tracker: tracker, grades: grades).first)
        #expect(fw.to == "警告" && fw.causes == [40] && fw.from == nil)
        #expect(fw.effective == (try day("2026-04-01")))
        // One year without business is not two.
        let single = [try event(41, "AR-2025", other.id, "annual-review.concluded", "2026-04-01", ["outcome": "passed", "year": "2025", "business": "no"])]
        #expect(try escalations(other, single, GradeHistory(), on: "2026-04-02", tracker: tracker, grades: grades).isEmpty)
    }

    // MARK: grade assignment as an event

    @Test("a grade assignment round-trips through a grade.assigned lifecycle event")
    func assignmentEvent() throws {
        let a = GradeAssignment(id: 5, entityID: "LS-ML-901", scale: "G01", level: "V(1)", effective: try day("2026-05-13"),
                                reason: "逾期未改正", assignedBy: "escalation", rule: "G01-V1", causes: [1, 7])
        let e = a.event(at: try noon("2026-05-13"))
        #expect(e.kind == "grade.assigned" && LifecycleEventKind.all.contains(e.kind))
        #expect(e.attributes["causes"] == "1,7")
        #expect(GradeAssignment(event: e) == a)
    }
}
