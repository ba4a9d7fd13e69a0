import Foundation
import Testing

/// `inspectctl status --check`: one line and the exit status a Nagios or Zabbix agent reads.
@Suite("status --check for monitors")
struct StatusCheckTests {
    @Test func okWarningAndCriticalAsMonitorsReadThem() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let ok = try d.ctl("status", "--check")
        #expect(ok.exitCode == 0, "\(ok)")
        #expect(ok.stdout.hasPrefix("inspectd OK: ") && ok.stdout.split(separator: "\n").count == 1, "\(ok.stdout)")
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        let health = try #require(status["health"] as? [[String: Any]])
        // On a platform (the suites' second pass on PostgreSQL) the daemons' versions are checked too.
        let platform: Set<String> = status["storage"] as? String == "postgresql" ? ["versions"] : []
        #expect(Set(health.compactMap { $0["name"] as? String }) == Set(["leader", "notice_run", "dead_letters", "calendar"]).union(platform))
        #expect(try d.stop() == .exited(0))

        // Two weeks before the year's end without next year's holiday arrangement: a warning.
        try d.start(now: "2026-12-15T09:00")
        let warning = try d.ctl("status", "--check")
        #expect(warning.exitCode == 1, "\(warning)")
        #expect(warning.stdout.hasPrefix("inspectd WARNING: calendar: 2027's holiday arrangement is not loaded"), "\(warning.stdout)")
        #expect(try d.stop() == .exited(0))

        // Nobody answers: critical, in one line.
        let down = try d.ctl("status", "--check")
        #expect(down.exitCode == 2, "\(down)")
        #expect(down.stdout.hasPrefix("inspectd CRITICAL: ") && down.stdout.split(separator: "\n").count == 1, "\(down.stdout)")
    }
}
