import Foundation
import InspectControl
import PostgresTestSupport
import Testing
import Varlink

/// What several daemons on one PostgreSQL database leave behind and say to each other while an
/// operator replaces them one by one (a rolling upgrade), against a real PostgreSQL 15: an import
/// in parts staged by a daemon killed mid-way does not outlive it on the others' database; each
/// daemon sees the others' versions and says when they differ (log, `status`, `status --check`,
/// metrics); a daemon older than the database's schema answers but neither writes nor leads.
@Suite(.serialized) struct RollingUpgradeTests {
    static func dbname(_ database: String) -> String {
        database.split(separator: " ").first { $0.hasPrefix("dbname=") }.map { String($0.dropFirst(7)) } ?? "postgres"
    }

    static func sql(_ server: PostgresServer, _ database: String, _ text: String) throws -> String {
        try server.psql(text, database: dbname(database)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Rows staged by each daemon's imports (instance → rows).
    static func staged(_ server: PostgresServer, _ database: String) throws -> [String: Int] {
        let out = try sql(server, database, "SELECT split_part(import_id, '/', 1), count(*) FROM import_staging GROUP BY 1")
        var counts: [String: Int] = [:]
        for line in out.split(separator: "\n") {
            let f = line.split(separator: "|")
            if f.count == 2 { counts[String(f[0])] = Int(f[1]) }
        }
        return counts
    }

    /// Begins an import in parts on `d` and stages one part of `rows` new entities (prefix `p`);
    /// the connection stays open (an import under way). Returns the client and the import.
    static func beginImport(_ d: DaemonFixture, prefix p: String, rows: Int) throws -> (VarlinkClient, String) {
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(60))
        let handle = try client.call(method: ControlInterface.Method.beginImport.qualified, parameters: Control.BeginImportRequest(file: "\(p).csv"),
                                     as: Control.ImportHandle.self)
        let csv = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n"
            + (1...rows).map { "\(p)-\($0),临沂市兰山区新增民间融资服务有限公司\(p)\($0),private-financing-service,兰山区,2020-01-01,I,S01,金融服务\n" }.joined()
        let part = try client.call(method: ControlInterface.Method.importPart.qualified,
                                   parameters: Control.ImportPartRequest(import: handle.import, csv: csv, firstLine: 2), as: Control.ImportPartResult.self)
        #expect(part.rows == rows)
        return (client, handle.import)
    }

    /// A daemon killed (SIGKILL) in the middle of an import in parts leaves its staged rows; the
    /// leader's housekeeping removes them once that daemon is gone (not heard from for 10 s),
    /// without touching an import another live daemon has under way, which then commits whole.
    @Test func aStagingLeftByAKilledDaemonGoesAndALiveImportIsKept() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try PlatformTests.daemon(on: database), b = try PlatformTests.daemon(on: database)
        try a.start(extraArguments: ["--instance", "a"])
        try b.start(extraArguments: ["--instance", "b"])
        let (clientA, _) = try Self.beginImport(a, prefix: "KA", rows: 3_000)
        let (clientB, importB) = try Self.beginImport(b, prefix: "KB", rows: 2_000)
        defer { clientA.close(); clientB.close() }
        #expect(try Self.staged(server, database) == ["a": 3_000, "b": 2_000])

        a.process?.send(SIGKILL)
        _ = try a.process?.wait(timeout: .seconds(10))
        // b leads within a lease (about 7 s), a is gone after 10 s unheard, the housekeeping runs
        // every 15 s: well within a minute. Meanwhile b's import is never touched.
        var lastSeen: [String: Int] = [:]
        let gone = try PlatformTests.within(.seconds(60)) {
            lastSeen = try Self.staged(server, database)
            #expect(lastSeen["b"] == 2_000, "b's live import was touched: \(lastSeen)")
            return lastSeen["a"] == nil
        }
        #expect(gone != nil, "a's staging is still there: \(lastSeen)")
        #expect(try Self.sql(server, database, "SELECT count(*) FROM import_open WHERE instance = 'a'") == "0")
        #expect(b.process.map { (try? String(contentsOfFile: $0.standardErrorPath, encoding: .utf8)) ?? "" }?.contains("its daemon is gone") == true)

        // b's import commits whole.
        let result = try clientB.call(method: ControlInterface.Method.commitImport.qualified, parameters: Control.ImportHandle(import: importB),
                                      as: Control.ImportResult.self)
        #expect(result.added == 2_000, "\(result)")
        #expect(try PlatformTests.status(b)["entities"] as? Int == DaemonFixture.demoEntityCount + 2_000)
        #expect(try Self.staged(server, database).isEmpty)
    }

