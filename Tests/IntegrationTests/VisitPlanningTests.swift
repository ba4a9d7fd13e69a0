import Foundation
import Testing

/// The visit planner through the daemon: inspectors' territories, capacity, leave and conflicts
/// as facts, and `plan propose` keeping every hard rule on the demo office.
@Suite("visit planner")
struct VisitPlanningTests {
    @Test func aMonthsProposalKeepsTerritoriesLeaveAndConflictsAndChangesNothing() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-05-04T09:00")
        for n in 1...5 {
            #expect(try d.ctl("inspector", "add", "I\(n)", "--name", "检查员\(n)", "--visits-per-day", "2").exitCode == 0)
        }
        #expect(try d.ctl("inspector", "set", "I5", "--jurisdiction", "罗庄区").exitCode == 0)
        #expect(try d.ctl("inspector", "set", "I4", "--no-active").exitCode == 0)
        #expect(try d.ctl("inspector", "leave", "I2", "--from", "2026-05-11", "--to", "2026-05-15", "--reason", "年休假").exitCode == 0)
        #expect(try d.ctl("inspector", "conflict", "I1", "LS-PFS-001", "--reason", "亲属").exitCode == 0)
        // A leave withdrawn by a correction stays on record and no longer counts.
        #expect(try d.ctl("inspector", "leave", "I3", "--from", "2026-05-06", "--to", "2026-05-29", "--reason", "借调").exitCode == 0)
        let leave = try #require(try d.ctl("inspector", "leave", "list", "--json").json() as? [[String: Any]])
        let secondment = try #require(leave.first { $0["inspector"] as? String == "I3" }?["id"] as? Int)
        #expect(try d.ctl("inspector", "leave", "withdraw", "\(secondment)", "--reason", "取消借调").exitCode == 0)
        #expect(try #require(try d.ctl("inspector", "leave", "list", "--json").json() as? [[String: Any]]).count == 1)
        #expect(try #require(try d.ctl("inspector", "leave", "list", "--withdrawn", "--json").json() as? [[String: Any]]).count == 2)
        #expect(try d.ctl("inspector", "leave", "I2", "--from", "2026-05-15", "--to", "2026-05-11", "--reason", "x").exitCode == 65)
        #expect(try d.ctl("inspector", "set", "I1", "--visits-per-day", "21").exitCode == 64)

