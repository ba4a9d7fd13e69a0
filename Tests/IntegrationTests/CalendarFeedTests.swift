import Foundation
import Testing

/// `inspectctl export ics` (issue 13, calendar feeds): read back by Python's `icalendar`, every
/// item checked against `upcoming --json` and `deadlines --json`.
@Suite("calendar feed")
struct CalendarFeedTests {
    @Test func theCalendarHoldsEveryOpenObligationAndDeadlineWithItsReminders() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        // A deadline in hours too (E04's 24-hour transfer).
        #expect(try d.ctl("case", "file", "--entity", "LS-EMP-001", "--date", "2026-03-20", "--id", "CASE-ICS").exitCode == 0)
        #expect(try d.ctl("case", "transfer", "CASE-ICS", "--entity", "LS-EMP-001", "--date", "2026-03-25T08:00", "--urgent").exitCode == 0)
        let file = d.directory + "/feed.ics"
        let export = try d.ctl("export", "ics", "--all", "--within", "120d", "--output", file)
        #expect(export.exitCode == 0, "\(export)")
        let reader = try ChildProcess("/usr/bin/python3", arguments: [BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/read_ics.py").path, file])
        let status = try reader.wait(timeout: .seconds(60))
        #expect(status == .exited(0), "\(status): \(reader.standardError)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(reader.standardOutput.utf8)) as? [String: Any])
        let todos = try #require(parsed["todos"] as? [[String: Any]])
        let byUID = Dictionary(todos.map { ($0["uid"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byUID.count == todos.count, "UIDs are unique")
        #expect((parsed["name"] as? String)?.contains("金融工作办公室") == true)

        // Every open obligation within the span: one to-do, due that day, an alarm per reminder day.
        let upcoming = try #require(try d.ctl("upcoming", "--all", "--within", "120d", "--reminders", "--json").json() as? [[String: Any]])
        #expect(upcoming.contains { !($0["reminders"] as? [String] ?? []).isEmpty })
        let plain = try #require(try d.ctl("upcoming", "--all", "--within", "120d", "--json").json() as? [[String: Any]])
        #expect(plain.allSatisfy { $0["reminders"] == nil }, "reminders only when asked for")
        let deadlines = try #require(try d.ctl("deadlines", "--all", "--json").json() as? [[String: Any]])
        let openDeadlines = deadlines.filter { ["running", "due-soon", "due-today", "overdue"].contains($0["state"] as? String ?? "") }
        #expect(!upcoming.isEmpty && !openDeadlines.isEmpty)
        #expect(todos.count == upcoming.count + openDeadlines.count, "\(todos.count) to-dos, \(upcoming.count) obligations, \(openDeadlines.count) deadlines")
        for o in upcoming {
            let uid = "\(o["rule"] as! String)/\(o["entity"] as! String)/\(o["period"] as! String)@inspectd"
            let todo = try #require(byUID[uid], "no to-do \(uid)")
            #expect(todo["due"] as? String == o["due"] as? String)
            #expect((todo["summary"] as? String)?.contains(o["entity_name"] as? String ?? "?") == true)
            #expect((todo["description"] as? String)?.contains("依据：") == true, "\(uid): the legal basis")
            // Alarms at 08:30 of each reminder day: minutes before the due day's start.
            let reminders = Set(o["reminders"] as? [String] ?? [])
            let expected = reminders.map { r -> Int in
                let days = (Self.dayNumber(o["due"] as! String) - Self.dayNumber(r))
                return -(days * 1440 - 510)
            }.sorted()
            #expect(todo["alarms"] as? [Int] == expected, "\(uid): alarms \(todo["alarms"] ?? []) for reminders \(reminders.sorted())")
        }
        let transfer = try #require(todos.first { ($0["uid"] as? String)?.contains("CASE-ICS") == true && ($0["due"] as? String)?.contains("T") == true },
                                    "the 24-hour transfer as a date-time: \(todos.map { $0["uid"] ?? "" })")
        #expect(transfer["due"] as? String == "2026-03-26T08:00")
    }

    /// `notices.ics_dir`: the daemon keeps a calendar per supervisor and one for the office.
    @Test func theDaemonKeepsACalendarPerSupervisor() throws {
        let d = try DaemonFixture()
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: "  log: notices.jsonl\n  ics_dir: calendars\n  ics_within: 60d\n")
        try d.start(now: "2026-03-25T09:00")  // settles: the notice run, then the calendars
        func read(_ name: String) throws -> [[String: Any]] {
            let reader = try ChildProcess("/usr/bin/python3", arguments: [
                BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/read_ics.py").path, d.stateDirectory + "/calendars/" + name,
            ])
            let status = try reader.wait(timeout: .seconds(60))
            #expect(status == .exited(0), "\(name): \(status) \(reader.standardError)")
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(reader.standardOutput.utf8)) as? [String: Any])
            return try #require(parsed["todos"] as? [[String: Any]])
        }
        let mine = try read("S01.ics")
        let upcoming = try #require(try d.ctl("upcoming", "--supervisor", "S01", "--within", "60d", "--json").json() as? [[String: Any]])
        #expect(!upcoming.isEmpty)
        #expect(Set(mine.compactMap { $0["uid"] as? String }.filter { !$0.contains("CASE") && !$0.contains("R-") })
                == Set(upcoming.map { "\($0["rule"]!)/\($0["entity"]!)/\($0["period"]!)@inspectd" }))
        let office = try read("office.ics")
        let everyone = try #require(try d.ctl("upcoming", "--all", "--within", "60d", "--json").json() as? [[String: Any]])
        #expect(office.count >= everyone.count && office.count > mine.count)
        for s in ["S02", "S05", "S09"] { #expect(FileManager.default.fileExists(atPath: d.stateDirectory + "/calendars/\(s).ics"), "\(s)") }
        #expect(!FileManager.default.fileExists(atPath: d.stateDirectory + "/calendars/S01.ics.new"))
        #expect(try d.stop() == .exited(0))
    }

    static func dayNumber(_ iso: String) -> Int {
        let p = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        var c = DateComponents(); c.year = p[0]; c.month = p[1]; c.day = p[2]
        var cal = Calendar(identifier: .gregorian); cal.timeZone = TimeZone(identifier: "UTC")!
        return Int(cal.date(from: c)!.timeIntervalSince1970 / 86_400)
    }
}