    /// Two versions on one database: each daemon says so in its log (once, naming the other's
    /// instance, host and both versions), `status` lists both, `status --check` warns (exit 1)
    /// while they differ, the metrics carry an info series per daemon; once the other version
    /// is gone, the check is ok again.
    @Test func twoVersionsOnOnePlatformAreSaidUntilOneIsLeft() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try PlatformTests.daemon(on: database), b = try PlatformTests.daemon(on: database)
        let textfiles = a.directory + "/textfiles"
        try FileManager.default.createDirectory(atPath: textfiles, withIntermediateDirectories: true)
        try a.editConfig("inspectd.yaml", replacing: "\nsupervisors:\n", with: "\nmetrics:\n  textfile_dir: \(textfiles)\n  every: 1s\n\nsupervisors:\n")
        try a.start(extraArguments: ["--instance", "a"])
        let ours = try #require(try PlatformTests.status(a)["version"] as? String)
        try b.start(environment: ["INSPECTD_TEST_VERSION": "99.0.0"], extraArguments: ["--instance", "b"])
        let host = ProcessInfo.processInfo.hostName

        // a's check warns, naming b, its host and both versions; in Chinese too.
        var check = try a.ctl("status", "--check")
        let warned = try PlatformTests.within(.seconds(15)) {
            check = try a.ctl("status", "--check")
            return check.exitCode == 1
        }
        #expect(warned != nil, "\(check)")
        #expect(check.stdout.contains("versions: b on \(host) runs 99.0.0 (schema "), "\(check)")
        #expect(check.stdout.contains("this daemon runs \(ours) (schema "), "\(check)")
        let zh = try a.ctl(["status", "--check"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(zh.exitCode == 1 && zh.stdout.contains("版本：b（主机 \(host)）运行 99.0.0（架构 "), "\(zh)")
        // b says the same of a.
        let checkB = try b.ctl("status", "--check")
        #expect(checkB.exitCode == 1 && checkB.stdout.contains("a on \(host) runs \(ours)"), "\(checkB)")

        // status lists both daemons with their versions.
        let s = try PlatformTests.status(a)
        let daemons = try #require(s["daemons"] as? [[String: Any]])
        #expect(daemons.compactMap { $0["instance"] as? String } == ["a", "b"])
        #expect(daemons.first { $0["instance"] as? String == "b" }?["version"] as? String == "99.0.0")
        #expect(try a.ctl("status").stdout.contains("b on \(host): 99.0.0 (schema"))

        // The log says it once (a's log has one line for b's version however long they run).
        Thread.sleep(forTimeInterval: 5)
        let logA = try String(contentsOfFile: try #require(a.process).standardErrorPath, encoding: .utf8)
        let said = logA.components(separatedBy: "\n").filter { $0.contains("daemon b on \(host) runs 99.0.0") && $0.contains("this daemon (a) runs \(ours)") }
        #expect(said.count == 1, "\(said)")

        // The metrics: one info series per daemon, and how many versions run.
        let prom = textfiles + "/inspectd.prom"
        let metrics = PlatformTests.within(.seconds(10)) {
            let text = (try? String(contentsOfFile: prom, encoding: .utf8)) ?? ""
            return text.contains("inspectd_platform_versions 2") && text.contains(#"version="99.0.0""#)
        }
        #expect(metrics != nil, "\((try? String(contentsOfFile: prom, encoding: .utf8)) ?? "no textfile")")
        let text = (try? String(contentsOfFile: prom, encoding: .utf8)) ?? ""
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("inspectd_platform_daemon_info{") }.count == 2, "\(text)")

        // b stopped (the upgrade finished): the check is ok again, and the log says so.
        _ = try b.stop()
        let ok = try PlatformTests.within(.seconds(30)) { try a.ctl("status", "--check").exitCode == 0 }
        #expect(ok != nil)
        let again = try String(contentsOfFile: try #require(a.process).standardErrorPath, encoding: .utf8)
        #expect(again.contains("every daemon on the platform runs \(ours)"))
    }

    /// The database migrated by a version newer than the daemons running (a migration they do not
    /// know): they answer, but neither write (exit 75, saying why) nor lead; `status` and the
    /// check say so. Once the schema is one they know again, they write and one leads.
    @Test func daemonsOlderThanTheSchemaAnswerButNeitherWriteNorLead() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let a = try PlatformTests.daemon(on: database), b = try PlatformTests.daemon(on: database)
        try a.start(extraArguments: ["--instance", "a"])
        try b.start(extraArguments: ["--instance", "b"])
        func record(_ d: DaemonFixture, _ date: String) throws -> DaemonFixture.CLIResult {
            try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", date, "--kind", "onsite", "--inspectors", "张伟,王芳")
        }
        #expect(try record(a, "2026-03-20").exitCode == 0)

        _ = try Self.sql(server, database, "INSERT INTO inspectd_migration (identifier, applied_at) VALUES ('v99: from a newer version', 0)")
        let nobody = try PlatformTests.within(.seconds(20)) {
            try PlatformTests.status(a)["leader"] == nil && PlatformTests.status(b)["leader"] == nil
        }
        #expect(nobody != nil, "a daemon older than the schema still leads")
        let refused = try record(b, "2026-03-21")
        #expect(refused.exitCode == 75 && refused.stderr.contains("schema_newer") && refused.stderr.contains("newer than this inspectd knows"), "\(refused)")
        let zh = try b.ctl(["inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-21", "--kind", "onsite", "--inspectors", "张伟,王芳"],
                           environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(zh.exitCode == 75 && zh.stderr.contains("数据库结构比本 inspectd 所知的新"), "\(zh)")
        // Reads answer; the status says why nothing is written; the check warns of it.
        let s = try PlatformTests.status(a)
        #expect(s["entities"] as? Int == DaemonFixture.demoEntityCount)
        #expect(s["schema_newer"] as? [String] == ["v99: from a newer version"])
        let check = try a.ctl("status", "--check")
        #expect(check.exitCode == 2 && check.stdout.contains("versions: the database's schema is newer than this daemon"), "\(check)")
        let logA = try String(contentsOfFile: try #require(a.process).standardErrorPath, encoding: .utf8)
        #expect(logA.contains("the database's schema is newer than this daemon") && logA.contains("v99: from a newer version"))
        // A daemon started on that database (an older one restarted mid-upgrade) starts, answers,
        // neither writes nor leads.
        let c = try PlatformTests.daemon(on: database)
        try c.start(extraArguments: ["--instance", "c"], settle: false)
        let sc = try PlatformTests.status(c)
        #expect(sc["schema_newer"] as? [String] == ["v99: from a newer version"] && sc["leading"] as? Bool == false, "\(sc)")
        #expect(try record(c, "2026-03-22").exitCode == 75)
        _ = try c.stop()

        // The newer migration undone (a restore): they write and one leads again.
        _ = try Self.sql(server, database, "DELETE FROM inspectd_migration WHERE identifier LIKE 'v99:%'")
        let back = try PlatformTests.within(.seconds(20)) { try PlatformTests.status(a)["leader"] is String }
        #expect(back != nil)
        let again = try PlatformTests.within(.seconds(10)) { try record(b, "2026-03-21").exitCode == 0 }
        #expect(again != nil)
    }
}
