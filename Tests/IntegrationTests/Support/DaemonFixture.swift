import Foundation
import PostgresTestSupport
import Testing

/// A running `inspectd` for a test: a private copy of the shipped configuration, a fresh state
/// directory, its own control socket and `NOTIFY_SOCKET`, and a fixed clock (`--now`).
final class DaemonFixture: @unchecked Sendable {
    let directory: String
    let configDirectory: String
    let stateDirectory: String
    let socketPath: String
    let notify: NotifySocket
    private(set) var process: ChildProcess?
    /// Standard error of the last daemon that stopped.
    private(set) var lastStandardError = ""

    /// The number of entities in the shipped demo directory (`config/demo/entities.csv`), which the
    /// daemon imports into an empty database.
    static var demoEntityCount: Int {
        let path = BuiltProducts.packageRoot.appendingPathComponent("config/demo/entities.csv").path
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isNewline).filter { !$0.isEmpty }.count - 1
    }

    /// Prepares the directories; call `start()` to launch.
    init() throws {
        var template = Array("/tmp/inspectd-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ChildProcess.Failure(description: "mkdtemp failed") }
        directory = String(cString: made)
        configDirectory = directory + "/config"
        stateDirectory = directory + "/state"
        socketPath = directory + "/control.sock"
        try FileManager.default.copyItem(atPath: BuiltProducts.packageRoot.appendingPathComponent("config").path, toPath: configDirectory)
        notify = try NotifySocket()
        // The scenario suites again on PostgreSQL (issue 16: two backends, one behaviour):
        // `INSPECTD_TEST_STORAGE=postgresql` gives each daemon a database of its own on the
        // tests' PostgreSQL server (scripts/test runs those suites so a second time).
        if ProcessInfo.processInfo.environment["INSPECTD_TEST_STORAGE"] == "postgresql" {
            let database = try PostgresServer.shared().createDatabase()
            let path = configDirectory + "/inspectd.yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try (text + "\nstorage:\n  engine: postgresql\n  url: \"\(database)\"\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    deinit {
        if let p = process { p.send(SIGKILL); _ = try? p.wait(timeout: .seconds(5)) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Starts the daemon and waits for `READY=1`; returns that notify message.
    @discardableResult
    ///
    /// With `settle` (the default), also waits for the work the daemon starts after READY=1 —
    /// the first notice pass, off the query path since issue 11 — to finish (``settle(timeout:)``).
    func start(now: String = "2026-03-25T09:00", environment: [String: String] = [:], extraArguments: [String] = [],
               settle: Bool = true) throws -> NotifyMessage {
        var env = ["NOTIFY_SOCKET": notify.path, "INSPECTD_LOG_TARGET": "stderr"]
        env.merge(environment) { _, new in new }
        let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", configDirectory, "--state-dir", stateDirectory, "--socket", socketPath, "--now", now,
        ] + extraArguments, environment: env)
        process = p
        let ready: NotifyMessage
        do {
            // This process's READY=1, not one left over from an earlier daemon's reload.
            ready = try notify.waitFor(timeout: .seconds(30)) { $0.has("READY=1") && ($0.senderPID == nil || $0.senderPID == p.pid) }
        } catch {
            throw ChildProcess.Failure(description: "inspectd did not become ready: \(error)\nstderr:\n\(p.standardError)")
        }
        if settle { try self.settle() }
        return ready
    }

    /// Waits until the daemon reports no work under way off the query path (`status`'s
    /// `background_work` empty): the notice run and its delivery, a rebuild. A change's notices
    /// are decided and delivered after the call that made it returns. On PostgreSQL the notice
    /// run waits for a daemon to lead, which comes a moment after READY (the election's first
    /// renewal, seconds on a loaded machine): settled means some daemon leads too, seen on two
    /// polls in a row (the leader's first tick begins its run just after it is granted the lease).
    func settle(timeout: Duration = .seconds(60)) throws {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        var quiet = 0
        while ContinuousClock.now < deadline {
            let r = try ctl("status", "--json")
            if r.exitCode == 0, let s = try? r.json() as? [String: Any] {
                let work = s["background_work"] as? [String] ?? []
                let led = s["storage"] as? String != "postgresql" || s["leader"] is String
                if work.isEmpty && led {
                    quiet += 1
                    if quiet >= 2 { return }
                    continue
                }
                quiet = 0
                last = led ? work.joined(separator: ", ") : "no daemon leads yet"
            } else {
                last = r.description
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw ChildProcess.Failure(description: "inspectd did not settle within \(timeout): \(last)")
    }

    /// Sends SIGTERM and waits for the daemon to exit.
    func stop() throws -> ChildProcess.Termination {
        guard let p = process else { return .exited(0) }
        p.send(SIGTERM)
        let t = try p.wait(timeout: .seconds(30))
        lastStandardError = p.standardError
        process = nil
        return t
    }

    struct CLIResult: CustomStringConvertible {
        var status: ChildProcess.Termination
        var stdout: String
        var stderr: String
        var description: String { "\(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
        var exitCode: Int32? { if case .exited(let c) = status { return c }; return nil }

        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// Runs `inspectctl --socket <this daemon's socket> ARGS…`.
    func ctl(_ arguments: String...) throws -> CLIResult { try ctl(arguments) }

    /// Runs inspectctl in English (`LC_ALL=C.UTF-8`) unless `environment` says otherwise: the
    /// tests read its English output, whatever the developer's locale.
    func ctl(_ arguments: [String], socket: String? = nil, environment: [String: String] = ["LC_ALL": "C.UTF-8"]) throws -> CLIResult {
        let p = try ChildProcess(try BuiltProducts.inspectctl(), arguments: ["--socket", socket ?? socketPath] + arguments, environment: environment)
        let t = try p.wait(timeout: .seconds(60))
        return CLIResult(status: t, stdout: p.standardOutput, stderr: p.standardError)
    }

    /// Rewrites a file of this daemon's configuration directory.
    /// Starts inspectd on this configuration with its storage pointed at a PostgreSQL server that
    /// cannot be reached (port 1; in place of any storage the fixture gave it), under `locale`;
    /// returns the process, which is to fail at start-up.
    func startAgainstUnreachableDatabase(locale: String) throws -> ChildProcess {
        let path = configDirectory + "/inspectd.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: #"\nstorage:\n(  .*\n)*"#, with: "\n", options: .regularExpression)
        try (text + "\nstorage:\n  engine: postgresql\n  url: \"postgresql://inspectd@127.0.0.1:1/inspectd\"\n").write(toFile: path, atomically: true, encoding: .utf8)
        return try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", configDirectory, "--state-dir", stateDirectory, "--socket", socketPath,
        ], environment: ["NOTIFY_SOCKET": notify.path, "INSPECTD_LOG_TARGET": "stderr", "LC_ALL": locale])
    }

    func editConfig(_ relative: String, replacing old: String, with new: String) throws {
        let path = configDirectory + "/" + relative
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old), "fixture text not found in \(relative)")
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The JSON-lines notice log, parsed; while the daemon runs, once it has settled (a change's
    /// notices are delivered after the call that made it returns).
    func noticeLog() throws -> [[String: Any]] {
        if process != nil { try settle() }
        let path = stateDirectory + "/notices.jsonl"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}
