import Foundation
import Testing

/// The daemon's control socket is real Varlink: Python's `varlink` package (PyPI) parses the
/// interface description and calls its methods, typed errors included.
@Suite("Python varlink client against inspectd")
struct PythonClientTests {
    @Test func pythonCallsTheDaemon() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let script = BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/control_client.py").path
        let p = try ChildProcess("/usr/bin/env", arguments: ["python3", script, d.socketPath])
        let ended = try p.wait(timeout: .seconds(60))
        if ended == .exited(3) { Issue.record("the Python varlink package is missing: pip install varlink"); return }
        #expect(ended == .exited(0), "\(p.standardError)")
        let out = try #require(try JSONSerialization.jsonObject(with: Data(p.standardOutput.utf8)) as? [String: Any])
        let info = try #require(out["info"] as? [String: Any])
        #expect((info["interfaces"] as? [String])?.contains("io.inspectd.Control") == true)
        #expect(out["interface"] as? String == "io.inspectd.Control")
        let status = try #require(out["status"] as? [String: Any])
        #expect(status["entities"] as? Int == DaemonFixture.demoEntityCount)
        #expect(status["today"] as? String == "2026-03-25")
        let upcoming = try #require((out["upcoming"] as? [String: Any])?["obligations"] as? [[String: Any]])
        #expect(upcoming.contains { $0["rule"] as? String == "C01" && $0["entity_name"] as? String != nil })
        let error = try #require(out["error"] as? [String: Any])
        #expect(error["name"] as? String == "io.inspectd.Control.NoSuchEntity")
        #expect((error["parameters"] as? [String: Any])?["id"] as? String == "NO-SUCH-ENTITY")
        #expect(try d.stop() == .exited(0))
    }
}
