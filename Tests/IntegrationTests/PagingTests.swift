import Foundation
import InspectControl
import Testing
import Varlink

/// Lists come in pages (issue 11): `--limit`, a cursor to continue, `--all` page after page.
@Suite("lists in pages")
struct PagingTests {
    func keys(_ r: DaemonFixture.CLIResult) throws -> [String] {
        let list = try #require(try r.json() as? [[String: Any]], "\(r)")
        return list.map { "\($0["rule"] ?? "")/\($0["entity"] ?? "")/\($0["period"] ?? "")" }
    }

    @Test func pagesJoinUpToTheWholeListAndTheTableSaysWhatIsLeft() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-06-29T09:00")
        let whole = try keys(try d.ctl("upcoming", "--within", "400d", "--json"))
        #expect(whole.count > 30)
        #expect(try keys(try d.ctl("upcoming", "--within", "400d", "--all", "--json")) == whole)

        // Table with a limit: the rows, then how many more and the command for the next page.
        let table = try d.ctl("upcoming", "--within", "400d", "--limit", "10")
        #expect(table.exitCode == 0, "\(table)")
        let more = try #require(table.stdout.split(separator: "\n").last.map(String.init))
        #expect(more.hasPrefix("… \(whole.count - 10) more: inspectctl upcoming --within 400d --after "), "\(more)")
        let cursor = try #require(more.split(separator: " ").first { $0.hasPrefix("o1.") }.map(String.init))

        // The next page starts right after the first.
        let second = try keys(try d.ctl("upcoming", "--within", "400d", "--limit", "10", "--after", cursor, "--json"))
        #expect(second == Array(whole[10..<20]))

        // Through the socket: the same pages, `remaining` counting down, no `next` on the last.
        var after: String?
        var seen: [String] = []
        repeat {
            var args = ["upcoming", "--within", "400d", "--limit", "13", "--json"]
            if let after { args += ["--after", after] }
            seen += try keys(try d.ctl(args))
            let text = try d.ctl(["upcoming", "--within", "400d", "--limit", "13"] + (after.map { ["--after", $0] } ?? []))
            after = text.stdout.split(separator: " ").first { $0.hasPrefix("o1.") }.map(String.init)
        } while after != nil
        #expect(seen == whole)

