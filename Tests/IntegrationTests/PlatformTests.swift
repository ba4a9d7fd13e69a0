import Foundation
import PostgresTestSupport
import Testing

/// Several daemons on one PostgreSQL database (issue 16), against a real PostgreSQL 15: all of
/// them answer and take writes, a write on one is seen by the others within a second, exactly
/// one — the holder of the leader's lease — sends the notices, and when it is killed in
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
        // A grade (a lifecycle event) set on a: b's schedule follows (the grade's cadence).
        let graded = try a.ctl("grade", "set", "LS-ML-002", "III", "--reason", "整改完成，复查合格")
        #expect(graded.exitCode == 0, "\(graded)")
        let show = { (d: DaemonFixture) in try d.ctl("entity", "show", "LS-ML-002", "--json").stdout }
        let shownByA = try show(a)
        #expect(shownByA.contains("\"III\""))
        let seen2 = try Self.within(.seconds(5)) { try show(b) == shownByA }
        #expect(seen2 != nil && seen2! < .seconds(1), "seen by the other daemon after \(String(describing: seen2))")
        let afterA = try upcoming(a)
        let plan = try a.ctl("inspection", "record", "--entity", "LS-PFS-002", "--date", "2026-03-21", "--kind", "onsite", "--inspectors", "张伟,王芳")
        #expect(plan.exitCode == 0, "\(plan)")
        let afterA2 = try upcoming(a)
        let seen3 = try Self.within(.seconds(5)) { try upcoming(b) == afterA2 }
        #expect(seen3 != nil && seen3! < .seconds(1), "seen by the other daemon after \(String(describing: seen3))")
    }

    /// A directory import and a reload that freezes history are bulk writes: the other daemon
    /// reads the rows they wrote (the import's entities, the frozen obligations), not every
    /// fact, and its schedule becomes the writer's.
    @Test func anImportAndAFrozenHistoryReachTheOtherDaemon() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try Self.daemon(on: database), b = try Self.daemon(on: database)
        try a.start(extraArguments: ["--instance", "a"])
        try b.start(extraArguments: ["--instance", "b"])
        func upcoming(_ d: DaemonFixture) throws -> String { try d.ctl("upcoming", "--all", "--within", "400", "--json").stdout }
        func show(_ d: DaemonFixture, _ id: String) throws -> String? {
            let r = try d.ctl("entity", "show", id, "--json")
            return r.exitCode == 0 ? r.stdout : nil
        }
        #expect(try upcoming(b) == (try upcoming(a)))

        // Imported on a: a new entity, a renamed one moved to another supervisor and jurisdiction,
        // and one renamed only (its obligations are kept, not computed again: they must not change).
        let csv = a.directory + "/changes.csv"
        try """
            id,name,kind,jurisdiction,approved_on,grade,supervisor,industry
            NEW-1,新公司甲,private-financing-service,兰山区,2025-05-05,,S01,金融
            LS-PFS-001,临沂市兰山区汇通民间融资服务有限公司（更名）,private-financing-service,罗庄区,2016-03-18,I,S02,金融服务
            LS-PFS-004,临沂市兰山区泰和民间资本管理有限公司（更名）,private-financing-service,兰山区,2016-08-30,III,S02,金融

            """.write(toFile: csv, atomically: true, encoding: .utf8)
        let before = try #require(try show(a, "LS-PFS-004"))
        let imported = try a.ctl("entity", "import", csv)
        #expect(imported.exitCode == 0 && imported.stdout.contains("1 added, 2 updated"), "\(imported)")
        let onA = try #require(try show(a, "NEW-1")), renamedOnA = try #require(try show(a, "LS-PFS-001"))
        let onlyRenamedOnA = try #require(try show(a, "LS-PFS-004"))
        #expect(renamedOnA.contains("（更名）") && onlyRenamedOnA.contains("（更名）"))
        func obligations(_ shown: String) throws -> [[String: Any]] {
            (try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])["obligations"] as? [[String: Any]]) ?? []
        }
        #expect(try obligations(onlyRenamedOnA).map { "\($0["rule"] ?? "")/\($0["period"] ?? "")/\($0["due"] ?? "")/\($0["status"] ?? "")" }
                == (try obligations(before).map { "\($0["rule"] ?? "")/\($0["period"] ?? "")/\($0["due"] ?? "")/\($0["status"] ?? "")" }))
        #expect(try !obligations(before).isEmpty)
        let seen = try Self.within(.seconds(10)) {
            try show(b, "NEW-1") == onA && show(b, "LS-PFS-001") == renamedOnA && show(b, "LS-PFS-004") == onlyRenamedOnA
        }
        #expect(seen != nil, "the import was not seen by the other daemon")
        #expect(try upcoming(b) == (try upcoming(a)))
        let statusB = try Self.status(b)
        #expect(statusB["entities"] as? Int == DaemonFixture.demoEntityCount + 1)

        // A rule changed on both, reloaded on a: a freezes what the closed periods demanded; b
        // holds that history (read from the store) and keeps it when it reloads its own rules.
        func c01(_ d: DaemonFixture, _ period: String) throws -> Int? {
            let shown = try #require(try d.ctl("entity", "show", "LS-PFS-002", "--json").json() as? [String: Any])
            return (shown["obligations"] as? [[String: Any]])?.first { $0["rule"] as? String == "C01" && $0["period"] as? String == period }?["required"] as? Int
        }
        for d in [a, b] { try d.editConfig("rules/financial.yaml", replacing: "cadence: { at_least: 1, per: month }", with: "cadence: { at_least: 2, per: month }") }
        #expect(try a.ctl("reload").exitCode == 0)
        #expect(try c01(a, "2026-02") == 1 && c01(a, "2026-03") == 2)
        // A write after the reload: once b has it, b has applied the reload's history too (in order).
        #expect(try a.ctl("inspection", "record", "--entity", "LS-PFS-003", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "张伟,王芳").exitCode == 0)
        #expect(try Self.within(.seconds(10)) { try show(b, "LS-PFS-003")?.contains("2026-03-20") == true } != nil)
        #expect(try b.ctl("reload").exitCode == 0)
        #expect(try c01(b, "2026-02") == 1, "the history a froze is b's")
        #expect(try c01(b, "2026-03") == 2)
        #expect(try upcoming(b) == (try upcoming(a)))

        #expect(try a.stop() == .exited(0))
        #expect(try b.stop() == .exited(0))
        // Both reached b as bulk changes, not as a full re-read.
        // (An import's rows are those carrying its second and uid: the start's bootstrap import in
        // the same second of the daemon's clock is read with it, still not the whole re-read.)
        #expect(b.lastStandardError.contains(#/applied another daemon's bulk write: [0-9]+ entities of 1 import\(s\), 0 frozen/#), "\(b.lastStandardError.suffix(3_000))")
        #expect(b.lastStandardError.contains(#/0 entities of 0 import\(s\), [1-9][0-9]* frozen obligation\(s\)/#))
    }

    /// The visit planner on a platform: inspectors, leave and an applied proposal written on one
    /// daemon are what the other lists and plans with (read from the shared store).
    @Test func aProposalAppliedOnOneDaemonIsSeenByTheOther() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try Self.daemon(on: database), b = try Self.daemon(on: database)
        try a.start(now: "2026-05-06T09:00", extraArguments: ["--instance", "a"])
        try b.start(now: "2026-05-06T09:00", extraArguments: ["--instance", "b"])
        for n in 1...3 { #expect(try a.ctl("inspector", "add", "I\(n)", "--name", "检查员\(n)").exitCode == 0) }
        #expect(try b.ctl("inspector", "leave", "I3", "--from", "2026-05-11", "--to", "2026-05-15", "--reason", "年休假").exitCode == 0)
        #expect(try a.ctl("plan", "propose", "--month", "2026-05", "--apply").exitCode == 0)
        let onA = try a.ctl("plan", "visits", "--json").stdout, onB = try b.ctl("plan", "visits", "--json").stdout
        let visits = try #require(try JSONSerialization.jsonObject(with: Data(onB.utf8)) as? [[String: Any]])
        #expect(!visits.isEmpty && onA == onB)
        // I3's leave, recorded on b, held on a's proposal.
        #expect(!visits.contains { v in (v["inspectors"] as? [String] ?? []).contains("I3") && (v["date"] as? String ?? "") >= "2026-05-11" && (v["date"] as? String ?? "") <= "2026-05-15" })
        // b's proposal keeps a's visits and plans nothing twice.
        let again = try #require(try b.ctl("plan", "propose", "--month", "2026-05", "--json").json() as? [String: Any])
        #expect(again["kept"] as? Int == visits.count && (again["visits"] as? [[String: Any]])?.isEmpty == true)
        #expect(try a.stop() == .exited(0))
        #expect(try b.stop() == .exited(0))
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

    /// Killed in the middle of a notice run of hundreds of notices (after writing its second
    /// batch to its log, before marking it), the leader leaves at most one batch for the next
    /// leader to repeat — written on the next leader's host, each line marked with the instance
    /// that began it — and every other notice once.
    @Test func aLeaderKilledInsideItsNoticeRunLeavesOneMarkedBatchToRepeat() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try Self.daemon(on: database), b = try Self.daemon(on: database)
        // Late in the year most of the demo's obligations are overdue: hundreds of notices.
        _ = try a.start(now: "2026-11-25T09:00", environment: ["INSPECTD_TEST_CRASH_AT": "after-log:2"], extraArguments: ["--instance", "a"], settle: false)
        let ended = try a.process?.wait(timeout: .seconds(60))
        #expect(ended == .signaled(SIGKILL), "a was to kill itself after its second batch: \(String(describing: ended))")
        let logOfA = try ((try? String(contentsOfFile: a.stateDirectory + "/notices.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(logOfA.count == 200, "two batches of 100 in a's log")
        try b.start(now: "2026-11-25T09:00", extraArguments: ["--instance", "b"])
        // b leads once a's lease has run out on the server (6 s after a's last renewal).
        #expect(try Self.within(.seconds(20)) { try !b.noticeLog().isEmpty } != nil, "b took the lead and delivered")
        try b.settle()
        let logOfB = try b.noticeLog()
        let keysA = Set(Self.keys(logOfA)), keysB = Self.keys(logOfB)
        #expect(Set(keysB).count == keysB.count, "nothing twice on b's host")
        let repeated = logOfB.filter { $0["repeat_of"] != nil }
        // Only a's unfinished (second) batch is repeated, and every repeat says whose it was.
        #expect(repeated.count <= NoticeBatch.size && !repeated.isEmpty, "\(repeated.count) repeated")
        #expect(repeated.allSatisfy { $0["repeat_of"] as? String == "a" })
        #expect(Set(Self.keys(repeated)) == keysA.intersection(keysB))
        #expect(keysA.intersection(keysB).count <= NoticeBatch.size)
        // Merged by key, the two hosts' logs hold every notice once.
        let s = try Self.status(b)
        #expect(keysA.union(keysB).count == s["notices_sent"] as? Int && s["notices_pending"] as? Int == 0, "\(s)")
        #expect(keysA.union(keysB).count > 2 * NoticeBatch.size, "more than two batches in the run")
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

    /// The database restarts under two running daemons: meanwhile calls fail with the typed
    /// `unavailable` error (exit 75) and the watchdog keeps being pinged (the daemon is not
    /// wedged, so systemd has nothing to restart); once it is back, both reconnect by themselves,
    /// one leads again, and a write on one reaches the other.
    @Test func theDatabaseRestartingIsSurvived() throws {
        let server = try PostgresServer()  // its own: the other tests' server stays up
        defer { server.destroy() }
        let database = try server.createDatabase()
        let a = try Self.daemon(on: database), b = try Self.daemon(on: database)
        try a.start(environment: ["WATCHDOG_USEC": "1000000"], extraArguments: ["--instance", "a"])
        try b.start(extraArguments: ["--instance", "b"])
        #expect(try Self.status(a)["leading"] as? Bool == true)
        func record(_ d: DaemonFixture, _ date: String) throws -> DaemonFixture.CLIResult {
            try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", date, "--kind", "onsite", "--inspectors", "张伟,王芳")
        }

        server.stop()
        let refused = try record(b, "2026-03-20")
        #expect(refused.exitCode == 75 && refused.stderr.contains("unavailable"), "\(refused)")
        _ = try a.notify.waitFor(timeout: .seconds(5)) { $0.has("WATCHDOG=1") }  // still pinged during the outage
        #expect(try a.notify.waitFor(timeout: .seconds(5)) { $0.has("WATCHDOG=1") }.has("WATCHDOG=1"))

        try server.start()
        let back = try Self.within(.seconds(20)) { try record(b, "2026-03-20").exitCode == 0 }
        #expect(back != nil, "b writes again after the restart")
        let led = try Self.within(.seconds(20)) { try Self.status(a)["leader"] as? String != nil }
        #expect(led != nil, "a daemon leads again")
        func upcoming(_ d: DaemonFixture) throws -> String { try d.ctl("upcoming", "--all", "--within", "400", "--json").stdout }
        let caughtUp = try Self.within(.seconds(10)) { try upcoming(a) == (try upcoming(b)) }
        #expect(caughtUp != nil, "a catches up with b's write made after the restart")
        #expect(a.process?.hasExited == false && b.process?.hasExited == false)
    }

    /// Three daemons: all agree on one leader, each one's write reaches the two others, and when
    /// the leader is killed exactly one of the two others takes over.
    @Test func threeDaemonsAgreeOnOneLeaderAndOnTheFacts() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let daemons = try (0..<3).map { _ in try Self.daemon(on: database) }
        for (i, d) in daemons.enumerated() { try d.start(extraArguments: ["--instance", "d\(i)"]) }
        let leaders = try daemons.map { try Self.status($0)["leader"] as? String }
        #expect(leaders == ["d0", "d0", "d0"])
        #expect(try daemons.map { try Self.status($0)["leading"] as? Bool } == [true, false, false])

        func upcoming(_ d: DaemonFixture) throws -> String { try d.ctl("upcoming", "--all", "--within", "400", "--json").stdout }
        for (i, entity) in ["LS-PFS-001", "LS-PFS-002", "LS-PFS-003"].enumerated() {
            let r = try daemons[i].ctl("inspection", "record", "--entity", entity, "--date", "2026-03-2\(i)", "--kind", "onsite", "--inspectors", "张伟,王芳")
            #expect(r.exitCode == 0, "\(r)")
        }
        let agreed = try Self.within(.seconds(5)) {
            let views = try daemons.map(upcoming)
            return views[0] == views[1] && views[1] == views[2]
        }
        #expect(agreed != nil && agreed! < .seconds(2), "the three schedules agree after \(String(describing: agreed))")

        daemons[0].process?.send(SIGKILL)
        _ = try daemons[0].process?.wait(timeout: .seconds(10))
        let took = try Self.within(.seconds(10)) {
            try daemons[1...].map { try Self.status($0)["leading"] as? Bool == true }.filter { $0 }.count == 1
        }
        #expect(took != nil, "one of the two others leads")
        // A follower names the leader as the server said it at most a second or two ago.
        let named = try Self.within(.seconds(3)) {
            let now = try daemons[1...].map { try Self.status($0)["leader"] as? String }
            return now[0] == now[1] && (now[0] == "d1" || now[0] == "d2")
        }
        #expect(named != nil, "both name the new leader")
    }

    /// The database password comes from `password_file` (a file or a credential), never from the
    /// YAML: with the right one the daemon starts on a server that asks for it; with a wrong one
    /// it does not start and says why without printing the password; one in the URL is refused.
    @Test func thePasswordComesFromAFile() throws {
        let server = try PostgresServer()
        defer { server.destroy() }
        let database = try server.passwordRole("inspectd_pw", password: "s3cret-Ω")
        func daemon(_ storage: String) throws -> DaemonFixture {
            let d = try DaemonFixture()
            let path = d.configDirectory + "/inspectd.yaml"
            try (try String(contentsOfFile: path, encoding: .utf8) + "\nstorage:\n" + storage).write(toFile: path, atomically: true, encoding: .utf8)
            return d
        }
        let right = NSTemporaryDirectory() + "inspectd-pw-\(UUID().uuidString)", wrong = right + "-wrong"
        try "s3cret-Ω\n".write(toFile: right, atomically: true, encoding: .utf8)
        try "not-it\n".write(toFile: wrong, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: right); try? FileManager.default.removeItem(atPath: wrong) }

        let good = try daemon("  engine: postgresql\n  url: \"\(database)\"\n  password_file: \(right)\n")
        try good.start()
        #expect(try Self.status(good)["storage"] as? String == "postgresql")
        _ = try good.stop()

        /// Runs the daemon, which must refuse to start; returns its exit and what it said.
        func refused(_ d: DaemonFixture) throws -> (ChildProcess.Termination, String) {
            let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
                "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath, "--now", "2026-03-25T09:00",
            ], environment: ["INSPECTD_LOG_TARGET": "stderr"])
            return (try p.wait(timeout: .seconds(30)), p.standardError)
        }
        let (badExit, badText) = try refused(try daemon("  engine: postgresql\n  url: \"\(database)\"\n  password_file: \(wrong)\n"))
        #expect(badExit == .exited(1))
        #expect(badText.contains("password authentication failed"), "\(badText)")
        #expect(!badText.contains("not-it") && !badText.contains("s3cret"))

        let (inlineExit, inlineText) = try refused(try daemon("  engine: postgresql\n  url: \"postgresql://inspectd_pw:s3cret@localhost/x\"\n"))
        #expect(inlineExit == .exited(78))
        #expect(inlineText.contains("inspectd.yaml") && inlineText.contains("url") && inlineText.contains("password_file"), "\(inlineText)")
    }

    /// Two daemons of one name would ignore each other's writes: the second does not start.
    @Test func aSecondDaemonOfTheSameNameIsRefused() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try Self.daemon(on: database), b = try Self.daemon(on: database)
        try a.start(extraArguments: ["--instance", "same"])
        let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", b.configDirectory, "--state-dir", b.stateDirectory, "--socket", b.socketPath, "--now", "2026-03-25T09:00", "--instance", "same",
        ], environment: ["INSPECTD_LOG_TARGET": "stderr"])
        #expect(try p.wait(timeout: .seconds(30)) == .exited(1))
        #expect(p.standardError.contains("another daemon named 'same'"), "\(p.standardError)")
        #expect(try Self.status(a)["leading"] as? Bool == true)
    }

    /// The leader is killed while its command hook runs: the next leader takes the hook's queue
    /// over at once (the dead daemon's lease has no session behind it) and the hook receives every
    /// notice once; the log holds every notice once.
    @Test func theLeaderKilledWhileItsHookRunsIsReplacedAndTheHookGetsEachNoticeOnce() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try Self.daemon(on: database), b = try Self.daemon(on: database)
        let keys = a.directory + "/hook-keys", gate = a.directory + "/gate"
        // The hook records the key, then (a's first call only) waits for the gate: a is killed there.
        let hook = a.directory + "/hook.sh"
        try """
            #!/bin/sh
            cat > /dev/null
            echo "$INSPECTD_NOTICE_KEY" >> '\(keys)'
            if [ "$INSPECTD_TEST_HOOK_WAIT" = 1 ] && [ ! -e '\(gate)' ]; then touch '\(gate)'; sleep 60; fi
            """.write(toFile: hook, atomically: true, encoding: .utf8)
        #expect(chmod(hook, 0o755) == 0)
        for d in [a, b] {
            try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: "  log: notices.jsonl\n  hook:\n    command: \(hook)\n    timeout: 120s\n")
        }
        try a.start(environment: ["INSPECTD_TEST_HOOK_WAIT": "1"], extraArguments: ["--instance", "a"], settle: false)
        #expect(try Self.within(.seconds(30)) { FileManager.default.fileExists(atPath: gate) } != nil, "a's hook ran")
        try b.start(extraArguments: ["--instance", "b"], settle: false)
        a.process?.send(SIGKILL)
        _ = try a.process?.wait(timeout: .seconds(10))
        #expect(try Self.within(.seconds(15)) { try Self.status(b)["leading"] as? Bool == true } != nil)
        // Every notice goes through the hook; the one a was running when it died is run again by b
        // (a hook run is at least once: a killed run cannot say whether its command finished).
        let logOfA = ((try? String(contentsOfFile: a.stateDirectory + "/notices.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        let sent = Self.keys(logOfA + (try b.noticeLog()))
        #expect(!sent.isEmpty && Set(sent).count == sent.count, "each notice once in the logs")
        let done = try Self.within(.seconds(60)) {
            let got = ((try? String(contentsOfFile: keys, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            return Set(got) == Set(sent)
        }
        #expect(done != nil, "the hook received every notice")
        // The last run's key is written before its command exits and is accepted: wait for that.
        #expect(try Self.within(.seconds(30)) { try Self.status(b)["hook_pending"] as? Int == 0 } != nil, "every hook run accepted")
        let got = ((try? String(contentsOfFile: keys, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        #expect(got.count == Set(got).count + 1, "only the run a was killed in is repeated: \(got.count) runs for \(Set(got).count) notices")
    }
}

/// The notice run's batch, as the daemon delivers it (`NoticeDelivery.batchSize`).
enum NoticeBatch { static let size = 100 }
