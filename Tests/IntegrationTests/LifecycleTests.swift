import Foundation
import Testing

/// Rectifications, cases and reports through the CLI: facts recorded append-only, deadlines
/// derived and announced, invalid transitions refused with a reason.
@Suite("lifecycle: rectifications, cases, deadlines")
struct LifecycleTests {
    @Test func rectificationOrderReportVerifyAndItsDeadline() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-09-28T09:00")
        let order = try d.ctl("rectification", "order", "--entity", "LS-ML-001", "--date", "2026-07-10", "--rule", "D02", "--findings", "贷款分类不准确", "--json")
        #expect(order.exitCode == 0, "\(order)")
        let r = try #require(try order.json() as? [String: Any])
        let subject = try #require((r["event"] as? [String: Any])?["subject"] as? String)
        #expect(subject == "R-2026-1")
        let deadline = try #require((r["deadlines"] as? [[String: Any]])?.first)
        // D02: 30 days from 10 July 2026 → Sunday 9 August → Monday 10 August (民法典 第二百零三条).
        #expect(deadline["rule"] as? String == "D02")
        #expect(deadline["due"] as? String == "2026-08-10")
        #expect(deadline["state"] as? String == "overdue")

        // Invalid transitions are refused with a reason; nothing is recorded.
        let verify = try d.ctl("rectification", "verify", subject, "--entity", "LS-ML-001", "--date", "2026-09-01", "--accepted")
        #expect(verify.exitCode == 65)
        #expect(verify.stderr.contains("report-received"))
        #expect(try d.ctl("rectification", "report", subject, "--entity", "LS-ML-001", "--date", "2026-10-30").exitCode == 65)
        #expect(try d.ctl("rectification", "report", "R-2099-9", "--entity", "LS-ML-001", "--date", "2026-09-01").exitCode == 65)
        #expect(try d.ctl("rectification", "order", "--entity", "LS-ML-001", "--date", "2026-09-01", "--rule", "D03").exitCode == 65)

        #expect(try d.ctl("rectification", "report", subject, "--entity", "LS-ML-001", "--date", "2026-08-20").exitCode == 0)
        let list = try #require(try d.ctl("rectification", "list", "--json").json() as? [[String: Any]])
        let d02 = try #require(list.first { $0["rule"] as? String == "D02" })
        #expect(d02["state"] as? String == "met-late-10d")
        #expect(d02["met_at"] as? String == "2026-08-20T00:00:00")
        #expect(try d.ctl("rectification", "verify", subject, "--entity", "LS-ML-001", "--date", "2026-09-01", "--accepted").exitCode == 0)

        // A mistaken event is withdrawn by a correction, never edited.
        let events = try #require(try d.ctl("event", "list", "--subject", subject, "--json").json() as? [[String: Any]])
        #expect(events.count == 3)
        let verifyID = try #require(events.last?["id"] as? Int)
        #expect(try d.ctl("event", "correct", "\(verifyID)", "--subject", subject, "--entity", "LS-ML-001", "--reason", "录入错误").exitCode == 0)
        let after = try #require(try d.ctl("event", "list", "--subject", subject, "--json").json() as? [[String: Any]])
        #expect(after.count == 4)
        #expect(after.last?["corrects"] as? Int == verifyID)