        // A cursor is checked: anything else is refused, naming the field.
        let bad = try d.ctl("upcoming", "--after", "o1.garbage")
        #expect(bad.exitCode == 65 && bad.stderr.contains("after:"), "\(bad)")
        // Overdue ones in pages too, per supervisor.
        let overdue = try keys(try d.ctl("overdue", "--supervisor", "S01", "--json"))
        #expect(try keys(try d.ctl("overdue", "--supervisor", "S01", "--limit", "2", "--json")) == Array(overdue.prefix(2)))
    }

    @Test func theDirectoryInPages() throws {
        let d = try DaemonFixture()
        try d.start()
        func ids(_ args: String...) throws -> [String] {
            let r = try d.ctl(["entity", "list", "--json"] + args)
            return try #require(try r.json() as? [[String: Any]], "\(r)").compactMap { $0["id"] as? String }
        }
        let all = try ids()
        #expect(all.count == DaemonFixture.demoEntityCount && all == all.sorted())
        #expect(try ids("--limit", "10") == Array(all.prefix(10)))
        #expect(try ids("--limit", "10", "--after", all[9]) == Array(all[10..<20]))
        let table = try d.ctl("entity", "list", "--limit", "5")
        #expect(table.stdout.contains("… \(all.count - 5) more: inspectctl entity list --after \(all[4])"), "\(table.stdout)")
    }

    @Test func theNoticesInPages() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-06-29T09:00")  // after the notice hour: the day's notices are sent
        func keys(_ args: String...) throws -> [String] {
            let r = try d.ctl(["notices", "--json"] + args)
            return try #require(try r.json() as? [[String: Any]], "\(r)").compactMap { $0["key"] as? String }
        }
        var all: [String] = []
        for _ in 0..<100 {  // the run goes on after READY=1 at most a moment
            all = try keys()
            if all.count > 12 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(all.count > 12)
        #expect(try keys("--limit", "5") == Array(all.prefix(5)))
        let table = try d.ctl("notices", "--limit", "5")
        let cursor = try #require(table.stdout.split(separator: " ").first { $0.hasPrefix("n") && Int($0.dropFirst()) != nil }.map(String.init), "\(table.stdout)")
        #expect(try keys("--limit", "5", "--after", cursor) == Array(all[5..<10]))
        #expect(try d.ctl("notices", "--after", "x12").exitCode == 65)
    }

    @Test func theDeadlinesInPages() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-09-30T17:00")
        for (i, entity) in ["LS-EMP-001", "LS-EMP-002", "LS-EMP-003"].enumerated() {
            #expect(try d.ctl("case", "file", "--entity", entity, "--date", "2026-09-0\(i + 1)", "--id", "CASE-\(i)").exitCode == 0)
        }
        func keys(_ args: String...) throws -> [String] {
            let r = try d.ctl(["deadlines", "--all", "--json"] + args)
            return try #require(try r.json() as? [[String: Any]], "\(r)").compactMap { $0["key"] as? String }
        }
        let all = try keys()
        #expect(all.count >= 3)
        #expect(try keys("--limit", "1") == Array(all.prefix(1)))
        let table = try d.ctl("deadlines", "--all", "--limit", "1")
        let cursor = try #require(table.stdout.split(separator: " ").first { $0.hasPrefix("d1.") }.map(String.init), "\(table.stdout)")
        #expect(try keys("--limit", "2", "--after", cursor) == Array(all[1..<3]))
        // The case list streams every page.
        #expect(try d.ctl("case", "list", "--json").exitCode == 0)
    }

    /// The year's plan in pages of whole entities: together exactly the plan, no entity split.
    @Test func thePlanInPagesOfWholeEntities() throws {
        let d = try DaemonFixture()
        try d.start()
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(60))
        defer { client.close() }
        let method = ControlInterface.Method.getPlan.qualified
        let whole = try client.call(method: method, parameters: Control.GetPlanRequest(year: 2026), as: Control.Plan.self)
        #expect(whole.next == nil && whole.obligations.count > 100)
        var pages: [[Control.PlannedObligation]] = []
        var after: String?
        repeat {
            let page = try client.call(method: method, parameters: Control.GetPlanRequest(year: 2026, limit: 50, after: after), as: Control.Plan.self)
            pages.append(page.obligations)
            after = page.next
        } while after != nil
        #expect(pages.count > 2)
        #expect(Set(pages.joined().map(\.key)) == Set(whole.obligations.map(\.key)))
        #expect(pages.joined().count == whole.obligations.count)
        let entitiesPerPage = pages.map { Set($0.map(\.entity)) }
        for (i, a) in entitiesPerPage.enumerated() { for b in entitiesPerPage[(i + 1)...] { #expect(a.isDisjoint(with: b)) } }
        // The CSV streams the pages: a header, then one row per obligation.
        let csv = try d.ctl("plan", "2026", "--csv")
        #expect(csv.stdout.split(separator: "\r\n").count == whole.obligations.count + 1)
    }

    /// Filters through indexes: each equals the whole list filtered.
    @Test func filtersNarrowTheListAsTheWholeListFilteredWould() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-06-29T09:00")
        func list(_ args: String...) throws -> [[String: Any]] {
            try #require(try d.ctl(["upcoming", "--within", "400d", "--json"] + args).json() as? [[String: Any]])
        }
        let whole = try list()
        let key = { (o: [String: Any]) in "\(o["rule"] ?? "")/\(o["entity"] ?? "")/\(o["period"] ?? "")" }
        let entities = try #require(try d.ctl("entity", "list", "--json").json() as? [[String: Any]])
        let jurisdictionOf = Dictionary(uniqueKeysWithValues: entities.map { ($0["id"] as! String, $0["jurisdiction"] as! String) })
        let kindOf = Dictionary(uniqueKeysWithValues: entities.map { ($0["id"] as! String, $0["kind"] as! String) })
        #expect(try list("--rule", "C01").map(key) == whole.filter { $0["rule"] as? String == "C01" }.map(key))
        #expect(try list("--jurisdiction", "罗庄区").map(key) == whole.filter { jurisdictionOf[$0["entity"] as! String] == "罗庄区" }.map(key))
        #expect(try list("--kind", "microloan", "--status", "overdue").map(key)
                == whole.filter { kindOf[$0["entity"] as! String] == "microloan" && $0["status"] as? String == "overdue" }.map(key))
        #expect(try list("--supervisor", "S01", "--rule", "C01").map(key)
                == whole.filter { $0["supervisor"] as? String == "S01" && $0["rule"] as? String == "C01" }.map(key))
        #expect(try list("--rule", "C01").count > 0)
        // An office: its supervisors' entities (S01–S04 for 兰山区金融办, in the shipped config),
        // alone, with another filter, and in pages that follow one another.
        let lanshan: Set<String> = ["S01", "S02", "S03", "S04"]
        let office = whole.filter { lanshan.contains($0["supervisor"] as? String ?? "") }.map(key)
        #expect(office.count > 4)
        #expect(try list("--office", "兰山区金融办").map(key) == office)
        #expect(try list("--office", "兰山区金融办", "--rule", "C01").map(key)
                == whole.filter { lanshan.contains($0["supervisor"] as? String ?? "") && $0["rule"] as? String == "C01" }.map(key))
        let firstPage = try list("--office", "兰山区金融办", "--limit", "3")
        #expect(firstPage.map(key) == Array(office.prefix(3)))
        // The notices of an office too (issue 12: a manager's own view).
        let notices = try #require(try d.ctl("notices", "--office", "兰山区金融办", "--json").json() as? [[String: Any]])
        #expect(!notices.isEmpty && notices.allSatisfy { lanshan.contains($0["supervisor"] as? String ?? "") })
        let everyNotice = try #require(try d.ctl("notices", "--json").json() as? [[String: Any]])
        #expect(notices.count == everyNotice.filter { lanshan.contains($0["supervisor"] as? String ?? "") }.count)
        #expect(try d.ctl("notices", "--office", "火星办").exitCode == 65)
        let unknown = try d.ctl("upcoming", "--office", "火星办")
        #expect(unknown.exitCode == 65)
        #expect(unknown.stderr.contains("兰山区金融办"), "\(unknown)")
        #expect(try d.ctl("upcoming", "--rule", "NOPE").exitCode == 65)
        #expect(try d.ctl("upcoming", "--status", "met").exitCode == 65)
    }

    /// The inspections too: by date, in pages, the withdrawn ones marked on each page.
    @Test func inspectionsComeInPages() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let entities = ["LS-PFS-001", "LS-PFS-002", "LS-PFS-003", "LS-PFS-004", "LS-PFS-005"]
        for (i, e) in entities.enumerated() {
            let r = try d.ctl("inspection", "record", "--entity", e, "--date", "2026-03-\(20 - i)", "--kind", "onsite", "--inspectors", "张伟,王芳")
            #expect(r.exitCode == 0, "\(r)")
        }
        let whole = try #require(try d.ctl("inspection", "list", "--json").json() as? [[String: Any]])
        #expect(whole.map { $0["date"] as? String ?? "" } == ["2026-03-16", "2026-03-17", "2026-03-18", "2026-03-19", "2026-03-20"])
        let withdrawnID = try #require(whole[3]["id"] as? Int)
        #expect(try d.ctl("inspection", "withdraw", "\(withdrawnID)", "--reason", "录错").exitCode == 0)

        let table = try d.ctl("inspection", "list", "--limit", "2")
        let more = try #require(table.stdout.split(separator: "\n").last.map(String.init))
        #expect(more.hasPrefix("… 3 more: inspectctl inspection list --after "), "\(table)")
        let cursor = try #require(more.split(separator: " ").first { $0.hasPrefix("i1.") }.map(String.init))
        let rest = try #require(try d.ctl("inspection", "list", "--after", cursor, "--json").json() as? [[String: Any]])
        #expect(rest.map { $0["id"] as? Int } == whole[2...].map { $0["id"] as? Int })
        #expect(rest.map { $0["withdrawn"] as? Bool } == [false, true, false])
        #expect(try d.ctl("inspection", "show", "\(withdrawnID)").stdout.contains("withdrawn"))
        #expect(try d.ctl("inspection", "list", "--after", "o1.garbage").exitCode == 65)
    }

    /// Lifecycle events too: by time, in pages that follow one another.
    @Test func eventsComeInPages() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        for (i, e) in ["LS-PFS-001", "LS-PFS-002", "LS-PFS-003", "LS-PFS-004"].enumerated() {
            let r = try d.ctl("event", "record", "report.delivered", "--entity", e, "--at", "2026-03-\(22 - i)")
            #expect(r.exitCode == 0, "\(r)")
        }
        let whole = try #require(try d.ctl("event", "list", "--json").json() as? [[String: Any]])
        #expect(whole.count == 4)
        #expect(whole.map { $0["at"] as? String ?? "" } == whole.map { $0["at"] as? String ?? "" }.sorted())
        let table = try d.ctl("event", "list", "--limit", "3")
        let more = try #require(table.stdout.split(separator: "\n").last.map(String.init))
        #expect(more.hasPrefix("… 1 more: inspectctl event list --after "), "\(table)")
        let cursor = try #require(more.split(separator: " ").first { $0.hasPrefix("v1.") }.map(String.init))
        let rest = try #require(try d.ctl("event", "list", "--after", cursor, "--json").json() as? [[String: Any]])
        #expect(rest.map { $0["id"] as? Int } == [whole[3]["id"] as? Int])
        let one = try #require(try d.ctl("event", "list", "--entity", "LS-PFS-002", "--json").json() as? [[String: Any]])
        #expect(one.count == 1 && one[0]["entity"] as? String == "LS-PFS-002")
    }
}
