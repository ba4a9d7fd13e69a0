import Foundation
import Testing

/// The notice log follows logrotate's `create` mode (units/inspectd.logrotate) without a signal:
/// the daemon opens the log for every batch, so once the file is moved away the next notice goes
/// to a new file and none is written into the rotated one.
@Suite("notice log rotation and failed writes")
struct NoticeLogRotationTests {
    @Test func aRotatedLogIsFollowedWithoutASignal() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-27T09:00")
        let log = d.stateDirectory + "/notices.jsonl"
        let before = try d.noticeLog()
        #expect(!before.isEmpty)
        // logrotate: rename, then (create mode) the program writes a new file.
        try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
        let rotated = try String(contentsOfFile: log + ".1", encoding: .utf8)

        // An urgent transfer (E04, 24 hours) is announced at once: the next write after the move.
        #expect(try d.ctl("case", "file", "--entity", "LS-EMP-001", "--date", "2026-03-20", "--id", "CASE-R").exitCode == 0)
        #expect(try d.ctl("case", "transfer", "CASE-R", "--entity", "LS-EMP-001", "--date", "2026-03-27T08:00", "--urgent").exitCode == 0)
        try d.settle()  // its notice is decided and delivered after the call returns
        let after = try d.noticeLog()
        #expect(after.count >= 1)
        #expect(after.contains { $0["rule"] as? String == "E04" })
        #expect(Set(after.compactMap { $0["key"] as? String }).isDisjoint(with: before.compactMap { $0["key"] as? String }))
        #expect(try String(contentsOfFile: log + ".1", encoding: .utf8) == rotated, "a notice was written into the rotated file")
        #expect(try d.stop() == .exited(0))
    }

    @Test("a log that cannot be written keeps the notices waiting, says so in STATUS=, and delivers them once it can")
    func anUnwritableLogKeepsNoticesWaiting() throws {
        let d = try DaemonFixture()
        // A directory that does not exist yet: every write fails.
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: "  log: logs/notices.jsonl\n")
        try d.start(now: "2026-03-27T09:00")
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        let pending = try #require(status["notices_pending"] as? Int)
        #expect(pending > 0)
        #expect(status["notices_sent"] as? Int == 0)
        // The first notice run follows READY=1; the STATUS= line after it says what waits.
        let update = try d.notify.waitFor(timeout: .seconds(10)) { m in
            m.assignments.contains { $0.name == "STATUS" && $0.value.contains("notices waiting for delivery") }
        }
        let statusText = update.assignments.first { $0.name == "STATUS" }?.value ?? ""
        #expect(statusText.contains("\(pending) notices waiting for delivery"), "\(statusText)")

        // Once the directory exists, the next tick (here: the one a reload runs) delivers them.
        try FileManager.default.createDirectory(atPath: d.stateDirectory + "/logs", withIntermediateDirectories: true)
        #expect(try d.ctl("reload").exitCode == 0)
        try d.settle()
        let after = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        #expect(after["notices_pending"] as? Int == 0)
        #expect(after["notices_sent"] as? Int == pending)
        let lines = try String(contentsOfFile: d.stateDirectory + "/logs/notices.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == pending)
        #expect(try d.stop() == .exited(0))
    }
}