        // Facts survive a restart.
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-09-29T09:00")
        #expect(try #require(try d.ctl("event", "list", "--subject", subject, "--json").json() as? [[String: Any]]).count == 4)
        #expect(try d.stop() == .exited(0))
    }

    @Test func casesWithExtensionsAndAnUrgentTransfer() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-09-30T17:00")
        #expect(try d.ctl("case", "file", "--entity", "LS-EMP-001", "--date", "2026-09-01", "--id", "CASE-A").exitCode == 0)
        let extendNoApproval = try d.ctl("event", "record", "case.extended", "--entity", "LS-EMP-001", "--subject", "CASE-A", "--at", "2026-09-20")
        #expect(extendNoApproval.exitCode == 65)
        #expect(extendNoApproval.stderr.contains("approval"))
        #expect(try d.ctl("case", "extend", "CASE-A", "--entity", "LS-EMP-001", "--date", "2026-09-20", "--approval", "兰人社〔2026〕12号").exitCode == 0)
        let second = try d.ctl("case", "extend", "CASE-A", "--entity", "LS-EMP-001", "--date", "2026-09-25", "--approval", "兰人社〔2026〕13号")
        #expect(second.exitCode == 65)
        #expect(second.stderr.contains("at most 1"))

        // E04 urgent: 24 hours from the moment, holiday or not.
        #expect(try d.ctl("case", "transfer", "CASE-A", "--entity", "LS-EMP-001", "--date", "2026-09-30T16:00", "--urgent").exitCode == 0)
        let open = try #require(try d.ctl("deadlines", "--json").json() as? [[String: Any]])
        let e04 = try #require(open.first { $0["rule"] as? String == "E04" })
        #expect(e04["due_time"] as? String == "2026-10-01T16:00:00")
        let e01 = try #require(open.first { $0["rule"] as? String == "E01" })
        #expect(e01["extensions"] as? Int == 1)
        #expect(try d.ctl("deadlines").stdout.contains("CASE-A"))
        #expect(try d.stop() == .exited(0))

        // The next day after 16:00 the transfer is overdue; the notice run says so.
        try d.start(now: "2026-10-01T17:00")
        let overdue = try #require(try d.ctl("deadlines", "--overdue", "--json").json() as? [[String: Any]])
        #expect(overdue.contains { $0["rule"] as? String == "E04" })
        #expect(try d.noticeLog().contains { $0["rule"] as? String == "E04" && $0["kind"] as? String == "overdue" })
        #expect(try d.stop() == .exited(0))
    }

    /// Without `--date` the day is the daemon's today (its clock, in `office.timezone`), not the
    /// day on the machine that runs inspectctl: a daemon started at 2026-03-31T08:25 records the
    /// order on 2026-03-31, whatever this machine's calendar says (before, inspectctl sent its own
    /// date, which the daemon refused as in the future or recorded on the wrong day).
    @Test func withoutADateAnEventHappensOnTheDaemonsToday() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-31T08:25")
        let order = try d.ctl("rectification", "order", "--entity", "LS-ML-001", "--rule", "D02", "--json")
        #expect(order.exitCode == 0, "\(order)")
        let event = try #require((try order.json() as? [String: Any])?["event"] as? [String: Any])
        #expect(event["at"] as? String == "2026-03-31T00:00:00")
        let subject = try #require(event["subject"] as? String)
        // A later event of the same day with `--date` given as a day is not "before" the order.
        #expect(try d.ctl("rectification", "report", subject, "--entity", "LS-ML-001", "--date", "2026-03-31").exitCode == 0)
        let report = try #require(try d.ctl("event", "list", "--subject", subject, "--json").json() as? [[String: Any]])
        #expect(report.map { $0["at"] as? String } == ["2026-03-31T00:00:00", "2026-03-31T00:00:00"])
        #expect(try d.stop() == .exited(0))
    }

    @Test func advanceNoticeForFundSupervisionUnlessUnannounced() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let list = try #require(try d.ctl("entity", "list", "--json").json() as? [[String: Any]])
        let unit = try #require(list.first { $0["kind"] as? String == "social-insurance-fund-unit" }?["id"] as? String)
        let none = try d.ctl("inspection", "record", "--entity", unit, "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "A,B")
        #expect(none.exitCode == 65)
        #expect(none.stderr.contains("P02"))
        #expect(try d.ctl("inspection", "record", "--entity", unit, "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "A,B", "--notified", "2026-03-19").exitCode == 65)
        #expect(try d.ctl("inspection", "record", "--entity", unit, "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "A,B", "--notified", "2026-03-17").exitCode == 0)
        #expect(try d.ctl("inspection", "record", "--entity", unit, "--date", "2026-03-21", "--kind", "ad-hoc", "--inspectors", "A,B").exitCode == 0)
        #expect(try d.stop() == .exited(0))
    }
}

@Suite("inspection records: list, show, withdraw")
struct InspectionRecordTests {
    @Test func aWithdrawnInspectionStaysOnRecordButNoLongerCounts() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let rec = try #require(try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite",
                                         "--inspectors", "A,B", "--findings", "台账不全", "--json").json() as? [String: Any])
        let id = try #require((rec["inspection"] as? [String: Any])?["id"] as? Int)
        let list = try #require(try d.ctl("inspection", "list", "--entity", "LS-PFS-001", "--json").json() as? [[String: Any]])
        #expect(list.first?["findings"] as? String == "台账不全")
        #expect(try d.ctl("inspection", "show", "\(id)").stdout.contains("台账不全"))
        func march() throws -> String? {
            let show = try #require(try d.ctl("entity", "show", "LS-PFS-001", "--json").json() as? [String: Any])
            return (show["obligations"] as? [[String: Any]])?.first { $0["rule"] as? String == "C01" && $0["period"] as? String == "2026-03" }?["status"] as? String
        }
        #expect(try march() == "met")
        #expect(try d.ctl("inspection", "withdraw", "\(id)", "--reason", " ").exitCode == 65)
        #expect(try d.ctl("inspection", "withdraw", "\(id)", "--reason", "录错对象").exitCode == 0)
        #expect(try march() == "due-soon")
        #expect(try d.ctl("inspection", "withdraw", "\(id)", "--reason", "again").exitCode == 65)
        let after = try #require(try d.ctl("inspection", "list", "--json").json() as? [[String: Any]])
        #expect(after.filter { $0["withdrawn"] as? Bool == true }.compactMap { $0["id"] as? Int } == [id])
        #expect(after.count == 1)
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-26T09:00")
        #expect(try march() == "due-soon")
        #expect(try d.stop() == .exited(0))
    }
}
