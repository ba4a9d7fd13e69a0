import Foundation
import Testing

/// The manual pages and completions (issue 15): every subcommand of inspectctl is in
/// inspectctl(1), each page renders without a warning (`groff -ww`, as `man -l` renders it), and
/// the completion scripts are generated. A stale page fails here: regenerate with scripts/man.
@Suite("manual pages and completions")
struct ManualPageTests {
    static var manDirectory: URL { BuiltProducts.packageRoot.appendingPathComponent("man") }

    /// Every command path of inspectctl, from its own description of itself.
    static func commandPaths() throws -> [[String]] {
        let dump = try ChildProcess(try BuiltProducts.inspectctl(), arguments: ["--experimental-dump-help"])
        #expect(try dump.wait() == .exited(0))
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.standardOutput.utf8)) as? [String: Any])
        func walk(_ command: [String: Any], _ path: [String]) -> [[String]] {
            ((command["subcommands"] as? [[String: Any]]) ?? []).flatMap { sub -> [[String]] in
                guard let name = sub["commandName"] as? String else { return [] }
                return [path + [name]] + walk(sub, path + [name])
            }
        }
        return walk(try #require(tool["command"] as? [String: Any]), [])
    }

    /// The command paths the page lists: `.It Em NAME` items, nested by their `.Bl` lists.
    static func pagePaths(_ page: String) -> Set<[String]> {
        var depth = 0
        var named: [Int: String] = [:]
        var paths: Set<[String]> = []
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(".Bl") { depth += 1 } else if line.hasPrefix(".El") { depth -= 1; named = named.filter { $0.key <= depth } }
            guard line.hasPrefix(".It Em ") else { continue }
            named = named.filter { $0.key < depth }
            let name = String(line.dropFirst(".It Em ".count))
            paths.insert(named.sorted { $0.key < $1.key }.map(\.value) + [name])
            named[depth] = name
        }
        return paths
    }

    @Test func everySubcommandIsInTheManualPage() throws {
        let page = try String(contentsOf: Self.manDirectory.appendingPathComponent("inspectctl.1"), encoding: .utf8)
        let listed = Self.pagePaths(page)
        let commands = try Self.commandPaths()
        #expect(commands.count > 40)
        let missing = commands.filter { !listed.contains($0) }.map { $0.joined(separator: " ") }
        #expect(missing.isEmpty, "not in man/inspectctl.1 (run scripts/man): \(missing)")
    }

    /// The English help names the office's Chinese terms (supervisor (主监管员), 1–20): the page
    /// has every one of them. The generator drops every character outside ASCII; scripts/man puts
    /// them back (scripts/manual-unicode.py).
    @Test func keepsTheHelpsCharactersOutsideASCII() throws {
        let dump = try ChildProcess(try BuiltProducts.inspectctl(), arguments: ["--experimental-dump-help"])
        #expect(try dump.wait() == .exited(0))
        func texts(_ node: Any) -> [String] {
            if let s = node as? String { return [s] }
            if let a = node as? [Any] { return a.flatMap(texts) }
            if let d = node as? [String: Any] { return d.values.flatMap(texts) }
            return []
        }
        let runs = Set(texts(try JSONSerialization.jsonObject(with: Data(dump.standardOutput.utf8))).flatMap { text in
            text.split(whereSeparator: \.isASCII).map(String.init)
        })
        #expect(runs.contains("主监管员") && runs.contains("–"), "the help's own terms: \(runs.sorted())")
        let page = try String(contentsOf: Self.manDirectory.appendingPathComponent("inspectctl.1"), encoding: .utf8)
        let dropped = runs.filter { !page.contains($0) }.sorted()
        #expect(dropped.isEmpty, "not in man/inspectctl.1 (run scripts/man): \(dropped)")
        // Nor is a text left with its terms cut out: "supervisor () id".
        #expect(!page.contains("()"), "an emptied parenthesis in man/inspectctl.1")
    }

    @Test(arguments: ["inspectctl.1", "inspectd.8", "inspectd.yaml.5"])
    func rendersWithoutWarnings(page: String) throws {
        let groff = try ChildProcess("/usr/bin/groff", arguments: ["-k", "-t", "-ww", "-mandoc", "-Tutf8",
                                                                   Self.manDirectory.appendingPathComponent(page).path])
        #expect(try groff.wait() == .exited(0))
        #expect(groff.standardError.isEmpty, "\(page): \(groff.standardError)")
        #expect(groff.standardOutput.count > 2_000)
    }

    @Test func theConfigurationPageHasEveryKeyOfItsSource() throws {
        let page = try String(contentsOf: Self.manDirectory.appendingPathComponent("inspectd.yaml.5"), encoding: .utf8)
        let source = try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("config/README.md"), encoding: .utf8)
        let keys = source.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) }
        #expect(keys.count > 60)
        // pandoc escapes - and _ in places; compare on the letters and dots.
        func plain(_ s: String) -> String { s.replacingOccurrences(of: "\\-", with: "-").replacingOccurrences(of: "\\f[V]", with: "").replacingOccurrences(of: "\\f[R]", with: "") }
        let text = plain(page)
        let missing = keys.filter { !text.contains($0) }
        #expect(missing.isEmpty, "not in man/inspectd.yaml.5 (run scripts/man): \(missing.prefix(10))")
    }

    /// `N meaning` pairs of an "Exit status" sentence, in their order: whitespace folded, the
    /// parenthesized explanations (README's) dropped, code quotes removed.
    static func exitStatuses(_ text: String, from start: String) throws -> [String] {
        let from = try #require(text.range(of: start), "no \"\(start)\"")
        var plain = "", depth = 0
        for ch in text[from.upperBound...] {
            if ch == "(" { depth += 1; continue }
            if ch == ")" { depth -= 1; continue }
            if depth == 0 { plain.append(ch) }
        }
        plain = plain.replacingOccurrences(of: "`", with: "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let sentence = plain.prefix { $0 != "." }
        return sentence.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func exitStatusesAgreeInHelpManualAndREADME() throws {
        let help = try ChildProcess(try BuiltProducts.inspectctl(), arguments: ["--help"])
        #expect(try help.wait() == .exited(0))
        let page = try String(contentsOf: Self.manDirectory.appendingPathComponent("inspectctl.1"), encoding: .utf8)
        let readme = try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let fromHelp = try Self.exitStatuses(help.standardOutput, from: "Exit status:")
        #expect(fromHelp.compactMap { Int($0.prefix { $0.isNumber }) } == [0, 1, 64, 65, 69, 73, 74, 75, 77], "\(fromHelp)")
        #expect(fromHelp.allSatisfy { $0.contains(" ") }, "each code with its meaning: \(fromHelp)")
        #expect(try Self.exitStatuses(page, from: "Exit status:") == fromHelp, "man/inspectctl.1 (run scripts/man)")
        #expect(try Self.exitStatuses(readme, from: "Exit status (sysexits.h):") == fromHelp, "README.md")
    }

    /// `report --help` wraps as one text: each line of a paragraph that goes on is filled to the
    /// width, no short remnant of a hard line break inside a paragraph.
    @Test func reportHelpWrapsItsParagraphs() throws {
        let help = try ChildProcess(try BuiltProducts.inspectctl(), arguments: ["report", "--help"], environment: ["COLUMNS": "80"])
        #expect(try help.wait() == .exited(0))
        let top = help.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.hasPrefix("USAGE:") }
        #expect(top.count > 4)
        for (line, next) in zip(top, top.dropFirst()) where !line.isEmpty && !next.isEmpty {
            #expect(line.count >= 60, "a short line inside a paragraph: \"\(line)\"")
        }
    }

    /// A manual read on an installed system points only to what the package installs: no path
    /// relative to a source checkout, and each file under /usr/share/doc/inspectd in the package's
    /// documents (packaging/debian/inspectd.docs, staged by scripts/package).
    @Test(arguments: ["inspectctl.1", "inspectd.8", "inspectd.yaml.5"])
    func pointsOnlyToInstalledFiles(page: String) throws {
        let text = try String(contentsOf: Self.manDirectory.appendingPathComponent(page), encoding: .utf8)
        let relative = try NSRegularExpression(pattern: #"(^|[^.&])\.\./[A-Za-z]"#)  // not an ellipsis (`\&.../listen`)
        #expect(relative.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil, "\(page) points into a source checkout")
        let docs = try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("packaging/debian/inspectd.docs"), encoding: .utf8)
        let installed = Set(docs.split(separator: "\n").map { $0.split(separator: "/").last.map(String.init) ?? "" })
        let named = try NSRegularExpression(pattern: #"/usr/share/doc/inspectd/([A-Za-z0-9_.-]+[A-Za-z0-9])"#)
        for m in named.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let file = String(text[Range(m.range(at: 1), in: text)!])
            #expect(installed.contains(file), "\(page) names /usr/share/doc/inspectd/\(file), which the package does not install")
        }
    }

    /// The rules catalogue the package ships is the project's shared one, where a checkout has it beside.
    @Test func theShippedRulesCatalogueIsTheSharedOne() throws {
        let shipped = try Data(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("docs/RULES.md"))
        let shared = BuiltProducts.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/domain/RULES.md")
        guard let original = try? Data(contentsOf: shared) else { return }
        #expect(shipped == original, "docs/RULES.md differs from \(shared.path): copy it again")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScripts(shell: String) throws {
        let script = try ChildProcess(try BuiltProducts.inspectctl(), arguments: ["--generate-completion-script", shell])
        #expect(try script.wait() == .exited(0))
        #expect(script.standardOutput.contains("report") && script.standardOutput.contains("upcoming"))
        if shell == "bash" {
            let path = NSTemporaryDirectory() + "inspectctl-completion-\(UUID().uuidString).bash"
            try script.standardOutput.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let check = try ChildProcess("/bin/bash", arguments: ["-n", path])
            #expect(try check.wait() == .exited(0), "\(check.standardError)")
        }
    }
}

