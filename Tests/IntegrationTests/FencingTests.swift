import Foundation
import PostgresTestSupport
import Testing

/// The leader's lease drilled through a proxy the test cuts (`BlackholeProxy`): the proxy stops
/// forwarding without closing, as a partition or a hung server does, where neither TCP
/// keepalives nor `tcp_user_timeout` end the daemon's wait.
///
/// - A leader cut off from PostgreSQL stops leading within its lease (`lease - margin`, 4 s after
///   its last renewal began), before the other daemon takes the lease — which happens only after
///   the lease ran out on the server — and the notices of the day are sent by the new leader
///   alone; healed, the cut-off daemon follows and catches up with what was written meanwhile.
/// - Cut off in the middle of a notice run, the leader leaves the next leader one batch to repeat,
///   marked as such, and nothing is sent twice otherwise.
/// - A server that accepts and never answers: calls that need it fail with exit 75 within the
///   answer timeout (10 s), threads and connections do not pile up, the watchdog keeps being
///   pinged (as systemd's `WatchdogSec=30s` of the shipped unit asks), and a daemon started
///   meanwhile says so in one line and exits non-zero.
@Suite(.serialized) struct FencingTests {
    /// The lease, as the daemon's `LeaderElection` takes it: seconds.
    static let lease = 6.0, margin = 2.0
    /// How long a statement waits for the server (`PostgresSettings.answerTimeout`).
    static let answerTimeout = 10.0

