import ArgumentParser
import Foundation
import InspectStore

/// `inspectctl storage copy`: an office's SQLite state into a PostgreSQL database (issue 16),
/// done here, not by the daemon (it may run meanwhile: the copy reads one consistent state).
struct StorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Move an office's state between stores (SQLite to PostgreSQL).",
        subcommands: [StorageCopyCommand.self])
}

struct StorageCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the SQLite state into an empty PostgreSQL database and verify it row for row.",
        discussion: """
            Every table is copied from one read transaction of the SQLite file (a consistent state even \
            while the daemon runs; stop it first so that nothing is written after the copy), into a \
            database that holds no facts yet, whose schema is created at the same version. The rows go \
            to PostgreSQL with COPY, in transactions of 50,000 rows (a million entities in seconds, not \
            minutes). Each table \
            is then counted and digested on both sides; any difference fails the command (exit 65). \
            Then set `storage: {engine: postgresql, url: …}` in inspectd.yaml and start the daemons.
            """)

    @Option(help: ArgumentHelp("The SQLite state to copy.", valueName: "FILE"))
    var from = "/var/lib/inspectd/inspectd.sqlite"

    @Option(help: ArgumentHelp("The PostgreSQL database: a postgresql:// URL or libpq key=value parameters, without a password.", valueName: "URL"))
    var to: String

    @Option(name: .customLong("password-file"), help: ArgumentHelp("A file whose first line is the database password.", valueName: "FILE"))
    var passwordFile: String?

    @Flag(help: "Print the tables copied as JSON.") var json = false

    func run() throws {
        try reportingFailures {
            guard FileManager.default.fileExists(atPath: from) else { throw CLIFailure("--from: no such file: \(from)", code: 66) }
            var password: String?
            if let passwordFile {
                guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8),
                      let line = text.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }), !line.isEmpty else {
                    throw CLIFailure("--password-file: cannot read a password (one line) from \(passwordFile)", code: 66)
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
                    FileHandle.standardError.write(Data("copying \(table): \(rows) rows\r".utf8))
                }
                if json { try printJSON(tables); return }
                if showProgress { FileHandle.standardError.write(Data("\u{1B}[K".utf8)) }
                let width = tables.map(\.table.count).max() ?? 0
                for t in tables { print(t.table.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(t.rows) rows  digest \(t.digest)") }
                print("copied and verified: \(tables.reduce(0) { $0 + $1.rows }) rows in \(tables.count) tables, the same in both stores")
            } catch let f as StoreCopy.Failure {
                throw CLIFailure(f.description, code: 65)
            } catch let f as StorageFailure {
                throw CLIFailure(f.description, code: f.isTemporary ? 75 : 74)
            } catch let e as PostgresError {
                throw CLIFailure("PostgreSQL refused: \(e)", code: 74)
            }
        }
    }
}
