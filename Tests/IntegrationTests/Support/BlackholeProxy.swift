import Foundation
import PostgresTestSupport

/// A TCP proxy between daemons and the tests' PostgreSQL that a test cuts and heals
/// (`python/blackhole_proxy.py`): each daemon reaches the server through a port of its own, and a
/// cut port stops forwarding without closing anything — a partition as the daemon sees it, or a
/// server that accepts connections and never answers.
final class BlackholeProxy: @unchecked Sendable {
    let control: String
    let process: ChildProcess
    /// The proxy's ports on 127.0.0.1, one per daemon.
    let ports: [Int]

    struct Failure: Error, CustomStringConvertible { let description: String }

    init(server: PostgresServer, count: Int) throws {
        var template = Array("/tmp/inspectd-proxy-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(description: "mkdtemp failed") }
        control = String(cString: made)
        let script = BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/blackhole_proxy.py").path
        process = try ChildProcess("/usr/bin/python3", arguments: [script, control, server.socketDirectory + "/.s.PGSQL.\(server.port)", String(count)])
        let deadline = ContinuousClock.now + .seconds(10)
        var ports: [Int] = []
        while ContinuousClock.now < deadline {
            if let line = process.standardOutput.split(separator: "\n").first {
                ports = line.split(separator: " ").compactMap { Int($0) }
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        guard ports.count == count else { throw Failure(description: "the proxy did not start: \(process.standardError)") }
        self.ports = ports
    }

    deinit {
        process.send(SIGKILL)
        _ = try? process.wait(timeout: .seconds(5))
        try? FileManager.default.removeItem(atPath: control)
    }

    /// libpq's parameters for `database` (as `PostgresServer.createDatabase()` gave it) through port `index`.
    func connection(_ index: Int, to database: String) -> String {
        let name = database.split(separator: " ").first { $0.hasPrefix("dbname=") }.map { String($0.dropFirst(7)) } ?? "postgres"
        return "host=127.0.0.1 port=\(ports[index]) user=postgres dbname=\(name)"
    }

    /// Stops forwarding on port `index` (nothing is closed); returns once the proxy applied it.
    func cut(_ index: Int) throws {
        FileManager.default.createFile(atPath: control + "/cut-\(index)", contents: Data())
        try waitForState { $0.cut.contains(index) }
    }

    /// Forwards again on port `index`: what waited goes through.
    func heal(_ index: Int) throws {
        try FileManager.default.removeItem(atPath: control + "/cut-\(index)")
        try waitForState { !$0.cut.contains(index) }
    }

    /// Cuts port `index` right after a client sends `text` through it (the server gets those
    /// bytes, its answer never comes back): a host lost at a chosen point of a transaction.
    func cut(_ index: Int, afterClientSends text: String) {
        FileManager.default.createFile(atPath: control + "/trip-\(index)", contents: Data(text.utf8))
    }

    /// Whether port `index` is cut now (by ``cut(_:)`` or by a trip).
    func isCut(_ index: Int) -> Bool { state().cut.contains(index) }

    /// The connections open through each port, as the proxy counts them.
    var open: [Int] { state().open }

    private func state() -> (cut: Set<Int>, open: [Int]) {
        let text = (try? String(contentsOfFile: control + "/state", encoding: .utf8)) ?? ""
        var cut: Set<Int> = [], open: [Int] = []
        for line in text.split(separator: "\n") {
            let numbers = line.split(separator: " ").dropFirst().compactMap { Int($0) }
            if line.hasPrefix("cut:") { cut = Set(numbers) }
            if line.hasPrefix("open:") { open = numbers }
        }
        return (cut, open)
    }

    private func waitForState(_ condition: ((cut: Set<Int>, open: [Int])) -> Bool) throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if condition(state()) { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw Failure(description: "the proxy did not apply the change: \(process.standardError)")
    }
}
