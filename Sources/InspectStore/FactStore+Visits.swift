import Foundation
import InspectCore

/// A planned visit (v21): a proposal's visit a manager applied. Moved or cancelled by a
/// decision with its reason; never deleted.
public struct PlannedVisitRecord: Hashable, Sendable {
    public var id: Int64?
    public var date: CivilDate
    public var entity: String
    public var jurisdiction: String
    public var obligations: [String]
    public var inspectors: [String]
    public var due: CivilDate
    public var reason: String
    /// The reason as the planner's clauses (v22; empty for visits applied before).
    public var reasons: [PlanReason] = []
    public var appliedAt: Int64
    public var appliedBy: UInt32
    /// The date it had before a move, and why it moved.
    public var movedFrom: CivilDate? = nil
    public var moveReason: String? = nil
    public var cancelledAt: Int64? = nil
    public var cancelReason: String? = nil

    public init(id: Int64? = nil, date: CivilDate, entity: String, jurisdiction: String, obligations: [String], inspectors: [String],
                due: CivilDate, reason: String, appliedAt: Int64, appliedBy: UInt32) {
        self.id = id; self.date = date; self.entity = entity; self.jurisdiction = jurisdiction; self.obligations = obligations
        self.inspectors = inspectors; self.due = due; self.reason = reason; self.appliedAt = appliedAt; self.appliedBy = appliedBy
    }
}

extension FactStore {
    /// Records the visits of an applied proposal, in one transaction; returns them with their ids.
    public func recordVisits(_ visits: [PlannedVisitRecord]) throws -> [PlannedVisitRecord] {
        try write { db in
            StoreChange.note(.outbox)
            var saved: [PlannedVisitRecord] = []
            for v in visits {
                let id = try db.value(as: Int64.self, """
                    INSERT INTO planned_visit (day, entity, jurisdiction, obligations, inspectors, due_day, reason, applied_at, applied_by, reasons)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """, [Int64(v.date.dayNumber), v.entity, v.jurisdiction, StoreSchema.inspectorList(v.obligations), StoreSchema.inspectorList(v.inspectors),
                          Int64(v.due.dayNumber), v.reason, v.appliedAt, Int64(v.appliedBy),
                          v.reasons.isEmpty ? nil : String(decoding: try JSONEncoder().encode(v.reasons), as: UTF8.self)])
                var s = v
                s.id = id
                saved.append(s)
            }
            return saved
        }
    }

    /// Moves a visit to another day (the old one is kept with the reason); false when there is no
    /// such visit in force.
    @discardableResult
    public func moveVisit(id: Int64, to date: CivilDate, reason: String?, at time: Int64, by uid: UInt32) throws -> Bool {
        try write { db in
            StoreChange.note(.outbox)
            return try db.execute("""
                UPDATE planned_visit SET moved_from = day, day = ?, move_reason = ?, moved_at = ?, moved_by = ?
                WHERE id = ? AND cancelled_at IS NULL
                """, [Int64(date.dayNumber), reason, time, Int64(uid), id]) > 0
        }
    }

    /// Cancels a visit (kept, with who cancelled it and why); false when there is no such visit in force.
    @discardableResult
    public func cancelVisit(id: Int64, reason: String, at time: Int64, by uid: UInt32) throws -> Bool {
        try write { db in
            StoreChange.note(.outbox)
            return try db.execute("UPDATE planned_visit SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ? AND cancelled_at IS NULL",
                                  [time, Int64(uid), reason, id]) > 0
        }
    }

    /// Whether any visit not cancelled is planned on `from` or later: the pages of a province's
    /// open list look up their entities' visits (`visits(from:entities:)`, a query naming up to
    /// 10,000 entities) only when there is one to find.
    public func hasVisits(from: CivilDate) throws -> Bool {
        try engine.read { db in
            try db.value(as: Int64.self, "SELECT 1 FROM planned_visit WHERE day >= ? AND cancelled_at IS NULL LIMIT 1", [Int64(from.dayNumber)]) != nil
        }
    }

    /// Planned visits by day then id: from `from` through `to` (either may be open), of one
    /// inspector or everyone's, with the cancelled ones when asked.
    public func visits(from: CivilDate? = nil, to: CivilDate? = nil, inspector: String? = nil, cancelled: Bool = false,
                       id: Int64? = nil, entities: [String]? = nil) throws -> [PlannedVisitRecord] {
        var sql = "SELECT * FROM planned_visit WHERE TRUE"
        var args: StoreArguments = []
        if let entities {
            guard !entities.isEmpty else { return [] }
            sql += " AND entity IN (" + Array(repeating: "?", count: entities.count).joined(separator: ", ") + ")"
            args += entities.map { $0 }
        }
        if let from { sql += " AND day >= ?"; args.append(Int64(from.dayNumber)) }
        if let to { sql += " AND day <= ?"; args.append(Int64(to.dayNumber)) }
        if let id { sql += " AND id = ?"; args.append(id) }
        if !cancelled { sql += " AND cancelled_at IS NULL" }
        sql += " ORDER BY day, id"
        let rows = try engine.read { db in
            try db.rows(sql, args).map { r -> PlannedVisitRecord in
                var v = PlannedVisitRecord(id: r["id"], date: CivilDate(dayNumber: Int32(r["day"] as Int64)), entity: r["entity"], jurisdiction: r["jurisdiction"],
                                           obligations: StoreSchema.inspectorNames(r["obligations"]), inspectors: StoreSchema.inspectorNames(r["inspectors"]),
                                           due: CivilDate(dayNumber: Int32(r["due_day"] as Int64)), reason: r["reason"], appliedAt: r["applied_at"],
                                           appliedBy: UInt32(truncatingIfNeeded: r["applied_by"] as Int64))
                v.movedFrom = (r["moved_from"] as Int64?).map { CivilDate(dayNumber: Int32($0)) }
                v.moveReason = r["move_reason"]
                v.cancelledAt = r["cancelled_at"]
                v.cancelReason = r["cancel_reason"]
                // A visit applied before v22 kept its sentence only: its clauses are read back from it.
                v.reasons = (r["reasons"] as String?).flatMap { try? JSONDecoder().decode([PlanReason].self, from: Data($0.utf8)) }
                    ?? PlanReason.parse(sentence: v.reason) ?? []
                return v
            }
        }
        guard let inspector else { return rows }
        return rows.filter { $0.inspectors.contains(inspector) }
    }
}