    static func daemon(_ connection: String) throws -> DaemonFixture {
        let d = try DaemonFixture()
        let path = d.configDirectory + "/inspectd.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "\nstorage:\n  engine: postgresql\n  url: \"\(connection)\"\n").write(toFile: path, atomically: true, encoding: .utf8)
        return d
    }

    static func stderr(_ d: DaemonFixture) -> String { d.process?.standardError ?? "" }

    /// `status --json`, or nil while the daemon answers it with an error (just healed, its calls
    /// fail at once for a few seconds after its server went unanswered).
    static func statusIfAnswered(_ d: DaemonFixture) -> [String: Any]? {
        guard let r = try? d.ctl("status", "--json"), r.exitCode == 0 else { return nil }
        return (try? r.json()) as? [String: Any]
    }

    static func logKeys(_ d: DaemonFixture) -> [(key: String, repeatOf: String?)] {
        let text = (try? String(contentsOfFile: d.stateDirectory + "/notices.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let o = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any], let key = o["key"] as? String else { return nil }
            return (key, o["repeat_of"] as? String)
        }
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    @Test func aLeaderCutOffStopsBeforeTheOtherLeadsAndFollowsOnceHealed() throws {
        // Both through the proxy; a webhook channel on both (one POST per notice): what it receives is counted too.
        let pair = try DaemonPair(a: .proxied, b: .proxied, channels: .webhook)
        defer { pair.stop() }
        let (a, b, proxy) = (pair.a, pair.b, try #require(pair.proxy))
        let out = try #require(pair.servers).directory
        func posted() -> [String] {
            let text = (try? String(contentsOfFile: out + "/http.jsonl", encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
                .filter { $0["path"] as? String == "webhook" && $0["rejected"] as? Bool != true }
                .flatMap { (($0["body"] as? [String: Any])?["notices"] as? [[String: Any]]) ?? [] }.compactMap { $0["key"] as? String }
        }
        // Twenty seconds before the day's notice hour (08:30): the day's run comes after the cut.
        try pair.start(a, now: "2026-03-25T08:29:40", settle: true)
        try pair.start(b, now: "2026-03-25T08:29:40", settle: true)
        #expect(try PlatformTests.status(a)["leading"] as? Bool == true)
        #expect(try PlatformTests.status(b)["leader"] as? String == "a")
        let sentByABefore = Self.logKeys(a).count
        // Without a journal (as here) the notices go to standard error: a's must not grow either.
        func stderrNotices(_ d: DaemonFixture) -> Int { Self.stderr(d).components(separatedBy: "inspectd: notice: ").count - 1 }
        let stderrNoticesOfA = stderrNotices(a)

        // Cut a off (nothing closed), and watch both daemons' own words, 20 ms apart.
        let cutAt = ContinuousClock.now
        try proxy.cut(pair.port(a))
        var aStopped: ContinuousClock.Instant?, bLed: ContinuousClock.Instant?
        while ContinuousClock.now - cutAt < .seconds(40) && (aStopped == nil || bLed == nil) {
            if aStopped == nil && Self.stderr(a).contains("no longer leading") { aStopped = .now }
            if bLed == nil && Self.stderr(b).contains("leading: this daemon (b)") { bLed = .now }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let stopped = try #require(aStopped, "a never said it stopped leading:\n\(Self.stderr(a))")
        let led = try #require(bLed, "b never took the lead:\n\(Self.stderr(b))")
        let stoppedAfter = Self.seconds(stopped - cutAt), ledAfter = Self.seconds(led - cutAt)
        print("fencing drill: a stopped leading \(stoppedAfter) s after the cut, b led \(ledAfter) s after it (gap \(ledAfter - stoppedAfter) s)")
        // a's own lease ends `lease - margin` after its last renewal began, which was before the cut.
        #expect(stoppedAfter < Self.lease - Self.margin + 1.5, "a stopped \(stoppedAfter) s after the cut")
        // b takes the lease only after it ran out on the server: at least `margin` after a stopped.
        #expect(ledAfter - stoppedAfter > Self.margin - 0.5, "b led \(ledAfter - stoppedAfter) s after a stopped")
        #expect(ledAfter < 30)
        #expect(try PlatformTests.status(b)["leading"] as? Bool == true)

        // A write on b while a is cut off; then the day's notice run, on b (its tick after 08:30).
        let record = try b.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "张伟,王芳")
        #expect(record.exitCode == 0, "\(record)")
        let ran = try PlatformTests.within(.seconds(60)) { try !Self.logKeys(b).isEmpty && (PlatformTests.status(b)["background_work"] as? [String])?.isEmpty == true }
        #expect(ran != nil, "b sent the day's notices")
        #expect(Self.logKeys(a).count == sentByABefore, "a sent nothing after it was cut off")
        #expect(stderrNotices(a) == stderrNoticesOfA, "a sent nothing to its journal after it was cut off")

        // Healed: a follows b and catches up with b's write.
        try proxy.heal(pair.port(a))
        let follows = PlatformTests.within(.seconds(30)) {
            let s = Self.statusIfAnswered(a)
            return s?["leading"] as? Bool == false && s?["leader"] as? String == "b"
        }
        #expect(follows != nil, "a follows b once healed")
        func upcoming(_ d: DaemonFixture) throws -> String { try d.ctl("upcoming", "--all", "--within", "400", "--json").stdout }
        let caughtUp = try PlatformTests.within(.seconds(20)) { try upcoming(a) == (try upcoming(b)) }
        #expect(caughtUp != nil, "a caught up with b's write made during the cut")
        try b.settle()
        try a.settle()

        // No notice by both: each key once in the two hosts' logs (a repeat would be marked).
        let keysA = Self.logKeys(a), keysB = Self.logKeys(b)
        let unmarkedB = keysB.filter { $0.repeatOf == nil }.map(\.key)
        #expect(Set(keysA.map(\.key)).isDisjoint(with: unmarkedB), "a notice in both hosts' logs")
        #expect(Set(unmarkedB).count == unmarkedB.count && Set(keysA.map(\.key)).count == keysA.count)
        let s = try PlatformTests.status(b)
        #expect(s["notices_pending"] as? Int == 0)
        #expect(Set(keysA.map(\.key)).union(keysB.map(\.key)).count == s["notices_sent"] as? Int, "\(s)")
        #expect(try PlatformTests.status(a)["notices_sent"] as? Int == s["notices_sent"] as? Int)
        // The webhook received every notice, each once.
        let all = Set(keysA.map(\.key)).union(keysB.map(\.key))
        #expect(try PlatformTests.within(.seconds(60)) { Set(posted()) == all } != nil, "the webhook received \(Set(posted()).count) of \(all.count) notices")
        let received = posted()
        #expect(received.count == Set(received).count, "\(received.count - Set(received).count) notice(s) posted twice")

        // A clean stop gives the lease back: the other daemon leads `margin` later (and its next try).
        #expect(try b.stop() == .exited(0))
        let handedOver = try PlatformTests.within(.seconds(15)) { try PlatformTests.status(a)["leading"] as? Bool == true }
        print("fencing drill: a led \(handedOver.map { Self.seconds($0) } ?? -1) s after b stopped")
        #expect(handedOver != nil && handedOver! < .seconds(Self.margin + 3), "a led \(String(describing: handedOver)) after b stopped")
        #expect(a.process?.hasExited == false)
    }

    /// Cut off in the middle of a notice run of hundreds of notices — its second batch of 100 in
    /// its log, not yet marked — the leader writes nothing more; the next leader repeats only that
    /// batch, each line marked with the instance that began it, and sends the rest once.
    @Test func aLeaderCutOffInsideItsNoticeRunLeavesOneMarkedBatch() throws {
        let pair = try DaemonPair(a: .proxied, b: .proxied)
        defer { pair.stop() }
        let (a, b, proxy) = (pair.a, pair.b, try #require(pair.proxy))
        let release = pair.directory + "/release"
        // Late in the year most of the demo's obligations are overdue: hundreds of notices.
        try pair.start(a, now: "2026-11-25T09:00", environment: ["INSPECTD_TEST_PAUSE_AT": "after-log:2", "INSPECTD_TEST_PAUSE_UNTIL": release])
        #expect(try PlatformTests.within(.seconds(60)) { Self.logKeys(a).count == 2 * NoticeBatch.size } != nil, "a wrote two batches")
        try pair.start(b, now: "2026-11-25T09:00", settle: true)
        try proxy.cut(pair.port(a))
        FileManager.default.createFile(atPath: release, contents: Data())
        // b leads once a's lease ran out and delivers the run.
        #expect(try PlatformTests.within(.seconds(30)) { try PlatformTests.status(b)["leading"] as? Bool == true } != nil)
        #expect(try PlatformTests.within(.seconds(30)) { try !b.noticeLog().isEmpty } != nil, "b delivered")
        try b.settle()
        #expect(try PlatformTests.within(.seconds(20)) { Self.stderr(a).contains("no longer leading") } != nil)
        let keysA = Self.logKeys(a)
        #expect(keysA.count == 2 * NoticeBatch.size, "a wrote nothing after the cut")
        try proxy.heal(pair.port(a))
        #expect(PlatformTests.within(.seconds(30)) { Self.statusIfAnswered(a)?["leader"] as? String == "b" } != nil, "a follows once healed")

        let keysB = Self.logKeys(b)
        let repeated = keysB.filter { $0.repeatOf != nil }, unmarked = keysB.filter { $0.repeatOf == nil }.map(\.key)
        print("fencing drill, cut inside a run: a logged \(keysA.count), b \(keysB.count) of which \(repeated.count) repeated")
        #expect(!repeated.isEmpty && repeated.count <= NoticeBatch.size, "\(repeated.count) repeated")
        #expect(repeated.allSatisfy { $0.repeatOf == "a" })
        #expect(Set(repeated.map(\.key)).isSubset(of: keysA.map(\.key)))
        #expect(Set(keysA.map(\.key)).isDisjoint(with: unmarked), "a notice in both hosts' logs, unmarked")
        #expect(Set(unmarked).count == unmarked.count)
        let s = try PlatformTests.status(b)
        #expect(Set(keysA.map(\.key)).union(keysB.map(\.key)).count == s["notices_sent"] as? Int && s["notices_pending"] as? Int == 0, "\(s)")
    }

    /// The threads of a process (`/proc/PID/status`).
    static func threads(_ pid: pid_t) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").first { $0.hasPrefix("Threads:") }.flatMap { Int($0.dropFirst(8).trimmingCharacters(in: .whitespaces)) } ?? -1
    }

    @Test func aServerThatNeverAnswersFailsCallsInTimeAndTheWatchdogGoesOn() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let proxy = try BlackholeProxy(server: server, count: 1)
        let d = try Self.daemon(proxy.connection(0, to: database))
        // The shipped unit's WatchdogSec=30s: a ping every 15 s.
        try d.start(environment: ["WATCHDOG_USEC": "30000000"])
        let pid = try #require(d.process?.pid)
        let threadsBefore = Self.threads(pid), connectionsBefore = proxy.open[0]

        try proxy.cut(0)
        let hungAt = ContinuousClock.now
        var pings: [ContinuousClock.Instant] = [hungAt]
        var seen = d.notify.messages.count
        func watch() {
            let messages = d.notify.messages
            for m in messages[seen...] where m.has("WATCHDOG=1") { pings.append(.now) }
            seen = messages.count
        }
        // Four callers at once, for 45 s: writes (they need the server) and a list read from it.
        let outcomes = Outcomes()
        let group = DispatchGroup()
        for caller in 0..<4 {
            DispatchQueue.global().async(group: group) {
                var n = 0
                while ContinuousClock.now - hungAt < .seconds(45) {
                    let started = ContinuousClock.now
                    let r = caller % 2 == 0
                        ? try? d.ctl("inspection", "record", "--entity", "LS-PFS-00\(caller + 1)", "--date", "2026-03-2\(n % 5)", "--kind", "onsite", "--inspectors", "张伟,王芳")
                        : try? d.ctl("notices", "--limit", "5")
                    outcomes.add((r?.exitCode, Self.seconds(ContinuousClock.now - started), r?.stderr ?? ""))
                    n += 1
                }
            }
        }
        var mostThreads = threadsBefore, mostConnections = connectionsBefore
        while group.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            watch()
            mostThreads = max(mostThreads, Self.threads(pid))
            mostConnections = max(mostConnections, proxy.open[0])
        }
        watch()
        pings.append(.now)
        let calls = outcomes.all
        let longest = calls.map(\.1).max() ?? 0
        let gaps = zip(pings, pings.dropFirst()).map { Self.seconds($1 - $0) }
        print("hung server: \(calls.count) calls in 45 s, exits \(Dictionary(grouping: calls, by: { $0.0 ?? -1 }).mapValues(\.count)), longest \(longest) s; threads \(threadsBefore) → at most \(mostThreads); connections through the proxy \(connectionsBefore) → at most \(mostConnections); longest gap between watchdog pings \(gaps.max() ?? 0) s")
        #expect(calls.count >= 8)
        // Every call needing the server failed as temporarily unavailable, within the bound.
        #expect(calls.allSatisfy { $0.0 == 75 }, "\(calls.filter { $0.0 != 75 })")
        #expect(calls.allSatisfy { $0.2.contains("unavailable") })
        #expect(longest < Self.answerTimeout + 5, "a call took \(longest) s")
        // Nothing piles up: a few threads come and go with the calls, connections stay within the
        // pool (4) and the daemon's two of its own (listener, election) and one being opened.
        #expect(mostThreads <= threadsBefore + 12, "threads \(threadsBefore) → \(mostThreads)")
        #expect(mostConnections <= 4 + 2 + 1, "connections \(connectionsBefore) → \(mostConnections)")
        // Pinged throughout: no gap as long as WatchdogSec.
        #expect((gaps.max() ?? 0) < 30, "watchdog gaps \(gaps)")
        #expect(d.process?.hasExited == false)

        // A daemon started meanwhile says so in one line and exits non-zero (systemd starts it again).
        let late = try Self.daemon(proxy.connection(0, to: database))
        let lateStart = ContinuousClock.now
        let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", late.configDirectory, "--state-dir", late.stateDirectory, "--socket", late.socketPath, "--instance", "late",
        ], environment: ["NOTIFY_SOCKET": late.notify.path, "INSPECTD_LOG_TARGET": "stderr"])
        #expect(try p.wait(timeout: .seconds(60)) == .exited(1))
        let lateTook = Self.seconds(ContinuousClock.now - lateStart)
        print("hung server: a daemon started meanwhile exited after \(lateTook) s")
        #expect(lateTook < 15, "the start took \(lateTook) s")
        let lines = p.standardError.split(separator: "\n").filter { $0.contains("cannot start") }
        #expect(lines.count == 1, "\(p.standardError)")
        #expect(!late.notify.messages.contains { $0.has("READY=1") })

        // Healed: the daemon writes again by itself.
        try proxy.heal(0)
        let back = try PlatformTests.within(.seconds(30)) {
            try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-24", "--kind", "onsite", "--inspectors", "张伟,王芳").exitCode == 0
        }
        #expect(back != nil, "writes again after the server answers")
    }
}

/// The calls' outcomes, gathered from the callers' threads: exit, seconds, standard error.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(Int32?, Double, String)] = []
    func add(_ o: (Int32?, Double, String)) { lock.lock(); list.append(o); lock.unlock() }
    var all: [(Int32?, Double, String)] { lock.lock(); defer { lock.unlock() }; return list }
}
