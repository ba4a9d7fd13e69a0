import CLibPQ
import Foundation

/// Where the PostgreSQL store is and who this daemon is on it (`storage: {engine: postgresql}`).
public struct PostgresSettings: Sendable, Equatable {
    /// A `postgresql://` URL or libpq `key=value` parameters, without the password.
    public var connection: String
    /// The password, read by the caller from a file or `$CREDENTIALS_DIRECTORY` (never the YAML).
    public var password: String?
    /// This daemon's name among those on the database (`status` names the leader by it).
    public var instance: String
    /// Connections kept open for the daemon's calls (reads run side by side).
    public var poolSize: Int
    /// How long a write waits for the write lock another daemon holds before failing `busy`.
    public var lockTimeout: Double
    /// How long a statement waits without a byte from the server, a call for a free connection,
    /// and a connection for the server's greeting, before failing `unavailable` (a server that
    /// accepts and never answers; see ``PostgresConnection``).
    public var answerTimeout: Double = 10
    /// The daemon's own version, which it says in `daemon_presence` for the others (a rolling
    /// upgrade runs two versions side by side for a while).
    public var software: String = ""

    public init(connection: String, password: String? = nil, instance: String, poolSize: Int = 4, lockTimeout: Double = 5) {
        self.connection = connection
        self.password = password
        self.instance = instance
        self.poolSize = poolSize
        self.lockTimeout = lockTimeout
    }

    /// How `pg_stat_activity` knows a daemon's session: `inspectd/INSTANCE/ROLE`.
    static func applicationName(_ instance: String, _ role: String) -> String { "inspectd/\(instance)/\(role)" }
    /// Every session a daemon opens: its pool's, its listener's, its leader election's.
    static let roles = ["pool", "listen", "leader"]
    static func applicationNames(_ instance: String) -> StoreArguments { roles.map { applicationName(instance, $0) } }

    /// libpq's parameters: ours first (the URL may override the timeout), the password and the
    /// application name (how `pg_stat_activity` and `status` know the daemon) last.
    func parameters(role: String) -> [(String, String)] {
        // A silent network (a partition, a lost host) is noticed on both sides within about 25 s:
        // TCP keepalives and a send timeout here, the same keepalives and send timeout asked of
        // the server's side of the session (`options`), so a blocked call fails and a lost
        // daemon's session ends. A session left inside a transaction (its daemon gone between two
        // statements) is ended by the server after ``answerTimeout`` whatever TCP says, so the
        // write lock and row locks it holds do not outlive it (drilled: a lost host whose
        // connections a proxy keeps open, `LostHostTests`).
        var p: [(String, String)] = [("connect_timeout", String(max(2, Int(min(5, answerTimeout))))), ("keepalives_idle", "10"), ("keepalives_interval", "5"),
                                      ("keepalives_count", "3"), ("tcp_user_timeout", "25000"), ("dbname", connection)]
        if let password { p.append(("password", password)) }
        p.append(("application_name", Self.applicationName(instance, role)))
        p.append(("options", "-c lock_timeout=\(max(1, Int(lockTimeout * 1000))) -c TimeZone=UTC -c client_min_messages=warning -c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c tcp_user_timeout=25000 -c idle_in_transaction_session_timeout=\(Int(answerTimeout * 1000))"))
        return p
    }
}

/// The platform engine (issue 16): one PostgreSQL database shared by several daemons. libpq
/// connections in a small pool; every write transaction takes one advisory lock first (the
/// writes of all daemons are serialized, as SQLite's are) and announces itself on the
/// `inspectd` channel (NOTIFY, delivered at commit) so the other daemons catch up.
public final class PostgresEngine: StoreEngine, @unchecked Sendable {
    // @unchecked Sendable: a pool of libpq connections (C handles, not Sendable) behind a
    // condition variable, `lock` — a checkout waits for a free connection, which a Mutex cannot.
    public let settings: PostgresSettings
    public var dialect: SQLDialect { .postgresql }

