import Foundation
import Testing

/// The year turns: the daemon runs from 20 December to 10 January with a notice run every
/// working day, and next year's holiday arrangement arrives mid-way (added and reloaded, as an
/// operator does when the State Council's notice is out). Every due date it moves is announced
/// once, nothing else twice, and deadlines counted in working days across New Year are what an
/// independent count of the published arrangements gives.
@Suite("the year's end: next year's calendar loaded mid-way", .serialized)
struct YearEndTests {
    /// Next year's arrangement, as `calendar import` would write it (a test's own: 元旦 from Friday
    /// 1 January to Sunday 3 January, 春节 with a make-up Sunday before it).
    static let nextYear = """
        # 2027年部分节假日安排 — test data
        year: 2027
        source: 国办发明电〔2026〕9号 (2026-11-10) (test)
        holidays:
          - name: 元旦
            first: 2027-01-01
            last: 2027-01-03
          - name: 春节
            first: 2027-02-06
            last: 2027-02-14
        makeup_workdays:
          - 2027-01-31   # 春节 (星期日上班)
          - 2027-02-20   # 春节 (星期六上班)

        """

    @Test func fromTwentiethDecemberToTenthJanuary() throws {
        let d = try DaemonFixture()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        var days: [String] = []
        var t = try #require(day.date(from: "2026-12-20"))
        while day.string(from: t) <= "2027-01-10" {
            days.append(day.string(from: t))
            t = t.addingTimeInterval(86_400)
        }
        let loadOn = "2026-12-28"
        var preview: [[String: Any]] = []
        var deadlines: [String: String] = [:]  // case id → the independent count's due date
        for today in days {
            // A working day of the office's calendar as it stands that day (weekends only for 2027
            // before the reload; 1 January is a holiday after it).
            let loaded = today >= loadOn
            guard try Self.isWorkingDay(today, with2027: loaded) else { continue }
            try d.start(now: "\(today)T09:00")
            switch today {
            case "2026-12-21":
                // 60 working days (E01): into March, across 元旦 and 春节.
                #expect(try d.ctl("case", "file", "--entity", "LS-EMP-001", "--date", today, "--id", "CASE-YE1").exitCode == 0)
            case "2026-12-22":
                // Closed on the 24th: its referral runs 10 working days (E05), across 1 January.
                #expect(try d.ctl("case", "file", "--entity", "LS-EMP-002", "--date", today, "--id", "CASE-YE2").exitCode == 0)
            case "2026-12-24":
                #expect(try d.ctl("case", "close", "CASE-YE2", "--entity", "LS-EMP-002", "--date", today, "--public-servant").exitCode == 0)
            case loadOn:
                // The notice is out: the operator looks at what it moves, then loads it.
                let file = d.directory + "/2027.yaml"
                try Self.nextYear.write(toFile: file, atomically: true, encoding: .utf8)
                let diff = try #require(try d.ctl("calendar", "diff", file, "--all", "--json").json() as? [String: Any])
                preview = try #require(diff["changes"] as? [[String: Any]])
                try FileManager.default.copyItem(atPath: file, toPath: d.configDirectory + "/calendar/2027.yaml")
                #expect(try d.ctl("reload").exitCode == 0)
                try d.settle()
            default: break
            }
            try d.settle()
            // The day's notice run ran (the notices of every working day are decided).
            let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
            #expect((status["last_notice_run"] as? String ?? "").hasPrefix(today), "\(today): \(status["last_notice_run"] ?? "none")")
            #expect(try d.stop() == .exited(0))
        }

        let log = try d.noticeLog()
        #expect(log.contains { ($0["day"] as? String ?? "") >= "2027-01-04" }, "notices after New Year")
        // Nothing announced twice: each notice key once.
        let keys = log.compactMap { $0["key"] as? String }
        #expect(Set(keys).count == keys.count, "\(Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted().prefix(5))")
        // Every due date the preview said would move was announced once, with its new date; nothing else was.
        let moved = preview.filter { $0["due_before"] as? String != $0["due_after"] as? String }
        #expect(!moved.isEmpty)
        let rescheduled = log.filter { $0["kind"] as? String == "rescheduled" }
        #expect(rescheduled.count == moved.count, "\(rescheduled.map { $0["key"] ?? "" })")
        for m in moved {
            let period = (m["subject"] as? String == "deadline") ? (m["key"] as? String ?? "").split(separator: "/").dropFirst().first.map(String.init) : nil
            let match = rescheduled.filter {
                $0["entity"] as? String == m["entity"] as? String && $0["rule"] as? String == m["rule"] as? String
                    && (period == nil ? ($0["key"] as? String ?? "").hasPrefix((m["key"] as? String ?? "") + "/") : $0["period"] as? String == period)
            }
            #expect(match.count == 1 && match.first?["due"] as? String == m["due_after"] as? String, "\(m)")
        }

        // The deadlines counted in working days across New Year: as an independent count gives them.
        deadlines["CASE-YE1"] = try Self.workingDays(60, after: "2026-12-21")
        deadlines["CASE-YE2"] = try Self.workingDays(10, after: "2026-12-24")
        try d.start(now: "2027-01-08T10:00")
        let listed = try #require(try d.ctl("deadlines", "--all", "--json").json() as? [[String: Any]])
        let e01 = try #require(listed.first { $0["subject"] as? String == "CASE-YE1" && $0["rule"] as? String == "E01" })
        #expect(e01["due"] as? String == deadlines["CASE-YE1"])
        #expect(e01["provisional"] as? Bool != true)
        let e05 = try #require(listed.first { $0["subject"] as? String == "CASE-YE2" && $0["rule"] as? String == "E05" })
        #expect(e05["due"] as? String == deadlines["CASE-YE2"])
        // Both moved with the new year's arrangement, and were announced.
        #expect(preview.contains { ($0["key"] as? String ?? "").contains("CASE-YE2") && $0["due_after"] as? String == deadlines["CASE-YE2"] })
        #expect(try d.stop() == .exited(0))
    }

