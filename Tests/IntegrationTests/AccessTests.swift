import Foundation
import Testing

/// Issue 12 with real users and groups: created by the test (root only), each running the real
/// `inspectctl` (through `setpriv --init-groups`) against the real socket, mode 0660 to the
/// readers' group. A reader, two supervisors of different entities, a manager by group, an admin
/// by group and a user in no group.
@Suite("who is asking", .serialized)
struct AccessTests {
    /// Users and groups made for one test, removed after it.
    final class Accounts {
        let prefix: String
        private(set) var users: [String] = []
        private(set) var groups: [String] = []

        init() {
            prefix = "it" + String(UInt32.random(in: 0..<0xFFFFFF), radix: 36)
        }

        func run(_ tool: String, _ args: [String]) throws {
            let p = try ChildProcess(tool, arguments: args)
            let t = try p.wait(timeout: .seconds(30))
            guard t == .exited(0) else { throw ChildProcess.Failure(description: "\(tool) \(args): \(t) \(p.standardError)") }
        }

        func group(_ name: String) throws -> String {
            let g = prefix + "-" + name
            try run("/usr/sbin/groupadd", [g])
            groups.append(g)
            return g
        }

        func user(_ name: String, groups extra: [String]) throws -> String {
            let u = prefix + name
            try run("/usr/sbin/useradd", ["-M", "-N", "-s", "/usr/sbin/nologin"] + (extra.isEmpty ? [] : ["-G", extra.joined(separator: ",")]) + [u])
            users.append(u)
            return u
        }

        deinit {
            for u in users { _ = try? ChildProcess("/usr/sbin/userdel", arguments: [u]).wait(timeout: .seconds(30)) }
            for g in groups { _ = try? ChildProcess("/usr/sbin/groupdel", arguments: [g]).wait(timeout: .seconds(30)) }
        }
    }

    /// `inspectctl ARGS` as `user`, with the user's groups.
    static func ctl(_ d: DaemonFixture, as user: String, _ args: String...) throws -> DaemonFixture.CLIResult { try ctl(d, as: user, args) }

    static func ctl(_ d: DaemonFixture, as user: String, _ args: [String]) throws -> DaemonFixture.CLIResult {
        let p = try ChildProcess("/usr/bin/setpriv", arguments: ["--reuid", user, "--regid", "users", "--init-groups", "--",
                                                                try BuiltProducts.inspectctl(), "--socket", d.socketPath] + args)
        let t = try p.wait(timeout: .seconds(60))
        return DaemonFixture.CLIResult(status: t, stdout: p.standardOutput, stderr: p.standardError)
    }

