import ChineseTestSupport
import Foundation
import Testing

/// `inspectctl`'s help and ArgumentParser's usage errors under a Chinese locale: every command's
/// help page (`--help`, `-h`, `help COMMAND`) and the usage errors of the command line are
/// Chinese, within 80 display columns; under any other locale they stay as ArgumentParser writes
/// them. No daemon: help and usage errors come before any call.
@Suite("help and usage errors in the caller's language")
struct ChineseHelpTests {
    static let chinese = ["LC_ALL": "zh_CN.UTF-8", "COLUMNS": "80"]
    static let english = ["LC_ALL": "C.UTF-8", "COLUMNS": "80"]

    /// Latin words a Chinese help page keeps beyond `ChineseText.allowed`: values typed
    /// as they are (the report's groupings, the obligation states, the inspection kinds, a
    /// calendar file's `amendments:`, `calendar add`'s `provisional` column, the JSON field
    /// `reminders`), the formats of legal time (Nwd, YYYY-Qn), and names of products and files.
    static let typed: Set<String> = [
        "supervisor", "office", "rule", "kind", "jurisdiction", "month",
        "pending", "due-soon", "due", "overdue",
        "onsite", "patrol", "special", "ad-hoc", "complaint", "follow-up", "offsite", "audit", "annual-review", "review", "filing",
        "rating", "meeting", "assessment", "publication",
        "amendments", "provisional", "reminders",
        "Nwd", "YYYY-Qn",
        "SQLite", "PostgreSQL", "libpq", "Nagios", "Zabbix", "iCalendar", "RULES.md", "MiB", "shell",
    ]

    /// Every command path of inspectctl ("plan show", "inspector leave list"), longest first: a
    /// command to type, where a help page names one or lists its subcommands.
    static let commandPaths: [String] = ((try? ManualPageTests.commandPaths()) ?? []).map { $0.joined(separator: " ") }
        .sorted { $0.count > $1.count }

