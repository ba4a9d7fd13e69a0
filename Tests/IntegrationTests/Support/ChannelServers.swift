import Foundation
import Testing

/// The channels' real servers on loopback (`python/channel_servers.py`): aiosmtpd requiring
/// STARTTLS and AUTH, and an HTTPS server playing the robots and the webhook, with a fresh
/// certificate for 127.0.0.1. What they receive is written as JSON lines in `directory`
/// (`mail.jsonl`, `http.jsonl`).
final class ChannelServers {
    let directory: String
    let smtpPort: Int
    let httpsPort: Int
    private let process: ChildProcess

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let openssl = try ChildProcess("/usr/bin/openssl", arguments: [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        #expect(try openssl.wait() == .exited(0))
        process = try ChildProcess("/usr/bin/python3", arguments: [
            BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/channel_servers.py").path,
            directory, directory + "/cert.pem", directory + "/key.pem",
        ])
        let ports = directory + "/ports.json"
        #expect(NoticeHookTests.eventually(30) { FileManager.default.fileExists(atPath: ports) }, "the servers did not start")
        let read = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: ports))) as? [String: Int])
        smtpPort = try #require(read["smtp"])
        httpsPort = try #require(read["https"])
    }

    deinit { process.send(SIGKILL) }

    var certificate: String { directory + "/cert.pem" }

    /// The JSON lines the servers wrote to `name` so far.
    func lines(_ name: String) throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }
}
