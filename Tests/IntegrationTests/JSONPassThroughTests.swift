import Foundation
import InspectControl
import Testing
import Varlink

/// Issue 26, "whole lists at the daemon's speed": a list's `--json` writes the daemon's items as
/// they came instead of decoding each into a struct and encoding it again. What it prints must
/// mean what the decoded items mean — every list, streamed (`--all`, the default to a pipe) and in
/// pages (`--limit`), over several of the daemon's pages, Chinese text and escapes intact.
@Suite("--json passes the daemon's items through")
struct JSONPassThroughTests {
    /// A name with what JSON escapes (quotes, a backslash) and what it may leave alone (a slash,
    /// Chinese text, a character outside the Basic Multilingual Plane).
    static func name(_ i: Int) -> String { #"临沂市"汇通"\融资/服务 𠀋 第"# + String(format: "%04d", i) + "号" }

    /// 1,100 entities more than the demo's: the directory and the obligations due within 100 days
    /// span several of the daemon's pages of 1,000 (and no more: a debug build decodes slowly).
    func largeOffice() throws -> DaemonFixture {
        let d = try DaemonFixture()
        try d.start(now: "2026-06-29T09:00")
        var csv = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n"
        for i in 0..<1_100 {
            // CSV doubles the quotes of a quoted field.
            csv += "J-\(String(format: "%04d", i)),\"\(Self.name(i).replacingOccurrences(of: "\"", with: "\"\""))\",private-financing-service,兰山区,2015-03-01,,S01,金融服务\n"
        }
        let path = d.directory + "/escapes.csv"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let imported = try d.ctl("entity", "import", path)
        #expect(imported.exitCode == 0, "\(imported)")
        // Findings with a line break, a tab, quotes and a backslash: control characters are escaped.
        let recorded = try d.ctl("inspection", "record", "--entity", "J-0007", "--date", "2026-06-26", "--kind", "onsite", "--inspectors", "张伟,李娜",
                                 "--findings", "第一行\n\t\"台账\"缺失 C:\\档案/2026")
        #expect(recorded.exitCode == 0, "\(recorded)")
        // An event and its deadline, for `event list` and `deadlines`.
        let ordered = try d.ctl("rectification", "order", "--entity", "LS-ML-002", "--date", "2026-06-12", "--rule", "D01")
        #expect(ordered.exitCode == 0, "\(ordered)")
        return d
    }

    /// The items of every page of `method`, decoded into `Page` and encoded again: what
    /// `--json` printed before issue 26, parsed.
    func decodedItems<Request: Encodable, Page: ControlPage>(_ d: DaemonFixture, _ method: String, _ request: Request, as: Page.Type) throws -> NSArray {
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(60))
        defer { client.close() }
        var items: [Any] = []
        try client.stream(try VarlinkCall(method: method, encoding: request)) { reply in
            for item in try reply.decode(Page.self).items {
                items.append(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(item)))
            }
        }
        return items as NSArray
    }

    func printed(_ d: DaemonFixture, _ arguments: [String]) throws -> NSArray {
        let r = try d.ctl(arguments)
        #expect(r.exitCode == 0, "\(r)")
        return try #require(try r.json() as? NSArray, "\(r)")
    }

    @Test func everyListsJSONMeansWhatTheDecodedItemsMean() throws {
        let d = try largeOffice()
        let cases: [(arguments: [String], decoded: NSArray)] = [
            (["upcoming", "--all", "--within", "100d"],
             try decodedItems(d, ControlInterface.Method.listObligations.qualified, Control.ListObligationsRequest(withinDays: 100), as: Control.ObligationList.self)),
            (["overdue", "--all"],
             try decodedItems(d, ControlInterface.Method.listObligations.qualified, Control.ListObligationsRequest(overdueOnly: true), as: Control.ObligationList.self)),
            (["entity", "list"], try decodedItems(d, ControlInterface.Method.listEntities.qualified, Control.ListEntitiesRequest(), as: Control.EntityList.self)),
            (["inspection", "list"],
             try decodedItems(d, Control.LifecycleMethod.listInspections.qualified, Control.ListInspectionsRequest(), as: Control.InspectionList.self)),
            (["event", "list"], try decodedItems(d, Control.LifecycleMethod.listEvents.qualified, Control.ListEventsRequest(), as: Control.EventList.self)),
            (["notices", "--all"], try decodedItems(d, ControlInterface.Method.listNotices.qualified, Control.ListNoticesRequest(), as: Control.NoticeList.self)),
            (["audit"], try decodedItems(d, ControlInterface.Method.listAudit.qualified, Control.ListAuditRequest(), as: Control.AuditList.self)),
            (["deadlines", "--all"],
             try decodedItems(d, Control.LifecycleMethod.listDeadlines.qualified, Control.ListDeadlinesRequest(all: true), as: Control.DeadlineList.self)),
        ]
        for (arguments, decoded) in cases {
            try #require(decoded.count > 0, "\(arguments)")
            // Streamed: the whole list, over the daemon's pages, in one array.
            #expect(try printed(d, arguments + ["--json"]) == decoded, "\(arguments)")
            // In pages of at most 1,000 (`--limit`), joined into one array just the same.
            let limit = min(decoded.count, 1_234)
            // (`deadlines --all` means every state, not every page.)
            let paged = (arguments[0] == "deadlines" ? arguments : arguments.filter { $0 != "--all" }) + ["--limit", "\(limit)", "--json"]
            #expect(try printed(d, paged) == decoded.subarray(with: NSRange(location: 0, length: limit)) as NSArray, "\(paged)")
        }
        #expect(cases[0].decoded.count > 1_000 && cases[2].decoded.count > 1_000, "the lists must span several of the daemon's pages of 1,000")
    }

    @Test func chineseTextAndEscapesPassThroughIntact() throws {
        let d = try largeOffice()
        let entities = try printed(d, ["entity", "list", "--json"]).compactMap { $0 as? [String: Any] }
        let ours = entities.filter { ($0["id"] as? String)?.hasPrefix("J-") == true }
        #expect(ours.count == 1_100)
        for e in ours {
            #expect(e["name"] as? String == Self.name(Int((e["id"] as! String).dropFirst(2))!))
        }
        let upcoming = try printed(d, ["upcoming", "--all", "--within", "100d", "--json"]).compactMap { $0 as? [String: Any] }
            .filter { ($0["entity"] as? String)?.hasPrefix("J-") == true }
        #expect(upcoming.count > 1_000, "\(upcoming.count)")
        for o in upcoming {
            #expect(o["entity_name"] as? String == Self.name(Int((o["entity"] as! String).dropFirst(2))!))
        }
        let inspections = try printed(d, ["inspection", "list", "--entity", "J-0007", "--json"]).compactMap { $0 as? [String: Any] }
        #expect(inspections.first?["findings"] as? String == "第一行\n\t\"台账\"缺失 C:\\档案/2026", "\(inspections)")

        // The text as written: one item to a line, escaped as JSON requires and no more (the
        // slash and the Chinese text as they are), the array closed.
        let text = try d.ctl("inspection", "list", "--entity", "J-0007", "--json").stdout
        #expect(text.hasPrefix("[\n  {") && text.hasSuffix("}\n]\n"), "\(text)")
        #expect(text.contains(#""第一行\n\t\"台账\"缺失 C:\\档案/2026""#), "\(text)")
        // An empty list is still an array.
        #expect(try d.ctl("inspection", "list", "--entity", "LS-PFS-001", "--json").stdout == "[]\n")
    }
}
