import Foundation
import Testing

/// `inspectctl report` (issue 14) on a generated half-year of work: its figures agree with `plan`
/// (the schedule's own obligations, counted here independently), the workbook read by openpyxl
/// and the page rendered by headless Chromium show the same figures as `--json`.
@Suite("the manager's report", .serialized)
final class ReportTests {
    let d: DaemonFixture
    var plan: [[String: Any]] = []

    init() throws {
        d = try DaemonFixture()
        try d.start(now: "2026-06-30T09:00")
        // A generated half-year: of the obligations due by today, about half of those an on-site
        // inspection satisfies met (a fifth of them after the due date when the window runs
        // on), a few waived; the rest left open or overdue.
        let year = try #require(try d.ctl("plan", "2026", "--json").json() as? [String: Any])
        let obligations = try #require(year["obligations"] as? [[String: Any]])
        // The rules an on-site inspection satisfies (their demand is an onsite-inspection).
        let rules = try #require(try d.ctl("rules", "list", "--json").json() as? [[String: Any]])
        let onsite = Set(rules.filter { ($0["demand"] as? String)?.hasPrefix("onsite-inspection") == true }.compactMap { $0["id"] as? String })
        let iso = DateFormatter()
        iso.dateFormat = "yyyy-MM-dd"
        iso.timeZone = TimeZone(identifier: "UTC")
        var recorded = 0
        for (i, o) in obligations.enumerated() {
            guard let due = o["due"] as? String, due <= "2026-06-29", let entity = o["entity"] as? String, let key = o["key"] as? String,
                  let start = o["window_start"] as? String, let end = o["window_end"] as? String, let rule = o["rule"] as? String else { continue }
            // Chosen by position, not at random: every run exercises every status.
            switch i % 10 {
            case 0...4 where recorded < 150 && onsite.contains(rule):
                // On the due date, or (every fifth) on the window's last day when that is later.
                let date = (i % 5 == 0 && end > due && end <= "2026-06-29") ? end : max(start, due)
                let notified = iso.string(from: iso.date(from: date)!.addingTimeInterval(-5 * 86_400))
                let r = try d.ctl("inspection", "record", "--entity", entity, "--date", date, "--kind", "onsite", "--inspectors", "张伟,王芳",
                                  "--exception", "测试", "--notified", notified)
                if r.exitCode == 0 { recorded += 1 }
            case 5, 6 where i % 3 == 0:
                #expect(try d.ctl("plan", "waive", key, "--reason", "停业整顿").exitCode == 0)
            default: break
            }
        }
        try d.settle()
        plan = try #require(try d.ctl("plan", "2026", "--json").json() as? [String: Any])["obligations"] as? [[String: Any]] ?? []
    }

    deinit { _ = try? d.stop() }

    func report(_ args: String...) throws -> [String: Any] {
        let r = try d.ctl(["report", "--all-offices", "--json"] + args)
        return try #require(try r.json() as? [String: Any], "\(r)")
    }

