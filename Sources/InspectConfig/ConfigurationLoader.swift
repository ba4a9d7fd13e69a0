import Foundation
import InspectCore

/// Reads and validates a configuration directory. Every problem is reported with its file, line
/// and key; loading is all-or-nothing, so a daemon that fails to reload keeps its old configuration.
public enum ConfigurationLoader {
    public static let mainFile = "inspectd.yaml"
    public static let rulesDirectory = "rules"

    /// Loads `directory`. Throws `ConfigErrors` listing every problem found.
    public static func load(directory: String) throws -> Configuration {
        var errors: [ConfigError] = []
        let absolute = directory.hasPrefix("/") ? directory : FileManager.default.currentDirectoryPath + "/" + directory
        let dir = (absolute as NSString).standardizingPath
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw ConfigErrors([ConfigError(file: directory, ConfigProblem(.noConfigDirectory))])
        }

        var main: MainFile?
        do { main = try readMainFile(dir: dir) } catch let e as ConfigError { errors.append(e) }

        var rules = RuleSet()
        var ruleFiles: [String: String] = [:]
        let rulesDir = (dir as NSString).appendingPathComponent(rulesDirectory)
        for path in yamlFiles(in: rulesDir) {
            do {
                var fileRules = RuleSet()
                let ids = try RuleFile.read(path: path, into: &fileRules)
                var duplicate = false
                for (id, line) in ids {
                    if let other = ruleFiles[id] {
                        errors.append(ConfigError(file: path, line: line, key: "id", ConfigProblem(.ruleDefinedTwice, id, other)))
                        duplicate = true
                    } else {
                        ruleFiles[id] = path
                    }
                }
                if !duplicate {
                    rules.cadences += fileRules.cadences; rules.caps += fileRules.caps; rules.samplings += fileRules.samplings
                    rules.procedures += fileRules.procedures; rules.followUps += fileRules.followUps
                    rules.deadlines += fileRules.deadlines
                }
            } catch let e as ConfigError { errors.append(e) }
        }

        var calendar = WorkCalendar.weekendsOnly
        var grades = GradeConfiguration.empty
        do { grades = try GradeConfigLoader.load(directory: dir, deadlineRuleIDs: Set(rules.deadlines.map(\.id))) }
        catch let e as ConfigErrors { errors += e.errors } catch let e as ConfigError { errors.append(e) }

        let (arrangements, calendarErrors) = CalendarLoader.read(calendarDirectory: (dir as NSString).appendingPathComponent(CalendarLoader.subdirectory))
        errors += calendarErrors
        calendar = WorkCalendar(arrangements: arrangements)

