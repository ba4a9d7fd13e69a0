import Foundation

/// The change feed of a shared PostgreSQL store: every write transaction that announces itself
/// (NOTIFY on ``PostgresEngine/channel``) also leaves what it changed in `store_change`, in the
/// same statement as the NOTIFY. A notification sent while a daemon's listener was disconnected
/// is lost to it; the feed's row is not: when the listener reconnects it reads the writes after
/// the last one it heard and applies those alone, instead of reading every fact again (seconds
/// of CPU and a schedule rebuild at a province's size, on every daemon after every blip).
///
/// Why reading the rows after the last id heard misses none: every announcing write takes the
/// store's write lock (``PostgresEngine/writeLockKey``) first and inserts its row last, so rows
/// are numbered while the lock is held, and a transaction is visible to all before PostgreSQL
/// releases its locks. A row with a smaller id is therefore committed before any row with a
/// larger one is numbered: ids become visible in order, and a gap is a rolled-back write, never
/// one still to come. (A bigserial id alone would not say this: ids are taken at insert, not at
/// commit; the lock is what orders them.) Notifications come in commit order too.
///
/// Pruned after every ``pruneEvery``-th write (one statement after its commit, not a round trip
/// per write): rows more than ``keepRows`` behind the newest, or older than ``keepSeconds``, go;
/// the newest row always stays. The feed thus reaches back at least the lesser of an hour and
/// 100,000 writes; a daemon away longer (or whose last write heard was pruned) reads everything.
enum ChangeFeed {
    /// The feed's format (its rows and the NOTIFY payload `INSTANCE\tCHANGES\tID`), which each
    /// daemon says in `daemon_presence`: daemons of different formats on one database do not
    /// read each other's writes alike. A change a daemon does not know reads as "everything".
    static let version = 1
    static let keepSeconds = 3_600
    static let keepRows: Int64 = 100_000
    static let pruneEvery: Int64 = 100

    /// The table (PostgreSQL only: an SQLite store has one daemon, which hears nothing).
    static let createTable = """
        CREATE TABLE store_change (
            id BIGSERIAL PRIMARY KEY,
            instance TEXT COLLATE "C" NOT NULL,
            changes TEXT COLLATE "C" NOT NULL,
            at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
        )
        """

    /// A write's last statement before COMMIT: its row, and the NOTIFY whose payload is the
    /// instance, the changes and the row's id (``StoreChange/parseFeed(_:)``). Returns the id.
    static let announce = """
        WITH c AS (INSERT INTO store_change (instance, changes) VALUES ($1::text, $2::text) RETURNING id)
        SELECT id, pg_notify($3::text, $1::text || E'\\t' || $2::text || E'\\t' || id) FROM c
        """

    /// After a write whose id is a multiple of ``pruneEvery``: drops the rows older than the
    /// bound, a prefix of the ids (so that "the feed still holds my last id" means "it holds
    /// everything after it"). A seq scan of at most ``keepRows`` + ``pruneEvery`` small rows.
    static let prune = """
        DELETE FROM store_change WHERE id <= GREATEST($1::int8 - \(keepRows),
          COALESCE((SELECT max(id) FROM store_change WHERE at < clock_timestamp() - make_interval(secs => \(keepSeconds))), 0))
        """

    static func shouldPrune(after id: Int64) -> Bool { id % pruneEvery == 0 }

    /// Whether the store has a feed (a database of an earlier schema, in a test, has none).
    static func exists(on c: PostgresConnection) throws -> Bool {
        try c.run("SELECT to_regclass('store_change') IS NOT NULL", []).rows.first.flatMap { $0[0] as Bool? } ?? false
    }

    /// The newest row's id (0 for an empty feed), nil without a feed.
    static func head(on c: PostgresConnection) throws -> Int64? {
        guard try exists(on: c) else { return nil }
        return try c.run("SELECT COALESCE(max(id), 0) FROM store_change", []).rows.first.flatMap { $0[0] as Int64? } ?? 0
    }

    /// A write the feed holds.
    struct Entry: Equatable {
        var id: Int64
        var instance: String
        var changes: [StoreChange]
    }

    /// The writes after `last`, oldest first; nil when the feed no longer reaches back to `last`
    /// (pruned past it, or gone): then only reading everything is exact.
    static func entries(after last: Int64, on c: PostgresConnection) throws -> [Entry]? {
        guard try exists(on: c) else { return nil }
        let rows = try c.run("SELECT id, instance, changes FROM store_change WHERE id > $1 ORDER BY id", [.integer(last)]).rows
        // Read after the rows: pruning removes a prefix and only moves the first id up, so a
        // first id at or below `last + 1` now was so when the rows were read.
        let first = try c.run("SELECT min(id) FROM store_change", []).rows.first.flatMap { $0[0] as Int64? }
        if let first {
            guard first <= last + 1 else { return nil }
        } else if last != 0 {
            return nil  // emptied by hand: the newest row always stays otherwise
        }
        return rows.map { r in
            let (instance, changes, _) = StoreChange.parseFeed(r["instance"] as String + "\t" + (r["changes"] as String))
            return Entry(id: r["id"] as Int64, instance: instance, changes: changes)
        }
    }
}
