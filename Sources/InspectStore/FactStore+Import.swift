import InspectCore

/// A directory imported in parts (issue 10, drill 5: a 200,000-row file did not fit in one
/// message). Parts are staged in `import_staging`; the commit moves them into `entity` in one
/// transaction, so the directory changes all at once or not at all.
extension FactStore {
    /// An id given on two lines of the same import.
    public struct DuplicateID: Error, Sendable {
        public var id: String
        public var firstLine: Int
        public var line: Int
    }

    /// Stages one part's validated rows (one transaction: the part is staged whole or not at all).
    /// - Throws: ``DuplicateID`` when an id was staged by an earlier part (or twice in this one).
    ///
    /// In transactions of 5,000 rows: a part is 70,000 rows, and a write made meanwhile waits for
    /// one transaction (a few ms), not for the part (issue 11). A part that fails leaves some of
    /// its rows staged; the caller drops the whole import then (nothing of it is imported).
    public func stage(_ rows: [(line: Int, entity: Entity)], importID: String) throws {
        for start in stride(from: 0, to: rows.count, by: 5_000) {
            try stage(rows[start..<min(rows.count, start + 5_000)], importID: importID)
        }
    }

    private func stage(_ rows: ArraySlice<(line: Int, entity: Entity)>, importID: String) throws {
        // On PostgreSQL the rows go in one COPY (a round trip each made a province's directory
        // take minutes to stage); an id staged before fails it whole, and the rows are then
        // staged one by one below, which names the line.
        if dialect == .postgresql {
            do {
                return try write { db in
                    StoreChange.note(.scratch)
                    try Self.touch(importID, db)
                    try db.insertRows(into: "import_staging", columns: Self.stagingColumns, rows.map { line, e in
                        [.text(importID), .integer(Int64(line)), .text(e.id), .text(e.name), .text(e.kind), .text(e.jurisdiction),
                         e.approvedOn.map { .integer(Int64($0.dayNumber)) } ?? .null, e.grade.map(StoreValue.text) ?? .null,
                         e.supervisor.map(StoreValue.text) ?? .null, e.industry.map(StoreValue.text) ?? .null]
                    })
                }
            } catch let e as PostgresError where e.sqlState == "23505" {}  // unique_violation
        }
        try write { db in
            StoreChange.note(.scratch)
            try Self.touch(importID, db)
            let insert = try db.prepare("""
                INSERT INTO import_staging (import_id, line, id, name, kind, jurisdiction, approved_on, grade, supervisor, industry)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """)
            for (line, e) in rows {
                if try insert.execute([importID, line, e.id, e.name, e.kind, e.jurisdiction, e.approvedOn?.dayNumber, e.grade,
                                       e.supervisor, e.industry]) == 0 {
                    let first = try db.value(as: Int.self, "SELECT line FROM import_staging WHERE import_id = ? AND id = ?", [importID, e.id]) ?? 0
                    throw DuplicateID(id: e.id, firstLine: first, line: line)
                }
            }
        }
    }

    /// Notes that `importID` staged a part now, on the database's clock (``discardAbandonedStaging``).
    static func touch(_ importID: String, _ db: any StoreConnection) throws {
        let now = db.dialect == .postgresql ? "extract(epoch FROM clock_timestamp())::bigint" : "CAST(strftime('%s', 'now') AS INTEGER)"
        try db.execute("""
            INSERT INTO import_open (import_id, instance, touched) VALUES (?, ?, \(now))
            ON CONFLICT (import_id) DO UPDATE SET touched = excluded.touched
            """, [importID, stagingInstance(importID)])
    }

    /// The daemon an import belongs to: its id is `INSTANCE/UUID` (the daemon names it).
    static func stagingInstance(_ importID: String) -> String {
        importID.lastIndex(of: "/").map { String(importID[..<$0]) } ?? importID
    }

    static let stagingColumns = ["import_id", "line", "id", "name", "kind", "jurisdiction", "approved_on", "grade", "supervisor", "industry"]

    /// Takes out an import's rows staged from `line` on (a part that failed half-way: the parts
    /// come in order, so they are all that part's).
    public func unstage(importID: String, fromLine line: Int) throws {
        try write { db in
            StoreChange.note(.scratch)
            try db.execute("DELETE FROM import_staging WHERE import_id = ? AND line >= ?", [importID, line])
        }
    }

