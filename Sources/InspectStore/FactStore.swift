import Foundation
import GRDB
import InspectCore

/// The daemon's state: the entity directory, recorded facts and the notice outbox, in one SQLite
/// database (WAL mode) under the state directory.
///
/// Every write is one transaction: a crash leaves either all of a change or none of it.
public final class FactStore: @unchecked Sendable {  // DatabasePool is thread-safe
    public let path: String
    let pool: DatabasePool

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    ///
    /// - Parameter busyTimeout: how long one statement waits for a lock another process holds
    ///   before failing with ``StorageFailure/busy``. The daemon keeps it short and retries off
    ///   its work queue, so that reads go on meanwhile (issue 10, drill 7); the default suits a
    ///   tool that has nothing else to do.
    public init(path: String, busyTimeout: Double = 5) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.foreignKeysEnabled = true
        pool = try DatabasePool(path: path, configuration: config)  // DatabasePool uses WAL
        try StoreSchema.migrator.migrate(pool)
        pool.add(transactionObserver: noticeChanges, extent: .databaseLifetime)
    }

    /// Counts the commits that changed the outbox or the hook queues, so that `noticeCounts`
    /// (every `status`) counts again only after a change (issue 11: four COUNTs over a province's
    /// outbox took 14 ms per `status`).
    final class NoticeChanges: TransactionObserver, @unchecked Sendable {
        // @unchecked Sendable: `generation` and `cached` are guarded by `lock`; `changed` is only
        // touched on GRDB's writer queue.
        let lock = NSLock()
        private(set) var generation = 0
        var cached: (generation: Int, counts: (sent: Int, pending: Int, hookPending: Int, hookDead: Int))?
        var cachedHooks: (generation: Int, counts: [(hook: String, waiting: Int, retrying: Int, accepted: Int, dead: Int)])?
        private var changed = false

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
            eventKind.tableName == "notice" || eventKind.tableName == "notice_hook"
        }
        func databaseDidChange(with event: DatabaseEvent) { changed = true }
        func databaseDidCommit(_ db: Database) {
            guard changed else { return }
            changed = false
            lock.lock(); generation += 1; lock.unlock()
        }
        func databaseDidRollback(_ db: Database) { changed = false }
    }
    let noticeChanges = NoticeChanges()

    /// Names of the applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { try StoreSchema.migrator.appliedMigrations($0) }
    }

    public func journalMode() throws -> String {
        try pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: Entities

    public func entityCount() throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM entity") ?? 0 }
    }

    /// Every entity, by id. Read through a cursor (no million Row copies at a province's start-up).
    ///
    /// At a province's size this is most of a restart (issue 11: READY=1 within 2 s at 1,000,000
    /// entities): the two halves of the id range are read side by side, each on its own reader
    /// (WAL readers share nothing), and the columns are read by position, not by name.
    public func entities() throws -> [Entity] {
        let (count, pivot) = try pool.read { db -> (Int, String?) in
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entity") ?? 0
            let pivot = n < 20_000 ? nil : try String.fetchOne(db, sql: "SELECT id FROM entity ORDER BY id LIMIT 1 OFFSET ?", arguments: [n / 2])
            return (n, pivot)
        }
        let select = "SELECT id, name, kind, jurisdiction, approved_on, grade, supervisor, industry FROM entity"
        let pool = self.pool
        @Sendable func read(_ condition: String, _ pivot: String?) throws -> [Entity] {
            try pool.read { db in
                var list: [Entity] = []
                list.reserveCapacity(count / 2 + 1)
                let rows = try Row.fetchCursor(db, sql: "\(select) \(condition) ORDER BY id", arguments: StatementArguments(pivot.map { [$0] } ?? []))
                while let row = try rows.next() {
                    list.append(Entity(id: row[0], name: row[1], kind: row[2], jurisdiction: row[3],
                                       approvedOn: (row[4] as Int32?).map(CivilDate.init(dayNumber:)),
                                       grade: row[5], supervisor: row[6], industry: row[7]))
                }
                return list
            }
        }
        guard let pivot else { return try read("", nil) }
        nonisolated(unsafe) var upper: Result<[Entity], any Error> = .success([])
        let done = DispatchSemaphore(value: 0)
        Thread {
            upper = Result { try read("WHERE id >= ?", pivot) }
            done.signal()
        }.start()
        var lower = try read("WHERE id < ?", pivot)
        done.wait()
        lower.append(contentsOf: try upper.get())
        return lower
    }

    /// When the entity's directory row in force was imported, and by which uid.
    public func entityImport(id: String) throws -> (at: Int64, uid: UInt32)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT updated_at, updated_by FROM entity WHERE id = ?", arguments: [id]).map {
                ($0["updated_at"] as Int64, UInt32(truncatingIfNeeded: $0["updated_by"] as Int64))
            }
        }
    }

    public func entity(id: String) throws -> Entity? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM entity WHERE id = ?", arguments: [id]).map(Self.entity) }
    }

    /// Adds or updates every entity of a validated directory in one transaction.
    /// - Returns: how many were added and how many updated.
    @discardableResult
    public func importEntities(_ entities: [Entity], file: String, by uid: UInt32, at time: Int64) throws -> (added: Int, updated: Int) {
        try write { db in
            // One prepared statement, and added/updated from the row count (issue 11: a SELECT and
            // an INSERT per row made the first bootstrap of a province take a minute).
            let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entity") ?? 0
            let upsert = try db.makeStatement(sql: """
                INSERT INTO entity (id, name, kind, jurisdiction, approved_on, grade, supervisor, industry, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """ + Self.updateExistingEntity)
            for e in entities {
                try upsert.execute(arguments: [e.id, e.name, e.kind, e.jurisdiction, e.approvedOn?.dayNumber, e.grade, e.supervisor,
                                               e.industry, time, Int64(uid)])
            }
            let added = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entity") ?? 0) - before
            let updated = entities.count - added
            try db.execute(sql: "INSERT INTO directory_import (at, by_uid, file, added, updated) VALUES (?, ?, ?, ?, ?)",
                           arguments: [time, Int64(uid), file, added, updated])
            return (added, updated)
        }
    }

    /// The upsert's second half, shared by both imports: an id already there takes the new row.
    static let updateExistingEntity = """
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
            jurisdiction = excluded.jurisdiction, approved_on = excluded.approved_on, grade = excluded.grade,
            supervisor = excluded.supervisor, industry = excluded.industry,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by
        """

    static func entity(_ row: Row) -> Entity {
        Entity(id: row["id"], name: row["name"], kind: row["kind"], jurisdiction: row["jurisdiction"],
               approvedOn: (row["approved_on"] as Int32?).map(CivilDate.init(dayNumber:)),
               grade: row["grade"], supervisor: row["supervisor"], industry: row["industry"])
    }

    // MARK: Inspections

    /// Appends an inspection; returns it with its id. With a `requestID` already recorded (a
    /// client's retry), nothing is written and the inspection of that request is returned.
    public func record(_ inspection: Inspection, by uid: UInt32, at time: Int64, requestID: String? = nil) throws -> (inspection: Inspection, isNew: Bool) {
        try write { db in
            if let requestID, let row = try Row.fetchOne(db, sql: "SELECT * FROM inspection WHERE request_id = ?", arguments: [requestID]) {
                return (Self.inspection(row), false)
            }
            try db.execute(sql: """
                INSERT INTO inspection (entity_id, date, kind, authority, inspectors, note, exception_reason, advance_notice, findings,
                                        recorded_at, recorded_by, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [inspection.entityID, inspection.date.dayNumber, inspection.kind, inspection.authority.rawValue,
                                 StoreSchema.inspectorList(inspection.inspectors), inspection.note, inspection.exceptionReason,
                                 inspection.advanceNotice?.dayNumber, inspection.findings, time, Int64(uid), requestID])
            var saved = inspection
            saved.id = db.lastInsertedRowID
            saved.recordedBy = uid
            return (saved, true)
        }
    }

    /// The inspection a request recorded, if that request id was seen.
    public func inspection(requestID: String) throws -> Inspection? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM inspection WHERE request_id = ?", arguments: [requestID]).map(Self.inspection) }
    }

    /// Inspections of one entity, or of all entities, by date.
    public func inspections(of entityID: String? = nil) throws -> [Inspection] {
        try pool.read { db in
            let rows = entityID == nil
                ? try Row.fetchAll(db, sql: "SELECT * FROM inspection ORDER BY date, id")
                : try Row.fetchAll(db, sql: "SELECT * FROM inspection WHERE entity_id = ? ORDER BY date, id", arguments: [entityID])
            return rows.map(Self.inspection)
        }
    }

    /// A page of the recorded inspections in the lists' order (date, then id), after the
    /// `(date, id)` the page before ended with; optionally one entity's or one inspection.
    /// `remaining`: how many follow the page.
    public func inspectionPage(of entityID: String? = nil, id: Int64? = nil, after: (date: Int32, id: Int64)?, limit: Int) throws
        -> (inspections: [Inspection], remaining: Int) {
        try pool.read { db in
            var filter = " WHERE 1"
            var args: [DatabaseValueConvertible?] = []
            if let entityID { filter += " AND entity_id = ?"; args.append(entityID) }
            if let id { filter += " AND id = ?"; args.append(id) }
            var page = filter
            if let after { page += " AND (date, id) > (?, ?)"; args.append(after.date); args.append(after.id) }
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM inspection" + page + " ORDER BY date, id LIMIT ?",
                                        arguments: StatementArguments(args + [min(limit, Int(Int32.max))]))
            let list = rows.map(Self.inspection)
            var remaining = 0
            if let last = list.last, list.count == limit {
                var rest = args
                if after != nil { rest.removeLast(2) }
                remaining = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inspection" + filter + " AND (date, id) > (?, ?)",
                                             arguments: StatementArguments(rest + [last.date.dayNumber, last.id ?? 0])) ?? 0
            }
            return (list, remaining)
        }
    }

    static func inspection(_ row: Row) -> Inspection {
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
            try db.execute(sql: "INSERT INTO obligation_plan (key, planned, waived_reason, at, by_uid) VALUES (?, ?, ?, ?, ?)",
                           arguments: [plan.key, plan.planned?.dayNumber, plan.waivedReason, time, Int64(uid)])
        }
    }

    /// The plan in force for each obligation key (the newest row).
    public func plans() throws -> [String: ObligationPlan] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
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
        let new = try pool.read { db -> [Notice] in
            let seen = try db.makeStatement(sql: "SELECT 1 FROM notice WHERE key = ?")
            return try notices.filter { try Bool.fetchOne(seen, arguments: [$0.key]) == nil }
        }
        guard !new.isEmpty else { return [] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bodies = try new.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        var fresh: [Notice] = []
        for start in stride(from: 0, to: new.count, by: max(chunk, 1)) {
            let range = start..<min(new.count, start + max(chunk, 1))
            try write { db in
                let insert = try db.makeStatement(sql: Self.insertNotice)
                for i in range {
                    try insert.execute(arguments: Self.noticeRow(new[i], body: bodies[i], at: time))
                    if db.changesCount > 0 { fresh.append(new[i]) }
                }
            }
        }
        return fresh
    }

    /// The outbox insert of `enqueueNew`, inside a write transaction that may record a fact too.
    static func insertNew(_ notices: [Notice], at time: Int64, in db: Database) throws -> [Notice] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A run after a change re-decides the day's notices, which are mostly sent already:
        // look the key up first and encode only new notices (encoding is most of the cost).
        let seen = try db.makeStatement(sql: "SELECT 1 FROM notice WHERE key = ?")
        let insert = try db.makeStatement(sql: insertNotice)
        var fresh: [Notice] = []
        for n in notices {
            if try Bool.fetchOne(seen, arguments: [n.key]) != nil { continue }
            try insert.execute(arguments: noticeRow(n, body: String(decoding: try encoder.encode(n), as: UTF8.self), at: time))
            if db.changesCount > 0 { fresh.append(n) }
        }
        return fresh
    }

    /// The outbox's insert: a key already there is ignored (each stage of each obligation is one notice).
    static let insertNotice = """
        INSERT OR IGNORE INTO notice (key, kind, entity_id, rule_id, due, supervisor, day, body, decided_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// `insertNotice`'s arguments for a notice and its JSON body.
    static func noticeRow(_ n: Notice, body: String, at time: Int64) -> StatementArguments {
        [n.key, n.kind.rawValue, n.entityID, n.ruleID, n.due.dayNumber, n.supervisor, n.day.dayNumber, body, time]
    }

    /// Notices decided but not yet marked delivered (after a crash, these are delivered on
    /// restart), oldest first, each with how far its delivery got.
    public func undelivered() throws -> [PendingNotice] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT body, log_started_at, logged_at FROM notice WHERE delivered_at IS NULL ORDER BY id").map { row in
                let body: String = row["body"]
                let progress: PendingNotice.Progress = row["logged_at"] != nil ? .logged : row["log_started_at"] != nil ? .logStarted : .decided
                return PendingNotice(notice: try JSONDecoder().decode(Notice.self, from: Data(body.utf8)), progress: progress)
            }
        }
    }

    /// How many notices are delivered and waiting, and how many wait for a hook or were dead-lettered.
    public func noticeCounts() throws -> (sent: Int, pending: Int, hookPending: Int, hookDead: Int) {
        let c = noticeChanges
        c.lock.lock()
        let generation = c.generation
        if let cached = c.cached, cached.generation == generation { c.lock.unlock(); return cached.counts }
        c.lock.unlock()
        let counts = try countNotices()
        c.lock.lock()
        // Counted as of `generation` at least: a change meanwhile bumped it, and the next call counts again.
        if c.cached.map({ $0.generation <= generation }) ?? true { c.cached = (generation, counts) }
        c.lock.unlock()
        return counts
    }

    private func countNotices() throws -> (sent: Int, pending: Int, hookPending: Int, hookDead: Int) {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: """
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
        try pool.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM notice WHERE delivered_at IS NULL LIMIT 1") != nil }
    }

    /// The keys of every notice in the outbox (sent or pending).
    public func noticeKeys() throws -> Set<String> {
        try pool.read { db in Set(try String.fetchAll(db, sql: "SELECT key FROM notice")) }
    }

    /// Marks that the log write of `keys` begins: from here on the log may hold their lines.
    public func markLogStarted(_ keys: [String], at time: Int64) throws {
        try mark("log_started_at", keys, at: time)
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
    /// province's whole notice day (each key's mark stands on its own).
    private func mark(_ column: String, _ keys: [String], at time: Int64) throws {
        for start in stride(from: 0, to: keys.count, by: 2_000) {
            try write { db in
                let statement = try db.makeStatement(sql: "UPDATE notice SET \(column) = ? WHERE key = ? AND \(column) IS NULL")
                for key in keys[start..<min(keys.count, start + 2_000)] { try statement.execute(arguments: [time, key]) }
            }
        }
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
        try pool.read { db in
            var filter = " WHERE 1"
            var args: [DatabaseValueConvertible?] = []
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
            let rows = try Row.fetchAll(db, sql: "SELECT id, body FROM notice" + filter + " ORDER BY id LIMIT ?",
                                        arguments: StatementArguments(args + [min(limit, Int(Int32.max))]))
            let decoder = JSONDecoder()
            let page = try rows.map { row -> (Int64, Notice) in
                let body: String = row["body"]
                return (row["id"], try decoder.decode(Notice.self, from: Data(body.utf8)))
            }
            var remaining = 0
            if let last = page.last?.0, page.count == limit {
                remaining = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notice" + filter + " AND id > ?",
                                             arguments: StatementArguments(args + [last])) ?? 0
            }
            return (page.map { (id: $0.0, notice: $0.1) }, remaining)
        }
    }
}