        if let main {
            for s in main.supervisorLines where main.supervisors.filter({ $0.id == s.id }).count > 1 {
                errors.append(ConfigError(file: main.file, line: s.line, key: "supervisors", ConfigProblem(.supervisorTwice, s.id)))
            }
        }
        guard errors.isEmpty, let main else { throw ConfigErrors(errors) }
        var configuration = Configuration(
            directory: dir, office: main.office, since: main.since, noticeMinute: main.noticeMinute,
            noticeLog: main.noticeLog, bootstrapDirectory: main.bootstrap, supervisors: main.supervisors,
            rules: rules, calendar: calendar)
        configuration.grades = grades
        configuration.repeatOverdueEvery = main.repeatOverdue
        configuration.hooks = main.hooks
        configuration.access = main.access
        configuration.icsDirectory = main.icsDirectory
        configuration.icsWithin = main.icsWithin
        configuration.storage = main.storage
        configuration.metrics = main.metrics
        return configuration
    }

    /// `*.yaml` / `*.yml` files directly in `dir`, sorted by name; none when `dir` is missing.
    static func yamlFiles(in dir: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (dir as NSString).appendingPathComponent($0) }
    }

    static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, ConfigProblem(.cannotRead))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, ConfigProblem(.notUTF8))
        }
        return text
    }

    struct MainFile {
        var file: String
        var office: Configuration.Office
        var since: CivilDate
        var noticeMinute: Int
        var noticeLog: String
        var bootstrap: String?
        var supervisors: [Supervisor]
        var supervisorLines: [(id: String, line: Int?)]
        var hooks: [NoticeHook] = []
        var repeatOverdue: Int? = nil
        var access = AccessGroups.defaults
        var icsDirectory: String? = nil
        var icsWithin = 90
        var storage = StorageSettings()
        var metrics: MetricsSettings?
    }

    static func readMainFile(dir: String) throws -> MainFile {
        let file = (dir as NSString).appendingPathComponent(mainFile)
        guard FileManager.default.fileExists(atPath: file) else { throw ConfigError(file: file, ConfigProblem(.missingMainFile, mainFile))
 }
        let root = try YAMLValue.parse(try readText(file), file: file)
        let top = try root.mapping(allowed: ["office", "schedule", "notices", "directory", "supervisors", "access", "storage", "metrics"])

        guard let officeNode = top["office"] else { throw root.error(.missingKey, "office") }
        let o = try officeNode.mapping(allowed: ["name", "authority", "timezone"])
        guard let name = o["name"] else { throw officeNode.error(.missingKey, "name") }
        let authority = try o["authority"]?.oneOf(Authority.self) ?? .county
        let tz = try o["timezone"]?.nonEmptyString() ?? "Asia/Shanghai"
        guard TimeZone(identifier: tz) != nil else { throw o["timezone"]!.error(.unknownTimeZone, tz) }
        let office = Configuration.Office(name: try name.nonEmptyString(), authority: authority, timeZone: tz)

        guard let scheduleNode = top["schedule"] else { throw root.error(.missingSchedule) }
        let schedule = try scheduleNode.mapping(allowed: ["since"])
        guard let sinceNode = schedule["since"] else { throw scheduleNode.error(.missingSince) }
        // Tracking from before 2000 would only compute history nobody recorded (and cost time).
        let since = try sinceNode.date(in: CivilDate(dayNumber: 10957)...CivilDate.factRange.upperBound)  // 2000-01-01 … 2099-12-31

        var minute = 8 * 60 + 30
        var log = "notices.jsonl"
        var repeatOverdue: Int?
        var hooks: [NoticeHook] = []
        var icsDirectory: String?
        var icsWithin = 90
        if let n = top["notices"] {
            let m = try n.mapping(allowed: ["hour", "log", "hook", "hooks", "repeat_overdue", "ics_dir", "ics_within"])
            if let d = m["ics_dir"] { icsDirectory = try d.nonEmptyString() }
            if let w = m["ics_within"] {
                let text = try w.string()
                guard text.hasSuffix("d"), let n = Int(text.dropLast()), (1...366).contains(n) else {
                    throw w.error(.notDays, text)
                }
                icsWithin = n
            }
            if let h = m["hour"] {
                let text = try h.string()
                let parts = text.split(separator: ":")
                guard parts.count == 2, let hh = Int(parts[0]), let mm = Int(parts[1]), (0..<24).contains(hh), (0..<60).contains(mm) else {
                    throw h.error(.notTimeOfDay, text)
                }
                minute = hh * 60 + mm
            }
            if let l = m["log"] { log = try l.nonEmptyString() }
            if let r = m["repeat_overdue"] {
                let text = try r.string()
                guard text.hasSuffix("wd"), let n = Int(text.dropLast(2)), (1...60).contains(n) else {
                    throw r.error(.notWorkingDays, text)
                }
                repeatOverdue = n
            }
            // `hook:` is the one hook named "default"; `hooks:` names one per channel (sms, oa, …).
            if let h = m["hook"] { hooks.append(try NoticeHook.read(h)) }
            if let h = m["hooks"] {
                let named = try NoticeHook.readAll(h)
                if let clash = named.first(where: { $0.name == NoticeHook.defaultName }), m["hook"] != nil {
                    throw h.error(.hookNameClash, clash.name)
                }
                hooks += named
            }
        }

        var bootstrap: String?
        if let d = top["directory"] {
            let m = try d.mapping(allowed: ["bootstrap"])
            if let b = m["bootstrap"] {
                let p = try b.nonEmptyString()
                let abs = p.hasPrefix("/") ? p : (dir as NSString).appendingPathComponent(p)
                guard FileManager.default.fileExists(atPath: abs) else { throw b.error(.noSuchFile, abs) }
                bootstrap = abs
            }
        }

        var supervisors: [Supervisor] = []
        var lines: [(String, Int?)] = []
        if let list = top["supervisors"] {
            for item in try list.array() {
                let m = try item.mapping(allowed: ["id", "name", "office", "manager", "user", "email", "mobile", "robots"])
                guard let id = m["id"] else { throw item.error(.missingKey, "id") }
                guard let n = m["name"] else { throw item.error(.missingKey, "name") }
                let sid = try id.nonEmptyString()
                var user: String?
                if let u = m["user"] {
                    let login = try u.nonEmptyString()
                    guard Self.isLoginName(login) else { throw u.error(.notLoginName, login) }
                    if let other = supervisors.first(where: { $0.user == login }) { throw u.error(.loginTaken, login, other.id) }
                    user = login
                }
                var supervisor = Supervisor(
                    id: sid, name: try n.nonEmptyString(), office: try m["office"]?.nonEmptyString() ?? office.name,
                    isManager: try m["manager"]?.bool() ?? false, user: user)
                if let e = m["email"] {
                    let text = try e.nonEmptyString()
                    guard MailAddress.isValid(text) else { throw e.error(.notEmailUserHost, text) }
                    supervisor.email = text
                }
                if let p = m["mobile"] {
                    let text = try p.string()
                    guard (5...20).contains(text.count), text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "+" || $0 == "-") }) else {
                        throw p.error(.notMobile, text)
                    }
                    supervisor.mobile = text
                }
                if let r = m["robots"] {
                    for (channel, node) in try r.mapping(allowed: nil) {
                        let url = try node.nonEmptyString()
                        guard url.hasPrefix("https://") || url.hasPrefix("http://"), url.count <= 2048 else { throw node.error(.notWebURL, url) }
                        supervisor.robots[channel] = url
                    }
                }
                supervisors.append(supervisor)
                lines.append((sid, item.line))
            }
        }
        // What the channels and the supervisors' robots name must exist (issue 13).
        if let n = top["notices"], let h = try n.mapping(allowed: nil)["hooks"] {
            let nodes = try h.mapping(allowed: nil)
            let offices = Set(supervisors.map(\.office) + [office.name])
            for hook in hooks {
                if let o = hook.office, !offices.contains(o) {
                    throw (nodes[hook.name] ?? h).error(.notSupervisorOffice, o, "\(offices.sorted().joined(separator: ", "))")
                }
            }
        }
        for (i, s) in supervisors.enumerated() {
            for channel in s.robots.keys.sorted() where !hooks.contains(where: { $0.name == channel && [.wecom, .dingtalk, .feishu, .webhook].contains($0.kind) }) {
                let node = try top["supervisors"]?.array()[i]
                throw (node ?? root).error(.notRobotChannel, channel)
            }
        }
        var access = AccessGroups.defaults
        if let a = top["access"] {
            let m = try a.mapping(allowed: ["admin", "manager", "reader"])
            func groups(_ key: String) throws -> [String]? {
                guard let node = m[key] else { return nil }
                let list = try node.stringList()
                if let bad = list.first(where: { !Self.isLoginName($0) }) { throw node.error(.notGroupName, bad) }
                return list
            }
            access = AccessGroups(admin: try groups("admin") ?? access.admin, manager: try groups("manager") ?? access.manager,
                                  reader: try groups("reader") ?? access.reader)
        }
        let storage = try top["storage"].map(StorageSettings.read) ?? StorageSettings()
        return MainFile(file: file, office: office, since: since, noticeMinute: minute, noticeLog: log,
                        bootstrap: bootstrap, supervisors: supervisors, supervisorLines: lines, hooks: hooks, repeatOverdue: repeatOverdue,
                        access: access, icsDirectory: icsDirectory, icsWithin: icsWithin, storage: storage,
                        metrics: try top["metrics"].map(MetricsSettings.read))
    }

    /// A user or group name as useradd(8) and groupadd(8) accept it by default.
    static func isLoginName(_ s: String) -> Bool {
        guard (1...32).contains(s.utf8.count), s.first != "-" else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0) }
    }
}
