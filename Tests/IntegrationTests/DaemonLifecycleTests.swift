import Foundation
import Testing

/// `inspectd` as systemd sees it: the sd_notify protocol on a real datagram socket, signals,
/// reloads good and bad, and start-up errors.
@Suite("daemon lifecycle")
struct DaemonLifecycleTests {
    @Test("READY with a readable STATUS, WATCHDOG pings, RELOADING with MONOTONIC_USEC, STOPPING")
    func notifyProtocol() throws {
        let d = try DaemonFixture()
        let ready = try d.start(environment: ["WATCHDOG_USEC": "400000"])
        let status = try #require(ready["STATUS"])
        #expect(status.contains("\(DaemonFixture.demoEntityCount) entities"), "\(status)")
        #expect(status.contains("overdue"))
        #expect(status.contains("next due 2026-03-31"))
        // WATCHDOG_PID unset: the daemon pings at half the interval.
        try d.notify.waitFor("WATCHDOG=1", timeout: .seconds(10))
        try d.notify.waitFor("WATCHDOG=1", timeout: .seconds(10))

        d.process?.send(SIGHUP)
        let reloading = try d.notify.waitFor("RELOADING=1", timeout: .seconds(20))
        let usec = try #require(reloading["MONOTONIC_USEC"].flatMap { UInt64($0) })
        #expect(usec > 0)
        try d.notify.waitFor("READY=1", timeout: .seconds(20))

        d.process?.send(SIGTERM)
        try d.notify.waitFor("STOPPING=1", timeout: .seconds(20))
        #expect(try d.process?.wait(timeout: .seconds(20)) == .exited(0))
    }

    @Test("no watchdog pings when WATCHDOG_PID names another process")
    func watchdogForSomeoneElse() throws {
        let d = try DaemonFixture()
        try d.start(environment: ["WATCHDOG_USEC": "200000", "WATCHDOG_PID": "1"])
        // Several intervals pass; a status call proves the daemon is alive meanwhile.
        Thread.sleep(forTimeInterval: 1.0)
        #expect(try d.ctl("status").exitCode == 0)
        #expect(!d.notify.messages.contains { $0.has("WATCHDOG=1") })
        #expect(try d.stop() == .exited(0))
    }

    @Test("the log on standard error is stamped by the daemon's clock (--now), in the office's time zone")
    func logTimestampsFollowTheDaemonsClock() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        #expect(try d.stop() == .exited(0))
        let stamped = d.lastStandardError.split(separator: "\n").filter { $0.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}T"#, options: .regularExpression) != nil }
        #expect(stamped.count > 2, "\(d.lastStandardError)")
        for line in stamped { #expect(line.hasPrefix("2026-03-25T09:0") && line.contains("+0800 "), "\(line)") }
    }

    @Test("a bad configuration on reload is refused, named, and the old one keeps running")
    func badReloadKeepsTheOldConfiguration() throws {
        let d = try DaemonFixture()
        try d.start()
        let before = try d.ctl("upcoming", "--within", "10d", "--json")
        #expect(before.exitCode == 0)
        let rulesBefore = try #require(try d.ctl("status", "--json").json() as? [String: Any])["rules"] as? Int
        try d.editConfig("rules/financial.yaml", replacing: "per: month", with: "per: weekly")

        let reload = try d.ctl("reload")
        #expect(reload.exitCode == 1, "\(reload)")
        #expect(reload.stderr.contains("financial.yaml:"), "\(reload.stderr)")
        #expect(reload.stderr.contains("rules[0].cadence.per"))
        #expect(reload.stderr.contains("weekly"))

        // SIGHUP with the same bad file: refused as well, the daemon stays up.
        d.process?.send(SIGHUP)
        try d.notify.waitFor("RELOADING=1")
        try d.notify.waitFor("READY=1")
        let after = try d.ctl("upcoming", "--within", "10d", "--json")
        #expect(after.exitCode == 0)
        #expect(after.stdout == before.stdout)
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        #expect(status["rules"] as? Int == rulesBefore)
        #expect(d.process?.standardError.contains("reload refused") == true)

        // Fixed: the reload goes through.
        try d.editConfig("rules/financial.yaml", replacing: "per: weekly", with: "per: month")
        let good = try d.ctl("reload")
        #expect(good.exitCode == 0, "\(good)")
        #expect(good.stdout.contains("\(rulesBefore ?? -1) rules"))
        #expect(try d.stop() == .exited(0))
    }