    /// Rows staged so far for an import.
    public func stagedCount(importID: String) throws -> Int {
        try engine.read { try $0.value(as: Int.self, "SELECT COUNT(*) FROM import_staging WHERE import_id = ?", [importID]) ?? 0 }
    }

    /// Moves an import's staged rows into the directory in one transaction and returns the
    /// imported entities (for the schedule, by id) with how many were added and how many updated.
    /// `rangeSize`: rows moved per statement.
    /// `expecting`: the rows its daemon staged; fewer in the table (another daemon removed the
    /// staging while this one could not reach the database: ``discardAbandonedStaging``) fail
    /// the commit with ``StagingLost`` rather than import part of a file.
    public func commitStaged(importID: String, file: String, by uid: UInt32, at time: Int64, expecting: Int? = nil,
                             rangeSize: Int = commitChunk) throws -> (entities: [Entity], added: Int, updated: Int) {
        try write { db in
            let before = try db.value(as: Int.self, "SELECT COUNT(*) FROM entity") ?? 0
            var entities: [Entity] = []
            // By id (the staging table's key): the ranges below need no sort, nor the directory's merge.
            try db.forEachRow("SELECT * FROM import_staging WHERE import_id = ? ORDER BY id", [importID]) { entities.append(Self.entity($0)) }
            if let expecting, entities.count != expecting { throw StagingLost(importID: importID, staged: entities.count, expected: expecting) }
            // In ranges of ids, each a statement of its own (one transaction still): a province's
            // rows in one statement kept the server silent for longer than a statement may be
            // (10 s on PostgreSQL, the bound on a hung server), and the commit failed.
            let ranges = Self.idRanges(entities.map(\.id), size: rangeSize)
            for r in ranges {
                try db.execute("""
                    INSERT INTO entity (id, name, kind, jurisdiction, approved_on, grade, supervisor, industry, updated_at, updated_by)
                    SELECT id, name, kind, jurisdiction, approved_on, grade, supervisor, industry, ?, ? FROM import_staging
                    WHERE import_id = ?\(r.condition)
                    """ + Self.updateExistingEntity, [time, Int64(uid), importID] + r.arguments)
            }
            let added = (try db.value(as: Int.self, "SELECT COUNT(*) FROM entity") ?? 0) - before
            let updated = entities.count - added
            try Self.recordImport(db, file: file, by: uid, at: time, added: added, updated: updated)
            for r in ranges { try db.execute("DELETE FROM import_staging WHERE import_id = ?\(r.condition)", [importID] + r.arguments) }
            try db.execute("DELETE FROM import_open WHERE import_id = ?", [importID])
            return (entities, added, updated)
        }
    }

    /// Rows moved from the staging area per statement at a commit.
    public static let commitChunk = 50_000

    /// A range of ids, `lo <= id < hi`, either end open (nil).
    struct IDRange {
        var lo: String?, hi: String?
        var condition: String { (lo == nil ? "" : " AND id >= ?") + (hi == nil ? "" : " AND id < ?") }
        var arguments: StoreArguments { [lo, hi].compactMap { $0 }.map { $0 as (any StoreValueConvertible)? } }
    }