    /// The advisory lock keys (one 64-bit space per database): the writes' and the migrations'.
    /// The leader is chosen by a lease instead (``LeaderElection``).
    static let writeLockKey: Int64 = 0x696E_7370_0001  // "insp" 1
    static let migrationLockKey: Int64 = 0x696E_7370_0002
    /// The NOTIFY channel of committed writes; the payload is the writing daemon's instance name
    /// and what it wrote (``StoreChange``).
    public static let channel = "inspectd"

    private let lock = NSCondition()
    private var idle: [PostgresConnection] = []
    private var open = 0
    private var generation = 0
    private var facts = 0
    /// The change feed's table was seen (it is never dropped): writes fill it from then on.
    private var feedExists = false
    /// Called when a write's COMMIT was sent but its outcome is unknown (the connection broke):
    /// the daemon reads everything again, since its memory does not hold the write (issue 16).
    var uncertainCommit: (@Sendable () -> Void)? {
        get { lock.lock(); defer { lock.unlock() }; return uncertain }
        set { lock.lock(); uncertain = newValue; lock.unlock() }
    }
    private var uncertain: (@Sendable () -> Void)?
    /// The server did not answer in time: until then, calls fail at once instead of each waiting
    /// ``PostgresSettings/answerTimeout`` in turn (threads and barriers would pile up behind a
    /// hung server); the first call after it asks the server again.
    private var unansweredUntil: UInt64?
    /// After a statement or a connection went unanswered, how long calls fail at once.
    static let quietAfterUnanswered: Double = 5
    /// How long a migration's statement may be silent (an index over a province's rows).
    static let migrationAnswerTimeout: Double = 3_600

    public var coordination: (any StoreCoordination)? { self }

    /// Connects once (so a wrong URL or password fails at start-up, naming the server's reason).
    public init(settings: PostgresSettings) throws {
        self.settings = settings
        let first = try PostgresConnection(parameters: settings.parameters(role: "pool"), answerTimeout: settings.answerTimeout)
        open = 1
        idle = [first]
    }

    /// Commits of this process that wrote a fact the schedules rest on (not only the outbox):
    /// a catch-up that read before one of them reads again.
    public var factCommits: Int {
        lock.lock(); defer { lock.unlock() }
        return facts
    }

    public var changeGeneration: Int {
        lock.lock(); defer { lock.unlock() }
        return generation
    }

    /// Another daemon committed (its NOTIFY arrived): counts are counted again if it touched
    /// the outbox or the hook queues.
    public func noteRemoteChange(_ changes: [StoreChange]) {
        guard StoreChange.touchOutbox(changes) else { return }
        lock.lock(); generation += 1; lock.unlock()
    }

    private static func nanoseconds(_ t: Double) -> UInt64 { UInt64(t * 1_000_000_000) }

