import ChineseTestSupport
import Foundation
import PostgresTestSupport
import Testing

/// Under a Chinese locale every word `inspectctl` prints for people is Chinese: labels, values,
/// states, summaries and detail lines. What may stay Latin: ids (entities, rules, cases, draws),
/// dates and numbers, file paths, commands and options the text tells people to type, and JSON.
@Suite("a whole Chinese interface: every command")
struct ChineseEverywhereTests {
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
            // More refusals with codes: a draw's rule and period, a cap, a lifecycle event, an entry check.
            ["plan", "draw", "NOPE", "2026"], ["plan", "draw", "S01", "2026-Q1"], ["plan", "draw", "S01", "2026"],
            ["rectification", "verify", "R-NONE", "--entity", "LS-ML-002", "--accepted"],
            ["rectification", "report", "R-ZH", "--entity", "LS-FG-001", "--date", "2026-03-24"],
            ["inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-21", "--kind", "onsite", "--inspectors", "张伟"],
            ["inspector", "add", "I 9", "--name", "检查员"], ["inspector", "set", "I1", "--kind", "a b"],
            ["report", "--office", "外地局"],
            // A usage error of the CLI's own (exit 64): its sentence, and ArgumentParser's frame, in Chinese.
            ["deadlines", "--overdue", "--lapsed"], ["report", "--year", "1999"],
            // Lookups of what is not there.
            ["entity", "show", "NO-SUCH"], ["explain", "LS-PFS-001", "Z99"],
        ]
        var offenders: [String] = []
        func walk(_ commands: [[String]]) throws {
            for c in commands {
                let r = try d.ctl(c, environment: ["LC_ALL": "zh_CN.UTF-8"])
                // WALK_DUMP=1 prints every command and what it printed, to read the walk as a person would.
                if ProcessInfo.processInfo.environment["WALK_DUMP"] != nil { print("$ \(c.joined(separator: " "))\n\(r.stdout)\(r.stderr)") }
                for line in (r.stdout + r.stderr).split(separator: "\n") {
                    let words = ChineseText.englishWords(String(line))
                    if !words.isEmpty { offenders.append("\(c.joined(separator: " ")): \(words.joined(separator: " ")) ← \(line.prefix(120))") }
                }
            }
        }
        try walk(commands)
        // The commands that change what the ones above listed: visits applied, explained, moved and
        // cancelled; plans, waivers, leave, events, grades, corrections, a simulation, a reload.
        #expect(try d.ctl("plan", "propose", "--month", "2026-04", "--apply").exitCode == 0)
        let visit = try #require((try d.ctl("plan", "visits", "--json").json() as? [[String: Any]])?.first?["id"] as? Int)
        let inspection = try #require((try d.ctl("inspection", "list", "--json").json() as? [[String: Any]])?.first?["id"] as? Int)
        let leave = try #require((try d.ctl("inspector", "leave", "list", "--json").json() as? [[String: Any]])?.first?["id"] as? Int)
        let key = try #require((try d.ctl("upcoming", "--all", "--within", "60", "--json").json() as? [[String: Any]])?
            .first { $0["status"] as? String != "overdue" }.map { "\($0["rule"]!)/\($0["entity"]!)/\($0["period"]!)" })
        try walk([
            ["plan", "explain", "\(visit)"], ["plan", "visit", "move", "\(visit)", "--date", "2026-04-09"], ["plan", "explain", "\(visit)"],
            ["plan", "visit", "cancel", "\(visit)", "--reason", "企业停业"],
            ["plan", "set", key, "--date", "2026-04-10"], ["plan", "clear", key], ["plan", "waive", key, "--reason", "停业整顿"],
            ["inspection", "show", "\(inspection)"], ["inspection", "withdraw", "\(inspection)", "--reason", "录入错误"],
            ["inspector", "set", "I2", "--jurisdiction", "兰山区", "--kind", "microloan"], ["inspector", "conflict", "I3", "LS-PFS-001", "--reason", "近亲属任职"],
            ["inspector", "leave", "withdraw", "\(leave)", "--reason", "取消休假"],
            ["rules", "show", "C01"], ["grade", "set", "LS-PFS-001", "II", "--reason", "复查合格"], ["grade", "history", "LS-PFS-001"],
            ["case", "transfer", "CASE-ZH", "--entity", "LS-EMP-001", "--date", "2026-03-23"],
            ["event", "record", "report.delivered", "--entity", "LS-ML-001", "--subject", "RPT-ZH", "--at", "2026-03-20"],
            ["rectification", "follow-up", "R-ZH", "--entity", "LS-ML-002", "--date", "2026-03-25"],
            ["simulate", "--from", "2026-03-26", "--to", "2026-03-27"], ["reload"],
        ])
        // A case's whole course (supervised, extended twice, closed) and an extended rectification,
        // each with the refusal a person meets most: a second E01 extension, a deadline past 2 months.
        #expect(try d.ctl("case", "file", "--entity", "LS-EMP-002", "--date", "2026-03-02", "--id", "CASE-ZH2").exitCode == 0)
        #expect(try d.ctl("rectification", "order", "--entity", "LS-ML-001", "--date", "2026-03-16", "--rule", "D01", "--id", "R-ZH2").exitCode == 0)
        try walk([
            ["case", "supervise", "CASE-ZH2", "--entity", "LS-EMP-002", "--date", "2026-03-05", "--deadline", "2026-08-30"],
            ["case", "supervise", "CASE-ZH2", "--entity", "LS-EMP-002", "--date", "2026-03-05", "--deadline", "2026-04-30"],
            ["case", "extend", "CASE-ZH2", "--entity", "LS-EMP-002", "--date", "2026-03-10", "--approval", "兰司督〔2026〕1号", "--rule", "E02", "--by", "20d"],
            ["case", "extend", "CASE-ZH2", "--entity", "LS-EMP-002", "--date", "2026-03-11", "--approval", "兰司批〔2026〕2号", "--rule", "E01"],
            ["case", "extend", "CASE-ZH2", "--entity", "LS-EMP-002", "--date", "2026-03-12", "--approval", "兰司批〔2026〕3号", "--rule", "E01"],
            ["case", "list", "--entity", "LS-EMP-002"], ["deadlines", "--entity", "LS-EMP-002"],
            ["case", "close", "CASE-ZH2", "--entity", "LS-EMP-002", "--date", "2026-03-24", "--public-servant"],
            ["rectification", "extend", "R-ZH2", "--entity", "LS-ML-001", "--date", "2026-03-20", "--by", "30d", "--approval", "兰司批〔2026〕4号"],
            ["rectification", "extend", "R-ZH2", "--entity", "LS-ML-001", "--date", "2026-03-20", "--by", "3x"],
            ["rectification", "list", "--entity", "LS-ML-001"], ["deadlines", "--all"],
        ])
        // What a holiday calendar file would move (the running year's own: nothing), and a file that is not one.
        let notes = d.directory + "/notes.txt"
        try "year: 2027\n".write(toFile: notes, atomically: true, encoding: .utf8)
        try walk([["calendar", "diff", d.configDirectory + "/calendar/2026.yaml"], ["calendar", "diff", notes]])
        let event = try #require((try d.ctl("event", "list", "--subject", "RPT-ZH", "--json").json() as? [[String: Any]])?.first?["id"] as? Int)
        try walk([["event", "correct", "\(event)", "--subject", "RPT-ZH", "--entity", "LS-ML-001", "--reason", "录入错误"]])
        let usage = try d.ctl(["deadlines", "--overdue", "--lapsed"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(usage.exitCode == 64 && usage.stderr.hasPrefix("错误：--overdue、--lapsed、--closed、--all 最多给出一个") && usage.stderr.contains("用法："),
                "\(usage)")
        let refused = try d.ctl(["plan", "propose", "--from", "2026-05-10", "--to", "2026-05-01"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(refused.exitCode == 65 && refused.stderr.contains("2026-05-01 早于 2026-05-10"), "\(refused)")
        #expect(offenders.isEmpty, "English under zh_CN:\n\(offenders.joined(separator: "\n"))")
        #expect(try d.stop() == .exited(0))
    }

    /// The rest of the interface under zh_CN: configuration check, exports and reports, dead
    /// letters and `status --check`'s one line, a call refused for its role, `storage copy` (and
    /// its refusals), and the daemon's own start-up error.
    @Test func theRestSpeaksChineseToo() throws {
        let d = try DaemonFixture()
        // A channel that always fails, without retries: the day's notices become dead letters.
        try d.editConfig("inspectd.yaml", replacing: "  # hook:\n  #   command: /usr/local/libexec/inspectd-sms   # absolute path to an executable",
                         with: "  hook:\n    command: /bin/false\n    retries: 0\n  #")
        try d.start(now: "2026-03-25T09:00")
        var dead = 0
        for _ in 0..<300 where dead == 0 {
            dead = (try? d.ctl("notices-dead", "--json").json() as? [Any])?.count ?? 0
            if dead == 0 { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(dead > 0)
        let ics = d.directory + "/office.ics", html = d.directory + "/report.html", xlsx = d.directory + "/report.xlsx"
        let commands: [[String]] = [
            ["config", "check", d.configDirectory], ["export", "ics", "--all", "--output", ics],
            ["report"], ["report", "--month", "2026-03", "--by", "rule"], ["report", "--year", "2026", "--html", html, "--xlsx", xlsx],
            ["report", "--html", "/nonexistent/dir/r.html"],
            ["notices-dead"], ["notices", "retry", "--all-dead"], ["status", "--check"], ["status"],
            ["storage", "copy", "--from", d.directory + "/no-such.sqlite", "--to", "postgresql://x@127.0.0.1:1/x"],
        ]
        var offenders: [String] = []
        func walk(_ c: [String], _ r: DaemonFixture.CLIResult) {
            for line in (r.stdout + r.stderr).split(separator: "\n") {
                let words = ChineseText.englishWords(String(line))
                if !words.isEmpty { offenders.append("\(c.joined(separator: " ")): \(words.joined(separator: " ")) ← \(line.prefix(160))") }
            }
        }
        for c in commands { walk(c, try d.ctl(c, environment: ["LC_ALL": "zh_CN.UTF-8"])) }
        let check = try d.ctl(["status", "--check"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(check.exitCode == 1 && check.stdout.split(separator: "\n").count == 1 && check.stdout.hasPrefix("inspectd 警告：放弃的通知："), "\(check)")
        #expect(try d.ctl("status", "--check").stdout.hasPrefix("inspectd WARNING: dead_letters: "), "English stays for other monitors")
        // A call the caller's role does not allow (root only: runs inspectctl as nobody).
        if getuid() == 0 {
            chmod(d.directory, 0o755)
            chmod(d.socketPath, 0o666)
            let p = try ChildProcess("/usr/bin/setpriv", arguments: ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--",
                                                                    try BuiltProducts.inspectctl(), "--socket", d.socketPath, "reload"],
                                     environment: ["LC_ALL": "zh_CN.UTF-8"])
            #expect(try p.wait(timeout: .seconds(30)) == .exited(77), "\(p.standardError)")
            #expect(p.standardError.contains("无权操作"), "\(p.standardError)")
            walk(["reload (as nobody)"], DaemonFixture.CLIResult(status: .exited(77), stdout: p.standardOutput, stderr: p.standardError))
        }
        #expect(try d.stop() == .exited(0))

        // storage copy into PostgreSQL, then again into the same database (refused: it holds facts).
        let sqlite = d.stateDirectory + "/inspectd.sqlite"
        if FileManager.default.fileExists(atPath: sqlite) {
            let database = try PostgresServer.shared().createDatabase()
            let copy = try d.ctl(["storage", "copy", "--from", sqlite, "--to", database], environment: ["LC_ALL": "zh_CN.UTF-8"])
            #expect(copy.exitCode == 0 && copy.stdout.contains("已复制并核对"), "\(copy)")
            // Each table's line begins with its name in the database.
            walk(["storage", "copy"], DaemonFixture.CLIResult(status: copy.status, stdout: copy.stdout.replacingOccurrences(
                of: #"(?m)^[a-z_]+ "#, with: "", options: .regularExpression), stderr: copy.stderr))
            let again = try d.ctl(["storage", "copy", "--from", sqlite, "--to", database], environment: ["LC_ALL": "zh_CN.UTF-8"])
            #expect(again.exitCode == 65 && again.stderr.contains("目标数据库已有数据"), "\(again)")
            walk(["storage", "copy (again)"], again)
        }

        // The daemon's own start-up error: one line, in the locale's language, the database's own
        // message quoted after 数据库：.
        let p = try d.startAgainstUnreachableDatabase(locale: "zh_CN.UTF-8")
        #expect(try p.wait(timeout: .seconds(60)) == .exited(1))
        let lines = p.standardError.split(separator: "\n").filter { $0.hasPrefix("inspectd：") }
        #expect(lines.count == 1 && lines.first?.hasPrefix("inspectd：无法启动：无法连接数据库服务器") == true, "\(p.standardError)")
        for line in lines {
            let words = ChineseText.englishWords(line.replacingOccurrences(of: #"数据库：[^）]*"#, with: "", options: .regularExpression))
            if !words.isEmpty { offenders.append("inspectd start: \(words.joined(separator: " ")) ← \(line.prefix(160))") }
        }
        #expect(offenders.isEmpty, "English under zh_CN:\n\(offenders.joined(separator: "\n"))")
    }

    /// Problems in files under zh_CN: an entity directory's bad rows, a calendar notice and a
    /// calendar file, a configuration broken for `reload`, `config check` and the daemon's start.
    /// Each reads Chinese from its code: what may stay Latin is what the reader looks up in the
    /// file — its path and line, the column or key (`rules[0].cadence.per`), the values it
    /// quotes (“microlaon”) and the values it lists as allowed.
    @Test func problemsInFilesSpeakChinese() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let zh = ["LC_ALL": "zh_CN.UTF-8"]
        var offenders: [String] = []
        func check(_ c: [String], _ r: DaemonFixture.CLIResult) {
            for line in (r.stdout + r.stderr).split(separator: "\n") {
                let words = ChineseText.englishWords(ChineseText.withoutFileWords(String(line)))
                if !words.isEmpty { offenders.append("\(c.joined(separator: " ")): \(words.joined(separator: " ")) ← \(line.prefix(200))") }
            }
        }
        @discardableResult
        func run(_ c: [String], exit: Int32, saying expected: String = "") throws -> DaemonFixture.CLIResult {
            let r = try d.ctl(c, environment: zh)
            #expect(r.exitCode == exit && (expected.isEmpty || (r.stdout + r.stderr).contains(expected)), "\(c.joined(separator: " ")): \(r)")
            check(c, r)
            return r
        }
        func file(_ name: String, _ text: String) throws -> String {
            let path = d.directory + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let header = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n"
        let good = "NEW-1,新公司甲,private-financing-service,兰山区,2025-05-05,,S01,金融\n"

        // The entity directory: a good file, and one bad row of each kind.
        try run(["entity", "import", try file("good.csv", header + good)], exit: 0)
        let bad: [(String, String, String)] = [
            ("kind.csv", header + good + "NEW-2,新公司乙,microlaon,兰山区,2025-05-05,,S01,金融\n", "kind.csv:3：kind：未知类别“microlaon”"),
            ("date.csv", header + "NEW-3,新公司丙,microloan,兰山区,2025-13-05,,S01,金融\n", "date.csv:2：approved_on：“2025-13-05”不是日期"),
            ("twice.csv", header + good + good, "twice.csv:3：id：“NEW-1”已在第 2 行使用"),
            ("column.csv", "id,name,kind,approved_on\nNEW-4,新公司丁,microloan,2025-05-05\n", "column.csv:1：jurisdiction：缺少此列"),
            ("supervisor.csv", header + "NEW-5,新公司戊,microloan,兰山区,2025-05-05,,S99,金融\n", "supervisor.csv:2：supervisor：没有主监管员“S99”"),
            ("fields.csv", header + "NEW-6,新公司己,microloan\n", "fields.csv:2：有 3 个字段，但表头有 8 个"),
        ]
        for (name, text, expected) in bad { try run(["entity", "import", try file(name, text)], exit: 65, saying: expected) }
        // A file that is not there, and one that is not UTF-8 (a spreadsheet saved as GBK).
        let gbk = d.directory + "/gbk.csv"
        try Data(header.utf8 + [0xD0, 0xC2, 0xB9, 0xAB, 0xCB, 0xBE, 0x0A]).write(to: URL(fileURLWithPath: gbk))
        try run(["entity", "import", d.directory + "/absent.csv"], exit: 65, saying: "absent.csv：无法读取文件")
        try run(["entity", "import", gbk], exit: 65, saying: "gbk.csv：不是 UTF-8 文本")
        try run(["calendar", "import", d.directory + "/absent.txt"], exit: 1, saying: "无法读取")
        try run(["calendar", "import", gbk], exit: 65, saying: "不是 UTF-8 文本")

        // A calendar notice (offline): the State Council's text, as published, and one misread.
        let notices = BuiltProducts.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/calendar-notices")
        if FileManager.default.fileExists(atPath: notices.path) {
            try run(["calendar", "import", notices.appendingPathComponent("2026.txt").path, "--output", d.directory], exit: 0)
            let misread = try String(contentsOf: notices.appendingPathComponent("2024.txt"), encoding: .utf8)
                .replacingOccurrences(of: "4月7日（星期日）", with: "4月7日（星期一）")
            try run(["calendar", "import", try file("bad-notice.txt", misread)], exit: 65, saying: "2024-04-07 是星期日，不是星期一")
        }
        // A calendar file: amended offline, and what it would move, asked of the daemon.
        let amendment = try file("amend.txt", """
            国务院办公厅关于延长2020年春节假期的通知
            国办发明电〔2020〕1号
            一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。
            国务院办公厅
            2020年1月26日
            """)
        try run(["calendar", "import", amendment, "--amend", try file("2020.yaml", "year: 2020\nsource: 国办发明电〔2019〕16号\nholidays: []\n")],
                exit: 65, saying: "2020.yaml:3：holidays：节假日列表为空")
        let badCalendar = try file("2027.yaml", "year: 2027\nsource: 国办发明电〔2026〕1号\nholidays:\n  - { name: 元旦, first: 2027-01-03, last: 2027-01-01 }\n")
        try run(["calendar", "diff", badCalendar], exit: 1, saying: "2027.yaml:4：holidays[0].last：2027-01-01 早于“first”（2027-01-03）")
        try run(["calendar", "diff", try file("2028.yaml", "year: 2028\nsource: x\nholidays: []\nmakeup_workdays: [2028-01-05]\n")], exit: 1, saying: "节假日列表为空")

        // The configuration, broken: reload keeps the running one; config check lists every problem.
        try d.editConfig("inspectd.yaml", replacing: "timezone: Asia/Shanghai", with: "timezone: Mars/Olympus")
        try run(["reload"], exit: 1, saying: "office.timezone：未知时区“Mars/Olympus”")
        try d.editConfig("inspectd.yaml", replacing: "timezone: Mars/Olympus", with: "timezone: Asia/Shanghai")
        try d.editConfig("rules/financial.yaml", replacing: "cadence: { at_least: 1, per: month }", with: "cadence: { at_least: 1, per: weekly }")
        try run(["reload"], exit: 1, saying: "per：“weekly”不是以下之一：")
        try d.editConfig("inspectd.yaml", replacing: "  since: 2026-01-01", with: "  since: 2026-02-30\n  sometime: soon")
        try run(["config", "check", d.configDirectory], exit: 65, saying: "处错误")
        let checked = try d.ctl(["config", "check", d.configDirectory], environment: zh)
        #expect(checked.stderr.contains("schedule.sometime：未知的键"), "\(checked)")
        try d.editConfig("calendar/2026.yaml", replacing: "year: 2026", with: "year: 2025")
        try run(["calendar", "year", "2026", "--config", d.configDirectory], exit: 1, saying: "无法加载节假日安排：")
        #expect(try d.stop() == .exited(0))

        // The daemon's own start with that configuration: one line, in Chinese.
        let p = try ChildProcess(try BuiltProducts.inspectd(), arguments: [
            "--config", d.configDirectory, "--state-dir", d.stateDirectory, "--socket", d.socketPath,
        ], environment: ["NOTIFY_SOCKET": d.notify.path, "INSPECTD_LOG_TARGET": "stderr", "LC_ALL": "zh_CN.UTF-8"])
        #expect(try p.wait(timeout: .seconds(60)) == .exited(78))
        let lines = p.standardError.split(separator: "\n").filter { $0.hasPrefix("inspectd") }
        #expect(lines.count == 1 && lines.first?.hasPrefix("inspectd：配置无效：") == true, "\(p.standardError)")
        for line in lines { check(["inspectd (start)"], DaemonFixture.CLIResult(status: .exited(78), stdout: String(line), stderr: "")) }
        #expect(offenders.isEmpty, "English under zh_CN:\n\(offenders.joined(separator: "\n"))")
    }

    /// What the other walks do not reach under zh_CN: a socket where no daemon listens (a call, an
    /// import), a daemon that dies before it answers a write (the request sent again), an
    /// inspection that is not there, `calendar add -` with bad lines on standard input, a year
    /// without its holiday arrangement, output files that cannot be written, a draw's list and
    /// the rest of its entities. Every line, the `inspectctl:` ones included, is Chinese.
    @Test func connectionsInputsAndFilesSpeakChinese() throws {
        let d = try DaemonFixture()
        let marker = d.directory + "/crashed-once"
        try d.start(now: "2026-03-25T09:00", environment: ["INSPECTD_TEST_CRASH_AT": "after-record", "INSPECTD_TEST_CRASH_ONCE": marker])
        let zh = ["LC_ALL": "zh_CN.UTF-8"]
        var offenders: [String] = []
        func check(_ c: [String], _ r: DaemonFixture.CLIResult) {
            for line in (r.stdout + r.stderr).split(separator: "\n") {
                let words = ChineseText.englishWords(String(line))
                if !words.isEmpty { offenders.append("\(c.joined(separator: " ")): \(words.joined(separator: " ")) ← \(line.prefix(200))") }
            }
        }
        @discardableResult
        func run(_ c: [String], socket: String? = nil, exit: Int32, saying expected: String) throws -> DaemonFixture.CLIResult {
            let r = try d.ctl(c, socket: socket, environment: zh)
            #expect(r.exitCode == exit && (r.stdout + r.stderr).contains(expected), "\(c.joined(separator: " ")): \(r)")
            check(c, r)
            return r
        }

        // The daemon dies after recording an inspection and before answering: inspectctl says it
        // sends the request again, and once the daemon is back, what was recorded.
        let crashed = try #require(d.process)
        let cli = try ChildProcess(try BuiltProducts.inspectctl(), arguments: [
            "--socket", d.socketPath, "inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite",
            "--inspectors", "张伟,王芳",
        ], environment: zh)
        #expect(try crashed.wait(timeout: .seconds(30)) == .signaled(SIGKILL))
        try d.start(now: "2026-03-25T09:00")
        #expect(try cli.wait(timeout: .seconds(90)) == .exited(0), "\(cli.standardError)")
        #expect(cli.standardError.contains("正在重新发送请求"), "\(cli.standardError)")
        check(["inspection record (the daemon died)"], DaemonFixture.CLIResult(status: .exited(0), stdout: cli.standardOutput, stderr: cli.standardError))

        // No daemon at the socket: a call, and an import in parts (its own connection).
        let nowhere = d.directory + "/no-daemon.sock"
        try run(["status"], socket: nowhere, exit: 69, saying: "无法连接 \(nowhere) 上的 inspectd：\(nowhere) 上没有服务：套接字文件不存在")
        let csv = d.directory + "/one.csv"
        try "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\nNEW-1,新公司甲,microloan,兰山区,2025-05-05,,S01,金融\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        try run(["entity", "import", csv], socket: nowhere, exit: 69, saying: "无法连接")

        // What is not there, and a year without its holiday arrangement.
        try run(["inspection", "show", "99999"], exit: 65, saying: "没有编号为 99999 的检查记录")
        try run(["calendar", "year", "2031", "--config", d.configDirectory], exit: 1, saying: "没有加载 2031 年的节假日安排")
        try run(["calendar", "add", "2031-03-02", "30wd", "--config", d.configDirectory], exit: 0, saying: "注意：暂定：2031 年的节假日安排尚未加载")

        // `calendar add -`: a bad line on standard input, of each kind.
        for (input, expected) in [("2026-03-02\n", "标准输入第 1 行：应为“日期 期限”"), ("# a comment\n2026-13-02 30d\n", "标准输入第 2 行：“2026-13-02”不是日期"),
                                  ("2026-03-02 30x\n", "标准输入第 1 行：“30x”不是期限")] {
            let p = try ChildProcess("/bin/sh", arguments: ["-c", "printf '%s' \"$1\" | \"$0\" calendar add - --config \"$2\"",
                                                           try BuiltProducts.inspectctl(), input, d.configDirectory], environment: zh)
            #expect(try p.wait(timeout: .seconds(60)) == .exited(65), "\(input): \(p.standardError)")
            #expect(p.standardError.contains(expected), "\(input): \(p.standardError)")
            check(["calendar add -"], DaemonFixture.CLIResult(status: .exited(65), stdout: p.standardOutput, stderr: p.standardError))
        }

        // Output files that cannot be written: the cause said, exit 73.
        try run(["export", "ics", "--all", "--output", "/nonexistent/dir/office.ics"], exit: 73, saying: "无法创建 /nonexistent/dir/office.ics：目录不存在")
        try run(["report", "--xlsx", "/nonexistent/dir/r.xlsx"], exit: 73, saying: "目录不存在")
        let notices = BuiltProducts.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/calendar-notices/2026.txt")
        if FileManager.default.fileExists(atPath: notices.path) {
            try run(["calendar", "import", notices.path, "--output", "/nonexistent/dir/2026.yaml"], exit: 73, saying: "无法写入 /nonexistent/dir/2026.yaml：目录不存在")
        }

        // A draw: the list of draws, the plan with its draws, and a page of its entities with the rest.
        for n in 1...3 { #expect(try d.ctl("inspector", "add", "I\(n)", "--name", "检查员\(n)").exitCode == 0) }
        try run(["plan", "draw", "S01", "2026", "--seed", "7"], exit: 0, saying: "种子")
        let draw = try #require((try d.ctl("plan", "draws", "--json").json() as? [[String: Any]])?.first?["id"] as? String)
        try run(["plan", "draws"], exit: 0, saying: draw)
        try run(["plan", "2026", "--jurisdiction", "兰山区"], exit: 0, saying: "== 抽查 ==")
        try run(["plan", "show", draw, "--limit", "1"], exit: 0, saying: "--after")
        // The directory changed since the draw: plan verify lists the change of the population.
        let moved = d.directory + "/moved.csv"
        try "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\nLZ-LD-001,临沂市罗庄区恒通劳务派遣有限公司,labor-dispatch,罗庄区,2019-08-26,,S08,人力资源服务业\n"
            .write(toFile: moved, atomically: true, encoding: .utf8)
        #expect(try d.ctl("entity", "import", moved).exitCode == 0)
        try run(["plan", "verify", draw], exit: 0, saying: "~ LZ-LD-001 等级 — → —，行业 租赁和商务服务业 → 人力资源服务业")
        // What the setup of the other walks records in English, under zh_CN: each write's confirmation.
        for c in [["rectification", "order", "--entity", "LS-ML-002", "--date", "2026-03-12", "--rule", "D01", "--id", "R-ZH3"],
                  ["case", "file", "--entity", "LS-EMP-001", "--date", "2026-03-20", "--id", "CASE-ZH3"],
                  ["inspector", "add", "I4", "--name", "检查员4"],
                  ["inspector", "leave", "record", "I4", "--from", "2026-04-01", "--to", "2026-04-03", "--reason", "年休假"],
                  ["plan", "propose", "--month", "2026-04", "--apply"]] {
            let r = try d.ctl(c, environment: zh)
            #expect(r.exitCode == 0, "\(c.joined(separator: " ")): \(r)")
            check(c, r)
        }

        // The audit trail's reasons, recorded in English: a failed write, and a call refused for the
        // caller's role (root only: runs inspectctl as nobody).
        try run(["inspector", "add", "I 9", "--name", "检查员"], exit: 65, saying: "参数错误")
        var refused = false
        if getuid() == 0 {
            chmod(d.directory, 0o755)
            chmod(d.socketPath, 0o666)
            let p = try ChildProcess("/usr/bin/setpriv", arguments: ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--",
                                                                    try BuiltProducts.inspectctl(), "--socket", d.socketPath, "reload"])
            refused = try p.wait(timeout: .seconds(30)) == .exited(77)
            #expect(refused, "\(p.standardError)")
        }
        let audit = try d.ctl(["audit", "--all"], environment: zh)
        #expect(audit.exitCode == 0 && audit.stdout.contains("参数错误（编号）：“I 9”不是有效的检查人员编号"), "\(audit)")
        #expect(!refused || audit.stdout.contains("需要管理员；nobody (uid 65534) 的角色：只读"), "\(audit.stdout)")
        // The login and the method (Reload) are names, as the ids are.
        check(["audit --all"], DaemonFixture.CLIResult(status: audit.status, stdout: audit.stdout.replacingOccurrences(of: "nobody", with: "")
            .replacingOccurrences(of: " Reload ", with: " "), stderr: audit.stderr))
        #expect(try d.stop() == .exited(0))
        #expect(offenders.isEmpty, "English under zh_CN:\n\(offenders.joined(separator: "\n"))")
    }
}