    /// The names a page may show as they are typed, taken out of `text` before its words are
    /// read: what the caller typed, quoted back in an error (“soon”); a command path, also where
    /// a line breaks inside it; a subcommand's name at the head of its line in a listing; a CSV
    /// file's header (id,name,kind,…).
    static func withoutNames(_ text: String, typedByCaller: [String] = []) -> String {
        var text = text.replacingOccurrences(of: #"[a-z_]+(,[a-z_]+){3,}"#, with: "", options: .regularExpression)
        for argument in typedByCaller.flatMap({ [$0] + $0.split(separator: "=").dropFirst().map(String.init) }) {
            text = text.replacingOccurrences(of: "“\(argument)”", with: "“”")
        }
        for path in commandPaths {
            let words = path.split(separator: " ").map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(separator: #"\s+"#)
            text = text.replacingOccurrences(of: #"(?<![A-Za-z-])"# + words + #"(?![A-Za-z-])"#, with: "", options: .regularExpression)
        }
        return text.replacingOccurrences(of: #"(?m)^  [a-z][a-z-]*(?=（默认）| )"#, with: "  ", options: .regularExpression)
    }

    static func englishWords(_ line: String) -> [String] {
        ChineseText.englishWords(line).filter { word in
            let w = word.trimmingCharacters(in: .punctuationCharacters)
            // An environment variable ($INSPECTD_SOCKET).
            return !typed.contains(w) && !w.hasPrefix("$")
        }
    }

    static func columns(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { $0 + (DisplayColumns.isWide($1) ? 2 : 1) }
    }

    static func run(_ arguments: [String], _ environment: [String: String]) throws -> DaemonFixture.CLIResult {
        let p = try ChildProcess(try BuiltProducts.inspectctl(), arguments: arguments, environment: environment)
        let t = try p.wait(timeout: .seconds(60))
        return DaemonFixture.CLIResult(status: t, stdout: p.standardOutput, stderr: p.standardError)
    }

    /// English words and lines over 80 columns in `text`, each with where it was found.
    static func offences(_ text: String, in command: [String]) -> [String] {
        var found: [String] = []
        for line in withoutNames(text, typedByCaller: command).split(separator: "\n") {
            let words = englishWords(String(line))
            if !words.isEmpty { found.append("\(command.joined(separator: " ")): \(words.joined(separator: " ")) ← \(line)") }
        }
        for line in text.split(separator: "\n") where columns(line) > 80 {
            found.append("\(command.joined(separator: " ")): \(columns(line)) columns ← \(line)")
        }
        return found
    }

    @Test func everyHelpPageIsChinese() throws {
        let commands = [[]] + (try ManualPageTests.commandPaths())
        #expect(commands.count > 40)
        var offenders: [String] = []
        for command in commands {
            let help = try Self.run(command + ["--help"], Self.chinese)
            #expect(help.exitCode == 0, "\(command): \(help)")
            #expect(help.stdout.contains("用法：inspectctl"), "\(command): \(help.stdout)")
            #expect(!help.stdout.contains("USAGE") && !help.stdout.contains("OPTIONS:") && !help.stdout.contains("OVERVIEW"), "\(command)")
            #expect(help.stdout.contains("  -h, --help              显示帮助信息。"), "\(command): \(help.stdout)")
            offenders += Self.offences(help.stdout + help.stderr, in: command + ["--help"])
            // The same page by `-h` and by `inspectctl help COMMAND`.
            #expect(try Self.run(command + ["-h"], Self.chinese).stdout == help.stdout, "\(command) -h")
            if !command.isEmpty && command != ["help"] {
                #expect(try Self.run(["help"] + command, Self.chinese).stdout == help.stdout, "help \(command)")
            }
        }
        #expect(offenders.isEmpty, "English or too wide under zh_CN:\n\(offenders.joined(separator: "\n"))")
    }

    /// The exit statuses are in the Chinese help as in the English one: the same codes, in order.
    @Test func theExitStatusesAreInTheChineseHelp() throws {
        let help = try Self.run(["--help"], Self.chinese)
        let folded = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let sentence = try #require(folded.range(of: "退出状态：").map { folded[$0.upperBound...].prefix { $0 != "。" } }, "\(help.stdout)")
        let pairs = sentence.components(separatedBy: "，").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(pairs.compactMap { Int($0.prefix { $0.isNumber }) } == [0, 1, 64, 65, 69, 73, 74, 75, 77], "\(sentence)")
        #expect(pairs.allSatisfy { $0.split(separator: " ").count == 2 }, "each code with its meaning: \(pairs)")
        let english = try Self.run(["--help"], Self.english)
        #expect(try ManualPageTests.exitStatuses(english.stdout, from: "Exit status:").count == pairs.count)
    }

    /// The command lines ArgumentParser refuses: its sentence, the option's help, the usage and
    /// where to read more, in Chinese; exit 64 (usage) as in English.
    @Test func usageErrorsAreChinese() throws {
        let lines: [(arguments: [String], says: String)] = [
            (["inspection", "record", "--date", "2026-03-01", "--kind", "onsite", "--inspectors", "甲,乙"], "缺少必需的参数“--entity <ID>”"),
            (["entity", "show"], "缺少必需的参数“<编号>”"),
            (["grade", "set", "LS-PFS-001"], "缺少必需的参数“<等级>”"),
            (["upcoming", "--foo"], "未知选项“--foo”"),
            (["upcoming", "--withn", "3"], "是不是要用“--within”？"),
            (["upcoming", "-x"], "未知选项“-x”"),
            (["upcoming", "--within", "soon"], "取值“soon”对“--within <时长>”无效"),
            (["entity", "list", "--limit", "many"], "取值“many”对“--limit <N>”无效"),
            (["inspector", "leave", "withdraw", "first", "--reason", "录入错误"], "取值“first”对“<编号>”无效"),
            (["upcoming", "--within"], "选项“--within <时长>”缺少取值"),
            (["status", "extra"], "多余的参数“extra”"),
            (["status", "one", "two"], "多余的参数 2 个：“one”、“two”"),
            (["upcoming", "--json=yes"], "选项“--json”不带取值，却给出了“yes”。"),
            (["no-such-command"], "多余的参数“no-such-command”"),
            (["report", "--year", "1999"], "错误："),  // our own validation, Chinese already
        ]
        var offenders: [String] = []
        for (arguments, says) in lines {
            let r = try Self.run(arguments, Self.chinese)
            #expect(r.exitCode == 64, "\(arguments): \(r)")
            #expect(r.stderr.hasPrefix("错误：") && r.stderr.contains(says), "\(arguments): \(r.stderr)")
            #expect(r.stderr.contains("用法：inspectctl"), "\(arguments): \(r.stderr)")
            offenders += Self.offences(r.stdout + r.stderr, in: arguments)
        }
        #expect(offenders.isEmpty, "English or too wide under zh_CN:\n\(offenders.joined(separator: "\n"))")
        // An option's help in the error is the command's own, in Chinese.
        let missing = try Self.run(["upcoming", "--within"], Self.chinese)
        #expect(missing.stderr.contains("帮助：--within <时长> 向后看多久："), "\(missing.stderr)")
    }

    /// No help line runs past 80 display columns, in either language: the English texts name the
    /// office's Chinese terms (supervisor (主监管员)), two columns each, and a usage line lists
    /// every option. What may run past is one unbreakable token at its indentation (the CSV
    /// header `entity import` reads).
    @Test func noHelpLineIsWiderThan80Columns() throws {
        let commands = [[]] + (try ManualPageTests.commandPaths())
        var offenders: [String] = []
        for environment in [Self.english, Self.chinese] {
            for command in commands {
                let help = try Self.run(command + ["--help"], environment)
                #expect(help.exitCode == 0, "\(command): \(help)")
                for line in help.stdout.split(separator: "\n") where Self.columns(line) > 80 {
                    if line.split(separator: " ").count == 1 { continue }
                    offenders.append("\(environment["LC_ALL"]!) \(command.joined(separator: " ")): \(Self.columns(line)) columns ← \(line)")
                }
            }
            // A usage error shows the usage too.
            let error = try Self.run(["overdue", "--limit", "0"], environment)
            #expect(error.exitCode == 64, "\(error)")
            for line in error.stderr.split(separator: "\n") where Self.columns(line) > 80 {
                offenders.append("\(environment["LC_ALL"]!) overdue --limit 0: \(Self.columns(line)) columns ← \(line)")
            }
        }
        #expect(offenders.isEmpty, "lines over 80 columns:\n\(offenders.joined(separator: "\n"))")
    }

    /// Under any other locale the help and the errors are ArgumentParser's, in English, with the
    /// commands' English texts.
    @Test func englishStaysEnglish() throws {
        let help = try Self.run(["upcoming", "--help"], Self.english)
        #expect(help.exitCode == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: List open obligations due within a span of days (overdue ones"), "\(help.stdout)")
        for words in ["USAGE: inspectctl upcoming <options>", "OPTIONS:", "  --within <SPAN>         How far ahead: 30d, 2w or a number of days (at most",
                      "(default: 30d)", "  -h, --help              Show help information."] {
            #expect(help.stdout.contains(words), "\(words) in \(help.stdout)")
        }
        let root = try Self.run(["--help"], ["LANG": "en_US.UTF-8", "LC_ALL": "", "COLUMNS": "80"])
        #expect(root.stdout.contains("SUBCOMMANDS:") && root.stdout.contains("See 'inspectctl help <subcommand>' for detailed help."))
        let error = try Self.run(["inspection", "record", "--date", "2026-03-01"], Self.english)
        #expect(error.exitCode == 64)
        #expect(error.stderr.hasPrefix("Error: Missing expected argument '--entity <ID>'\nHelp:  --entity <ID>  The entity id.\nUsage: inspectctl inspection record"),
                "\(error.stderr)")
        #expect(error.stderr.contains("See 'inspectctl inspection record --help' for more information."), "\(error.stderr)")
        // What other programs read stays English whatever the locale: the command tree the manual
        // is made from.
        let dump = try Self.run(["--experimental-dump-help"], Self.chinese)
        #expect(dump.stdout.contains("Query and record the supervision calendar kept by inspectd.") && !dump.stdout.contains("查询和记录"))
        // And the completion scripts the package ships, whatever the packager's locale.
        let fish = try Self.run(["--generate-completion-script", "fish"], Self.chinese)
        #expect(fish.stdout.contains("Print JSON.") && !fish.stdout.contains("以 JSON 输出"), "\(fish.stdout.prefix(400))")
    }
}