/// Issue 15, "Chinese interface", end to end: under `LANG=zh_CN.UTF-8` the tables, status words,
/// summaries and errors are Chinese; the JSON is the same bytes as in English.
@Suite("inspectctl in Chinese")
struct ChineseOutputTests {
    @Test func tablesStatusWordsAndErrorsInChineseJSONUnchanged() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let zh = ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""]
        let table = try d.ctl(["upcoming", "--within", "30d"], environment: zh)
        #expect(table.exitCode == 0, "\(table)")
        let header = try #require(table.stdout.split(separator: "\n").first { $0.contains("到期日") }, "\(table.stdout)")
        #expect(header.contains("状态") && header.contains("规则") && header.contains("对象"))
        #expect(table.stdout.contains("逾期") && !table.stdout.contains(" overdue "), "\(table.stdout)")
        let english = try d.ctl(["upcoming", "--within", "30d"])
        #expect(english.stdout.contains("DUE") && english.stdout.contains("overdue"))
        #expect(try d.ctl(["upcoming", "--within", "30d", "--json"], environment: zh).stdout == (try d.ctl(["upcoming", "--within", "30d", "--json"]).stdout))
        let status = try d.ctl(["status"], environment: zh)
        #expect(status.stdout.contains("检查义务") && status.stdout.contains("机关"), "\(status.stdout)")
        let missing = try d.ctl(["entity", "show", "NO-SUCH"], environment: zh)
        #expect(missing.exitCode == 65 && missing.stderr.contains("没有该监管对象：NO-SUCH"), "\(missing)")
        let recorded = try d.ctl(["inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite",
                                  "--inspectors", "张伟,王芳"], environment: zh)
        #expect(recorded.exitCode == 0 && recorded.stdout.contains("已记录检查"), "\(recorded)")
        let refused = try d.ctl(["entity", "show", "NO-SUCH"])
        #expect(refused.stderr.contains("no such entity: NO-SUCH"), "\(refused)")
        #expect(try d.stop() == .exited(0))
    }
}
