import Foundation
import PostgresTestSupport
import Testing

/// Several daemons on one PostgreSQL database (issue 16), against a real PostgreSQL 15: all of
/// them answer and take writes, a write on one is seen by the others within a second, exactly
/// one — the holder of the leader's advisory lock — sends the notices, and when it is killed in
/// the middle of a notice run another one takes over within 10 s and sends each notice once.
@Suite(.serialized) struct PlatformTests {
    /// A daemon of the platform: the shipped configuration with `storage:` on the test database.
    static func daemon(on database: String) throws -> DaemonFixture {
        let d = try DaemonFixture()
        let path = d.configDirectory + "/inspectd.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "\nstorage:\n  engine: postgresql\n  url: \"\(database)\"\n").write(toFile: path, atomically: true, encoding: .utf8)
        return d
    }

    static func status(_ d: DaemonFixture) throws -> [String: Any] {
        let r = try d.ctl("status", "--json")
        #expect(r.exitCode == 0, "\(r)")
        return try #require(try r.json() as? [String: Any])
    }

    /// Polls `condition` every 20 ms until it holds; returns how long that took, or nil after `limit`.
    static func within(_ limit: Duration, _ condition: () throws -> Bool) rethrows -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if try condition() { return ContinuousClock.now - start }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    static func keys(_ log: [[String: Any]]) -> [String] { log.compactMap { $0["key"] as? String } }

    @Test func twoDaemonsShareTheFactsAndOneOfThemSends() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try Self.daemon(on: database), b = try Self.daemon(on: database)
        try a.start(extraArguments: ["--instance", "a"])  // imports the demo directory into the empty database; leads
        try b.start(extraArguments: ["--instance", "b"])
        let sa = try Self.status(a), sb = try Self.status(b)
        #expect(sa["storage"] as? String == "postgresql" && sa["instance"] as? String == "a")
        #expect(sa["leading"] as? Bool == true && sa["leader"] as? String == "a")
        #expect(sb["leading"] as? Bool == false && sb["leader"] as? String == "a")
        #expect(sa["entities"] as? Int == DaemonFixture.demoEntityCount && sb["entities"] as? Int == DaemonFixture.demoEntityCount)
        // The human-readable status says who leads.
        #expect(try b.ctl("status").stdout.contains("postgresql, instance b; a leads"))

        // Only the leader sent the day's notices; both see them sent (one outbox).
        let sent = Self.keys(try a.noticeLog())
        #expect(!sent.isEmpty)
        #expect(try b.noticeLog().isEmpty)
        #expect(Set(sent).count == sent.count)
        #expect(try Self.status(b)["notices_sent"] as? Int == sent.count)

        // A write on b reaches a's schedule within a second (NOTIFY, then a catch-up), and the
        // other way: each daemon's open obligations become the writer's.
        func upcoming(_ d: DaemonFixture) throws -> String { try d.ctl("upcoming", "--all", "--within", "400", "--json").stdout }
        let before = try upcoming(a)
        #expect(try upcoming(b) == before)
        let record = try b.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "张伟,王芳")
        #expect(record.exitCode == 0, "\(record)")
        let afterB = try upcoming(b)
        #expect(afterB != before, "the inspection closes an open obligation")
        let seen = try Self.within(.seconds(5)) { try upcoming(a) == afterB }
        #expect(seen != nil && seen! < .seconds(1), "seen by the other daemon after \(String(describing: seen))")
        let record2 = try a.ctl("grade", "set", "LS-PFS-002", "V(1)", "--reason", "整改逾期")
        let afterA = try upcoming(a)
        if record2.exitCode == 0 && afterA != afterB {
            let seen2 = try Self.within(.seconds(5)) { try upcoming(b) == afterA }
            #expect(seen2 != nil && seen2! < .seconds(1), "seen by the other daemon after \(String(describing: seen2))")
        }
        let plan = try a.ctl("inspection", "record", "--entity", "LS-PFS-002", "--date", "2026-03-21", "--kind", "onsite", "--inspectors", "张伟,王芳")
        #expect(plan.exitCode == 0, "\(plan)")
        let afterA2 = try upcoming(a)
        let seen3 = try Self.within(.seconds(5)) { try upcoming(b) == afterA2 }
        #expect(seen3 != nil && seen3! < .seconds(1), "seen by the other daemon after \(String(describing: seen3))")
    }

    @Test func theLeaderKilledDuringANoticeRunIsReplacedAndEachNoticeIsSentOnce() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try Self.daemon(on: database), b = try Self.daemon(on: database)
        // a leads and stops in its first notice run (its copy of the schedule taken, nothing decided yet) …
        let release = a.directory + "/release"
        try a.start(environment: ["INSPECTD_TEST_PAUSE_AT": "notice-run", "INSPECTD_TEST_PAUSE_UNTIL": release],
                    extraArguments: ["--instance", "a"], settle: false)
        try b.start(extraArguments: ["--instance", "b"])
        #expect(try Self.status(b)["leader"] as? String == "a")
        #expect(try b.noticeLog().isEmpty)
        // … and is killed there (kill -9: no clean stop, its session simply ends).
        let killedAt = ContinuousClock.now
        a.process?.send(SIGKILL)
        _ = try a.process?.wait(timeout: .seconds(10))
        let took = try Self.within(.seconds(15)) { try Self.status(b)["leading"] as? Bool == true }
        #expect(took != nil && ContinuousClock.now - killedAt < .seconds(10), "b took the lead after \(String(describing: took))")
        #expect(try Self.status(b)["leader"] as? String == "b")
        // b sends what a left: every notice of the day once, in b's log; none in a's.
        try b.settle()
        let sentByB = Self.keys(try b.noticeLog())
        #expect(!sentByB.isEmpty)
        #expect(Set(sentByB).count == sentByB.count)
        let logOfA = (try? String(contentsOfFile: a.stateDirectory + "/notices.jsonl", encoding: .utf8)) ?? ""
        #expect(logOfA.isEmpty)
        let s = try Self.status(b)
        #expect(s["notices_sent"] as? Int == sentByB.count && s["notices_pending"] as? Int == 0)
    }

    /// An office joins the platform: its SQLite state is copied into PostgreSQL with `inspectctl
    /// storage copy`, and a daemon on the copy shows what the office's daemon showed.
    @Test func anOfficeMovesItsStateIntoPostgreSQL() throws {
        let office = try DaemonFixture()
        try office.start()
        let record = try office.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "张伟,王芳")
        #expect(record.exitCode == 0, "\(record)")
        let before = try Self.status(office)
        let upcoming = try office.ctl("upcoming", "--all", "--within", "400", "--json").stdout
        _ = try office.stop()

        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let copy = try office.ctl(["storage", "copy", "--from", office.stateDirectory + "/inspectd.sqlite", "--to", database])
        #expect(copy.exitCode == 0, "\(copy)")
        #expect(copy.stdout.contains("copied and verified"))
        // Into a database that holds facts now: refused, nothing written.
        let again = try office.ctl(["storage", "copy", "--from", office.stateDirectory + "/inspectd.sqlite", "--to", database])
        #expect(again.exitCode == 65 && again.stderr.contains("already holds facts"), "\(again)")

        let platform = try Self.daemon(on: database)
        try platform.start(extraArguments: ["--instance", "p1"])
        let after = try Self.status(platform)
        for key in ["entities", "obligations", "open", "overdue", "notices_sent", "notices_pending"] {
            #expect(after[key] as? Int == before[key] as? Int, "\(key)")
        }
        #expect(try platform.ctl("upcoming", "--all", "--within", "400", "--json").stdout == upcoming)
        // Nothing was sent twice: every notice the office sent is in the copied outbox.
        #expect(try platform.noticeLog().isEmpty)
    }
}