    @Test("each role may do what README's table says, a refusal exits 77 and writes nothing, and the audit trail has it all",
          .enabled(if: getuid() == 0, "needs root: creates users and groups (useradd, groupadd) and runs inspectctl as them"))
    func rolesFromRealUsersAndGroups() throws {
        let accounts = Accounts()
        let admins = try accounts.group("admin"), managers = try accounts.group("mgr"), readers = try accounts.group("read")
        let reader = try accounts.user("r", groups: [readers])
        let zhang = try accounts.user("z", groups: [readers])      // S01 张伟: LS-PFS-001, LS-PFS-002
        let wang = try accounts.user("w", groups: [readers])       // S02 王芳: LS-PFS-003
        let manager = try accounts.user("m", groups: [readers, managers])
        let admin = try accounts.user("a", groups: [readers, admins])
        let stranger = try accounts.user("n", groups: [])

        let d = try DaemonFixture()
        try d.editConfig("inspectd.yaml", replacing: "  - id: S01\n    name: 张伟\n", with: "  - id: S01\n    name: 张伟\n    user: \(zhang)\n")
        try d.editConfig("inspectd.yaml", replacing: "  - id: S02\n    name: 王芳\n", with: "  - id: S02\n    name: 王芳\n    user: \(wang)\n")
        try d.editConfig("inspectd.yaml", replacing: "access:\n  admin: [inspectd-admin]\n  manager: [inspectd-manager]\n  reader: [inspectd]\n",
                         with: "access:\n  admin: [\(admins)]\n  manager: [\(managers)]\n  reader: [\(readers)]\n")
        try d.start(now: "2026-03-25T09:00")
        // The socket as inspectd.socket makes it: 0660, group of the readers.
        chmod(d.directory, 0o755)
        let gid = getgrnam(readers).pointee.gr_gid
        #expect(chown(d.socketPath, 0, gid) == 0 && chmod(d.socketPath, 0o660) == 0)

        // whoami
        let who = try #require(try Self.ctl(d, as: zhang, "whoami", "--json").json() as? [String: Any])
        #expect(who["role"] as? String == "supervisor" && who["supervisor"] as? String == "S01" && who["office"] as? String == "兰山区金融办")
        #expect((try Self.ctl(d, as: manager, "whoami", "--json").json() as? [String: Any])?["role"] as? String == "manager")
        #expect((try Self.ctl(d, as: admin, "whoami", "--json").json() as? [String: Any])?["role"] as? String == "admin")
        #expect((try Self.ctl(d, as: reader, "whoami", "--json").json() as? [String: Any])?["role"] as? String == "reader")

        // A user outside the socket's group cannot connect at all.
        let outside = try Self.ctl(d, as: stranger, "status")
        #expect(outside.exitCode != 0 && outside.stderr.lowercased().contains("permission"), "\(outside)")

        // Queries: everyone in the group.
        for u in [reader, zhang, manager, admin] { #expect(try Self.ctl(d, as: u, "upcoming", "--json").exitCode == 0) }

        // Own view by default: a supervisor sees their own entities unless --all (or a filter).
        func supervisors(_ u: String, _ args: String...) throws -> Set<String> {
            let r = try Self.ctl(d, as: u, args + ["--json"])
            return Set(try #require(try r.json() as? [[String: Any]], "\(r)").map { $0["supervisor"] as? String ?? "-" })
        }
        #expect(try supervisors(zhang, "upcoming", "--within", "400d") == ["S01"])
        #expect(try supervisors(zhang, "upcoming", "--within", "400d", "--all").count > 3)
        #expect(try supervisors(zhang, "upcoming", "--within", "400d", "--supervisor", "S02") == ["S02"])
        #expect(try supervisors(zhang, "overdue") == ["S01"])
        #expect(try supervisors(zhang, "notices").isSubset(of: ["S01"]))
        #expect(try supervisors(reader, "upcoming", "--within", "400d").count > 3, "a reader sees everything")

        func record(_ u: String, _ entity: String, _ inspectors: String) throws -> DaemonFixture.CLIResult {
            try Self.ctl(d, as: u, "inspection", "record", "--entity", entity, "--date", "2026-03-20", "--kind", "onsite", "--inspectors", inspectors)
        }
        let byReader = try record(reader, "LS-PFS-001", "张伟,王芳")
        #expect(byReader.exitCode == 77 && byReader.stderr.contains("permission denied"), "\(byReader)")
        #expect(try record(zhang, "LS-PFS-001", "李娜,赵磊").exitCode == 0, "a supervisor's own entity")
        let notHis = try record(zhang, "LS-PFS-003", "李娜,赵磊")
        #expect(notHis.exitCode == 77 && notHis.stderr.contains("S02"), "\(notHis)")
        #expect(try record(zhang, "LS-PFS-004", "张伟,刘洋").exitCode == 0, "named among the inspectors (协查)")
        #expect(try record(manager, "LZ-PFS-001", "陈静,赵磊").exitCode == 0, "a manager by group acts for every office")
        // A manager plans; the plan says who (facts carry the person). A supervisor may not.
        #expect(try Self.ctl(d, as: zhang, "plan", "set", "C01/LS-PFS-001/2026-04", "--date", "2026-04-20").exitCode == 77)
        #expect(try Self.ctl(d, as: manager, "plan", "set", "C01/LS-PFS-001/2026-04", "--date", "2026-04-20").exitCode == 0)
        let plan = try #require(try d.ctl("plan", "2026", "--json").json() as? [String: Any])
        let planned = (plan["obligations"] as? [[String: Any]])?.first { $0["key"] as? String == "C01/LS-PFS-001/2026-04" }
        #expect((planned?["planned_by"] as? [String: Any])?["login"] as? String == manager, "\(planned ?? [:])")
        // A grade change says who recorded it too.
        #expect(try Self.ctl(d, as: zhang, "grade", "set", "LS-ML-002", "III", "--reason", "复查合格").exitCode == 77)
        #expect(try Self.ctl(d, as: manager, "grade", "set", "LS-ML-002", "III", "--reason", "复查合格").exitCode == 0)
        let grades = try #require(try d.ctl("grade", "history", "LS-ML-002", "--json").json() as? [[String: Any]])
        let set = grades.first { $0["level"] as? String == "III" }
        #expect((set?["recorded_by"] as? [String: Any])?["login"] as? String == manager, "\(grades)")
        #expect(try Self.ctl(d, as: zhang, "reload").exitCode == 77)
        #expect(try Self.ctl(d, as: manager, "reload").exitCode == 77)
        #expect(try Self.ctl(d, as: admin, "reload").exitCode == 0)
        #expect(try Self.ctl(d, as: zhang, "audit").exitCode == 77)

        // Facts carry the person: the inspection says who recorded it, by login and name.
        let show = try #require(try d.ctl("entity", "show", "LS-PFS-001", "--json").json() as? [String: Any])
        let by = try #require((show["inspections"] as? [[String: Any]])?.first?["recorded_by"] as? [String: Any])
        #expect(by["login"] as? String == zhang && by["supervisor"] as? String == "S01" && by["name"] as? String == "张伟")
        // The directory row: imported at the first start by the daemon's own user (root here).
        #expect((show["imported_by"] as? [String: Any])?["login"] as? String == "root" && show["imported_at"] is String, "\(show)")
        #expect(try d.ctl("entity", "show", "LS-PFS-001").stdout.contains("\(zhang) 张伟 (S01)"))

        // Nothing was written by a refused call: LS-PFS-003 has no inspection.
        let listed = try #require(try d.ctl("inspection", "list", "--entity", "LS-PFS-003", "--json").json() as? [Any])
        #expect(listed.isEmpty)

        // The trail: the refusals and the writes, with login and role.
        let trail = try #require(try Self.ctl(d, as: manager, "audit", "--json").json() as? [[String: Any]])
        func has(_ login: String, _ method: String, _ outcome: String, _ entity: String? = nil) -> Bool {
            trail.contains { $0["login"] as? String == login && $0["method"] as? String == method && $0["outcome"] as? String == outcome
                && (entity == nil || $0["entity"] as? String == entity) }
        }
        #expect(has(reader, "RecordInspection", "refused", "LS-PFS-001"))
        #expect(has(zhang, "RecordInspection", "ok", "LS-PFS-001"))
        #expect(has(zhang, "RecordInspection", "refused", "LS-PFS-003"))
        #expect(has(zhang, "Reload", "refused") && has(admin, "Reload", "ok"))
        #expect(trail.first { $0["login"] as? String == zhang && $0["method"] as? String == "RecordInspection" }?["role"] as? String == "supervisor")
        let hisOnly = try #require(try Self.ctl(d, as: admin, "audit", "--user", zhang, "--json").json() as? [[String: Any]])
        #expect(!hisOnly.isEmpty && hisOnly.allSatisfy { $0["login"] as? String == zhang })

        // Groups are read at each call: the reader joins the managers and is one at once.
        try accounts.run("/usr/sbin/usermod", ["-a", "-G", managers, reader])
        #expect((try Self.ctl(d, as: reader, "whoami", "--json").json() as? [String: Any])?["role"] as? String == "manager")
        #expect(try d.stop() == .exited(0))
    }

    @Test("a refused list is in the trail whether paged or streamed; a withdrawal's entry, done or refused, names the entity",
          .enabled(if: getuid() == 0, "needs root: creates users and groups and calls as them"))
    func refusedListsAndWithdrawalsInTheTrail() throws {
        let accounts = Accounts()
        let managers = try accounts.group("mgr"), readers = try accounts.group("read")
        let reader = try accounts.user("r", groups: [readers])
        let manager = try accounts.user("m", groups: [readers, managers])
        let d = try DaemonFixture()
        try d.editConfig("inspectd.yaml", replacing: "access:\n  admin: [inspectd-admin]\n  manager: [inspectd-manager]\n  reader: [inspectd]\n",
                         with: "access:\n  admin: [inspectd-admin]\n  manager: [\(managers)]\n  reader: [\(readers)]\n")
        try d.start(now: "2026-03-25T09:00")
        chmod(d.directory, 0o755)
        #expect(chown(d.socketPath, 0, getgrnam(readers).pointee.gr_gid) == 0 && chmod(d.socketPath, 0o660) == 0)

        // Not a terminal: `audit` streams every page (--all); with --limit it asks for one page.
        let streamed = try Self.ctl(d, as: reader, "audit")
        #expect(streamed.exitCode == 77, "\(streamed)")
        #expect(try Self.ctl(d, as: reader, "audit", "--limit", "5").exitCode == 77)

        let recorded = try #require(try d.ctl("inspection", "record", "--entity", "LS-PFS-002", "--date", "2026-03-20", "--kind", "onsite",
                                              "--inspectors", "张伟,王芳", "--json").json() as? [String: Any])
        let id = try #require((recorded["inspection"] as? [String: Any])?["id"] as? Int, "\(recorded)")
        #expect(try Self.ctl(d, as: reader, "inspection", "withdraw", String(id), "--reason", "录入错误").exitCode == 77)
        #expect(try Self.ctl(d, as: manager, "inspection", "withdraw", String(id), "--reason", "录入错误").exitCode == 0)

        let trail = try #require(try d.ctl("audit", "--json").json() as? [[String: Any]])
        let refusedLists = trail.filter { $0["login"] as? String == reader && $0["method"] as? String == "ListAudit" && $0["outcome"] as? String == "refused" }
        #expect(refusedLists.count == 2, "the streamed refusal and the paged one: \(refusedLists)")
        let forEntity = try #require(try d.ctl("audit", "--entity", "LS-PFS-002", "--json").json() as? [[String: Any]])
        let withdrawals = forEntity.filter { $0["method"] as? String == "WithdrawInspection" }
        #expect(Set(withdrawals.compactMap { $0["outcome"] as? String }) == ["refused", "ok"], "\(forEntity)")
        #expect(withdrawals.allSatisfy { $0["entity"] as? String == "LS-PFS-002" && $0["key"] as? String == String(id) })
        #expect(try d.stop() == .exited(0))
    }

