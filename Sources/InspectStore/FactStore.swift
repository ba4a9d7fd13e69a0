import Foundation
import InspectCore
import Locking

/// The daemon's state: the entity directory, recorded facts and the notice outbox, in one
/// database: SQLite under the state directory (the default) or PostgreSQL shared by several
/// daemons (issue 16). The same SQL serves both (``StoreEngine``); where the dialects differ the
/// store asks `dialect`.
///
/// Every write is one transaction: a crash leaves either all of a change or none of it.
public final class FactStore: Sendable {
    public let engine: any StoreEngine
    public var dialect: SQLDialect { engine.dialect }

    /// Where the store is: ``StoreLocation``.
    public convenience init(_ location: StoreLocation) throws {
        switch location {
        case .sqlite(let path, let busyTimeout): try self.init(engine: SQLiteEngine(path: path, busyTimeout: busyTimeout))
        case .postgresql(let settings): try self.init(engine: PostgresEngine(settings: settings))
        }
    }

    /// Opens (creating if needed) the SQLite database at `path` and applies pending migrations.
    ///
    /// - Parameter busyTimeout: how long one statement waits for a lock another process holds
    ///   before failing with ``StorageFailure/busy``. The daemon keeps it short and retries off
    ///   its work queue, so that reads go on meanwhile (issue 10, drill 7); the default suits a
    ///   tool that has nothing else to do.
    public convenience init(path: String, busyTimeout: Double = 5) throws {
        try self.init(.sqlite(path: path, busyTimeout: busyTimeout))
    }

    /// The store on `engine`, its schema brought up to date (`migrate: false`: as it is, for a
    /// copy that must not write to its source).
    public init(engine: any StoreEngine, migrate: Bool = true) throws {
        self.engine = engine
        if migrate { try engine.migrate(StoreSchema.migrations) }
    }

    /// `status`'s notice counts, counted again only after a commit changed the outbox or a hook
    /// queue (issue 11: four COUNTs over a province's outbox took 14 ms per `status`).
    struct CountCache {
        var notices: (generation: Int, counts: (sent: Int, pending: Int, hookPending: Int, hookDead: Int))?
        var hooks: (generation: Int, counts: [HookCounts])?
    }
    let counts = Locked(CountCache())

