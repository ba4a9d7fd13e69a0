import Foundation
import Testing

/// Issue 11, "nothing stalls": the notice run, the day's recompute and a reload run off the query
/// path. Each is held at a step (TestPausePoint) while the test queries and writes; the queries
/// answer, the writes land, and what was written meanwhile is still there once the new schedule
/// is swapped in. (How long a query waits is a benchmark's business: `inspectd-bench stalls`.)
@Suite("work off the query path")
struct OffQueryPathTests {
    /// Starts a daemon with `step` held until `release()`.
    static func paused(at step: String, now: String) throws -> (DaemonFixture, release: () -> Void) {
        let d = try DaemonFixture()
        let gate = d.directory + "/go-" + step
        try d.start(now: now, environment: ["INSPECTD_TEST_PAUSE_AT": step, "INSPECTD_TEST_PAUSE_UNTIL": gate], settle: false)
        return (d, { FileManager.default.createFile(atPath: gate, contents: nil) })
    }

    static func status(_ d: DaemonFixture) throws -> [String: Any] {
        let r = try d.ctl("status", "--json")
        #expect(r.exitCode == 0, "\(r)")
        return try #require(try r.json() as? [String: Any])
    }

    /// Waits until `status` satisfies `predicate` (the work has reached its step).
    static func waitForStatus(_ d: DaemonFixture, _ predicate: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let s = try status(d)
            if predicate(s) { return s }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ChildProcess.Failure(description: "status never matched")
    }

    static func c01March(_ d: DaemonFixture, _ entity: String = "LS-PFS-001") throws -> String? {
        let show = try #require(try d.ctl("entity", "show", entity, "--json").json() as? [String: Any])
        return (show["obligations"] as? [[String: Any]])?.first { $0["rule"] as? String == "C01" && $0["period"] as? String == "2026-03" }?["status"] as? String
    }

    static func record(_ d: DaemonFixture, _ entity: String = "LS-PFS-001", on date: String = "2026-03-20") throws {
        let r = try d.ctl("inspection", "record", "--entity", entity, "--date", date, "--kind", "onsite", "--inspectors", "张伟,王芳")
        #expect(r.exitCode == 0, "\(r)")
    }

    /// The figures a restart computes from the facts alone: what the swapped-in schedule must equal.
    static func figures(_ s: [String: Any]) -> [Int] {
        ["obligations", "open", "due_soon", "overdue", "entities"].map { s[$0] as? Int ?? -1 }
    }

    @Test("the first notice run follows READY=1: queries and writes go on while it runs")
    func theNoticeRunDoesNotHoldQueries() throws {
        let (d, release) = try Self.paused(at: "notice-run", now: "2026-03-25T09:00")
        let during = try Self.waitForStatus(d) { ($0["background_work"] as? [String])?.contains("notice-run") == true }
        #expect(during["last_notice_run"] == nil)
        #expect((try? String(contentsOfFile: d.stateDirectory + "/notices.jsonl", encoding: .utf8)) ?? "" == "")
        #expect(try d.ctl("upcoming", "--within", "10d", "--json").exitCode == 0)
        try Self.record(d)
        #expect(try Self.c01March(d) == "met")

        release()
        try d.settle()
        let after = try Self.status(d)
        #expect(after["last_notice_run"] is String)
        #expect((after["last_notice_run_decided"] as? Int ?? 0) > 0)
        #expect(try !d.noticeLog().isEmpty)
        #expect(try d.stop() == .exited(0))
    }

    @Test("a reload builds the new schedule aside: queries and writes go on, and a write made meanwhile is kept")
    func aReloadDoesNotHoldQueriesNorLoseWrites() throws {
        let (d, release) = try Self.paused(at: "rebuild", now: "2026-03-25T09:00")
        try d.settle()
        #expect(try Self.c01March(d) == "due-soon")
        let reload = try ChildProcess(try BuiltProducts.inspectctl(), arguments: ["--socket", d.socketPath, "reload"])
        let during = try Self.waitForStatus(d) { ($0["background_work"] as? [String])?.contains("rebuild") == true }
        #expect(!reload.hasExited)
        #expect(during["today"] as? String == "2026-03-25")
        try Self.record(d)
        #expect(try Self.c01March(d) == "met")

        release()
        #expect(try reload.wait(timeout: .seconds(60)) == .exited(0), "\(reload.standardError)")
        #expect(try Self.c01March(d) == "met", "the inspection recorded during the reload was lost in the swap")
        try d.settle()
        let swapped = Self.figures(try Self.status(d))
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-25T09:05")
        #expect(Self.figures(try Self.status(d)) == swapped)
        #expect(try d.stop() == .exited(0))
    }

    @Test("the day's recompute is built aside: the old day answers meanwhile, and a write made meanwhile is kept")
    func theNewDayDoesNotHoldQueriesNorLoseWrites() throws {
        // The tick 30 s after the start finds the new day.
        let (d, release) = try Self.paused(at: "rebuild", now: "2026-03-30T23:59:45")
        try d.settle()
        #expect(try Self.c01March(d, "LS-PFS-002") == "due-soon")
        let during = try Self.waitForStatus(d) { ($0["background_work"] as? [String])?.contains("rebuild") == true }
        #expect(during["today"] as? String == "2026-03-30", "queries see the old day until the new one is swapped in")
        try Self.record(d, "LS-PFS-002", on: "2026-03-30")
        #expect(try Self.c01March(d, "LS-PFS-002") == "met")

        release()
        let after = try Self.waitForStatus(d) { $0["today"] as? String == "2026-03-31" }
        #expect(try Self.c01March(d, "LS-PFS-002") == "met", "the inspection recorded during the recompute was lost in the swap")
        try d.settle()
        let swapped = Self.figures(try Self.status(d))
        #expect(Self.figures(after) == swapped)
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-31T00:01")
        #expect(Self.figures(try Self.status(d)) == swapped)
        #expect(try d.stop() == .exited(0))
    }
}