    // MARK: An independent count

    /// The holidays and make-up working days of the shipped 2026 file and the test's 2027 file,
    /// read line by line (not by the daemon's loader).
    static func arrangements(with2027: Bool) throws -> (holidays: [(String, String)], makeup: Set<String>) {
        var texts = [try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("config/calendar/2026.yaml"), encoding: .utf8)]
        if with2027 { texts.append(nextYear) }
        var holidays: [(String, String)] = []
        var makeup: Set<String> = []
        for text in texts {
            var first: String?
            var inMakeup = false
            for raw in text.split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("makeup_workdays:") { inMakeup = true; continue }
                if line.hasPrefix("first:") { first = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
                if line.hasPrefix("last:"), let f = first { holidays.append((f, String(line.dropFirst(5)).trimmingCharacters(in: .whitespaces))) }
                if inMakeup, line.hasPrefix("- ") { makeup.insert(String(line.dropFirst(2).prefix(10))) }
            }
        }
        return (holidays, makeup)
    }

    static func isWorkingDay(_ iso: String, with2027: Bool) throws -> Bool {
        let a = try arrangements(with2027: with2027)
        if a.makeup.contains(iso) { return true }
        if a.holidays.contains(where: { $0.0 <= iso && iso <= $0.1 }) { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        let weekday = calendar.component(.weekday, from: try #require(f.date(from: iso)))
        return weekday != 1 && weekday != 7
    }

    /// The `n`-th working day after `iso` (counting starts the day after, 民法典 第二百零一条).
    static func workingDays(_ n: Int, after iso: String) throws -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate]
        var t = try #require(f.date(from: iso))
        var left = n
        while left > 0 {
            t = t.addingTimeInterval(86_400)
            if try isWorkingDay(f.string(from: t), with2027: true) { left -= 1 }
        }
        return f.string(from: t)
    }
}
