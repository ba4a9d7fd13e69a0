/// The SQL dialect a statement is written for. The store writes one SQL text for both engines
/// where the two agree (most of it: `ON CONFLICT`, `RETURNING`, `FILTER`, row values, `TRUE`),
/// and asks the dialect where they do not (DDL types, JSON arrays, triggers).
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgresql
}

/// A connection inside one transaction (a read or a write), as the store's queries use it.
/// Arguments bind to `?` placeholders in order, in both dialects.
public protocol StoreConnection {
    var dialect: SQLDialect { get }
    /// Runs one statement; returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: StoreArguments) throws -> Int
    /// Runs statements without arguments (DDL), separated by semicolons.
    func executeScript(_ sql: String) throws
    /// Every row of a query.
    func rows(_ sql: String, _ arguments: StoreArguments) throws -> [StoreRow]
    /// Each row of a query in turn, without holding them all (a province's directory at start-up).
    func forEachRow(_ sql: String, _ arguments: StoreArguments, _ body: (StoreRow) throws -> Void) throws
    /// A statement run many times in the transaction (prepared once).
    func prepare(_ sql: String) throws -> any StoreStatement
    /// Adds rows to a table in bulk, `columns` in each row's order: on PostgreSQL one COPY
    /// stream, not a round trip per row; on SQLite, where a statement costs no round trip, a
    /// prepared INSERT each.
    func insertRows(into table: String, columns: [String], _ rows: [[StoreValue]]) throws
}

/// A statement prepared on a connection, for the transaction it was prepared in.
public protocol StoreStatement {
    @discardableResult
    func execute(_ arguments: StoreArguments) throws -> Int
    func rows(_ arguments: StoreArguments) throws -> [StoreRow]
}

extension StoreConnection {
    public func insertRows(into table: String, columns: [String], _ rows: [[StoreValue]]) throws {
        let insert = try prepare("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))")
        for r in rows { try insert.execute(r.map(\.argument)) }
    }

    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }
    public func rows(_ sql: String) throws -> [StoreRow] { try rows(sql, []) }
    public func row(_ sql: String, _ arguments: StoreArguments = []) throws -> StoreRow? { try rows(sql, arguments).first }
    /// The first column of the first row, if there is a row and it is not null.
    public func value<T: StoreValueConvertible>(as type: T.Type, _ sql: String, _ arguments: StoreArguments = []) throws -> T? {
        try rows(sql, arguments).first.flatMap { T.fromStoreValue($0.values[0]) }
    }
    /// The first column of every row.
    public func values<T: StoreValueConvertible>(as type: T.Type, _ sql: String, _ arguments: StoreArguments = []) throws -> [T] {
        try rows(sql, arguments).compactMap { T.fromStoreValue($0.values[0]) }
    }
}

extension StoreStatement {
    /// Whether the query returns a row.
    public func exists(_ arguments: StoreArguments) throws -> Bool { try !rows(arguments).isEmpty }
}

/// A database engine behind the store: transactions on connections it manages.
///
/// Writes are serialized across everything that shares the database (SQLite's one writer; on
/// PostgreSQL, every daemon on it, by a transaction-scoped advisory lock), so the store's
/// read-then-write transactions (draw numbers, counts of an import) mean the same on both.
public protocol StoreEngine: AnyObject, Sendable {
    var dialect: SQLDialect { get }
    /// Reads. SQLite: one snapshot throughout (a WAL read transaction); PostgreSQL: each
    /// statement sees what was committed when it began (no BEGIN/COMMIT round trips; see
    /// ``PostgresEngine/readSnapshot(_:)`` for one snapshot).
    func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T
    /// Reads that see one state of the database throughout (SQLite's `read` already does).
    func readSnapshot<T>(_ body: (any StoreConnection) throws -> T) throws -> T
    /// A write transaction: committed if `body` returns, rolled back if it throws.
    func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T
    /// Applies the migrations not yet applied, each in its own transaction.
    func migrate(_ migrations: [StoreMigration]) throws
    /// The identifiers of the applied migrations, oldest first.
    func appliedMigrations() throws -> [String]
    /// Bumped by every commit that may have changed the outbox or a hook queue (own or, on
    /// PostgreSQL, another daemon's): `status`'s counts are counted again only after a change.
    var changeGeneration: Int { get }
    /// What the engine offers daemons that share its database; nil when one daemon has it alone.
    var coordination: (any StoreCoordination)? { get }
}

extension StoreEngine {
    public var coordination: (any StoreCoordination)? { nil }
    public func readSnapshot<T>(_ body: (any StoreConnection) throws -> T) throws -> T { try read(body) }
}

/// A step of the schema, the same identifier on both engines (versioned together, issue 16).
public struct StoreMigration: Sendable {
    public let identifier: String
    public let apply: @Sendable (any StoreConnection) throws -> Void
    public init(_ identifier: String, _ apply: @escaping @Sendable (any StoreConnection) throws -> Void) {
        self.identifier = identifier
        self.apply = apply
    }
}