    /// Names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try engine.appliedMigrations()
    }

    /// How many migrations this version knows: the schema version it says to the other daemons.
    public static var schemaVersion: Int { StoreSchema.migrations.count }
    /// The change feed's format this version writes and reads (``ChangeFeed/version``).
    public static var feedVersion: Int { ChangeFeed.version }

    /// Migrations applied to the database that this version does not know: a newer daemon
    /// migrated it (a rolling upgrade under way, or this one was downgraded). Empty when none.
    public func unknownMigrations() throws -> [String] {
        let known = Set(StoreSchema.migrations.map(\.identifier))
        return try appliedMigrations().filter { !known.contains($0) }
    }

    /// Why this store refuses writes (nil: it takes them): set while the database's schema is
    /// newer than this version knows. Its writes could break what a newer version relies on.
    let writesRefused = Locked<String?>(nil)

    /// Refuses every write from now on with ``StorageFailure/schemaNewer(_:)`` (nil: takes them again).
    public func refuseWrites(_ because: String?) { writesRefused.withLock { $0 = because } }

    /// SQLite's journal mode (`wal`); `nil` on PostgreSQL.
    public func journalMode() throws -> String? {
        try (engine as? SQLiteEngine)?.journalMode()
    }

    // MARK: Entities

    public func entityCount() throws -> Int {
        try engine.read { try $0.value(as: Int.self, "SELECT COUNT(*) FROM entity") ?? 0 }
    }

    /// Every entity, by id. Read through a cursor (no million Row copies at a province's start-up).
    ///
    /// At a province's size this is most of a restart (issue 11: READY=1 within 2 s at 1,000,000
    /// entities): the two halves of the id range are read side by side, each on its own reader
    /// (WAL readers share nothing), and the columns are read by position, not by name.
    public func entities() throws -> [Entity] {
        try entitiesInHalves(from: "entity e", where: nil, [], whole: true)
    }

    /// From how many rows a read of entities goes in two halves.
    static let splitReadAbove = 20_000

    /// The entities of a query over `entity e` (joined with what `from` names, narrowed by
    /// `condition`), by id: around the directory's middle id, its two halves read side by side,
    /// each on its own connection (SQLite: WAL readers share nothing; PostgreSQL: two backends
    /// and two threads decoding), the columns read by position.
    /// `whole`: every entity is read (room for them is made at once); `split`: in halves if the
    /// directory is large.
    func entitiesInHalves(from: String, where condition: String?, _ arguments: StoreArguments, whole: Bool = false, split: Bool = true) throws -> [Entity] {
        let (count, pivot) = try engine.read { db -> (Int, String?) in
            let n = try db.value(as: Int.self, "SELECT COUNT(*) FROM entity") ?? 0
            let pivot = n < Self.splitReadAbove || !split ? nil : try db.value(as: String.self, "SELECT id FROM entity ORDER BY id LIMIT 1 OFFSET ?", [n / 2])
            return (n, pivot)
        }
        let select = "SELECT e.id, e.name, e.kind, e.jurisdiction, e.approved_on, e.grade, e.supervisor, e.industry FROM \(from)"
        let engine = self.engine, values = arguments.storeValues
        @Sendable func read(_ half: String?, _ pivot: String?) throws -> [Entity] {
            let conditions = [condition, half].compactMap { $0 }
            let arguments: StoreArguments = values.map(\.argument) + (pivot.map { [$0] } ?? [])
            // By id when the directory is read whole or in halves (the directory takes them without a
            // sort); a small part in any order: PostgreSQL may then scan for it instead of walking
            // the whole key (a 1,000-entity import was read in 1.2–1.9 s through the key).
            let sql = "\(select)\(conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))" + (whole || pivot != nil ? " ORDER BY e.id" : "")
            return try engine.read { db in
                var list: [Entity] = []
                if whole { list.reserveCapacity(count / 2 + 1) }
                if let pg = db as? PostgresStoreConnection {
                    // COPY's text stream: no result per row, no string per value but the entity's.
                    try pg.forEachCopiedRow(sql, arguments) { row in
                        list.append(Entity(id: row.text(0) ?? "", name: row.text(1) ?? "", kind: row.text(2) ?? "", jurisdiction: row.text(3) ?? "",
                                           approvedOn: row.integer(4).flatMap { Int32(exactly: $0) }.map(CivilDate.init(dayNumber:)),
                                           grade: row.text(5), supervisor: row.text(6), industry: row.text(7)))
                    }
                    return list
                }
                try db.forEachRow(sql, arguments) { row in
                    list.append(Entity(id: row[0], name: row[1], kind: row[2], jurisdiction: row[3],
                                       approvedOn: (row[4] as Int32?).map(CivilDate.init(dayNumber:)),
                                       grade: row[5], supervisor: row[6], industry: row[7]))
                }
                return list
            }
        }
        guard let pivot else { return try read(nil, nil) }
        nonisolated(unsafe) var upper: Result<[Entity], any Error> = .success([])
        let done = DispatchSemaphore(value: 0)
        Thread {
            upper = Result { try read("e.id >= ?", pivot) }
            done.signal()
        }.start()
        var lower = try read("e.id < ?", pivot)
        done.wait()
        lower.append(contentsOf: try upper.get())
        return lower
    }

    /// When the entity's directory row in force was imported, and by which uid.
    public func entityImport(id: String) throws -> (at: Int64, uid: UInt32)? {
        try engine.read { db in
            try db.row("SELECT updated_at, updated_by FROM entity WHERE id = ?", [id]).map {
                ($0["updated_at"] as Int64, UInt32(truncatingIfNeeded: $0["updated_by"] as Int64))
            }
        }
    }

    public func entity(id: String) throws -> Entity? {
        try engine.read { db in try db.row("SELECT * FROM entity WHERE id = ?", [id]).map(Self.entity) }
    }

    /// Adds or updates every entity of a validated directory in one transaction.
    /// - Returns: how many were added and how many updated.
    @discardableResult
    public func importEntities(_ entities: [Entity], file: String, by uid: UInt32, at time: Int64) throws -> (added: Int, updated: Int) {
        try write { db in
            // One prepared statement, and added/updated from the row count (issue 11: a SELECT and
            // an INSERT per row made the first bootstrap of a province take a minute).
            let before = try db.value(as: Int.self, "SELECT COUNT(*) FROM entity") ?? 0
            let upsert = try db.prepare("""
                INSERT INTO entity (id, name, kind, jurisdiction, approved_on, grade, supervisor, industry, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """ + Self.updateExistingEntity)
            for e in entities {
                try upsert.execute([e.id, e.name, e.kind, e.jurisdiction, e.approvedOn?.dayNumber, e.grade, e.supervisor,
                                               e.industry, time, Int64(uid)])
            }
            let added = (try db.value(as: Int.self, "SELECT COUNT(*) FROM entity") ?? 0) - before
            let updated = entities.count - added
            try Self.recordImport(db, file: file, by: uid, at: time, added: added, updated: updated)
            return (added, updated)
        }
    }

    /// Records an import in `directory_import` and names it in the write's change: the other
    /// daemons read the rows it wrote (``entities(ofImport:)``) instead of the whole directory.
    static func recordImport(_ db: any StoreConnection, file: String, by uid: UInt32, at time: Int64, added: Int, updated: Int) throws {
        let id = try db.value(as: Int64.self, "INSERT INTO directory_import (at, by_uid, file, added, updated) VALUES (?, ?, ?, ?, ?) RETURNING id",
                              [time, Int64(uid), file, added, updated])
        StoreChange.note(id.map(StoreChange.directoryImport) ?? .everything)
    }

    /// The entities an import wrote, as they are now: the rows that carry its time and uid (an
    /// entity a later import changed again carries that one's, and is read for that one).
    /// By id; a large one in two halves side by side as the start-up's read (a province's import
    /// is a million rows), a small one in one query (each half is a scan of the directory).
    /// The import's time and uid are read first, then the directory by its key with them as a
    /// filter: rows come in id order from the start (a join with the import made PostgreSQL sort
    /// a million rows before the first one: 10 s right after the import, bench-platform).
    public func entities(ofImport id: Int64) throws -> [Entity] {
        guard let row = try engine.read({ try $0.row("SELECT at, by_uid, added + updated AS rows FROM directory_import WHERE id = ?", [id]) }) else { return [] }
        let (at, uid, rows): (Int64, Int64, Int) = (row["at"], row["by_uid"], row["rows"])
        return try entitiesInHalves(from: "entity e", where: "e.updated_at = ? AND e.updated_by = ?", [at, uid], split: rows >= Self.splitReadAbove)
    }

    /// The upsert's second half, shared by both imports: an id already there takes the new row.
    static let updateExistingEntity = """
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
            jurisdiction = excluded.jurisdiction, approved_on = excluded.approved_on, grade = excluded.grade,
            supervisor = excluded.supervisor, industry = excluded.industry,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by
        """

    static func entity(_ row: StoreRow) -> Entity {
        Entity(id: row["id"], name: row["name"], kind: row["kind"], jurisdiction: row["jurisdiction"],
               approvedOn: (row["approved_on"] as Int32?).map(CivilDate.init(dayNumber:)),
               grade: row["grade"], supervisor: row["supervisor"], industry: row["industry"])
    }

    // MARK: Inspections

    /// Appends an inspection; returns it with its id. With a `requestID` already recorded (a
    /// client's retry), nothing is written and the inspection of that request is returned.
    public func record(_ inspection: Inspection, by uid: UInt32, at time: Int64, requestID: String? = nil) throws -> (inspection: Inspection, isNew: Bool) {
        try write { db in
            if let requestID, let row = try db.row("SELECT * FROM inspection WHERE request_id = ?", [requestID]) {
                StoreChange.note(.outbox)
                return (Self.inspection(row), false)
            }
            let id = try db.value(as: Int64.self, """
                INSERT INTO inspection (entity_id, date, kind, authority, inspectors, note, exception_reason, advance_notice, findings,
                                        recorded_at, recorded_by, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, [inspection.entityID, inspection.date.dayNumber, inspection.kind, inspection.authority.rawValue,
                                 StoreSchema.inspectorList(inspection.inspectors), inspection.note, inspection.exceptionReason,
                                 inspection.advanceNotice?.dayNumber, inspection.findings, time, Int64(uid), requestID])
            if let id { StoreChange.note(.inspection(id)) }
            var saved = inspection
            saved.id = id
            saved.recordedBy = uid
            return (saved, true)
        }
    }

    /// The inspection a request recorded, if that request id was seen.
    public func inspection(requestID: String) throws -> Inspection? {
        try engine.read { db in try db.row("SELECT * FROM inspection WHERE request_id = ?", [requestID]).map(Self.inspection) }
    }

    /// Inspections of one entity, or of all entities, by date.
    public func inspections(of entityID: String? = nil) throws -> [Inspection] {
        try engine.read { db in
            let rows = entityID == nil
                ? try db.rows("SELECT * FROM inspection ORDER BY date, id")
                : try db.rows("SELECT * FROM inspection WHERE entity_id = ? ORDER BY date, id", [entityID])
            return rows.map(Self.inspection)
        }
    }

    /// A page of the recorded inspections in the lists' order (date, then id), after the
    /// `(date, id)` the page before ended with; optionally one entity's or one inspection.
    /// `remaining`: how many follow the page.
    public func inspectionPage(of entityID: String? = nil, id: Int64? = nil, after: (date: Int32, id: Int64)?, limit: Int) throws
        -> (inspections: [Inspection], remaining: Int) {
        try engine.read { db in
            var filter = " WHERE TRUE"
            var args: StoreArguments = []
            if let entityID { filter += " AND entity_id = ?"; args.append(entityID) }
            if let id { filter += " AND id = ?"; args.append(id) }
            var page = filter
            if let after { page += " AND (date, id) > (?, ?)"; args.append(after.date); args.append(after.id) }
            let rows = try db.rows("SELECT * FROM inspection" + page + " ORDER BY date, id LIMIT ?",
                                        (args + [min(limit, Int(Int32.max))]))
            let list = rows.map(Self.inspection)
            var remaining = 0
            if let last = list.last, list.count == limit {
                var rest = args
                if after != nil { rest.removeLast(2) }
                remaining = try db.value(as: Int.self, "SELECT COUNT(*) FROM inspection" + filter + " AND (date, id) > (?, ?)",
                                             (rest + [last.date.dayNumber, last.id ?? 0])) ?? 0
            }
            return (list, remaining)
        }
    }

    static func inspection(_ row: StoreRow) -> Inspection {
        let inspectors: String = row["inspectors"]
        var i = Inspection(id: row["id"], entityID: row["entity_id"], date: CivilDate(dayNumber: row["date"]), kind: row["kind"],
                          authority: Authority(rawValue: row["authority"]) ?? .county,
                          inspectors: StoreSchema.inspectorNames(inspectors), note: row["note"],
                          exceptionReason: row["exception_reason"])
        i.advanceNotice = (row["advance_notice"] as Int32?).map(CivilDate.init(dayNumber:))
        i.findings = row["findings"]
        i.recordedBy = (row["recorded_by"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }
        return i
    }

    // MARK: Plans

    /// Records a manager's plan or waiver for an obligation (appended: the history stays).
    public func recordPlan(_ plan: ObligationPlan, by uid: UInt32, at time: Int64) throws {
        try write { db in
            StoreChange.note(.plan(plan.key))
            try db.execute("INSERT INTO obligation_plan (key, planned, waived_reason, at, by_uid) VALUES (?, ?, ?, ?, ?)",
                           [plan.key, plan.planned?.dayNumber, plan.waivedReason, time, Int64(uid)])
        }
    }

    /// The plan in force for each obligation key (the newest row).
    public func plans() throws -> [String: ObligationPlan] {
        try engine.read { db in
            let rows = try db.rows("""
                SELECT p.* FROM obligation_plan p
                JOIN (SELECT key, MAX(id) AS id FROM obligation_plan GROUP BY key) last ON last.id = p.id
                """)
            var result: [String: ObligationPlan] = [:]
            for r in rows {
                let key: String = r["key"]
                let planned: Int32? = r["planned"]
                let reason: String? = r["waived_reason"]
                if planned == nil && reason == nil { continue }  // a cleared plan
                var plan = ObligationPlan(key: key, planned: planned.map(CivilDate.init(dayNumber:)), waivedReason: reason)
                plan.setBy = (r["by_uid"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }
                result[key] = plan
            }
            return result
        }
    }

    // MARK: Notice outbox

    /// Inserts the notices whose key is new, in one transaction, and returns those (the ones to deliver).
    /// A key seen before is dropped: each stage of each obligation is one notice, ever.
    ///
    /// A province's notice day is tens of thousands of notices (issue 11): which keys are new is
    /// read without the write lock, the new ones are encoded outside any transaction, and they
    /// are inserted `chunk` at a time, so that a write made meanwhile waits for one chunk (a few
    /// ms), not for the whole run. A crash between chunks loses nothing: the run decides the
    /// same notices again and inserts what is missing.
    public func enqueueNew(_ notices: [Notice], at time: Int64, chunk: Int = 1_000) throws -> [Notice] {
        let new = try engine.read { db -> [Notice] in
            let seen = try db.prepare("SELECT 1 FROM notice WHERE key = ?")
            return try notices.filter { try !seen.exists([$0.key]) }
        }
        guard !new.isEmpty else { return [] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bodies = try new.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        var fresh: [Notice] = []
        for start in stride(from: 0, to: new.count, by: max(chunk, 1)) {
            let range = start..<min(new.count, start + max(chunk, 1))
            // A hundred rows a statement (not a statement a row): the write lock is held for a few
            // round trips per thousand notices, not a thousand.
            try write { db in
                StoreChange.note(.outbox)
                var inserted: Set<String> = []
                for sub in stride(from: range.lowerBound, to: range.upperBound, by: 100) {
                    let rows = sub..<min(range.upperBound, sub + 100)
                    let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows.count).joined(separator: ", ")
                    for row in try db.rows(Self.insertNotices(values: values), rows.flatMap { Self.noticeRow(new[$0], body: bodies[$0], at: time) }) {
                        inserted.insert(row["key"] as String)
                    }
                }
                fresh += range.map { new[$0] }.filter { inserted.contains($0.key) }
            }
        }
        return fresh
    }

    /// The outbox insert of `enqueueNew`, inside a write transaction that may record a fact too.
    static func insertNew(_ notices: [Notice], at time: Int64, in db: any StoreConnection) throws -> [Notice] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A run after a change re-decides the day's notices, which are mostly sent already:
        // look the key up first and encode only new notices (encoding is most of the cost).
        let seen = try db.prepare("SELECT 1 FROM notice WHERE key = ?")
        let insert = try db.prepare(insertNotice)
        var fresh: [Notice] = []
        for n in notices {
            if try seen.exists([n.key]) { continue }
            if try insert.execute(noticeRow(n, body: String(decoding: try encoder.encode(n), as: UTF8.self), at: time)) > 0 { fresh.append(n) }
        }
        if !fresh.isEmpty { StoreChange.note(.outbox) }
        return fresh
    }

    /// The outbox's insert: a key already there is ignored (each stage of each obligation is one notice).
    static let insertNotice = """
        INSERT INTO notice (key, kind, entity_id, rule_id, due, supervisor, day, body, decided_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING
        """

    /// `insertNotice` for several rows (`values`: as many `(?, …)` as rows), returning the keys inserted.
    static func insertNotices(values: String) -> String {
        """
        INSERT INTO notice (key, kind, entity_id, rule_id, due, supervisor, day, body, decided_at)
        VALUES \(values) ON CONFLICT (key) DO NOTHING RETURNING key
        """
    }

    /// `insertNotice`'s arguments for a notice and its JSON body.
    static func noticeRow(_ n: Notice, body: String, at time: Int64) -> StoreArguments {
        [n.key, n.kind.rawValue, n.entityID, n.ruleID, n.due.dayNumber, n.supervisor, n.day.dayNumber, body, time]
    }

    /// Notices decided but not yet marked delivered (after a crash, these are delivered on
    /// restart), oldest first, each with how far its delivery got.
    public func undelivered() throws -> [PendingNotice] {
        try engine.read { db in
            try db.rows("SELECT body, log_started_at, logged_at, delivered_by FROM notice WHERE delivered_at IS NULL ORDER BY id").map { row in
                let body: String = row["body"]
                let progress: PendingNotice.Progress = row.value("logged_at") != .null ? .logged : row.value("log_started_at") != .null ? .logStarted : .decided
                return PendingNotice(notice: try JSONDecoder().decode(Notice.self, from: Data(body.utf8)), progress: progress,
                                     deliveredBy: row["delivered_by"])
            }
        }
    }

    /// How many notices are delivered and waiting, and how many wait for a hook or were dead-lettered.
    public func noticeCounts() throws -> (sent: Int, pending: Int, hookPending: Int, hookDead: Int) {
        let generation = engine.changeGeneration
        if let cached = counts.withLock({ $0.notices }), cached.generation == generation { return cached.counts }
        let fresh = try countNotices()
        // Counted as of `generation` at least: a change meanwhile bumped it, and the next call counts again.
        counts.withLock { c in if c.notices.map({ $0.generation <= generation }) ?? true { c.notices = (generation, fresh) } }
        return fresh
    }

    private func countNotices() throws -> (sent: Int, pending: Int, hookPending: Int, hookDead: Int) {
        try engine.read { db in
            let row = try db.row("""
                SELECT (SELECT COUNT(*) FROM notice WHERE delivered_at IS NOT NULL) AS sent,
                       (SELECT COUNT(*) FROM notice WHERE delivered_at IS NULL) AS pending,
                       (SELECT COUNT(*) FROM notice_hook WHERE accepted_at IS NULL AND dead_at IS NULL) AS hook_pending,
                       (SELECT COUNT(*) FROM notice_hook WHERE dead_at IS NOT NULL) AS hook_dead
                """)
            return (row?["sent"] ?? 0, row?["pending"] ?? 0, row?["hook_pending"] ?? 0, row?["hook_dead"] ?? 0)
        }
    }

    /// Whether any notice waits for delivery (cheap: a partial index holds only those).
    public func hasUndelivered() throws -> Bool {
        try engine.read { db in try db.value(as: Bool.self, "SELECT 1 FROM notice WHERE delivered_at IS NULL LIMIT 1") != nil }
    }

    /// The keys of every notice in the outbox (sent or pending).
    public func noticeKeys() throws -> Set<String> {
        try engine.read { db in Set(try db.values(as: String.self, "SELECT key FROM notice")) }
    }

    /// Marks that the log write of `keys` begins: from here on the log may hold their lines.
    /// Returns the keys this call marked: a key another daemon marked first is its to deliver
    /// (issue 16: two daemons that both believe they lead never both send a notice).
    /// `by`: the daemon delivering them (its instance name), kept with the mark. On PostgreSQL,
    /// once daemons elect a leader (the table `leader_lease` exists), only the holder of the
    /// lease, on the server's clock, may claim: a leader frozen past its lease (a VM paused, a
    /// process stopped) after its own check claims nothing when it wakes (issue 24).
    @discardableResult
    public func markLogStarted(_ keys: [String], at time: Int64, by instance: String? = nil) throws -> Set<String> {
        try mark("log_started_at", keys, at: time, by: instance)
    }

    /// Marks `keys` as written to the notice log (fsynced): the journal send begins.
    public func markLogged(_ keys: [String], at time: Int64) throws {
        try mark("logged_at", keys, at: time)
    }

    /// Marks `keys` as delivered to every sink.
    public func markDelivered(_ keys: [String], at time: Int64) throws {
        try mark("delivered_at", keys, at: time)
    }

    /// In transactions of 2,000 keys: a write made meanwhile waits for one of them, not for a
    /// province's whole notice day (each key's mark stands on its own). A statement per
    /// ``keyListSize`` keys, not per key: a batch's hundred round trips held the write lock for
    /// seconds on a loaded machine, and the channels' writes timed out behind it.
    @discardableResult
    private func mark(_ column: String, _ keys: [String], at time: Int64, by instance: String? = nil) throws -> Set<String> {
        var marked: Set<String> = []
        for start in stride(from: 0, to: keys.count, by: 2_000) {
            try write { db in
                StoreChange.note(.outbox)
                // The table is named only where it exists: PostgreSQL plans the statement whole.
                let fenced = try instance != nil && db.dialect == .postgresql
                    && db.value(as: Bool.self, "SELECT to_regclass('leader_lease') IS NOT NULL") == true
                let lease = fenced ? " AND EXISTS (SELECT 1 FROM leader_lease WHERE id = 1 AND holder = ? AND until > clock_timestamp())" : ""
                for chunk in Self.keyLists(Array(keys[start..<min(keys.count, start + 2_000)])) {
                    let list = chunk.map { $0 as (any StoreValueConvertible)? }
                    let rows = try instance.map { me in
                        try db.rows("UPDATE notice SET \(column) = ?, delivered_by = ? WHERE \(column) IS NULL AND key IN (\(Self.placeholders(chunk.count)))\(lease) RETURNING key",
                                    [time, me] + list + (fenced ? [me] : []))
                    } ?? db.rows("UPDATE notice SET \(column) = ? WHERE \(column) IS NULL AND key IN (\(Self.placeholders(chunk.count))) RETURNING key", [time] + list)
                    for row in rows { marked.insert(row["key"] as String) }
                }
            }
        }
        return marked
    }

    /// How many keys one statement names (`key IN (…)`): well under SQLite's and PostgreSQL's
    /// limits on a statement's parameters.
    static let keyListSize = 500

    /// `keys` in lists of at most ``keyListSize``.
    static func keyLists(_ keys: [String]) -> [ArraySlice<String>] {
        stride(from: 0, to: keys.count, by: keyListSize).map { keys[$0..<min(keys.count, $0 + keyListSize)] }
    }

    /// `?, ?, …`: `count` placeholders.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Sent notices, oldest first, optionally from a day on and for one supervisor.
    public func notices(since: CivilDate? = nil, supervisor: String? = nil) throws -> [Notice] {
        try noticePage(since: since, supervisor: supervisor, after: nil, limit: Int.max).notices.map(\.notice)
    }

    /// A page of the outbox in order: at most `limit` notices after the one with id `after`, with
    /// each one's id (the cursor of the next page) and how many more match (issue 11).
    public func noticePage(since: CivilDate? = nil, supervisor: String? = nil, supervisors: (ids: [String], unassigned: Bool)? = nil,
                           after: Int64?, limit: Int) throws
        -> (notices: [(id: Int64, notice: Notice)], remaining: Int) {
        try engine.read { db in
            var filter = " WHERE TRUE"
            var args: StoreArguments = []
            if let since { filter += " AND day >= ?"; args.append(since.dayNumber) }
            if let supervisor { filter += " AND supervisor = ?"; args.append(supervisor) }
            if let group = supervisors {
                // An office: its supervisors' notices (and, for the daemon's own, the unassigned ones).
                var parts: [String] = []
                if !group.ids.isEmpty { parts.append("supervisor IN (" + group.ids.map { _ in "?" }.joined(separator: ",") + ")"); args += group.ids }
                if group.unassigned { parts.append("supervisor IS NULL") }
                filter += " AND (" + (parts.isEmpty ? "0" : parts.joined(separator: " OR ")) + ")"
            }
            if let after { filter += " AND id > ?"; args.append(after) }
            let rows = try db.rows("SELECT id, body FROM notice" + filter + " ORDER BY id LIMIT ?",
                                        (args + [min(limit, Int(Int32.max))]))
            let decoder = JSONDecoder()
            let page = try rows.map { row -> (Int64, Notice) in
                let body: String = row["body"]
                return (row["id"], try decoder.decode(Notice.self, from: Data(body.utf8)))
            }
            var remaining = 0
            if let last = page.last?.0, page.count == limit {
                remaining = try db.value(as: Int.self, "SELECT COUNT(*) FROM notice" + filter + " AND id > ?",
                                             (args + [last])) ?? 0
            }
            return (page.map { (id: $0.0, notice: $0.1) }, remaining)
        }
    }
}