    @Test("a bad configuration at start-up exits non-zero naming file, line and key")
    func badStartup() throws {
        let d = try DaemonFixture()
        try d.editConfig("inspectd.yaml", replacing: "timezone: Asia/Shanghai", with: "timezone: Mars/Olympus")
        let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath,
        ], environment: ["NOTIFY_SOCKET": d.notify.path])
        #expect(try p.wait(timeout: .seconds(30)) == .exited(78))
        #expect(p.standardError.contains("inspectd.yaml:"), "\(p.standardError)")
        #expect(p.standardError.contains("office.timezone"))
        #expect(!d.notify.messages.contains { $0.has("READY=1") })
    }

    @Test("a log level that names no level keeps the daemon from starting, in one line of the operator's language")
    func unknownLogLevel() throws {
        let d = try DaemonFixture()
        for (locale, start) in [("C.UTF-8", "inspectd: cannot start: INSPECTD_LOG_LEVEL=verbose is not a level"),
                                ("zh_CN.UTF-8", "inspectd：无法启动：INSPECTD_LOG_LEVEL=verbose 不是日志级别")] {
            let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
                "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath,
            ], environment: ["NOTIFY_SOCKET": d.notify.path, "INSPECTD_LOG_TARGET": "stderr", "INSPECTD_LOG_LEVEL": "verbose", "LC_ALL": locale])
            #expect(try p.wait(timeout: .seconds(30)) == .exited(78))
            let lines = p.standardError.split(separator: "\n")
            #expect(lines.count == 1 && lines.first?.hasPrefix(start) == true, "\(p.standardError)")
            #expect(p.standardError.contains("debug"))
        }
        #expect(!d.notify.messages.contains { $0.has("READY=1") })
    }

    /// A database that cannot be reached at start-up: one line saying so, a non-zero exit (systemd
    /// starts the service again), no READY. libpq's message spans two lines; the journal gets one.
    @Test("an unreachable database at start-up is one line and a non-zero exit")
    func unreachableDatabaseAtStartup() throws {
        let d = try DaemonFixture()
        let p = try d.startAgainstUnreachableDatabase(locale: "C.UTF-8")
        #expect(try p.wait(timeout: .seconds(60)) == .exited(1))
        let lines = p.standardError.split(separator: "\n").filter { $0.contains("cannot start") }
        #expect(lines.count == 1 && lines.first?.contains("the database server cannot be reached") == true, "\(p.standardError)")
        #expect(p.standardError.split(separator: "\n").allSatisfy { !$0.hasPrefix("\t") }, "a continuation line: \(p.standardError)")
        #expect(!d.notify.messages.contains { $0.has("READY=1") })
    }

    @Test("notices are written once: a restart on the same day adds none")
    func noticesOncePerStage() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-31T09:00")
        let first = try d.noticeLog()
        #expect(!first.isEmpty)
        let keys = first.compactMap { $0["key"] as? String }
        #expect(Set(keys).count == keys.count)
        #expect(first.contains { $0["kind"] as? String == "due" && $0["due"] as? String == "2026-03-31" })
        #expect(first.contains { $0["kind"] as? String == "overdue" })
        for n in first {
            for field in ["entity", "rule", "due", "basis", "message", "period"] { #expect(n[field] is String, "\(field) missing in \(n)") }
        }
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-31T10:00")
        #expect(try d.noticeLog().count == first.count)
        #expect(try d.stop() == .exited(0))
        // Before the notice hour nothing new is sent; the next day brings the overdue stage.
        try d.start(now: "2026-04-01T09:00")
        let next = try d.noticeLog()
        #expect(next.count > first.count)
        #expect(next.dropFirst(first.count).allSatisfy { $0["kind"] as? String == "overdue" })
        #expect(try d.stop() == .exited(0))
    }

    @Test("notices go out on working days at the notice hour, not on weekends")
    func noticesOnWorkingDays() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-28T09:00")  // a Saturday
        #expect(try d.noticeLog().isEmpty)
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-30T08:00")  // Monday, before 08:30
        #expect(try d.noticeLog().isEmpty)
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-30T08:31")
        let log = try d.noticeLog()
        #expect(!log.isEmpty)
        #expect(log.allSatisfy { $0["day"] as? String == "2026-03-30" })
        #expect(try d.stop() == .exited(0))
    }

    @Test("every thread but libdispatch's signal thread blocks SIGTERM, SIGINT and SIGHUP, so that the signal sources always get them")
    func handledSignalsAreBlockedInEveryThread() throws {
        let d = try DaemonFixture()
        try d.start()
        let pid = try #require(d.process?.pid)
        // The control server's threads exist once it answered.
        #expect(try d.ctl("status").exitCode == 0)
        let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")
        #expect(tasks.count > 1)
        let mask: UInt64 = (1 << UInt64(SIGTERM - 1)) | (1 << UInt64(SIGINT - 1)) | (1 << UInt64(SIGHUP - 1))
        func field(_ name: String, of task: String) throws -> UInt64 {
            let status = try String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8)
            let line = try #require(status.split(separator: "\n").first { $0.hasPrefix(name + ":") })
            return try #require(UInt64(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces), radix: 16))
        }
        // The main thread is libdispatch's signal thread after dispatchMain(): it catches them.
        #expect(try field("SigCgt", of: "\(pid)") & mask == mask)
        for task in tasks where task != "\(pid)" {
            #expect(try field("SigBlk", of: task) & mask == mask, "thread \(task) takes SIGTERM, SIGINT or SIGHUP")
        }
        #expect(try d.stop() == .exited(0))
    }

    @Test("SIGTERM during start-up stops the daemon: the signal is kept until the daemon handles it")
    func sigtermDuringStartUp() throws {
        let d = try DaemonFixture()
        // At growing delays, so that some land while the configuration and the database are loaded.
        for delay in [0, 2, 5, 10, 20, 40, 80, 160, 320] {
            let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
                "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath, "--now", "2026-03-28T09:00",
            ], environment: ["INSPECTD_LOG_TARGET": "stderr"])
            usleep(useconds_t(delay * 1000))
            p.send(SIGTERM)
            let ended = try p.wait(timeout: .seconds(30))
            // Killed by the default action before main() blocked it, or stopped cleanly after it.
            #expect(ended == .exited(0) || ended == .signaled(SIGTERM), "SIGTERM after \(delay) ms: \(ended)\n\(p.standardError)")
        }
    }

    @Test("a control socket passed by systemd (LISTEN_FDS) is used")
    func socketActivation() throws {
        let d = try DaemonFixture()
        let path = d.directory + "/activated.sock"
        let fd = try listeningSocket(at: path)
        defer { close(fd) }
        let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath, "--now", "2026-03-25T09:00",
        ], environment: ["NOTIFY_SOCKET": d.notify.path, "INSPECTD_LOG_TARGET": "stderr"], passing: [fd])
        try d.notify.waitFor("READY=1", timeout: .seconds(30))
        let status = try d.ctl(["status"], socket: path)
        #expect(status.exitCode == 0, "\(status)")
        #expect(!FileManager.default.fileExists(atPath: d.socketPath), "the daemon must not create its own socket")
        p.send(SIGTERM)
        #expect(try p.wait(timeout: .seconds(20)) == .exited(0))
    }

    func listeningSocket(at path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { buf in
            for (i, b) in path.utf8.enumerated() { buf[i] = b }
        }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw ChildProcess.Failure(description: "bind/listen: \(errno)") }
        return fd
    }
}
