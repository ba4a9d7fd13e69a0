import Foundation
import Testing

/// Under a Chinese locale every word `inspectctl` prints for people is Chinese: labels, values,
/// states, summaries and detail lines. What may stay Latin: ids (entities, rules, cases, draws),
/// dates and numbers, file paths, commands and options the text tells people to type, and JSON.
@Suite("a whole Chinese interface: every command")
struct ChineseEverywhereTests {
    /// Latin words a Chinese reader is expected to meet: commands and options to type, product
    /// and storage names, units of legal time (5wd), the ids the office itself uses.
    static let allowed: Set<String> = ["inspectctl", "inspectd", "sqlite", "postgresql", "wd", "uid", "root", "json", "csv", "ics", "html", "xlsx", "yaml", "UTF"]

    /// The Latin words of `text` that are not ids, paths, options, cursors or allowed names.
    static func englishWords(_ text: String) -> [String] {
        var found: [String] = []
        // A command to type (`inspectctl upcoming --after …`) is what the reader types, not reads.
        let text = text.replacingOccurrences(of: #"inspectctl[^（）；\n]*"#, with: "", options: .regularExpression)
        for token in text.split(whereSeparator: { $0.isWhitespace || "，。：；（）、“”【】《》()[],;:'\"|<>…*→←".contains($0) }) {
            let t = String(token)
            // An id (LS-PFS-001, C01, CASE-2026-1, D-2026-3), a path, an option, a cursor, a date.
            if t.hasPrefix("--") || t.hasPrefix("/") || t.hasPrefix(".") || t.contains("/") || t.contains("@") { continue }
            if t.range(of: #"^[A-Z0-9][A-Z0-9_.+-]*$"#, options: .regularExpression) != nil { continue }
            // A digest (the population's, a draw's snapshot): hexadecimal, an id.
            if t.range(of: #"^[0-9a-f]{8,}$"#, options: .regularExpression) != nil { continue }
            // An event's attribute (rule=D01): its name is an id of the interface.
            if t.range(of: #"^[a-z_]+=\S*$"#, options: .regularExpression) != nil { continue }
            // A method of the control interface (RecordInspection in the audit trail): a name, like an id.
            if t.range(of: #"^[A-Z][a-z]+([A-Z][a-z]+)+$"#, options: .regularExpression) != nil { continue }
            // A rule id with its variant (C05-county, C09-report): the office's own ids.
            if t.range(of: #"^[A-Z][A-Z0-9]*(-[a-z0-9]+)+\*?$"#, options: .regularExpression) != nil { continue }
            if t.range(of: #"^(o1|n|a|d1|c1|v1|l1)\.?[A-Za-z0-9_=-]+$"#, options: .regularExpression) != nil && t.count > 12 { continue }
            if t.range(of: #"^[0-9]"#, options: .regularExpression) != nil { continue }
            let letters = t.filter { $0.isASCII && $0.isLetter }
            guard letters.count >= 3 else { continue }
            if allowed.contains(t.trimmingCharacters(in: .punctuationCharacters)) { continue }
            found.append(t)
        }
        return found
    }

    @Test func everyCommandSpeaksChinese() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        // Some history, so that the lists and details have something to show.
        #expect(try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "张伟,王芳").exitCode == 0)
        #expect(try d.ctl("rectification", "order", "--entity", "LS-ML-002", "--date", "2026-03-12", "--rule", "D01", "--id", "R-ZH").exitCode == 0)
        #expect(try d.ctl("case", "file", "--entity", "LS-EMP-001", "--date", "2026-03-20", "--id", "CASE-ZH").exitCode == 0)
        for n in 1...3 { #expect(try d.ctl("inspector", "add", "I\(n)", "--name", "检查员\(n)").exitCode == 0) }
        #expect(try d.ctl("inspector", "leave", "record", "I1", "--from", "2026-04-01", "--to", "2026-04-03", "--reason", "年休假").exitCode == 0)
        let commands: [[String]] = [
            ["status"], ["whoami"], ["entity", "show", "LS-PFS-001"], ["entity", "list", "--limit", "3"],
            ["explain", "LS-PFS-001"], ["upcoming", "--limit", "5"], ["overdue", "--limit", "5"], ["deadlines"],
            ["notices", "--limit", "5"], ["audit", "--limit", "5"], ["grade", "show", "LS-PFS-001"], ["grade", "explain", "LS-PFS-001"],
            ["rules", "list"], ["inspector", "list"], ["inspection", "list", "--limit", "3"], ["case", "list"], ["rectification", "list"],
            ["plan", "2026", "--jurisdiction", "兰山区"], ["plan", "draws"], ["plan", "visits"], ["plan", "capacity", "2026"],
            ["calendar", "year", "2026", "--config", d.configDirectory], ["calendar", "add", "2026-09-30", "10wd", "--config", d.configDirectory],
            ["calendar", "check", "2026-10-02", "--config", d.configDirectory],
            ["plan", "propose", "--month", "2026-04"], ["plan", "draw", "S01", "2026", "--seed", "7"], ["plan", "show", "D-2026-S01-1"],
            ["plan", "verify", "D-2026-S01-1"], ["inspector", "leave", "list"], ["event", "list", "--limit", "3"],
            ["rectification", "report", "R-ZH", "--entity", "LS-ML-002", "--date", "2026-03-24"],
            // Refusals: the daemon's reason, from its code and values, in Chinese.
            ["deadlines", "--after", "garbage"], ["plan", "propose", "--from", "2026-05-10", "--to", "2026-05-01"],
            ["plan", "capacity", "1999"],
        ]
        var offenders: [String] = []
        for c in commands {
            let r = try d.ctl(c, environment: ["LC_ALL": "zh_CN.UTF-8"])
            for line in (r.stdout + r.stderr).split(separator: "\n") {
                let words = Self.englishWords(String(line))
                if !words.isEmpty { offenders.append("\(c.joined(separator: " ")): \(words.joined(separator: " ")) ← \(line.prefix(120))") }
            }
        }
        let refused = try d.ctl(["plan", "propose", "--from", "2026-05-10", "--to", "2026-05-01"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(refused.exitCode == 65 && refused.stderr.contains("2026-05-01 早于 2026-05-10"), "\(refused)")
        #expect(offenders.isEmpty, "English under zh_CN:\n\(offenders.joined(separator: "\n"))")
        #expect(try d.stop() == .exited(0))
    }
}
