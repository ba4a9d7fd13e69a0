import Foundation
import InspectConfig
import InspectCore
import Testing

/// One test per RULES.md §1 cadence row (C01–C17): each takes the rule by id from the shipped
/// `config/` and checks, through `ObligationSchedule`, what it demands of demo-directory entities
/// on dated cases. Holiday edges use the shipped holiday arrangements:
/// - 2023-09-29 … 2023-10-06 中秋节、国庆节: September / Q3 2023 end on Thursday 2023-09-28;
/// - 2022-12-31 … 2023-01-02 元旦: the year 2022 ends on Friday 2022-12-30;
/// - 2024-06-30 is a Sunday: H1 2024 ends on Friday 2024-06-28;
/// - 2026-02-28 is a Saturday make-up working day (春节 调休): February 2026 ends on it.
@Suite struct ShippedCadenceRulesTests {
    // MARK: 001 — 临沂市金融工作办公室

    /// C01: county office, each 民间融资服务公司, on-site ≥ 1 per month.
    @Test func c01CountyOnsiteEveryMonth() throws {
        let rule = try Shipped.cadence("C01")
        #expect(rule.source == ["C01"])
        #expect(rule.cadence == .quota(Quota(atLeast: 1, per: .month)))
        let facts = [try fact("LS-PFS-001", "2026-01-15", "onsite"),
                     try fact("LS-PFS-001", "2026-02-10", "onsite", by: .city),   // the city's does not count (C02)
                     try fact("LS-PFS-001", "2026-03-10", "onsite")]
        let o = try Shipped.obligations("C01", of: "LS-PFS-001", facts: facts, today: "2026-03-25")
        #expect(o.keys.sorted() == ["2026-01", "2026-02", "2026-03", "2026-04"])
        #expect(o["2026-01"]?.status == .met)
        // February 2026 ends on Saturday the 28th, a make-up working day of the Spring Festival.
        #expect(o["2026-02"]?.due == (try day("2026-02-28")))
        #expect(o["2026-02"]?.status == .overdue)
        // A month already met stays met for the rest of the month.
        #expect(o["2026-03"]?.status == .met)
        #expect(o["2026-03"]?.lastDone == (try day("2026-03-10")))
        #expect(o["2026-04"]?.status == .pending)
        #expect(o["2026-04"]?.due == (try day("2026-04-30")))

        // September 2023 ends on Saturday the 30th inside the National Day holiday: due Thursday the 28th,
        // reminded from 5 working days before.
        let sep = try #require(try Shipped.obligations("C01", of: "LS-PFS-001", today: "2023-09-21", since: "2023-09-01")["2023-09"])
        #expect(sep.due == (try day("2023-09-28")))
        #expect(sep.remindFrom == (try day("2023-09-21")))
        #expect(sep.status == .dueSoon)
        #expect(try Shipped.obligations("C01", of: "LS-PFS-001", today: "2023-09-28", since: "2023-09-01")["2023-09"]?.status == .due)
        #expect(try Shipped.obligations("C01", of: "LS-PFS-001", today: "2023-09-29", since: "2023-09-01")["2023-09"]?.status == .overdue)
    }

    /// C02: city office, each 民间融资服务公司, on-site ≥ 1 per year (county inspections do not count).
    @Test func c02CityOnsiteEveryYear() throws {
        #expect(try Shipped.cadence("C02").cadence == .quota(Quota(atLeast: 1, per: .year)))
        #expect(try Shipped.cadence("C02").actor == .authorities([.city]))
        let county = [try fact("LS-PFS-002", "2026-04-08", "onsite")]
        let byCounty = try Shipped.obligations("C02", of: "LS-PFS-002", facts: county, today: "2026-06-01")
        #expect(byCounty["2026"]?.status == .pending)
        #expect(byCounty["2026"]?.due == (try day("2026-12-31")))
        let city = county + [try fact("LS-PFS-002", "2026-05-20", "onsite", by: .city)]
        #expect(try Shipped.obligations("C02", of: "LS-PFS-002", facts: city, today: "2026-06-01")["2026"]?.status == .met)
        // 2022 ends on Saturday the 31st, inside the 元旦 holiday: due Friday 2022-12-30.
        let y2022 = try Shipped.obligations("C02", of: "LS-PFS-002", today: "2022-12-30", since: "2022-01-01")["2022"]
        #expect(y2022?.due == (try day("2022-12-30")))
        #expect(y2022?.status == .due)
    }

