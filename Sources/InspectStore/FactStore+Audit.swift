import Foundation
import Locking

/// One entry of the audit trail (执法全过程记录, issue 12): a write or a refused call, who made it
/// and what came of it. Append-only: the table refuses updates and deletes (migration v15).
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64?
    /// Unix seconds.
    public var at: Int64
    public var uid: UInt32
    public var login: String?
    public var role: String
    /// The Varlink method, unqualified (`RecordInspection`).
    public var method: String
    public var entity: String?
    /// What else it touched: a plan's key, an inspection's or event's id, an import.
    public var key: String?
    /// `ok`, `refused` (by the access rules) or `failed` (any other error, named in `reason`).
    public var outcome: String
    public var reason: String?
    public var requestID: String?

    public init(id: Int64? = nil, at: Int64, uid: UInt32, login: String?, role: String, method: String, entity: String?, key: String?,
                outcome: String, reason: String?, requestID: String?) {
        self.id = id; self.at = at; self.uid = uid; self.login = login; self.role = role; self.method = method
        self.entity = entity; self.key = key; self.outcome = outcome; self.reason = reason; self.requestID = requestID
    }
}

/// The audit entry of the control call this thread is serving: the store writes it in the same
/// transaction as the call's first write, so that a recorded fact and its audit entry are both
/// kept or both lost, whatever crashes (the record of who did what is evidence).
public final class AuditContext: Sendable {
    public let entry: AuditEntry
    private let committed = Locked<AuditEntry?>(nil)
    /// The entry as written (with its id), once a write of the call has committed it.
    public fileprivate(set) var written: AuditEntry? {
        get { committed.value }
        set { committed.exchange(newValue) }
    }
    public init(_ entry: AuditEntry) { self.entry = entry }

    static let key = "io.inspectd.audit-context"

    /// The context of the call this thread serves.
    static var current: AuditContext? { Thread.current.threadDictionary[key] as? AuditContext }
}

extension FactStore {
    /// Runs `body` (a control call) with `context`: the first write it makes carries the entry.
    public func withAudit<T>(_ context: AuditContext, _ body: () throws -> T) rethrows -> T {
        let previous = Thread.current.threadDictionary[AuditContext.key]
        Thread.current.threadDictionary[AuditContext.key] = context
        defer { Thread.current.threadDictionary[AuditContext.key] = previous }
        return try body()
    }

    /// A write transaction; the serving call's audit entry is appended in the first one it makes.
    func write<T>(_ body: (any StoreConnection) throws -> T) throws -> T {
        if let newer = writesRefused.withLock({ $0 }) { throw StorageFailure.schemaNewer(newer) }
        let context = AuditContext.current.flatMap { $0.written == nil ? $0 : nil }
        var appended: AuditEntry?
        let result = try engine.write { db -> T in
            let r = try body(db)
            if let context { appended = try Self.insertAudit(context.entry, in: db) }
            return r
        }
        if let appended { context?.written = appended }
        return result
    }

    static func insertAudit(_ e: AuditEntry, in db: any StoreConnection) throws -> AuditEntry {
        let id = try db.value(as: Int64.self, """
            INSERT INTO audit (at, uid, login, role, method, entity, key, outcome, reason, request_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, [e.at, Int64(e.uid), e.login, e.role, e.method, e.entity, e.key, e.outcome, e.reason, e.requestID])
        var saved = e
        saved.id = id
        return saved
    }

    /// Appends an entry; returns it with its id.
    @discardableResult
    public func appendAudit(_ e: AuditEntry) throws -> AuditEntry {
        try engine.write { db in
            // No daemon holds the trail nor counts it: announced to nobody. As `.outbox` every
            // audited call that wrote nothing else (an import's start) made every daemon count its
            // outbox again on the database for its next `status` — at a province's size two scans
            // of the notice tables, 24–76 ms, on all of them at once.
            StoreChange.note(.scratch)
            return try Self.insertAudit(e, in: db)
        }
    }

    /// A page of the trail, oldest first, after the entry `after`; optionally from a time on, of
    /// one login, about one entity. `remaining`: how many follow the page.
    public func auditPage(since: Int64? = nil, login: String? = nil, entity: String? = nil, after: Int64?, limit: Int) throws
        -> (entries: [AuditEntry], remaining: Int) {
        try engine.read { db in
            var filter = " WHERE TRUE"
            var args: StoreArguments = []
            if let since { filter += " AND at >= ?"; args.append(since) }
            if let login { filter += " AND login = ?"; args.append(login) }
            if let entity { filter += " AND entity = ?"; args.append(entity) }
            var page = filter
            var pageArgs = args
            if let after { page += " AND id > ?"; pageArgs.append(after) }
            let rows = try db.rows("SELECT * FROM audit" + page + " ORDER BY id LIMIT ?",
                                        (pageArgs + [min(limit, Int(Int32.max))]))
            let entries = rows.map { row in
                AuditEntry(id: row["id"], at: row["at"], uid: UInt32(truncatingIfNeeded: row["uid"] as Int64), login: row["login"], role: row["role"],
                           method: row["method"], entity: row["entity"], key: row["key"], outcome: row["outcome"], reason: row["reason"],
                           requestID: row["request_id"])
            }
            var remaining = 0
            if let last = entries.last?.id, entries.count == limit {
                remaining = try db.value(as: Int.self, "SELECT COUNT(*) FROM audit" + filter + " AND id > ?", args + [last]) ?? 0
            }
            return (entries, remaining)
        }
    }
}
