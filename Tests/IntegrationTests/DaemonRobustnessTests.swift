import Foundation
import InspectControl
import Testing
import Varlink
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10: the drills that took the landed daemon down, each against a real daemon. Every one
/// failed before its fix (a SIGILL, a lock-out, a wedged queue, a meaningless fact accepted).
@Suite("robustness: no input and no client can crash, wedge or starve the daemon")
struct DaemonRobustnessTests {
    static let control = ControlInterface.name

    func alive(_ d: DaemonFixture, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let status = try d.ctl("status", "--json")
        #expect(status.exitCode == 0, "the daemon must still answer: \(status)", sourceLocation: sourceLocation)
    }

    /// The Varlink error of a call, or nil when it succeeded.
    func error(_ client: VarlinkClient, _ method: String, _ parameters: [String: JSONValue]) throws -> VarlinkError? {
        do { _ = try client.call(method: "\(Self.control).\(method)", parameters: parameters); return nil } catch let e as VarlinkError { return e }
    }

    @Test("drill 1: a span of 2,147,483,647 days is refused by the CLI and by the daemon, which stays up")
    func hugeSpans() throws {
        let d = try DaemonFixture()
        try d.start()
        let cli = try d.ctl("upcoming", "--within", "2147483647d")
        #expect(cli.exitCode == 64, "\(cli)")
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(30))
        defer { client.close() }
        for method in ["ListObligations", "ListDeadlines"] {
            for w: Int64 in [2_147_483_647, Int64.max, -1] {
                let e = try error(client, method, ["within_days": .int(w)])
                #expect(e?.name == "\(Self.control).InvalidArgument", "\(method) \(w): \(String(describing: e))")
                #expect(e?.parameters["field"] == "within_days")
            }
        }
        // 2^63 and beyond arrive as a JSON number no Int holds: the field is named all the same.
        let big = try error(client, "ListObligations", ["within_days": .double(1e19)])
        #expect(big?.parameters["field"] == "within_days", "\(String(describing: big))")
        try alive(d)
    }

    @Test("drill 2: a lead time of 99,999,999,999 working days is refused by reload; the daemon keeps the old rules")
    func hugeLeadTimeOnReload() throws {
        let d = try DaemonFixture()
        try d.start()
        try d.editConfig("rules/enforcement.yaml", replacing: "remind: [10wd, 3wd]", with: "remind: [99999999999wd, 3wd]")
        let check = try d.ctl("config", "check", d.configDirectory)
        #expect(check.exitCode == 65 && check.stderr.contains("enforcement.yaml:"), "\(check)")
        let reload = try d.ctl("reload")
        #expect(reload.exitCode == 1 && reload.stderr.contains("99999999999wd"), "\(reload)")
        try alive(d)
        #expect(try d.stop() == .exited(0))
        // And at start-up: refused with exit 78 (EX_CONFIG), naming file and line, not a SIGILL.
        let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath, "--now", "2026-03-25T09:00",
        ], environment: ["INSPECTD_LOG_TARGET": "stderr"])
        #expect(try p.wait(timeout: .seconds(30)) == .exited(78))
        #expect(p.standardError.contains("enforcement.yaml:"), "\(p.standardError)")
    }

    @Test("drill 3: a hundred idle connections do not lock anybody out")
    func idleConnections() throws {
        let d = try DaemonFixture()
        try d.start()
        var idle: [Int32] = []
        defer { for fd in idle { close(fd) } }
        for _ in 0..<100 {
            let fd = try Self.connectRaw(d.socketPath)
            idle.append(fd)
        }
        try alive(d)
        let upcoming = try d.ctl("upcoming", "--within", "30d", "--json")
        #expect(upcoming.exitCode == 0, "\(upcoming)")
    }

    @Test("drill 9: meaningless facts are refused, naming the field")
    func meaninglessFacts() throws {
        let d = try DaemonFixture()
        try d.start()
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(30))
        defer { client.close() }
        func record(_ changes: [String: JSONValue]) throws -> VarlinkError? {
            var p: [String: JSONValue] = ["entity": "LS-PFS-001", "date": "2026-03-20", "kind": "onsite", "inspectors": ["张伟", "王芳"]]
            p.merge(changes) { _, new in new }
            return try error(client, "RecordInspection", p)
        }
        for (changes, field) in [
            (["date": "0001-01-01"], "date"),
            (["inspectors": ["张\u{0}伟", "王芳"]], "inspectors[0]"),
            (["note": .string(String(repeating: "长", count: 5000))], "note"),
            (["kind": "onsite\u{1B}[2J"], "kind"),
        ] as [([String: JSONValue], String)] {
            let e = try record(changes)
            #expect(e?.name == "\(Self.control).InvalidArgument", "\(changes): \(String(describing: e))")
            #expect(e?.parameters["field"] == .string(field), "\(changes): \(String(describing: e))")
        }
        // Found by the fuzzer: an empty period label killed the daemon (CalendarPeriod(label:)).
        let draw = try error(client, "DrawSample", ["rule": "S06", "period": ""])
        #expect(draw?.name == "\(Self.control).InvalidArgument", "\(String(describing: draw))")
        let plan = try error(client, "SetPlan", ["key": "C01/LS-PFS-001/-", "planned": "2026-03-30"])
        #expect(plan != nil, "a key with no period is refused")
        // P02 (notice 3 days before) names the notice date, not the inspectors (drill 12).
        let p02 = try record(["entity": "LS-SIF-001", "kind": "onsite"])
        #expect(p02?.parameters["field"] == "advance_notice", "\(String(describing: p02))")
        // A directory row with a NUL in the name, or approved in 2999: refused by line and column.
        for (row, column) in [("X-1,甲\u{0}乙,employer,兰山区,,,,", "name"), ("X-1,甲,employer,兰山区,2999-01-01,,,", "approved_on")] {
            let csv = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n" + row + "\n"
            let e = try error(client, "ImportEntities", ["file": "bad.csv", "csv": .string(csv)])
            #expect(e?.name == "\(Self.control).InvalidData" && e?.parameters["field"] == .string(column), "\(String(describing: e))")
        }
        // `upgrade` is refused, not answered as an ordinary call.
        let upgrade = try client.perform(VarlinkCall(method: "\(Self.control).GetStatus", upgrade: true))
        #expect(upgrade?.error == VarlinkError.invalidParameterName && upgrade?.parameters["parameter"] == "upgrade", "\(String(describing: upgrade))")
        try alive(d)
    }

    @Test("drill 8: an inspector named 张,伟 is one inspector, through --inspector")
    func inspectorWithAComma() throws {
        let d = try DaemonFixture()
        try d.start()
        let r = try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite",
                          "--inspector", "张,伟", "--inspector", "王芳", "--json")
        let json = try #require(try r.json() as? [String: Any], "\(r)")
        #expect((json["inspection"] as? [String: Any])?["inspectors"] as? [String] == ["张,伟", "王芳"])
        let listed = try #require(try d.ctl("inspection", "list", "--entity", "LS-PFS-001", "--json").json() as? [[String: Any]])
        #expect((listed.first?["inspectors"] as? [String]) == ["张,伟", "王芳"])
    }

    /// Drill 10: sd_notify blocks once systemd's queue is full; it was called on the work queue
    /// after every write, so a manager that fell 10 datagrams behind wedged every write.
    @Test("drill 10: writes go on while nobody reads the notification socket")
    func notifyBackpressure() throws {
        let d = try DaemonFixture()
        try d.start()
        // From here on nobody reads d.notify: its queue fills after a few datagrams.
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(20))
        defer { client.close() }
        for i in 0..<40 {
            let r = Control.RecordInspectionRequest(entity: "LS-PFS-001", date: "2026-03-20", kind: "onsite", inspectors: ["甲", "乙"],
                                                    exceptionReason: "drill \(i)", requestID: "notify-drill-\(i)")
            _ = try client.call(method: "\(Self.control).RecordInspection", parameters: r, as: Control.RecordInspectionResult.self)
        }
        try alive(d)
        // Coalesced: far fewer STATUS= lines than writes.
        let statuses = d.notify.messages.filter { $0["STATUS"] != nil }
        #expect(statuses.count < 20, "\(statuses.count) STATUS= messages for 40 writes")
    }

    /// A bare connection to the control socket: what a client that sends nothing (or half a
    /// message) holds.
    static func connectRaw(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8).prefix($0.count - 1)) }
        let r = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        #expect(r == 0)
        return fd
    }

    /// The daemon's peak resident memory in bytes since the last reset (VmHWM of /proc/PID/status).
    static func peakResidentBytes(_ pid: pid_t) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// The daemon's resident memory in bytes (VmRSS of /proc/PID/status).
    static func residentBytes(_ pid: pid_t) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Before: the partial messages were bounded at 64 MiB as counted, but 40 of them held 151 MB
    /// of the daemon's memory and 91 MB stayed after the connections closed (glibc raised its mmap
    /// threshold at the first large free, so large buffers came from the heap and stayed there).
    @Test("drill 11: forty half-sent 8 MiB messages hold no more memory than the bound, and give it back")
    func halfSentMessagesHoldTheBound() throws {
        let d = try DaemonFixture()
        try d.start()
        let pid = try #require(d.process?.pid)
        try alive(d)
        let idle = Self.residentBytes(pid)
        let half = Array(#"{"method":"io.inspectd.Control.Status","parameters":{"pad":""#.utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 4 << 20)
        var open: [Int32] = []
        defer { for fd in open { close(fd) } }
        var refused = 0
        for _ in 0..<40 {
            let fd = try Self.connectRaw(d.socketPath)
            open.append(fd)
            // Blocks while the daemon reads; fails (EPIPE) once it refuses the connection at the bound.
            var sent = 0
            while sent < half.count {
                let n = half[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { refused += 1; break }
                sent += n
            }
        }
        Thread.sleep(forTimeInterval: 0.5)
        let held = Self.residentBytes(pid) - idle
        #expect(refused > 0, "the bound (64 MiB of partial messages in all) refuses some of 40 × 4 MiB")
        #expect(held <= (64 << 20) + 16_000_000, "40 half-sent messages added \(held / 1_000_000) MB (idle \(idle / 1_000_000) MB)")
        try alive(d)
        for fd in open { close(fd) }
        open = []
        // Given back once the connections are gone: within a quarter of the idle figure.
        let deadline = ContinuousClock.now + .seconds(60)
        var after = Self.residentBytes(pid)
        while after > idle + idle / 4 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.5)
            after = Self.residentBytes(pid)
        }
        #expect(after <= idle + idle / 4, "RSS \(after / 1_000_000) MB after the connections closed (idle \(idle / 1_000_000) MB)")
    }

    /// After a burst — a directory import, whole lists streamed by several clients at once, a run
    /// of writes — the daemon gives back what the burst took: within a minute of the last call its
    /// RSS is within a quarter of what it held idle before (glibc keeps freed memory until
    /// `malloc_trim`; `IdleMemoryTrim` trims once the daemon has been idle for a tick).
    @Test("drill 13: after a burst of streaming and writes, memory returns within a quarter of idle in a minute")
    func memoryReturnsAfterABurst() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let pid = try #require(d.process?.pid)
        // A directory large enough that its schedule, lists and imports weigh on the heap: 20,000
        // microloan companies (monthly and quarterly duties: an open list of tens of thousands).
        func directory(_ name: String) -> String {
            var csv = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n"
            for i in 1...20_000 { csv += "B-\(i),临沂市兰山区第\(i)号\(name)小额贷款有限公司,microloan,兰山区,2015-03-01,,S0\(i % 3 + 1),金融\n" }
            let path = d.directory + "/\(name).csv"
            FileManager.default.createFile(atPath: path, contents: Data(csv.utf8))
            return path
        }
        #expect(try d.ctl("entity", "import", directory("甲")).exitCode == 0)
        // Idle: the import done, ticks without calls for the daemon to trim after it.
        Thread.sleep(forTimeInterval: 35)
        let idle = Self.residentBytes(pid)
        // The peak of the burst, not of the start-up: the kernel's high-water mark set back to now.
        try "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)
        // The burst: every entity renamed (the schedule built again aside and swapped in), 6 clients
        // each streaming the whole open list 3 times, a report, and 300 writes.
        let renamed = directory("乙")
        DispatchQueue.concurrentPerform(iterations: 8) { client in
            switch client {
            case 0: _ = try? d.ctl("entity", "import", renamed)
            case 1:
                for i in 0..<300 {
                    _ = try? d.ctl("inspection", "record", "--entity", "B-\(i + 1)", "--date", "2026-03-2\(i % 4)", "--kind", "onsite", "--inspectors", "张伟,王芳")
                }
            default: for _ in 0..<3 { _ = try? d.ctl("upcoming", "--all", "--within", "3660d", "--json") }
            }
        }
        let peak = Self.peakResidentBytes(pid)
        let deadline = ContinuousClock.now + .seconds(60)
        var after = peak
        while after > idle + idle / 4 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 1)
            after = Self.residentBytes(pid)
        }
        #expect(peak > idle + idle / 4, "the burst took memory (else the drill shows nothing): peak \(peak / 1_000_000) MB, idle \(idle / 1_000_000) MB")
        #expect(after <= idle + idle / 4,
                "RSS \(after / 1_000_000) MB a minute after the burst (idle \(idle / 1_000_000) MB, peak \(peak / 1_000_000) MB)")
        try alive(d)
    }
}