    /// Ranges that cover every id and hold at most `size` of `ids` each (one range for `size` or
    /// fewer). The first is open below and the last above, so that together they cover every id
    /// whatever order the database's collation gives them (Swift's order cuts them; where the
    /// two differ a range may hold more, or an id fall in two — the statements are idempotent).
    static func idRanges(_ ids: [String], size: Int) -> [IDRange] {
        let sorted = zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 } ? ids : ids.sorted()
        let cuts = stride(from: size, to: sorted.count, by: size).map { sorted[$0] }
        return zip([nil] + cuts, cuts.map(Optional.some) + [nil]).map { IDRange(lo: $0, hi: $1) }
    }

    /// At start-up: drops the imports in parts a daemon left (an import never outlives the daemon
    /// that staged it). On SQLite (one daemon per file) every import's; on a shared PostgreSQL
    /// store only those whose id begins with `prefix`, this daemon's (issue 16).
    public func discardStaged(ownedBy prefix: String) throws {
        guard dialect == .postgresql else { return try discardStaged(importID: nil) }
        // Read first: a daemon starting beside a leader that writes must not wait for the
        // database's write lock (and fail after its timeout) when it has nothing to drop.
        let staged = try engine.read { db in
            try db.value(as: Int64.self, """
                SELECT count(*) FROM (SELECT 1 FROM import_staging WHERE substr(import_id, 1, CAST(? AS INTEGER)) = ?
                  UNION ALL SELECT 1 FROM import_open WHERE substr(import_id, 1, CAST(? AS INTEGER)) = ? LIMIT 1) s
                """, [prefix.count, prefix, prefix.count, prefix])
        }
        guard (staged ?? 0) > 0 else { return }
        try write { db in
            StoreChange.note(.scratch)
            try db.execute("DELETE FROM import_staging WHERE substr(import_id, 1, CAST(? AS INTEGER)) = ?", [prefix.count, prefix])
            try db.execute("DELETE FROM import_open WHERE substr(import_id, 1, CAST(? AS INTEGER)) = ?", [prefix.count, prefix])
        }
    }

    /// Drops an import's staged rows (aborted, failed or abandoned); `nil` drops every import's.
    public func discardStaged(importID: String?) throws {
        try write { db in
            StoreChange.note(.scratch)
            if let importID {
                try db.execute("DELETE FROM import_staging WHERE import_id = ?", [importID])
                try db.execute("DELETE FROM import_open WHERE import_id = ?", [importID])
            } else {
                try db.execute("DELETE FROM import_staging")
                try db.execute("DELETE FROM import_open")
            }
        }
    }

    /// An import's staged rows went while its daemon held it open (``commitStaged``).
    public struct StagingLost: Error, Sendable {
        public var importID: String
        public var staged: Int
        public var expected: Int
    }

    /// How long an import in parts may go without a part before any daemon on the store removes
    /// its staged rows: twice as long as its own daemon keeps it open (10 minutes), so that an
    /// import its daemon still holds is never removed from under it.
    public static let stagingAbandonedAfter: Int64 = 1_200

    /// Removes the stagings other daemons left on a shared store (the next import and the
    /// leader's housekeeping call it): those whose daemon is gone — not heard from for
    /// `absentAfter` seconds, on the server's clock (``LeaderElection/absentSeconds``: killed,
    /// its host lost, cut off from the database) — and those no part reached for `idleAfter`
    /// seconds (a daemon whose import hung and whose own removal failed). A daemon that is
    /// present and staged within the bound keeps its import. Returns the imports removed.
    ///
    /// Stagings of a version before `import_open` (no row there) are left to their daemon's
    /// restart, as before.
    @discardableResult
    public func discardAbandonedStaging(absentAfter: Double = LeaderElection.absentSeconds,
                                        idleAfter: Int64 = stagingAbandonedAfter) throws -> [String] {
        guard dialect == .postgresql else { return [] }
        let presence = try engine.read { db in
            try db.value(as: Bool.self, "SELECT to_regclass('\(LeaderElection.presenceTable)') IS NOT NULL") == true
        }
        // Decided on the server, in the write that removes them (under the store's write lock,
        // which every part's staging takes too): a part staged meanwhile keeps its import.
        let condition = """
            touched < extract(epoch FROM clock_timestamp())::bigint - CAST(? AS BIGINT)\(presence ? """
             OR NOT EXISTS (SELECT 1 FROM \(LeaderElection.presenceTable) p WHERE p.instance = o.instance COLLATE "C"
                            AND p.seen > clock_timestamp() - make_interval(secs => CAST(? AS DOUBLE PRECISION)))
            """ : "")
            """
        let arguments: StoreArguments = presence ? [idleAfter, absentAfter] : [idleAfter]
        // Read first: most calls find nothing, and need not wait for the write lock.
        let any = try engine.read { db in try db.value(as: Int64.self, "SELECT count(*) FROM import_open o WHERE \(condition)", arguments) } ?? 0
        guard any > 0 else { return [] }
        return try write { db in
            StoreChange.note(.scratch)
            let gone = try db.values(as: String.self, "DELETE FROM import_open o WHERE \(condition) RETURNING import_id", arguments)
            for id in gone { try db.execute("DELETE FROM import_staging WHERE import_id = ?", [id]) }
            return gone
        }
    }
}
