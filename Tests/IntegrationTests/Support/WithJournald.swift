import Foundation
import Testing

/// A shell script run under `scripts/with-journald` (a private systemd-journald; root only).
enum WithJournald {
    /// Runs `shell` and expects it to exit 0; nil (and a printed reason) when the harness skipped.
    static func run(_ shell: String, timeout: Duration = .seconds(120), sourceLocation: SourceLocation = #_sourceLocation) throws -> ChildProcess? {
        let run = try ChildProcess(BuiltProducts.packageRoot.path + "/scripts/with-journald", arguments: ["/bin/sh", "-c", shell])
        let ended = try run.wait(timeout: timeout)
        if ended == .exited(77) { print("skipped: \(run.standardError)"); return nil }
        #expect(ended == .exited(0), "\(ended)\n\(run.standardError)", sourceLocation: sourceLocation)
        return run
    }

    /// The entries `journalctl -o json` printed, one JSON object per line.
    static func entries(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}
