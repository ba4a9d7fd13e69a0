import Foundation
import GRDB
import Locking

/// The embedded engine (the default, `storage: {engine: sqlite}`): one SQLite database in WAL
/// mode under the state directory, through GRDB's pool (one writer, concurrent readers).
public final class SQLiteEngine: StoreEngine, Sendable {
    public let path: String
    let pool: DatabasePool
    public var dialect: SQLDialect { .sqlite }

    /// - Parameter busyTimeout: how long one statement waits for a lock another process holds
    ///   before failing with ``StorageFailure/busy``.
    public init(path: String, busyTimeout: Double) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        pool = try DatabasePool(path: path, configuration: config)  // DatabasePool uses WAL
        pool.add(transactionObserver: changes, extent: .databaseLifetime)
    }

    public func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try pool.read { db in try body(SQLiteConnection(db: db)) }
    }

    public func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try pool.write { db in try body(SQLiteConnection(db: db)) }
    }

    public func migrate(_ migrations: [StoreMigration]) throws {
        // GRDB's migrator and its `grdb_migrations` table, as every version before issue 16 kept
        // them: a database of any earlier version upgrades in place.
        var migrator = DatabaseMigrator()
        for m in migrations {
            let apply = m.apply
            migrator.registerMigration(m.identifier) { db in try apply(SQLiteConnection(db: db)) }
        }
        try migrator.migrate(pool)
    }

    public func appliedMigrations() throws -> [String] {
        try pool.read { db in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        }
    }

    public func journalMode() throws -> String {
        try pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    public var changeGeneration: Int { changes.generation }

    /// Counts the commits that changed the outbox or the hook queues (issue 11: four COUNTs over a
    /// province's outbox took 14 ms per `status`).
    final class NoticeChanges: TransactionObserver, Sendable {
        private let commits = Locked(0)
        var generation: Int { commits.value }
        /// Whether the transaction under way touched them (GRDB calls an observer on its writer
        /// queue, one transaction at a time; the lock costs nothing uncontended).
        private let changed = Locked(false)

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
            eventKind.tableName == "notice" || eventKind.tableName == "notice_hook"
        }
        func databaseDidChange(with event: DatabaseEvent) { changed.exchange(true) }
        func databaseDidCommit(_ db: Database) {
            guard changed.exchange(false) else { return }
            commits.withLock { $0 += 1 }
        }
        func databaseDidRollback(_ db: Database) { changed.exchange(false) }
    }
    let changes = NoticeChanges()
}

/// A GRDB `Database` (inside a transaction) as a ``StoreConnection``.
struct SQLiteConnection: StoreConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    static func arguments(_ values: StoreArguments) -> StatementArguments {
        StatementArguments(values.map { v -> DatabaseValue in
            switch v?.storeValue ?? .null {
            case .null: .null
            case .integer(let i): i.databaseValue
            case .real(let d): d.databaseValue
            case .text(let s): s.databaseValue
            }
        })
    }

    static func rows(_ cursor: RowCursor) throws -> [StoreRow] {
        var result: [StoreRow] = []
        try forEach(cursor) { result.append($0) }
        return result
    }

    static func forEach(_ cursor: RowCursor, _ body: (StoreRow) throws -> Void) throws {
        var columns: StoreRow.Columns?
        while let row = try cursor.next() {
            let c = columns ?? StoreRow.Columns(Array(row.columnNames))
            columns = c
            var values: [StoreValue] = []
            values.reserveCapacity(row.count)
            for dbValue in row.databaseValues {
                switch dbValue.storage {
                case .null: values.append(.null)
                case .int64(let i): values.append(.integer(i))
                case .double(let d): values.append(.real(d))
                case .string(let s): values.append(.text(s))
                case .blob(let b): values.append(.text(String(decoding: b, as: UTF8.self)))
                }
            }
            try body(StoreRow(columns: c, values: values))
        }
    }

    func execute(_ sql: String, _ arguments: StoreArguments) throws -> Int {
        try db.execute(sql: sql, arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func executeScript(_ sql: String) throws { try db.execute(sql: sql) }

    func rows(_ sql: String, _ arguments: StoreArguments) throws -> [StoreRow] {
        try Self.rows(try Row.fetchCursor(db, sql: sql, arguments: Self.arguments(arguments)))
    }

    func forEachRow(_ sql: String, _ arguments: StoreArguments, _ body: (StoreRow) throws -> Void) throws {
        try Self.forEach(try Row.fetchCursor(db, sql: sql, arguments: Self.arguments(arguments)), body)
    }

    func prepare(_ sql: String) throws -> any StoreStatement {
        SQLiteStatement(db: db, statement: try db.makeStatement(sql: sql))
    }
}

struct SQLiteStatement: StoreStatement {
    let db: Database
    let statement: Statement

    func execute(_ arguments: StoreArguments) throws -> Int {
        try statement.execute(arguments: SQLiteConnection.arguments(arguments))
        return db.changesCount
    }

    func rows(_ arguments: StoreArguments) throws -> [StoreRow] {
        try SQLiteConnection.rows(try Row.fetchCursor(statement, arguments: SQLiteConnection.arguments(arguments)))
    }
}