    /// C03: city office, each 民间融资登记服务机构, on-site once per quarter.
    @Test func c03CityOnsiteEveryQuarter() throws {
        #expect(try Shipped.cadence("C03").cadence == .quota(Quota(atLeast: 1, per: .quarter)))
        // Q3 2023 ends on 30 September 2023, inside the National Day holiday: due Thursday 28 September.
        let none = try Shipped.obligations("C03", of: "LS-PFR-001", facts: [try fact("LS-PFR-001", "2023-08-15", "onsite")],
                                           today: "2023-09-29", since: "2023-07-01")
        #expect(none["2023-Q3"]?.due == (try day("2023-09-28")))
        #expect(none["2023-Q3"]?.status == .overdue)   // the county's inspection does not count
        let met = try Shipped.obligations("C03", of: "LS-PFR-001", facts: [try fact("LS-PFR-001", "2023-08-15", "onsite", by: .city)],
                                          today: "2023-09-29", since: "2023-07-01")
        #expect(met["2023-Q3"]?.status == .met)
        #expect(met["2023-Q4"]?.due == (try day("2023-12-29")))   // 2023-12-30/31 is a weekend
        #expect(try Shipped.obligations("C03", of: "LS-PFR-001", today: "2026-03-01")["2026-Q1"]?.due == (try day("2026-03-31")))
    }

    /// C04: city + county, each 小额贷款公司 approved before 1 January, annual audit.
    @Test func c04AnnualAuditOnlyForCompaniesApprovedBeforeTheYear() throws {
        #expect(try Shipped.cadence("C04").subject.eligibility == .approvedBeforeYearStart)
        // LS-ML-005 approved 2025-12-31, LS-ML-006 approved 2026-01-02 (demo directory).
        let dec31 = try Shipped.obligations("C04", of: "LS-ML-005", today: "2026-12-15")
        let jan2 = try Shipped.obligations("C04", of: "LS-ML-006", today: "2026-12-15")
        #expect(dec31.keys.sorted() == ["2026", "2027"])
        #expect(jan2.keys.sorted() == ["2027"])
        #expect(dec31["2026"]?.due == (try day("2026-12-31")))
        // An audit by either the county or the city counts; an on-site inspection does not.
        let onsite = try Shipped.obligations("C04", of: "LS-ML-005", facts: [try fact("LS-ML-005", "2026-05-06", "onsite")], today: "2026-12-15")
        #expect(onsite["2026"]?.status == .dueSoon)
        for level in [Authority.county, .city] {
            let audited = try Shipped.obligations("C04", of: "LS-ML-005", facts: [try fact("LS-ML-005", "2026-05-06", "audit", by: level)], today: "2026-12-15")
            #expect(audited["2026"]?.status == .met)
        }
    }

    /// C05: city rating once a year; the county's initial rating is C05-county.
    @Test func c05RatingOncePerYearCityAfterCounty() throws {
        #expect(try Shipped.cadence("C05").actor == .authorities([.city]))
        #expect(try Shipped.cadence("C05-county").actor == .authorities([.county]))
        #expect(try Shipped.cadence("C05-county").source == ["C05"])
        let county = [try fact("LS-PFS-003", "2026-03-02", "rating")]
        #expect(try Shipped.obligations("C05-county", of: "LS-PFS-003", facts: county, today: "2026-04-01")["2026"]?.status == .met)
        #expect(try Shipped.obligations("C05", of: "LS-PFS-003", facts: county, today: "2026-04-01")["2026"]?.status == .pending)
        let both = county + [try fact("LS-PFS-003", "2026-04-01", "rating", by: .city)]
        #expect(try Shipped.obligations("C05", of: "LS-PFS-003", facts: both, today: "2026-04-01")["2026"]?.status == .met)
        // An on-site inspection is not a rating.
        let onsite = [try fact("LS-PFS-003", "2026-03-02", "onsite", by: .city)]
        #expect(try Shipped.obligations("C05", of: "LS-PFS-003", facts: onsite, today: "2026-12-31")["2026"]?.status == .due)
    }