    /// One call of every method of the interface, with parameters that decode (most of them then
    /// fail for a reason of their own, which is fine: only PermissionDenied counts here).
    nonisolated(unsafe) static let everyCall: [(String, [String: Any])] = [
        ("GetStatus", [:]), ("WhoAmI", [:]), ("ListObligations", [:]), ("ListEntities", [:]), ("GetEntity", ["id": "LS-PFS-001"]),
        ("ListNotices", [:]), ("GetPlan", ["year": 2026, "limit": 1]), ("Explain", ["entity": "LS-PFS-001"]), ("ListRules", [:]),
        ("GetRule", ["id": "C01"]), ("Simulate", ["from": "2026-03-25", "to": "2026-03-25"]), ("GetGrades", ["entity": "LS-PFS-001"]),
        ("ExplainGrade", ["entity": "LS-PFS-001"]), ("ListDeadLetters", [:]), ("ListEvents", [:]), ("ListDeadlines", [:]),
        ("ListInspections", [:]), ("ListInspectors", [:]), ("VerifyDraw", ["id": "NO-DRAW"]), ("ListDraws", [:]), ("GetDraw", ["id": "NO-DRAW"]), ("GetReport", ["from": "2026-01-01", "to": "2026-03-31"]),
        ("RecordInspection", ["entity": "LS-PFS-001", "date": "2026-03-20", "kind": "onsite", "inspectors": ["甲", "乙"]]),
        ("RecordEvent", ["entity": "LS-PFS-001", "kind": "report.delivered", "at": "2026-03-20"]),
        ("SetGrade", ["entity": "LS-PFS-001", "level": "NO-LEVEL", "reason": "test"]),
        ("SetPlan", ["key": "C01/LS-PFS-001/2026-04", "planned": "2026-04-21"]), ("DrawSample", ["rule": "NO-RULE", "period": "2026"]),
        ("WithdrawInspection", ["id": 999_999, "reason": "test"]), ("DeclareConflict", ["inspector": "NO-ONE", "entity": "LS-PFS-001", "reason": "test"]),
        ("ListAudit", [:]), ("ImportEntities", ["file": "x.csv", "csv": ""]), ("BeginImport", ["file": "x.csv"]),
        ("ImportPart", ["import": "NO-IMPORT", "csv": "", "first_line": 2]), ("CommitImport", ["import": "NO-IMPORT"]),
        ("AbortImport", ["import": "NO-IMPORT"]), ("Reload", [:]), ("AddInspector", ["id": "I-TEST", "name": "测试"]),
        ("RetryDeadLetters", ["keys": ["NO-KEY"]]),
        ("SetInspector", ["id": "NO-ONE"]), ("RecordLeave", ["inspector": "NO-ONE", "from": "2026-03-25", "to": "2026-03-26", "reason": "test"]),
        ("WithdrawLeave", ["id": 999_999, "reason": "test"]), ("ListLeave", [:]), ("ProposeVisits", ["from": "2026-03-25", "to": "2026-03-25"]),
        ("ApplyVisits", ["from": "2026-03-25", "to": "2026-03-25"]), ("ListVisits", [:]), ("MoveVisit", ["id": 999_999, "date": "2026-03-26"]),
        ("CancelVisit", ["id": 999_999, "reason": "test"]), ("VisitCapacity", ["year": 2026]), ("ExplainVisit", ["id": 999_999]),
        ("PreviewCalendar", ["file_name": "2026.yaml", "yaml": "year: 2026\nsource: test\nholidays:\n  - {name: 元旦, first: 2026-01-01, last: 2026-01-03}\n"]),
    ]

