import Foundation
import Testing
@testable import Varlink

/// The PyPI `varlink` package must be able to call the server (CI installs it: `pip install varlink`).
@Suite("Python varlink client against the Swift server")
struct PythonInteropTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("python/varlink_call.py").path

    /// Runs the script; returns its parsed stdout, recording an issue on failure.
    func runPython(_ arguments: [String]) throws -> JSONValue? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 3 {
            Issue.record("the Python varlink package is missing: pip install varlink (\(errors))")
            return nil
        }
        guard process.terminationStatus == 0 else {
            Issue.record("python3 varlink_call.py exited \(process.terminationStatus): \(errors)")
            return nil
        }
        return try JSONValue(jsonData: output)
    }

    @Test func pythonClientCallsTheServer() throws {
        try withServer { _, path in
            let item: JSONValue = ["name": "某某县自来水公司", "count": 9_007_199_254_740_993, "ratio": 0.5, "tags": ["water"],
                                   "attributes": ["grade": "B"], "kind": "onsite"]
            let output = try #require(try runPython(["unix:" + path, "org.example.test", "Echo", (["item": item] as JSONValue).jsonText]))
            #expect(output["reply"] == ["item": item])
            #expect(output["description"] == .string(testIDL))
            #expect(output["info"]?["interfaces"] == ["org.varlink.service", "org.example.test"])
            #expect(output["info"]?["vendor"] == "Example")

            let failed = try #require(try runPython(["unix:" + path, "org.example.test", "Find", #"{"id": "E404"}"#]))
            #expect(failed["error"] == "org.example.test.NotFound")
            #expect(failed["parameters"] == ["id": "E404"])

            let ping = try #require(try runPython(["unix:" + path, "org.example.test", "Ping", #"{"ping": "py"}"#]))
            #expect(ping["reply"] == ["pong": "py"])
        }
    }
}