    /// C11: each 民间融资登记服务机构 files statistics every month (the entity itself acts).
    @Test func c11RegistrationInstitutionFilesEveryMonth() throws {
        let rule = try Shipped.cadence("C11")
        #expect(rule.actor == .subjectItself)
        #expect(rule.cadence == .quota(Quota(atLeast: 1, per: .month)))
        let o = try Shipped.obligations("C11", of: "LS-PFR-002", facts: [try fact("LS-PFR-002", "2026-01-09", "filing")], today: "2026-02-27")
        #expect(o["2026-01"]?.status == .met)
        #expect(o["2026-02"]?.due == (try day("2026-02-28")))   // Saturday make-up working day
        #expect(o["2026-02"]?.status == .dueSoon)
        let sep = try Shipped.obligations("C11", of: "LS-PFR-002", today: "2023-09-29", since: "2023-09-01")["2023-09"]
        #expect(sep?.due == (try day("2023-09-28")))
        #expect(sep?.status == .overdue)
    }

    /// C12: the county office files a half-year and an annual report on its 小额贷款公司 (one per county).
    @Test func c12CountyHalfYearAndAnnualReports() throws {
        #expect(try Shipped.cadence("C12").cadence == .quota(Quota(atLeast: 1, per: .halfYear)))
        let o = try Shipped.obligations("C12", of: "LS-DEPT-JRB", facts: [try fact("LS-DEPT-JRB", "2026-06-20", "filing")], today: "2026-07-01")
        #expect(o.keys.sorted() == ["2026-H1", "2026-H2"])
        #expect(o["2026-H1"]?.status == .met)
        #expect(o["2026-H1"]?.due == (try day("2026-06-30")))
        #expect(o["2026-H2"]?.due == (try day("2026-12-31")))
        // A filing recorded by the city is not the county's report.
        #expect(try Shipped.obligations("C12", of: "LS-DEPT-JRB", facts: [try fact("LS-DEPT-JRB", "2026-06-20", "filing", by: .city)],
                                        today: "2026-07-01")["2026-H1"]?.status == .overdue)
        // 30 June 2024 is a Sunday: due Friday the 28th.
        #expect(try Shipped.obligations("C12", of: "LS-DEPT-JRB", today: "2024-06-01", since: "2024-01-01")["2024-H1"]?.due == (try day("2024-06-28")))
        // The report is owed once per county, not per company.
        #expect(!(try Shipped.rulesOwed(by: "LS-ML-001", today: "2026-07-01")).contains("C12"))
    }

    // MARK: 002 — 博山区人力资源和社会保障局

    /// C06: each social insurance fund unit, on-site 定期监督 once a year.
    @Test func c06FundUnitOnsiteOncePerYear() throws {
        #expect(try Shipped.cadence("C06").cadence == .quota(Quota(atLeast: 1, per: .year)))
        let offsite = try Shipped.obligations("C06", of: "LS-SIF-001", facts: [try fact("LS-SIF-001", "2026-05-12", "offsite")], today: "2026-06-01")
        #expect(offsite["2026"]?.status == .pending)   // 非现场监督 is not the yearly 实地检查
        #expect(offsite["2026"]?.due == (try day("2026-12-31")))
        let onsite = try Shipped.obligations("C06", of: "LS-SIF-001", facts: [try fact("LS-SIF-001", "2026-05-12", "onsite")], today: "2026-06-01")
        #expect(onsite["2026"]?.status == .met)
        #expect(try Shipped.obligations("C06", of: "LS-SIF-002", today: "2023-01-03", since: "2022-01-01")["2022"]?.status == .overdue)
    }

    /// C07: each 不定时/综合计算工时 employer, written review once a year.
    @Test func c07SpecialHoursEmployerWrittenReviewOncePerYear() throws {
        #expect(try Shipped.cadence("C07").counts == ["review"])
        let onsite = try Shipped.obligations("C07", of: "LS-SHE-001", facts: [try fact("LS-SHE-001", "2026-03-03", "onsite")], today: "2026-12-31")
        #expect(onsite["2026"]?.status == .due)
        let review = try Shipped.obligations("C07", of: "LS-SHE-001", facts: [try fact("LS-SHE-001", "2026-03-03", "review")], today: "2026-12-31")
        #expect(review["2026"]?.status == .met)
    }

    /// C08: each 人力资源服务机构, annual inspection (年度检验) once a year.
    @Test func c08HRAgencyAnnualInspection() throws {
        #expect(try Shipped.cadence("C08").counts == ["annual-review"])
        let o = try Shipped.obligations("C08", of: "LS-HRA-002", facts: [try fact("LS-HRA-002", "2026-10-12", "annual-review")], today: "2026-12-02")
        #expect(o["2026"]?.status == .met)
        #expect(o["2027"]?.status == .pending)   // next year's shows from December on
        #expect(try Shipped.obligations("C08", of: "LS-HRA-002", today: "2023-01-03", since: "2022-01-01")["2022"]?.due == (try day("2022-12-30")))
    }

    /// C09: each 民办职业培训机构, on-site 1–2 times a year; the school files an annual report.
    @Test func c09TrainingSchoolOneToTwoVisitsAndAnnualReport() throws {
        #expect(try Shipped.cadence("C09").cadence == .quota(Quota(atLeast: 1, atMost: 2, per: .year)))
        let one = try Shipped.obligations("C09", of: "LS-PTS-001", facts: [try fact("LS-PTS-001", "2026-04-14", "onsite")], today: "2026-06-01")
        #expect(one["2026"]?.status == .met)
        #expect(one["2026"]?.allowed == 2)
        // At most 2: a third visit is over the rule's maximum (the obligation shows 3 of at most 2).
        let three = try ["2026-04-14", "2026-07-08", "2026-09-15"].map { try fact("LS-PTS-001", $0, "onsite") }
        let over = try #require(try Shipped.obligations("C09", of: "LS-PTS-001", facts: three, today: "2026-10-01")["2026"])
        #expect(over.done == 3)
        #expect(over.done > (over.allowed ?? .max))
        // The annual report is filed by the school itself.
        #expect(try Shipped.cadence("C09-report").actor == .subjectItself)
        #expect(try Shipped.obligations("C09-report", of: "LS-PTS-001", today: "2026-12-31")["2026"]?.status == .due)
        #expect(try Shipped.obligations("C09-report", of: "LS-PTS-001", facts: [try fact("LS-PTS-001", "2026-12-20", "filing")],
                                        today: "2026-12-31")["2026"]?.status == .met)
    }

    /// C10: each 劳务派遣单位 files an annual summary every year.
    @Test func c10LaborDispatchAnnualSummary() throws {
        #expect(try Shipped.cadence("C10").actor == .subjectItself)
        let o = try Shipped.obligations("C10", of: "LS-LD-001", facts: [try fact("LS-LD-001", "2026-01-20", "filing")], today: "2026-12-10")
        #expect(o["2026"]?.status == .met)
        #expect(o["2027"]?.status == .pending)
        // Approved in 2021-12: its first summary is owed for 2021 when tracking starts then.
        let young = try Shipped.obligations("C10", of: "LS-LD-003", today: "2022-01-04", since: "2021-01-01")
        #expect(young["2021"]?.status == .overdue)
        #expect(young["2021"]?.due == (try day("2021-12-31")))
    }

    // MARK: 004 — 北戴河区 enforcement coordination

    /// C13: the justice bureau patrols every enforcement department's public information once a quarter.
    @Test func c13QuarterlyOnlinePatrol() throws {
        #expect(try Shipped.cadence("C13").cadence == .quota(Quota(atLeast: 1, per: .quarter)))
        let q3 = try Shipped.obligations("C13", of: "LS-DEPT-SCJ", today: "2023-09-29", since: "2023-07-01")["2023-Q3"]
        #expect(q3?.due == (try day("2023-09-28")))
        #expect(q3?.status == .overdue)
        let patrolled = try Shipped.obligations("C13", of: "LS-DEPT-SCJ", facts: [try fact("LS-DEPT-SCJ", "2026-02-11", "offsite")], today: "2026-03-31")
        #expect(patrolled["2026-Q1"]?.status == .met)
        #expect(try Shipped.obligations("C13", of: "LS-DEPT-SCJ", facts: [try fact("LS-DEPT-SCJ", "2026-02-11", "patrol")],
                                        today: "2026-03-31")["2026-Q1"]?.status == .met)
        // The joint-meeting office is not an enforcement department.
        #expect(!(try Shipped.rulesOwed(by: "LS-DEPT-LXB", today: "2026-03-31")).contains("C13"))
    }

    /// C14: each enforcement department assesses its staff every half year.
    @Test func c14HalfYearStaffAssessment() throws {
        #expect(try Shipped.cadence("C14").actor == .subjectItself)
        let h1 = try Shipped.obligations("C14", of: "LS-DEPT-ZFJ", today: "2024-06-28", since: "2024-01-01")["2024-H1"]
        #expect(h1?.due == (try day("2024-06-28")))   // 30 June 2024 is a Sunday
        #expect(h1?.status == .due)
        let o = try Shipped.obligations("C14", of: "LS-DEPT-ZFJ", facts: [try fact("LS-DEPT-ZFJ", "2026-06-25", "assessment")], today: "2026-07-02")
        #expect(o["2026-H1"]?.status == .met)
        #expect(o["2026-H2"]?.status == .pending)
        #expect(o["2026-H2"]?.due == (try day("2026-12-31")))
    }

    /// C15: the 审批-监管 joint meeting at least once a quarter; the coordination joint meeting once a year.
    @Test func c15JointMeetingsQuarterlyAndYearly() throws {
        #expect(try Shipped.cadence("C15").actor == .body("联席会议办公室"))
        let q3 = try Shipped.obligations("C15", of: "LS-DEPT-LXB", facts: [try fact("LS-DEPT-LXB", "2023-07-20", "meeting")],
                                         today: "2023-10-09", since: "2023-07-01")
        #expect(q3["2023-Q3"]?.status == .met)
        #expect(q3["2023-Q3"]?.due == (try day("2023-09-28")))
        #expect(q3["2023-Q4"]?.status == .pending)
        let yearly = try Shipped.cadence("C15-coordination")
        #expect(yearly.cadence == .quota(Quota(atLeast: 1, per: .year)))
        #expect(yearly.source == ["C15"])
        // A meeting of the 审批-监管 office does not hold the coordination meeting.
        let other = try Shipped.obligations("C15-coordination", of: "LS-DEPT-XTB", facts: [try fact("LS-DEPT-LXB", "2026-03-20", "meeting")],
                                            today: "2026-12-31")
        #expect(other["2026"]?.status == .due)
        #expect(try Shipped.obligations("C15-coordination", of: "LS-DEPT-XTB", facts: [try fact("LS-DEPT-XTB", "2026-03-20", "meeting")],
                                        today: "2026-12-31")["2026"]?.status == .met)
    }

    /// C16: each department files at least 3 guidance cases a year, before January.
    @Test func c16ThreeGuidanceCasesBeforeJanuary() throws {
        #expect(try Shipped.cadence("C16").cadence == .quota(Quota(atLeast: 3, per: .year, dueBefore: MonthDay("01-01"))))
        let two = try ["2026-11-03", "2026-12-01"].map { try fact("LS-DEPT-SCJ", $0, "filing") }
        let o = try Shipped.obligations("C16", of: "LS-DEPT-SCJ", facts: two, today: "2026-12-15")
        #expect(o["2026"]?.due == (try day("2026-12-31")))
        #expect(o["2026"]?.done == 2)
        #expect(o["2026"]?.status == .dueSoon)
        let three = two + [try fact("LS-DEPT-SCJ", "2026-12-10", "filing")]
        #expect(try Shipped.obligations("C16", of: "LS-DEPT-SCJ", facts: three, today: "2026-12-15")["2026"]?.status == .met)
        // Information reports (C17, `publication`) are not guidance cases.
        let reports = try ["2026-11-03", "2026-11-04", "2026-11-05"].map { try fact("LS-DEPT-SCJ", $0, "publication") }
        #expect(try Shipped.obligations("C16", of: "LS-DEPT-SCJ", facts: reports, today: "2026-12-15")["2026"]?.done == 0)
        // Before January 2023 = before the 元旦 holiday that starts on Saturday 2022-12-31: Friday the 30th.
        #expect(try Shipped.obligations("C16", of: "LS-DEPT-SCJ", today: "2022-12-30", since: "2022-01-01")["2022"]?.due == (try day("2022-12-30")))
    }

    /// C17: each department reports at least 2 pieces of enforcement information a month.
    @Test func c17TwoInformationReportsPerMonth() throws {
        #expect(try Shipped.cadence("C17").cadence == .quota(Quota(atLeast: 2, per: .month)))
        let one = try Shipped.obligations("C17", of: "LS-DEPT-RSJ", facts: [try fact("LS-DEPT-RSJ", "2026-02-05", "publication")], today: "2026-03-02")
        #expect(one["2026-02"]?.due == (try day("2026-02-28")))   // Saturday make-up working day
        #expect(one["2026-02"]?.status == .overdue)
        let two = try ["2026-02-05", "2026-02-26"].map { try fact("LS-DEPT-RSJ", $0, "publication") }
        #expect(try Shipped.obligations("C17", of: "LS-DEPT-RSJ", facts: two, today: "2026-03-02")["2026-02"]?.status == .met)
        // A case filing (C16) is not an information report.
        let filings = try ["2026-02-05", "2026-02-26"].map { try fact("LS-DEPT-RSJ", $0, "filing") }
        #expect(try Shipped.obligations("C17", of: "LS-DEPT-RSJ", facts: filings, today: "2026-03-02")["2026-02"]?.done == 0)
    }

    // MARK: G01 (not a §1 row; the intensified-supervision pattern)

    /// G01: 小额贷款公司 graded V(1)/V(2) get a monthly on-site rule; other grades do not.
    @Test func g01IntensifiedSupervisionFollowsTheGrade() throws {
        #expect(try Shipped.cadence("G01").subject.grades == ["V(1)", "V(2)"])
        #expect(try Shipped.rulesOwed(by: "LS-ML-003", today: "2026-03-10").contains("G01"))   // graded V(1)
        #expect(!(try Shipped.rulesOwed(by: "LS-ML-001", today: "2026-03-10")).contains("G01"))  // graded II
        var downgraded = try Shipped.entity("LS-ML-001")
        downgraded.grade = "V(2)"
        let list = try Shipped.configuration().schedule.obligations(of: downgraded, inspections: [], today: try day("2026-03-10"))
        #expect(list.contains { $0.ruleID == "G01" && $0.period.label == "2026-03" })
    }
}