    @Test("every figure by supervisor and by month agrees with plan's obligations of the period")
    func agreesWithPlan() throws {
        let r = try report("--year", "2026", "--by", "supervisor")
        let due = plan.filter { ($0["due"] as? String ?? "").hasPrefix("2026") }
        #expect(due.count > 50)
        func count(_ list: [[String: Any]], _ status: String...) -> Int { list.filter { status.contains($0["status"] as? String ?? "") }.count }
        let total = try #require(r["total"] as? [String: Any])
        #expect(total["due"] as? Int == due.count)
        #expect((total["met_on_time"] as? Int ?? 0) + (total["met_late"] as? Int ?? 0) == count(due, "met"))
        #expect(total["overdue"] as? Int == count(due, "overdue"))
        #expect(total["waived"] as? Int == count(due, "waived"))
        #expect(total["open"] as? Int == count(due, "pending", "due-soon", "due"))
        #expect(count(due, "met") > 10 && count(due, "waived") > 0 && count(due, "overdue") > 0, "the generated year exercises every status")
        let groups = try #require(r["groups"] as? [[String: Any]])
        for g in groups {
            let key = try #require(g["key"] as? String)
            let mine = due.filter { (($0["supervisor"] as? String) ?? "-") == key }
            let o = try #require(g["obligations"] as? [String: Any])
            #expect(o["due"] as? Int == mine.count, "\(key)")
            #expect((o["met_on_time"] as? Int ?? 0) + (o["met_late"] as? Int ?? 0) == count(mine, "met"), "\(key)")
            #expect(o["overdue"] as? Int == count(mine, "overdue"), "\(key)")
        }
        // Months: twelve, their sum the total; and the same figures grouped by month.
        let months = try #require(r["months"] as? [[String: Any]])
        #expect(months.count == 12)
        #expect(months.compactMap { ($0["obligations"] as? [String: Any])?["due"] as? Int }.reduce(0, +) == due.count)
        let byMonth = try report("--year", "2026", "--by", "month")
        #expect((byMonth["groups"] as? [[String: Any]])?.compactMap { ($0["obligations"] as? [String: Any])?["due"] as? Int }.reduce(0, +) == due.count)
        // A quarter is a part of the year.
        let q2 = try report("--quarter", "2026-Q2")
        #expect((q2["total"] as? [String: Any])?["due"] as? Int == due.filter { ($0["due"] as? String ?? "") >= "2026-04-01" && ($0["due"] as? String ?? "") <= "2026-06-30" }.count)
        // Sampling: S01 asks 2–3 labor-dispatch companies a year; a draw shows as drawn.
        for (id, name) in [("I1", "张三"), ("I2", "李四"), ("I3", "王五")] { #expect(try d.ctl("inspector", "add", id, "--name", name).exitCode == 0) }
        let draw = try #require(try d.ctl("plan", "draw", "S01", "2026", "--seed", "7", "--json").json() as? [String: Any])
        let sampled = try #require((try report("--year", "2026")["sampling"] as? [[String: Any]])?.first { $0["rule"] as? String == "S01" })
        #expect(sampled["quota_min"] as? Int == 2 && sampled["quota_max"] as? Int == 3, "\(sampled)")
        #expect(sampled["drawn"] as? Int == draw["size"] as? Int && sampled["drawn_entities"] as? Int == draw["entity_count"] as? Int)
        // Refusals name the option.
        #expect(try d.ctl("report", "--quarter", "2026-Q5").exitCode == 64)
        #expect(try d.ctl("report", "--by", "colour").exitCode == 64)
        let long = try d.ctl("report", "--from", "2026-01-01", "--to", "2029-01-01")
        #expect(long.exitCode == 65 && long.stderr.contains("731"), "\(long)")
    }

    @Test("the workbook, read by openpyxl: a sheet per section, title row and header frozen, header bold, counts as numbers, rates as percent cells equal to --json")
    func workbook() throws {
        let path = d.directory + "/report.xlsx"
        let json = try report("--year", "2026", "--xlsx", path)
        let reader = try ChildProcess("/usr/bin/python3", arguments: [
            BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/read_report.py").path, "xlsx", path])
        #expect(try reader.wait() == .exited(0), "\(reader.standardError)")
        let book = try #require(try JSONSerialization.jsonObject(with: Data(reader.standardOutput.utf8)) as? [String: Any])
        #expect(book["sheets"] as? [String] == ["检查义务", "月度", "期限", "抽查", "等级"])
        let sheet = try #require(book["检查义务"] as? [String: Any])
        #expect(sheet["freeze"] as? String == "A3" && sheet["header_bold"] as? Bool == true, "title row and header frozen")
        #expect((sheet["title_row"] as? String)?.contains("截至 2026-06-30") == true, "\(sheet["title_row"] ?? "no title row")")
        let rows = try #require(sheet["rows"] as? [[Any]]), formats = try #require(sheet["formats"] as? [[String]])
        let groups = try #require(json["groups"] as? [[String: Any]])
        #expect(rows.count == groups.count + 1, "a row per group and the total")
        for (i, g) in groups.enumerated() {
            let o = try #require(g["obligations"] as? [String: Any])
            #expect((rows[i][1] as? NSNumber)?.intValue == o["due"] as? Int)
            #expect((rows[i][6] as? NSNumber)?.intValue == o["overdue"] as? Int)
            if let c = o["completion"] as? Double {
                #expect(abs(((rows[i][8] as? NSNumber)?.doubleValue ?? -1) - c) < 1e-9)
                #expect(formats[i][8] == "0.0%")
            }
        }
        #expect((rows.last?[0] as? String) == "合计")
        #expect((book["title"] as? String)?.contains("2026-01-01") == true)
    }

    @Test("the page, rendered by headless Chromium to PNG and PDF: no console errors, every figure equal to --json")
    func page() throws {
        let html = d.directory + "/report.html", png = d.directory + "/report.png", pdf = d.directory + "/report.pdf", dom = d.directory + "/dom.html"
        let json = try report("--year", "2026", "--html", html)
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(!text.contains("http://") || !text.contains("src=\"http"), "no network resources")
        #expect(text.contains("<svg") && text.contains("月度完成率"))
        func chromium(_ args: [String]) throws -> ChildProcess {
            let p = try ChildProcess("/usr/bin/chromium", arguments: ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                                      "--enable-logging=stderr", "--v=0", "--window-size=1280,2000"] + args + ["file://" + html])
            #expect(try p.wait(timeout: .seconds(90)) == .exited(0), "\(p.standardError)")
            #expect(!p.standardError.contains("CONSOLE"), "console messages:\n\(p.standardError.split(separator: "\n").filter { $0.contains("CONSOLE") }.joined(separator: "\n"))")
            return p
        }
        _ = try chromium(["--screenshot=" + png])
        _ = try chromium(["--print-to-pdf=" + pdf, "--no-pdf-header-footer"])
        let dumped = try chromium(["--dump-dom"])
        try dumped.standardOutput.write(toFile: dom, atomically: true, encoding: .utf8)
        #expect(((try? FileManager.default.attributesOfItem(atPath: png)[.size] as? Int) ?? 0) > 20_000)
        #expect((try? Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(5)) == Data("%PDF-".utf8))

        let reader = try ChildProcess("/usr/bin/python3", arguments: [
            BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/read_report.py").path, "dom", dom])
        #expect(try reader.wait() == .exited(0), "\(reader.standardError)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(reader.standardOutput.utf8)) as? [[String]])
        #expect(figures.count > 100)
        let bySupervisor = try report("--year", "2026", "--by", "supervisor")
        for f in figures {
            let expected = try #require(Self.value(f[0], in: json, supervisors: bySupervisor), "no figure \(f[0]) in --json")
            #expect(f[1] == expected, "\(f[0]): page \(f[1]), json \(expected)")
        }
    }

    /// The text the page shows for a `data-figure` path of the JSON report.
    static func value(_ path: String, in r: [String: Any], supervisors: [String: Any]) -> String? {
        let parts = path.split(separator: ".").map(String.init)
        // Rates are fractions in the JSON (0 arrives as an integer), percentages on the page.
        let rate = ["completion", "on_time"].contains(parts.last ?? "")
        func shown(_ v: Any?) -> String? {
            guard let n = v as? NSNumber else { return v == nil ? "—" : nil }
            return rate ? String(format: "%.1f%%", n.doubleValue * 100) : String(n.intValue)
        }
        func group(_ list: Any?, _ key: String, field: String = "key") -> [String: Any]? {
            (list as? [[String: Any]])?.first { $0[field] as? String == key }
        }
        switch parts.first {
        case "total": return shown((r["total"] as? [String: Any])?[parts[1]])
        case "groups": return shown((group(r["groups"], parts[1])?["obligations"] as? [String: Any])?[parts[2]])
        case "months": return shown((group(r["months"], parts[1])?["obligations"] as? [String: Any])?[parts[2]])
        case "supervisor": return shown((group(supervisors["groups"], parts[1])?["obligations"] as? [String: Any])?[parts[2]])
        case "deadlines": return shown(group(r["deadlines"], parts[1], field: "rule")?[parts[2]])
        case "sampling": return shown(group(r["sampling"], parts[1], field: "rule")?[parts[2]])
        case "grades":
            let row = (r["grades"] as? [[String: Any]])?.first { $0["scale"] as? String == parts[1] && $0["level"] as? String == parts[2] }
            return shown(row?[parts[3]])
        default: return nil
        }
    }
}

/// The report's files as an office uses them: printed (a title row on every sheet, numbers as
/// numbers), looked at (every series and every deadline state visible), confirmed when written
/// and refused in one sentence when they cannot be.
@Suite("the report's files", .serialized)
final class ReportFileTests {
    let d: DaemonFixture

    init() throws {
        d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        // A running deadline in the quarter: a rectification order served this month.
        #expect(try d.ctl("rectification", "order", "--entity", "LS-PFS-002", "--date", "2026-03-12", "--rule", "D01").exitCode == 0)
        try d.settle()
    }

    deinit { _ = try? d.stop() }

    /// One entry of the workbook (a zip), as `unzip -p` gives it.
    func entry(_ workbook: String, _ name: String) throws -> String {
        let unzip = try ChildProcess("/usr/bin/unzip", arguments: ["-p", workbook, name])
        #expect(try unzip.wait() == .exited(0), "\(name): \(unzip.standardError)")
        return unzip.standardOutput
    }

    /// The cells of a sheet's XML: reference → (type attribute, value).
    static func cells(_ xml: String) throws -> [String: (type: String?, value: String)] {
        let cell = try NSRegularExpression(pattern: #"<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(?:<v>([^<]*)</v>)?</c>)"#)
        var out: [String: (type: String?, value: String)] = [:]
        for m in cell.matches(in: xml, range: NSRange(xml.startIndex..., in: xml)) {
            func group(_ i: Int) -> String? { Range(m.range(at: i), in: xml).map { String(xml[$0]) } }
            let attributes = group(2) ?? ""
            let type = attributes.range(of: #"t="([a-z]+)""#, options: .regularExpression).map { String(attributes[$0].dropFirst(3).dropLast()) }
            out[group(1)!] = (type, group(3) ?? "")
        }
        return out
    }

    @Test("each sheet opens with a title row saying report, period, office and as of; counts and quotas are numeric cells")
    func workbookForPaper() throws {
        let path = d.directory + "/r.xlsx"
        let r = try d.ctl("report", "--all-offices", "--year", "2026", "--xlsx", path)
        #expect(r.exitCode == 0, "\(r)")
        let strings = try NSRegularExpression(pattern: #"<si><t[^>]*>([^<]*)</t></si>"#)
        let shared = try entry(path, "xl/sharedStrings.xml")
        let table = strings.matches(in: shared, range: NSRange(shared.startIndex..., in: shared)).map { String(shared[Range($0.range(at: 1), in: shared)!]) }
        for sheet in 1...5 {
            let cells = try Self.cells(try entry(path, "xl/worksheets/sheet\(sheet).xml"))
            let a1 = try #require(cells["A1"], "sheet \(sheet) has no A1")
            #expect(a1.type == "s")
            let title = try #require(Int(a1.value).map { table[$0] })
            for part in ["监管绩效报表", "2026-01-01", "2026-12-31", "全部机关", "截至 2026-03-25"] {
                #expect(title.contains(part), "sheet \(sheet)'s title row: \(title)")
            }
        }
        // 抽查: rule, name, periods, then the quota (at least, at most) — numbers, not text.
        let sampling = try Self.cells(try entry(path, "xl/worksheets/sheet4.xml"))
        let quotas = sampling.filter { $0.key.hasPrefix("D") || $0.key.hasPrefix("E") }.filter { Int($0.key.dropFirst())! >= 3 }
        #expect(!quotas.isEmpty, "no sampling rows")
        for (ref, c) in quotas { #expect(c.type == nil && Int(c.value) != nil, "\(ref) is \(c.type ?? "a number") \(c.value)") }
        let header = try Self.cells(try entry(path, "xl/worksheets/sheet4.xml"))["D2"]
        #expect(header.map { table[Int($0.value)!] } == "应抽（至少）")
    }

    @Test("the page: both rate lines visible where they are equal; running deadlines in the deadline chart")
    func pageShowsEverySeriesAndState() throws {
        let path = d.directory + "/r.html"
        #expect(try d.ctl("report", "--all-offices", "--quarter", "2026-Q1", "--html", path).exitCode == 0)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        // Nothing is met in the quarter: both rates are 0 % each month, the lines coincide.
        let line = try NSRegularExpression(pattern: #"<polyline [^>]*stroke-width="([0-9.]+)"( stroke-dasharray="[^"]+")? data-series="([^"]+)""#)
        let lines = line.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { m in
            (width: Double(html[Range(m.range(at: 1), in: html)!])!, dashed: m.range(at: 2).location != NSNotFound, series: String(html[Range(m.range(at: 3), in: html)!]))
        }
        #expect(lines.map(\.series) == ["完成率", "按时率"], "\(lines)")
        if lines.count == 2 {
            #expect(lines[1].width < lines[0].width && lines[1].dashed, "the line drawn on top must leave the one below visible: \(lines)")
        }
        for series in ["完成率", "按时率"] { #expect(html.contains("data-legend=\"\(series)\""), "no legend for \(series)") }
        // D01: one running, none met or overdue: a running part of the bar, and its count.
        let running = try NSRegularExpression(pattern: #"<rect [^>]*width="([0-9.]+)"[^>]*data-state="running""#)
        let widths = running.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { Double(html[Range($0.range(at: 1), in: html)!]) }
        #expect(widths.contains { $0 > 0 }, "no running deadline drawn")
        #expect(html.contains(">0/0/0/1/0</text>") && html.contains("■ 进行中"))
    }

    @Test("a file written is confirmed on stderr; one that cannot be is one sentence naming it and the cause, exit 73, in the caller's language")
    func writingAndFailingToWrite() throws {
        let xlsx = d.directory + "/ok.xlsx", html = d.directory + "/ok.html"
        let ok = try d.ctl("report", "--all-offices", "--xlsx", xlsx, "--html", html)
        #expect(ok.exitCode == 0 && ok.stdout.isEmpty, "\(ok)")
        #expect(ok.stderr == "Wrote the Excel workbook \(xlsx) (5 sheets).\nWrote the HTML page \(html).\n", "\(ok)")

        let missing = try d.ctl("report", "--all-offices", "--xlsx", "/nonexistent/dir/r.xlsx")
        #expect(missing.exitCode == 73, "\(missing)")
        #expect(missing.stderr == "inspectctl: cannot create /nonexistent/dir/r.xlsx: no such directory\n", "\(missing)")
        let zh = try d.ctl(["report", "--all-offices", "--html", "/nonexistent/dir/r.html"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(zh.exitCode == 73 && zh.stderr == "inspectctl: 无法创建 /nonexistent/dir/r.html：目录不存在\n", "\(zh)")

        // A directory the user cannot write: as a user who is not root (root writes anywhere).
        let locked = d.directory + "/locked"
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o555])
        chmod(d.directory, 0o755)
        chmod(d.socketPath, 0o666)
        let asNobody = try ChildProcess("/usr/bin/setpriv", arguments: ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--",
                                                                       try BuiltProducts.inspectctl(), "--socket", d.socketPath,
                                                                       "report", "--all-offices", "--html", locked + "/r.html"],
                                        environment: ["LC_ALL": "C.UTF-8"])
        let t = try asNobody.wait(timeout: .seconds(60))
        if getuid() == 0 {
            #expect(t == .exited(73), "\(asNobody.standardError)")
            #expect(asNobody.standardError == "inspectctl: cannot create \(locked)/r.html: permission denied (the directory or file is not writable for you)\n")
        }
    }
}