    private func checkout() throws -> PostgresConnection {
        lock.lock()
        let now = DispatchTime.now().uptimeNanoseconds
        let probing = unansweredUntil != nil
        if let until = unansweredUntil {
            guard now >= until else {
                lock.unlock()
                throw StorageFailure.unavailable("the database server did not answer within \(PostgresConnection.seconds(settings.answerTimeout)) s; asked again in a moment")
            }
            // This call asks the server again; the others fail at once until it has its answer.
            unansweredUntil = now + Self.nanoseconds(2 * settings.answerTimeout + Self.quietAfterUnanswered)
        }
        // A free connection, waited for no longer than a statement's answer.
        let deadline = Date(timeIntervalSinceNow: settings.answerTimeout)
        while idle.isEmpty && open >= max(1, settings.poolSize) {
            // Another call's statement went unanswered meanwhile: this one would wait in vain.
            if !probing, let until = unansweredUntil, DispatchTime.now().uptimeNanoseconds < until {
                lock.unlock()
                throw StorageFailure.unavailable("the database server did not answer within \(PostgresConnection.seconds(settings.answerTimeout)) s; asked again in a moment")
            }
            guard lock.wait(until: deadline) else {
                lock.unlock()
                throw StorageFailure.unavailable("all \(settings.poolSize) connections to the database server were busy for \(PostgresConnection.seconds(settings.answerTimeout)) s")
            }
        }
        if let c = idle.popLast() { lock.unlock(); return c }
        open += 1
        lock.unlock()
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            return try PostgresConnection(parameters: settings.parameters(role: "pool"), answerTimeout: settings.answerTimeout)
        } catch {
            lock.lock()
            open -= 1
            // A refused connection fails at once; one the server let wait for its timeout is a
            // server that does not answer.
            if DispatchTime.now().uptimeNanoseconds - started >= Self.nanoseconds(1.5) { quiet() } else { unansweredUntil = nil }
            lock.signal()
            lock.unlock()
            throw error
        }
    }

    /// Calls fail at once for a while (under `lock`).
    private func quiet() {
        unansweredUntil = DispatchTime.now().uptimeNanoseconds + Self.nanoseconds(Self.quietAfterUnanswered)
        lock.broadcast()  // the calls waiting for a connection fail now
    }

    private func checkin(_ c: PostgresConnection) {
        lock.lock()
        if c.timedOut { quiet() } else { unansweredUntil = nil }  // the server (or the network) answered
        // Broken, given up, or still inside a transaction (a ROLLBACK that failed): not reused.
        if c.isBroken || !c.isIdle { open -= 1 } else { idle.append(c) }
        lock.signal()
        lock.unlock()
    }

    /// Runs `body` in a transaction begun with `begin`; rolls back on error (a broken connection
    /// is dropped and the next call opens another: the daemon reconnects by itself).
    private func transaction<T>(_ begin: String, notify: Bool, answerTimeout: Double? = nil, _ body: (PostgresConnection) throws -> T) throws -> T {
        let c = try checkout()
        if let answerTimeout { c.answerTimeout = answerTimeout }
        defer {
            c.answerTimeout = settings.answerTimeout
            checkin(c)
        }
        if notify { StoreChange.begin() }
        var feedID: Int64?
        do {
            try c.script(begin)
            let result = try body(c)
            var changes: [StoreChange] = []
            if notify {
                changes = StoreChange.take()
                // Staged rows alone (an import's scratch) are nobody else's business until committed.
                if StoreChange.announced(changes) { feedID = try announce(changes, on: c) }
            }
            do {
                try c.script("COMMIT")
            } catch {
                // The connection went while the COMMIT was under way: it may have committed.
                if notify && c.isBroken { uncertainCommit?() }
                throw error
            }
            // `status` counts the outbox again only after a write that touched it (as on SQLite,
            // whose transaction observer watches those tables): not after every inspection.
            if notify && StoreChange.touchOutbox(changes) { lock.lock(); generation += 1; lock.unlock() }
            if notify && (changes.isEmpty || changes.contains { $0 != .outbox && $0 != .scratch }) { lock.lock(); facts += 1; lock.unlock() }
            if let feedID, ChangeFeed.shouldPrune(after: feedID) { _ = try? c.run(ChangeFeed.prune, [.integer(feedID)]) }
            return result
        } catch {
            if notify { _ = StoreChange.take() }
            if !c.isBroken { try? c.script("ROLLBACK") }
            throw error
        }
    }

    /// Tells the other daemons what this write changed: its row in the change feed and its
    /// NOTIFY in one statement (``ChangeFeed``), or the NOTIFY alone on a database without the
    /// feed (an earlier schema). Returns the feed's id of the write.
    private func announce(_ changes: [StoreChange], on c: PostgresConnection) throws -> Int64? {
        lock.lock(); let fed = feedExists; lock.unlock()
        if try fed || ChangeFeed.exists(on: c) {
            if !fed { lock.lock(); feedExists = true; lock.unlock() }
            let list = StoreChange.list(changes)
            return try c.run(ChangeFeed.announce, [.text(settings.instance), .text(list), .text(Self.channel)]).rows.first.flatMap { $0[0] as Int64? }
        }
        _ = try c.run("SELECT pg_notify($1, $2)", [.text(Self.channel), .text(StoreChange.payload(instance: settings.instance, changes))])
        return nil
    }

    /// Each statement on its own (autocommit): it sees what was committed when it began. A
    /// BEGIN and a COMMIT around every read tripled the round trips of a `GetEntity` (BENCHMARKS.md,
    /// issue 16); what reads several statements together (a page and the count after it) needs
    /// no more than that. ``readSnapshot(_:)`` is one snapshot throughout.
    public func read<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        let c = try checkout()
        defer { checkin(c) }
        return try body(PostgresStoreConnection(c: c))
    }

    /// A read-only transaction that sees one state of the database throughout.
    /// Paced by its reader (`storage copy` writes a batch into the target between two rows): no
    /// limit on its idle time, as it holds no lock a write waits for.
    public func readSnapshot<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL idle_in_transaction_session_timeout = 0", notify: false) {
            try body(PostgresStoreConnection(c: $0))
        }
    }

    public func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        // READ COMMITTED whatever the database's default: each statement sees the commits made
        // before the write lock was granted.
        try transaction("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(\(Self.writeLockKey))", notify: true) {
            try body(PostgresStoreConnection(c: $0))
        }
    }

    public func migrate(_ migrations: [StoreMigration]) throws {
        // Daemons starting side by side: one applies, the others wait on the lock and find it done.
        for m in migrations {
            // No lock timeout here: a daemon started beside one that migrates waits for it.
            // An index built over a province's rows, and the wait for another daemon's migration,
            // are silent for as long as they take.
            try transaction("BEGIN; SET LOCAL lock_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0; SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))", notify: false,
                            answerTimeout: Self.migrationAnswerTimeout) { c in
                try c.script("CREATE TABLE IF NOT EXISTS inspectd_migration (identifier TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
                guard try c.run("SELECT 1 FROM inspectd_migration WHERE identifier = $1", [.text(m.identifier)]).rows.isEmpty else { return }
                try m.apply(PostgresStoreConnection(c: c))
                _ = try c.run("INSERT INTO inspectd_migration (identifier, applied_at) VALUES ($1, $2)",
                              [.text(m.identifier), .integer(Int64(Date().timeIntervalSince1970))])
            }
        }
    }

    public func appliedMigrations() throws -> [String] {
        try read { db in
            guard try db.value(as: Bool.self, "SELECT to_regclass('inspectd_migration') IS NOT NULL") == true else { return [] }
            return try db.values(as: String.self, "SELECT identifier FROM inspectd_migration ORDER BY applied_at, ctid")
        }
    }

    /// A connection of its own, outside the pool (the listener's, the leader lock's).
    func dedicatedConnection(role: String, answerTimeout: Double? = nil) throws -> PostgresConnection {
        try PostgresConnection(parameters: settings.parameters(role: role), answerTimeout: answerTimeout ?? settings.answerTimeout)
    }
}