/// RULES.md §2 caps K01–K02 and §4 P01, from the shipped config.
@Suite struct ShippedCapAndProcedureRulesTests {
    /// K01: routine patrol of the same employer at most 2 a year, unless the exception applies.
    @Test func k01AtMostTwoPatrolsPerYear() throws {
        let cap = try Shipped.cap("K01")
        #expect(cap.atMost == 2 && cap.per == .year && cap.counts == ["patrol"])
        #expect(cap.exception.contains("国家另有规定") && cap.exception.contains("违法嫌疑"))
        let employer = try Shipped.entity("LS-EMP-001")
        let two = [try fact("LS-EMP-001", "2026-03-04", "patrol"), try fact("LS-EMP-001", "2026-06-18", "patrol")]
        #expect(cap.excess(adding: two[1], to: [two[0]], entity: employer) == nil)
        // The third in the year hits the cap: refused without a reason …
        let third = try fact("LS-EMP-001", "2026-09-09", "patrol")
        #expect(cap.excess(adding: third, to: two, entity: employer) == 2)
        #expect(Self.refused(third, by: cap, existing: two, entity: employer))
        // … accepted with the exception reason, which is kept on the fact.
        let excepted = try fact("LS-EMP-001", "2026-09-09", "patrol", exceptionReason: "举报反映拖欠工资，有违法嫌疑")
        #expect(cap.excess(adding: excepted, to: two, entity: employer) == 2)
        #expect(!Self.refused(excepted, by: cap, existing: two, entity: employer))
        #expect(excepted.exceptionReason == "举报反映拖欠工资，有违法嫌疑")
        // A special inspection is not a patrol; a new year starts a new count.
        #expect(cap.excess(adding: try fact("LS-EMP-001", "2026-09-09", "special"), to: two, entity: employer) == nil)
        #expect(cap.excess(adding: try fact("LS-EMP-001", "2027-01-05", "patrol"), to: two, entity: employer) == nil)
        // Not an employer kind: no cap.
        #expect(cap.excess(adding: try fact("LS-PFS-001", "2026-09-09", "patrol"), to: [try fact("LS-PFS-001", "2026-03-04", "patrol"),
                           try fact("LS-PFS-001", "2026-06-18", "patrol")], entity: try Shipped.entity("LS-PFS-001")) == nil)
        // A 劳务派遣单位 is an employer too.
        let dispatch = try Shipped.entity("LS-LD-002")
        #expect(cap.excess(adding: try fact("LS-LD-002", "2026-09-09", "patrol"), to: [try fact("LS-LD-002", "2026-03-04", "patrol"),
                           try fact("LS-LD-002", "2026-06-18", "patrol")], entity: dispatch) == 2)
    }

    /// K02: special inspection of the same employer at most 1 a year, unless the exception applies.
    @Test func k02AtMostOneSpecialInspectionPerYear() throws {
        let cap = try Shipped.cap("K02")
        #expect(cap.atMost == 1 && cap.per == .year && cap.counts == ["special"])
        #expect(cap.exception.contains("违法嫌疑"))
        let employer = try Shipped.entity("LS-EMP-004")
        let first = try fact("LS-EMP-004", "2026-05-11", "special")
        #expect(cap.excess(adding: first, to: [], entity: employer) == nil)
        let second = try fact("LS-EMP-004", "2026-11-02", "special")
        #expect(cap.excess(adding: second, to: [first], entity: employer) == 1)
        #expect(Self.refused(second, by: cap, existing: [first], entity: employer))
        let excepted = try fact("LS-EMP-004", "2026-11-02", "special", exceptionReason: "国家另有规定：根治欠薪冬季专项行动")
        #expect(!Self.refused(excepted, by: cap, existing: [first], entity: employer))
        // Patrols do not count towards the special-inspection cap.
        #expect(cap.excess(adding: second, to: [try fact("LS-EMP-004", "2026-05-11", "patrol")], entity: employer) == nil)
    }

    /// The refusal policy of RULES.md §2: a fact beyond the cap is refused unless it carries an
    /// exception reason. (The core reports the excess; the recording path applies this policy.)
    static func refused(_ fact: Inspection, by cap: CapRule, existing: [Inspection], entity: Entity) -> Bool {
        cap.excess(adding: fact, to: existing, entity: entity) != nil
            && (fact.exceptionReason?.allSatisfy(\.isWhitespace) ?? true)
    }

    /// P01: an on-site inspection needs at least 2 distinct inspectors.
    @Test func p01OnsiteNeedsTwoInspectors() throws {
        let p01 = try Shipped.procedure("P01")
        #expect(p01.minInspectors == 2)
        #expect(p01.source.contains("P01"))
        #expect(p01.violation(try fact("LS-PFS-001", "2026-03-10", "onsite", inspectors: ["张伟", "王芳"])) == nil)
        let alone = try #require(p01.violation(try fact("LS-PFS-001", "2026-03-10", "onsite", inspectors: ["张伟"])))
        #expect(alone.contains("1 given"))
        #expect(p01.violation(try fact("LS-PFS-001", "2026-03-10", "onsite", inspectors: ["张伟", "张伟"])) != nil)
        #expect(p01.violation(try fact("LS-PFS-001", "2026-03-10", "onsite", inspectors: ["张伟", " "])) != nil)
        for kind in ["patrol", "special", "ad-hoc", "audit"] {
            #expect(p01.violation(try fact("LS-EMP-001", "2026-03-10", kind, inspectors: ["孙丽"])) != nil, "\(kind)")
        }
        // A filing or an off-site review is not an inspection on site.
        #expect(p01.violation(try fact("LS-PFR-001", "2026-03-10", "filing", inspectors: [])) == nil)
        #expect(p01.violation(try fact("LS-PFR-001", "2026-03-10", "offsite", inspectors: ["张伟"])) == nil)
    }
}