        let before = try d.ctl("upcoming", "--json").stdout
        let proposal = try d.ctl("plan", "propose", "--month", "2026-05", "--json")
        #expect(proposal.exitCode == 0, "\(proposal)")
        let p = try #require(try proposal.json() as? [String: Any])
        let visits = try #require(p["visits"] as? [[String: Any]])
        #expect(!visits.isEmpty)
        let entities = try #require(try d.ctl("entity", "list", "--json").json() as? [[String: Any]])
        let jurisdiction = Dictionary(entities.compactMap { e in (e["id"] as? String).map { ($0, e["jurisdiction"] as? String ?? "") } }, uniquingKeysWith: { a, _ in a })
        var perDay: [String: Int] = [:]
        for v in visits {
            let date = try #require(v["date"] as? String), entity = try #require(v["entity"] as? String)
            let team = try #require(v["inspectors"] as? [String])
            #expect(Set(team).count >= 2, "P01: \(v)")
            #expect(date >= "2026-05-04" && date <= "2026-05-31")
            #expect(date <= (v["due"] as? String ?? ""), "on time: \(v)")
            #expect(!team.contains("I4"), "inactive: \(v)")
            if team.contains("I2") { #expect(!(date >= "2026-05-11" && date <= "2026-05-15"), "on leave: \(v)") }
            if team.contains("I5") { #expect(jurisdiction[entity] == "罗庄区", "outside I5's territory: \(v)") }
            if entity == "LS-PFS-001" { #expect(!team.contains("I1"), "回避: \(v)") }
            for i in team { perDay["\(i)@\(date)", default: 0] += 1 }
            let check = try d.ctl("calendar", "check", date, "--config", d.configDirectory)
            #expect(check.exitCode == 0 && !check.stdout.contains("not a working day"), "\(date): \(check.stdout)")
        }
        #expect(perDay.values.allSatisfy { $0 <= 2 }, "visits a day: \(perDay.filter { $0.value > 2 })")
        // The obligations of past months can only be late: named, with the reason.
        let unplaced = try #require(p["unplaced"] as? [[String: Any]])
        #expect(unplaced.contains { ($0["reason"] as? String ?? "").contains("can only be late") })
        // The same facts and seed: the same proposal; and nothing was recorded.
        #expect(try d.ctl("plan", "propose", "--month", "2026-05", "--json").stdout == proposal.stdout)
        #expect(try d.ctl("upcoming", "--json").stdout == before)
        let zh = try d.ctl(["plan", "propose", "--month", "2026-05"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.stdout.contains("检查次数") && zh.stdout.contains("建议检查"), "\(zh.stdout)")
        #expect(try d.ctl("plan", "propose", "--from", "2026-05-01", "--to", "2026-12-31").exitCode == 65)

        // Will the year fit? Each month and jurisdiction with its need and capacity.
        let capacity = try #require(try d.ctl("plan", "capacity", "2026", "--json").json() as? [[String: Any]])
        #expect(Set(capacity.compactMap { $0["month"] as? String }).count == 12)
        #expect(capacity.allSatisfy { ($0["capacity"] as? Double ?? -1) >= 0 && ($0["short"] as? Double ?? -1) >= 0 })

        // Applied: recorded as planned visits; a second proposal keeps them and plans nothing twice.
        let applied = try #require(try d.ctl("plan", "propose", "--month", "2026-05", "--apply", "--json").json() as? [String: Any])
        let appliedVisits = try #require(applied["visits"] as? [[String: Any]])
        #expect(appliedVisits.count == visits.count && appliedVisits.allSatisfy { $0["id"] is Int && $0["status"] as? String == "planned" })
        let listed = try #require(try d.ctl("plan", "visits", "--json").json() as? [[String: Any]])
        #expect(listed.count == visits.count)
        // A supervisor's upcoming shows each obligation's planned visit: day and team.
        let upcoming = try #require(try d.ctl("upcoming", "--within", "31d", "--json").json() as? [[String: Any]])
        let withVisit = upcoming.filter { $0["visit"] != nil }
        #expect(!withVisit.isEmpty)
        for o in withVisit {
            let key = "\(o["rule"] as? String ?? "")/\(o["entity"] as? String ?? "")/\(o["period"] as? String ?? "")"
            let v = try #require(listed.first { ($0["obligations"] as? [String] ?? []).contains(key) })
            #expect(o["visit"] as? String == v["date"] as? String && o["visit_inspectors"] as? [String] == v["inspector_names"] as? [String])
        }
        let again = try #require(try d.ctl("plan", "propose", "--month", "2026-05", "--json").json() as? [String: Any])
        #expect(again["kept"] as? Int == visits.count)
        #expect((again["visits"] as? [[String: Any]])?.isEmpty == true, "nothing planned twice: \(again)")
        // Moved after its due date: only with a reason, and flagged; cancelled: planned again.
        let first = try #require(listed.first), id = try #require(first["id"] as? Int)
        let why = try d.ctl("plan", "explain", "\(id)")
        #expect(why.exitCode == 0 && why.stdout.contains("in the team") && why.stdout.contains("due "), "\(why)")
        if first["entity"] as? String == "LS-PFS-001" { #expect(why.stdout.contains("I1 检查员1: excluded: conflict of interest")) }
        #expect(why.stdout.contains("I4 检查员4: inactive"))
        #expect(try d.ctl("plan", "visit", "move", "\(id)", "--date", "2026-06-01").exitCode == 65)
        #expect(try d.ctl("plan", "visit", "move", "\(id)", "--date", "2026-06-01", "--reason", "单位停业整顿").exitCode == 0)
        let moved = try #require(try d.ctl("plan", "visits", "--json").json() as? [[String: Any]]).first { $0["id"] as? Int == id }
        #expect(moved?["late"] as? Bool == true && moved?["moved_from"] as? String == first["date"] as? String)
        #expect(try d.ctl("plan", "visit", "cancel", "\(id)", "--reason", "重复").exitCode == 0)
        let replanned = try #require(try d.ctl("plan", "propose", "--month", "2026-05", "--json").json() as? [String: Any])
        let replannedVisits = try #require(replanned["visits"] as? [[String: Any]])
        #expect(replannedVisits.count == 1 && replannedVisits.first?["entity"] as? String == first["entity"] as? String, "\(replannedVisits)")
        #expect(try #require(try d.ctl("plan", "visits", "--cancelled", "--json").json() as? [[String: Any]]).contains { $0["status"] as? String == "cancelled" })
        // Re-planned from scratch: the visits applied before are cancelled and planned again.
        let fresh = try #require(try d.ctl("plan", "propose", "--month", "2026-05", "--apply", "--replan", "--json").json() as? [String: Any])
        #expect(fresh["cancelled"] as? Int == visits.count - 1)
        #expect(try #require(try d.ctl("plan", "visits", "--json").json() as? [[String: Any]]).count == visits.count)
        #expect(try d.stop() == .exited(0))
    }

    @Test func aMissedVisitIsReportedAndItsObligationsArePlannedAgain() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-05-06T09:00")
        for n in 1...4 { #expect(try d.ctl("inspector", "add", "I\(n)", "--name", "检查员\(n)").exitCode == 0) }
        #expect(try d.ctl("plan", "propose", "--month", "2026-05", "--apply").exitCode == 0)
        let planned = try #require(try d.ctl("plan", "visits", "--json").json() as? [[String: Any]])
        let first = try #require(planned.first)
        let day = try #require(first["date"] as? String), entity = try #require(first["entity"] as? String)
        // Its day passes without an inspection (the daemon restarted two weeks later).
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-05-20T09:00")
        let later = try #require(try d.ctl("plan", "visits", "--json").json() as? [[String: Any]])
        let missed = later.filter { $0["status"] as? String == "missed" }
        #expect(missed.contains { $0["entity"] as? String == entity && $0["date"] as? String == day }, "\(later)")
        let next = try #require(try d.ctl("plan", "propose", "--month", "2026-05", "--json").json() as? [String: Any])
        let replanned = try #require(next["visits"] as? [[String: Any]])
        #expect(replanned.contains { $0["entity"] as? String == entity && ($0["date"] as? String ?? "") >= "2026-05-20" }, "\(replanned)")
        // One recorded with a visit's team meets it.
        #expect(try d.ctl("plan", "propose", "--month", "2026-05", "--apply").exitCode == 0)
        let current = try #require(try d.ctl("plan", "visits", "--json").json() as? [[String: Any]])
        let keep = try #require(current.first { $0["status"] as? String == "planned" })
        let team = try #require(keep["inspector_names"] as? [String])
        #expect(try d.ctl("inspection", "record", "--entity", keep["entity"] as? String ?? "", "--date", "2026-05-20", "--kind", "onsite",
                          "--inspectors", team.joined(separator: ",")).exitCode == 0)
        let after = try #require(try d.ctl("plan", "visits", "--json").json() as? [[String: Any]])
        #expect(after.first { $0["id"] as? Int == keep["id"] as? Int }?["status"] as? String == "met")
        #expect(try d.stop() == .exited(0))
    }

    /// Each inspector's planned visits in a calendar of their own, and in the office's: an event
    /// on the visit's day with the team, the entity and the obligations it serves.
    @Test func inspectorsSeeTheirVisitsInTheirCalendars() throws {
        let d = try DaemonFixture()
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: "  log: notices.jsonl\n  ics_dir: calendars\n  ics_within: 60d\n")
        try d.start(now: "2026-05-06T09:00")
        for n in 1...3 { #expect(try d.ctl("inspector", "add", "I\(n)", "--name", "检查员\(n)").exitCode == 0) }
        #expect(try d.ctl("plan", "propose", "--month", "2026-05", "--apply").exitCode == 0)
        let planned = try #require(try d.ctl("plan", "visits", "--json").json() as? [[String: Any]])
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-05-06T09:05")  // a working day's first notice run writes the calendars
        func events(_ name: String) throws -> [[String: Any]] {
            let path = d.stateDirectory + "/calendars/" + name
            #expect(Self.eventually { FileManager.default.fileExists(atPath: path) }, "\(name)")
            let reader = try ChildProcess("/usr/bin/python3", arguments: [
                BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/read_ics.py").path, path,
            ])
            #expect(try reader.wait(timeout: .seconds(60)) == .exited(0), "\(reader.standardError)")
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(reader.standardOutput.utf8)) as? [String: Any])
            return try #require(parsed["events"] as? [[String: Any]])
        }
        for n in 1...3 {
            let own = try events("inspector-I\(n).ics")
            let expected = planned.filter { ($0["inspectors"] as? [String] ?? []).contains("I\(n)") }
            #expect(Set(own.compactMap { $0["uid"] as? String }) == Set(expected.compactMap { ($0["id"] as? Int).map { "visit-\($0)@inspectd" } }))
            for e in own {
                let v = try #require(expected.first { "visit-\($0["id"] as? Int ?? 0)@inspectd" == e["uid"] as? String })
                #expect(e["start"] as? String == v["date"] as? String)
                #expect((e["description"] as? String ?? "").contains((v["obligations"] as? [String])?.first ?? "?"))
                #expect((e["summary"] as? String ?? "").contains("检查员\(n)"))
            }
        }
        #expect(try events("office.ics").count == planned.count)
        #expect(try d.stop() == .exited(0))
    }

    static func eventually(_ seconds: Double = 30, _ condition: () throws -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if (try? condition()) == true { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }
}
