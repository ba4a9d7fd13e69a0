import Foundation
import Testing

/// The command hook sinks (`notices.hook`, `notices.hooks`): each delivered notice is given to an office's program
/// as JSON on stdin; failures are retried and dead-lettered. No timing is asserted: short
/// back-offs and bounded polls for the outcome.
@Suite("notice hook")
struct NoticeHookTests {
    /// Writes an executable shell script into the fixture's directory and returns its path.
    static func script(_ d: DaemonFixture, _ name: String, _ body: String) throws -> String {
        let path = d.directory + "/" + name
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o755) == 0)
        return path
    }

    /// Turns the hook on in the fixture's `inspectd.yaml`.
    static func configureHook(_ d: DaemonFixture, command: String, extra: String = "") throws {
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: """
              log: notices.jsonl
              hook:
                command: \(command)
                timeout: 10s
                backoff: 1s
            \(extra)
            """)
    }

    /// Polls `condition` until it holds or `seconds` pass; returns whether it held.
    static func eventually(_ seconds: Double = 90, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return try condition()
    }

    /// The JSON objects the hook received, one per line of `path`.
    static func received(_ path: String) throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "not a JSON object: \($0)")
        }
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test("each notice reaches the hook once as JSON on stdin, also across a restart")
    func deliversEachNoticeOnce() throws {
        let d = try DaemonFixture()
        let out = d.directory + "/received.jsonl", keys = d.directory + "/keys.txt"
        let hook = try Self.script(d, "hook.sh", "cat >> '\(out)'\necho \"$INSPECTD_NOTICE_KEY\" >> '\(keys)'")
        try Self.configureHook(d, command: hook, extra: "    args: [--to, oa]\n    retries: 3")
        try d.start(now: "2026-03-25T09:00")
        let log = try d.noticeLog()
        #expect(!log.isEmpty)
        #expect(try Self.eventually { try Self.received(out).count >= log.count })
        var got = try Self.received(out)
        #expect(got.count == log.count)
        let logKeys = log.compactMap { $0["key"] as? String }
        #expect(got.compactMap { $0["key"] as? String } == logKeys)
        #expect(Self.lines(keys) == logKeys)  // INSPECTD_NOTICE_KEY names the notice on stdin
        for n in got {
            for field in ["key", "entity", "rule", "due"] { #expect(n[field] is String, "\(field) missing in \(n)") }
            #expect(n.keys.contains("supervisor"), "supervisor missing in \(n)")
        }
        #expect(try d.ctl("notices-dead", "--json").json() as? [Any] != nil)
        #expect(try d.stop() == .exited(0))

        // A restart on a later day: only the new notices go to the hook.
        try d.start(now: "2026-03-31T09:00")
        let later = try d.noticeLog()
        #expect(later.count > log.count)
        #expect(try Self.eventually { try Self.received(out).count >= later.count })
        got = try Self.received(out)
        let gotKeys = got.compactMap { $0["key"] as? String }
        #expect(gotKeys.count == later.count)
        #expect(Set(gotKeys).count == gotKeys.count, "a notice reached the hook twice")
        #expect(Set(gotKeys) == Set(later.compactMap { $0["key"] as? String }))
        #expect(try d.stop() == .exited(0))
    }

    @Test("a failing hook is retried, dead-lettered after its retries, listed, and the daemon keeps running")
    func failingHookIsDeadLettered() throws {
        let d = try DaemonFixture()
        let calls = d.directory + "/calls.txt"
        let hook = try Self.script(d, "fail.sh", "cat > /dev/null\necho \"$INSPECTD_NOTICE_KEY\" >> '\(calls)'\necho 'gateway down' >&2\necho 'second line' >&2\nexit 1")
        try Self.configureHook(d, command: hook, extra: "    retries: 2")
        try d.start(now: "2026-03-25T09:00")
        let log = try d.noticeLog()
        #expect(!log.isEmpty)
        var dead: [[String: Any]] = []
        #expect(try Self.eventually {
            dead = try #require(try d.ctl("notices-dead", "--json").json() as? [[String: Any]])
            return dead.count >= log.count
        })
        #expect(dead.count == log.count)
        #expect(Set(dead.compactMap { $0["key"] as? String }) == Set(log.compactMap { $0["key"] as? String }))
        for entry in dead {
            #expect(entry["attempts"] as? Int == 3, "\(entry)")  // the first attempt and 2 retries
            #expect(entry["last_error"] as? String == "exit status 1: gateway down", "\(entry)")
            #expect(entry["dead_at"] is String)
        }
        // Every notice was tried exactly 1 + retries times; none after it was dead.
        let tried = Self.lines(calls)
        #expect(tried.count == 3 * log.count)
        #expect(Dictionary(grouping: tried, by: { $0 }).values.allSatisfy { $0.count == 3 })
        // Logged once each at error level.
        let stderr = d.process?.standardError ?? ""
        for key in log.compactMap({ $0["key"] as? String }) {
            #expect(stderr.components(separatedBy: "gave up on \(key) ").count - 1 == 1, "\(key)")
        }
        let table = try d.ctl("notices-dead")
        #expect(table.exitCode == 0, "\(table)")
        #expect(table.stdout.contains("gateway down"))
        #expect(try d.ctl("status").exitCode == 0)
        #expect(try d.stop() == .exited(0))

        // After a restart the dead letters stay dead: the hook is not run again.
        try d.start(now: "2026-03-25T10:00")
        let letters = try #require(try d.ctl("notices-dead", "--json").json() as? [[String: Any]])
        #expect(letters.count == log.count)
        // In pages (issue 11): the first two, then the rest after the cursor.
        #expect(log.count > 3)
        let first = try d.ctl("notices-dead", "--limit", "2")
        let more = try #require(first.stdout.split(separator: "\n").last.map(String.init))
        #expect(more.hasPrefix("… \(log.count - 2) more: inspectctl notices-dead --after "), "\(first)")
        let cursor = try #require(more.split(separator: " ").first { $0.hasPrefix("x1.") }.map(String.init))
        let rest = try #require(try d.ctl("notices-dead", "--after", cursor, "--json").json() as? [[String: Any]])
        #expect(rest.map { $0["key"] as? String } == letters.dropFirst(2).map { $0["key"] as? String })

        // The operator sees it per channel, fixes the gateway and puts the dead letters back
        // (issue 13): each is tried again at once, and accepted.
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        let channel = try #require((status["channels"] as? [[String: Any]])?.first { $0["hook"] as? String == "default" })
        #expect(channel["dead"] as? Int == log.count && channel["waiting"] as? Int == 0)
        #expect(try d.ctl("status").stdout.contains("default (command): 0 sent, 0 waiting, 0 retrying, \(log.count) dead"))
        _ = try Self.script(d, "fail.sh", "cat > /dev/null\necho \"$INSPECTD_NOTICE_KEY\" >> '\(calls)'\nexit 0")
        #expect(try d.ctl("notices", "retry").exitCode == 64, "a key or --all-dead")
        let one = try #require(letters.first?["key"] as? String)
        #expect(try d.ctl("notices", "retry", one).stdout.contains("1 dead letter(s)"))
        let again = try d.ctl("notices", "retry", "--all-dead")
        #expect(again.exitCode == 0 && again.stdout.contains("\(log.count - 1) dead letter(s)"), "\(again)")
        #expect(try Self.eventually { try #require(try d.ctl("notices-dead", "--json").json() as? [Any]).isEmpty })
        #expect(try Self.eventually {
            let c = (try d.ctl("status", "--json").json() as? [String: Any])?["channels"] as? [[String: Any]]
            return c?.first?["accepted"] as? Int == log.count
        })
        #expect(try d.ctl("notices", "--json").exitCode == 0, "notices without a subcommand still lists")
        #expect(try d.stop() == .exited(0))
        #expect(Self.lines(calls).count == 4 * log.count)
    }

    @Test("a hook that fails once delivers every notice exactly once")
    func succeedsOnSecondAttempt() throws {
        let d = try DaemonFixture()
        let out = d.directory + "/received.jsonl", counter = d.directory + "/counter"
        let hook = try Self.script(d, "flaky.sh", """
            n=$(cat '\(counter)' 2>/dev/null || echo 0)
            n=$((n + 1))
            echo $n > '\(counter)'
            if [ "$n" -eq 1 ]; then echo 'busy' >&2; exit 75; fi
            cat >> '\(out)'
            """)
        try Self.configureHook(d, command: hook)
        try d.start(now: "2026-03-25T09:00")
        let log = try d.noticeLog()
        #expect(!log.isEmpty)
        #expect(try Self.eventually { try Self.received(out).count >= log.count })
        let keys = try Self.received(out).compactMap { $0["key"] as? String }
        #expect(keys.count == log.count)
        #expect(Set(keys) == Set(log.compactMap { $0["key"] as? String }))
        #expect(try #require(try d.ctl("notices-dead", "--json").json() as? [Any]).isEmpty)
        #expect(d.process?.standardError.contains("exit status 75: busy") == true)
        #expect(try d.stop() == .exited(0))
    }

    /// The program accepted a notice, and the store refuses the record of it (another process
    /// holds the database's write lock past the daemon's busy timeout): the daemon records it
    /// once the lock is free and does not run the program for that notice again.
    @Test("an accepted run whose record the database refuses for a while is recorded later, not run again",
          .enabled(if: ProcessInfo.processInfo.environment["INSPECTD_TEST_STORAGE"] != "postgresql",
                   "holds SQLite's write lock from another process; on PostgreSQL the drills (LostHostTests) meet a held write lock"))
    func acceptedRunIsNotRunAgainWhenItsRecordWaits() throws {
        let d = try DaemonFixture()
        let calls = d.directory + "/calls.txt", locked = d.directory + "/locked", ready = d.directory + "/ready"
        let database = d.stateDirectory + "/inspectd.sqlite"
        // The first run takes the database's write lock for 3 s in a process of its own, then exits 0.
        let hook = try Self.script(d, "lock.sh", """
            cat > /dev/null
            echo "$INSPECTD_NOTICE_KEY" >> '\(calls)'
            if [ ! -e '\(locked)' ]; then
              touch '\(locked)'
              python3 -c 'import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            open(sys.argv[2], "w").close()
            time.sleep(3)
            c.execute("COMMIT")' '\(database)' '\(ready)' </dev/null >/dev/null 2>&1 &
              while [ ! -e '\(ready)' ]; do sleep 0.01; done
            fi
            exit 0
            """)
        try Self.configureHook(d, command: hook)
        try d.start(now: "2026-03-25T09:00")
        let log = try d.noticeLog()
        #expect(!log.isEmpty)
        #expect(try Self.eventually {
            let c = (try d.ctl("status", "--json").json() as? [String: Any])?["channels"] as? [[String: Any]]
            return c?.first?["accepted"] as? Int == log.count
        })
        // The lock was met (the record waited), and yet each notice was given to the program once.
        let stderr = d.process?.standardError ?? ""
        #expect(stderr.contains("cannot read or record its queue") && stderr.contains("locked"), "\(stderr.suffix(2000))")
        let tried = Self.lines(calls)
        #expect(tried.count == log.count && Set(tried) == Set(log.compactMap { $0["key"] as? String }),
                "\(tried.count) runs for \(log.count) notices: \(Dictionary(grouping: tried, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        #expect(try d.stop() == .exited(0))
    }

    @Test("a hook that hangs is killed at its timeout and counted as a failure")
    func hangingHookIsKilled() throws {
        let d = try DaemonFixture()
        let hook = try Self.script(d, "hang.sh", "sleep 300")
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: """
              log: notices.jsonl
              hook: { command: \(hook), timeout: 1s, retries: 0 }

            """)
        try d.start(now: "2026-03-25T09:00")
        var dead: [[String: Any]] = []
        #expect(try Self.eventually {
            dead = try #require(try d.ctl("notices-dead", "--json").json() as? [[String: Any]])
            return !dead.isEmpty
        })
        #expect((dead.first?["last_error"] as? String)?.hasPrefix("timed out after 1 s") == true, "\(dead)")
        #expect(try d.ctl("status").exitCode == 0)
        #expect(try d.stop() == .exited(0))
        // Stopping the daemon ends the run under way: no hook process is left behind.
        #expect(Self.eventually(30) { !Self.running(hook) }, "a hook process outlived the daemon")
    }

    @Test("named hooks per channel: each gets every notice once, one failing does not hold up the other")
    func namedHooksAreIndependent() throws {
        let d = try DaemonFixture()
        let out = d.directory + "/oa.jsonl", names = d.directory + "/names.txt"
        let oa = try Self.script(d, "oa.sh", "cat >> '\(out)'\necho \"$INSPECTD_HOOK_NAME\" >> '\(names)'")
        let sms = try Self.script(d, "sms.sh", "cat > /dev/null\necho 'no SMS gateway' >&2\nexit 1")
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: """
              log: notices.jsonl
              hooks:
                sms: { command: \(sms), retries: 1, backoff: 1s }
                oa: { command: \(oa) }

            """)
        try d.start(now: "2026-03-25T09:00")
        let log = try d.noticeLog()
        #expect(!log.isEmpty)
        var dead: [[String: Any]] = []
        #expect(try Self.eventually {
            dead = try #require(try d.ctl("notices-dead", "--json").json() as? [[String: Any]])
            let received = try Self.received(out).count
            return dead.count >= log.count && received >= log.count
        })
        // The OA hook got every notice once; only the SMS hook dead-lettered them.
        let keys = try Self.received(out).compactMap { $0["key"] as? String }
        #expect(keys.sorted() == log.compactMap { $0["key"] as? String }.sorted())
        #expect(Set(Self.lines(names)) == ["oa"])
        #expect(dead.count == log.count)
        #expect(dead.allSatisfy { $0["hook"] as? String == "sms" && $0["attempts"] as? Int == 2 }, "\(dead.prefix(2))")
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        #expect(status["hook_dead"] as? Int == log.count)
        #expect(status["hook_pending"] as? Int == 0)
        let table = try d.ctl("notices-dead").stdout
        #expect(table.split(separator: "\n").first?.contains("HOOK") == true)
        #expect(try d.stop() == .exited(0))
    }

    @Test("hook names are checked, and notices.hook cannot clash with a hook named default")
    func badHookNames() throws {
        let d = try DaemonFixture()
        let ok = try Self.script(d, "ok.sh", "cat > /dev/null")
        func refused(_ yaml: String) throws -> String {
            try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: "  log: notices.jsonl\n" + yaml)
            defer { try? d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n" + yaml, with: "  log: notices.jsonl\n") }
            let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
                "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath,
            ], environment: ["NOTIFY_SOCKET": d.notify.path])
            #expect(try p.wait(timeout: .seconds(30)) == .exited(78))
            return p.standardError
        }
        let upper = try refused("  hooks:\n    SMS: { command: \(ok) }\n")
        #expect(upper.contains("notices.hooks.SMS") && upper.contains("not a hook name"), "\(upper)")
        let clash = try refused("  hook: { command: \(ok) }\n  hooks:\n    default: { command: \(ok) }\n")
        #expect(clash.contains("notices.hooks") && clash.contains("rename one"), "\(clash)")
    }

    /// Whether a live (not zombie) process runs `script`.
    static func running(_ script: String) -> Bool {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { Int($0) != nil } ?? []
        return pids.contains { pid in
            guard let cmd = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !cmd.isEmpty,
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let state = stat.split(separator: ")").last?.split(separator: " ").first, state != "Z" else { return false }
            return String(decoding: cmd, as: UTF8.self).contains(script)
        }
    }

    @Test("a bad hook is refused at start-up, naming file, line and key")
    func badHookConfiguration() throws {
        let d = try DaemonFixture()
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: "  log: notices.jsonl\n  hook:\n    command: bin/sms-gateway\n")
        var p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath,
        ], environment: ["NOTIFY_SOCKET": d.notify.path])
        #expect(try p.wait(timeout: .seconds(30)) == .exited(78))
        #expect(p.standardError.contains("inspectd.yaml:"), "\(p.standardError)")
        #expect(p.standardError.contains("notices.hook.command"), "\(p.standardError)")
        #expect(p.standardError.contains("not an absolute path"), "\(p.standardError)")

        let hook = try Self.script(d, "ok.sh", "cat > /dev/null")
        try d.editConfig("inspectd.yaml", replacing: "command: bin/sms-gateway\n", with: "command: \(hook)\n    retries: 1000\n")
        p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath,
        ], environment: ["NOTIFY_SOCKET": d.notify.path])
        #expect(try p.wait(timeout: .seconds(30)) == .exited(78))
        #expect(p.standardError.contains("notices.hook.retries"), "\(p.standardError)")
    }
}
