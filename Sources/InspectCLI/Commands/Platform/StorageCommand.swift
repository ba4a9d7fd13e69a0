import ArgumentParser
import Foundation
import InspectStore

/// `inspectctl storage copy`: an office's SQLite state into a PostgreSQL database (issue 16),
/// done here, not by the daemon (it may run meanwhile: the copy reads one consistent state).
struct StorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: Help.text("Move an office's state between stores (SQLite to PostgreSQL).", "在存储之间迁移一个机关的数据（SQLite 迁至 PostgreSQL）。"),
        subcommands: [StorageCopyCommand.self])
}

struct StorageCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: Help.text("Copy the SQLite state into an empty PostgreSQL database and verify it row for row.", "将 SQLite 中的数据复制到一个空的 PostgreSQL 数据库，并逐行核对。"),
        discussion: Help.text("""
            Every table is copied from one read transaction of the SQLite file (a consistent state even \
            while the daemon runs; stop it first so that nothing is written after the copy), into a \
            database that holds no facts yet, whose schema is created at the same version. The rows go \
            to PostgreSQL with COPY, in transactions of 50,000 rows (a million entities in seconds, not \
            minutes). Each table \
            is then counted and digested on both sides; any difference fails the command (exit 65). \
            Then set `storage: {engine: postgresql, url: …}` in inspectd.yaml and start the daemons.
            """, """
            每张表都在 SQLite 文件的同一个读事务中复制（守护进程运行时也是一致的状态；请先停止守护进程，以免复制之后还有写入），复制到一个尚无事实数据的数据库，并以相同版本建立其结构。各行以 COPY 写入 PostgreSQL，每个事务 50,000 行（一百万个监管对象只需数秒，而非数分钟）。之后两边逐表计数并计算摘要；有任何差异，命令即失败（退出状态 65）。然后在 inspectd.yaml 中设置 storage.engine: postgresql 和 storage.url，再启动守护进程。
            """))

    @Option(help: ArgumentHelp("The SQLite state to copy.", "要复制的 SQLite 数据文件。", valueName: "FILE"))
    var from = "/var/lib/inspectd/inspectd.sqlite"

    @Option(help: ArgumentHelp("The PostgreSQL database: a postgresql:// URL or libpq key=value parameters, without a password.", "PostgreSQL 数据库：postgresql:// 地址或 libpq 的 key=value 参数，不含密码。", valueName: "URL"))
    var to: String

    @Option(name: .customLong("password-file"), help: ArgumentHelp("A file whose first line is the database password.", "第一行为数据库密码的文件。", valueName: "FILE"))
    var passwordFile: String?

    @Flag(help: ArgumentHelp("Print the tables copied as JSON.", "以 JSON 输出已复制的表。")) var json = false

    func run() throws {
        try reportingFailures {
            guard FileManager.default.fileExists(atPath: from) else { throw CLIFailure(Messages.pick("--from: no such file: \(from)", "--from：没有该文件：\(from)"), code: 66) }
            var password: String?
            if let passwordFile {
                guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8),
                      let line = text.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }), !line.isEmpty else {
                    throw CLIFailure(Messages.pick("--password-file: cannot read a password (one line) from \(passwordFile)",
                                                    "--password-file：无法从 \(passwordFile) 读取密码（一行）"), code: 66)
                }
                password = line
            }
            do {
                // As it is: a copy never writes to its source (not even a migration).
                let source = try FactStore(engine: SQLiteEngine(path: from, busyTimeout: 5), migrate: false)
                let target = try FactStore(.postgresql(PostgresSettings(connection: to, password: password, instance: "storage-copy", poolSize: 1)))
                var last = ""
                let showProgress = !json && isatty(STDERR_FILENO) == 1
                let tables = try StoreCopy.copy(from: source, to: target) { table, rows in
                    guard showProgress, table != last || rows % 100_000 == 0 else { return }
                    last = table
                    FileHandle.standardError.write(Data(Messages.pick("copying \(table): \(rows) rows\r", "正在复制 \(table)：\(rows) 行\r").utf8))
                }
                if json { try printJSON(tables); return }
                if showProgress { FileHandle.standardError.write(Data("\u{1B}[K".utf8)) }
                let width = tables.map(\.table.count).max() ?? 0
                for t in tables {
                    print(t.table.padding(toLength: width, withPad: " ", startingAt: 0)
                          + Messages.pick("  \(t.rows) rows  digest \(t.digest)", "  \(t.rows) 行  摘要 \(t.digest)"))
                    // (The table's name in the database stays: it is what a database administrator looks up.)
                }
                let rows = tables.reduce(0) { $0 + $1.rows }
                print(Messages.pick("copied and verified: \(rows) rows in \(tables.count) tables, the same in both stores",
                                    "已复制并核对：\(tables.count) 张表共 \(rows) 行，两处存储一致"))
            } catch let f as StoreCopy.Failure {
                throw CLIFailure(Language.current == .chinese ? Self.chinese(f) : f.description, code: 65)
            } catch StorageFailure.unavailable(let m) {
                // The copy is this command's own work, not a daemon's: nobody reconnects for it.
                throw CLIFailure(Messages.pick("storage unavailable: the database server cannot be reached (\(m)); run the copy again once it answers",
                                               "存储不可用：无法连接数据库服务器（数据库：\(m)）；待其恢复后重新复制"), code: 75)
            } catch let f as StorageFailure {
                throw CLIFailure(Messages.pick(f.description, f.chinese), code: f.isTemporary ? 75 : 74)
            } catch let e as PostgresError {
                throw CLIFailure(Messages.pick("PostgreSQL refused: \(e)", "PostgreSQL 拒绝（数据库：\(e)）"), code: 74)
            }
        }
    }
}

extension StorageCopyCommand {
    /// Why a copy failed, in Chinese.
    static func chinese(_ f: StoreCopy.Failure) -> String {
        switch f {
        case .targetNotEmpty(let t, let n):
            "目标数据库已有数据（表 \(t) 中 \(n) 行）：只能复制到空数据库"
        case .mismatch(let t, let s, let d):
            "表 \(t) 的副本不一致：源 \(s.rows) 行（摘要 \(s.digest)），目标 \(d.rows) 行（\(d.digest)）"
        case .schemaDiffers(let s, let d):
            "两处存储的结构版本不同（源 \(s.last ?? "无")，目标 \(d.last ?? "无")）：请先用同一版本的 inspectd 打开两者"
        }
    }
}