/// A pooled connection inside a transaction, as a ``StoreConnection``.
struct PostgresStoreConnection: StoreConnection {
    let c: PostgresConnection
    var dialect: SQLDialect { .postgresql }

    func execute(_ sql: String, _ arguments: StoreArguments) throws -> Int {
        try c.run(PostgresConnection.numbered(sql), arguments.storeValues).changes
    }
    func executeScript(_ sql: String) throws { try c.script(sql) }
    func rows(_ sql: String, _ arguments: StoreArguments) throws -> [StoreRow] {
        try c.run(PostgresConnection.numbered(sql), arguments.storeValues).rows
    }
    func forEachRow(_ sql: String, _ arguments: StoreArguments, _ body: (StoreRow) throws -> Void) throws {
        try c.stream(PostgresConnection.numbered(sql), arguments.storeValues, body)
    }
    func insertRows(into table: String, columns: [String], _ rows: [[StoreValue]]) throws {
        try c.copyIn(table: table, columns: columns, rows)
    }
    func prepare(_ sql: String) throws -> any StoreStatement {
        PostgresStatement(c: c, sql: PostgresConnection.numbered(sql))
    }
}

struct PostgresStatement: StoreStatement {
    let c: PostgresConnection
    let sql: String
    func execute(_ arguments: StoreArguments) throws -> Int { try c.run(sql, arguments.storeValues).changes }
    func rows(_ arguments: StoreArguments) throws -> [StoreRow] { try c.run(sql, arguments.storeValues).rows }
}