    @Test("every method tried by every role through the socket agrees with README's table",
          .enabled(if: getuid() == 0, "needs root: creates users and groups and calls as them"))
    func everyMethodByEveryRole() throws {
        let accounts = Accounts()
        let admins = try accounts.group("admin"), managers = try accounts.group("mgr"), readers = try accounts.group("read")
        let roles: [(column: Int, user: String)] = [
            (0, try accounts.user("r", groups: [readers])),
            (1, try accounts.user("z", groups: [readers])),             // S01: LS-PFS-001 is theirs ("own")
            (2, try accounts.user("m", groups: [readers, managers])),   // a manager for every office ("office")
            (3, try accounts.user("a", groups: [readers, admins])),
        ]
        let d = try DaemonFixture()
        try d.editConfig("inspectd.yaml", replacing: "  - id: S01\n    name: 张伟\n", with: "  - id: S01\n    name: 张伟\n    user: \(roles[1].user)\n")
        try d.editConfig("inspectd.yaml", replacing: "access:\n  admin: [inspectd-admin]\n  manager: [inspectd-manager]\n  reader: [inspectd]\n",
                         with: "access:\n  admin: [\(admins)]\n  manager: [\(managers)]\n  reader: [\(readers)]\n")
        try d.start(now: "2026-03-25T09:00")
        chmod(d.directory, 0o755)
        #expect(chown(d.socketPath, 0, getgrnam(readers).pointee.gr_gid) == 0 && chmod(d.socketPath, 0o660) == 0)

        // Every method of the interface is in the list, and README's table has a row for each.
        let readme = try AccessTests.readmeTable()
        #expect(Set(Self.everyCall.map(\.0)) == Set(readme.keys), "calls vs README: \(Set(readme.keys).symmetricDifference(Self.everyCall.map(\.0)))")
        let calls = try JSONSerialization.data(withJSONObject: Self.everyCall.map { ["method": $0.0, "parameters": $0.1] })
        let script = BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/call_each.py").path
        try calls.write(to: URL(fileURLWithPath: d.directory + "/calls.json"))
        chmod(d.directory + "/calls.json", 0o644)
        for (column, user) in roles {
            let p = try ChildProcess("/bin/sh", arguments: ["-c", "setpriv --reuid \(user) --regid users --init-groups -- /usr/bin/python3 '\(script)' '\(d.socketPath)' < '\(d.directory)/calls.json'"])
            let status = try p.wait(timeout: .seconds(120))
            #expect(status == .exited(0), "\(status): \(p.standardError)")
            let replies = try #require(try JSONSerialization.jsonObject(with: Data(p.standardOutput.utf8)) as? [[String: Any]], "\(p.standardError)")
            #expect(replies.count == Self.everyCall.count)
            for r in replies {
                let method = r["method"] as? String ?? "?"
                let denied = r["error"] as? String == "io.inspectd.Control.PermissionDenied"
                let cell = readme[method]?[column] ?? "?"
                #expect(denied == (cell == "no"), "\(method) as \(["reader", "supervisor", "manager", "admin"][column]): README says \(cell), the daemon \(denied ? "refused" : "allowed") (\(r["error"] ?? "reply"))")
            }
        }
        #expect(try d.stop() == .exited(0))
    }

    /// README's table "Who may do what": method → the cells for reader, supervisor, manager, admin.
    static func readmeTable() throws -> [String: [String]] {
        let text = try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = text.range(of: "| methods | reader | supervisor | manager | admin |") else { return [:] }
        var table: [String: [String]] = [:]
        for line in text[start.upperBound...].split(separator: "\n").dropFirst() {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 5 else { continue }
            for m in cells[0].split(separator: ",") { table[m.trimmingCharacters(in: CharacterSet(charactersIn: " `"))] = Array(cells[1...]) }
        }
        return table
    }
}
