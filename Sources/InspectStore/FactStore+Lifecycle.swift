import Foundation
import InspectCore

extension FactStore {
    /// Appends a lifecycle event; returns it with its id.
    /// `announcing`: notices the event calls for (an escalation's), put in the outbox in the same
    /// transaction, so that a crash cannot keep the fact and lose its notice.
    /// `requestID`: the client's id of the write; an id already recorded is refused by the
    /// database (the caller looks it up first with `event(requestID:)`).
    public func append(_ event: LifecycleEvent, by uid: UInt32, at time: Int64, announcing notices: [Notice] = [],
                       requestID: String? = nil) throws -> LifecycleEvent {
        let attributes = String(decoding: try JSONSerialization.data(withJSONObject: event.attributes, options: [.sortedKeys]), as: UTF8.self)
        return try write { db in
            _ = try Self.insertNew(notices, at: time, in: db)
            let id = try db.value(as: Int64.self, """
                INSERT INTO lifecycle_event (subject, entity_id, kind, at, attributes, note, corrects, recorded_at, recorded_by, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, [event.subject, event.entityID, event.kind, event.at.seconds, attributes, event.note, event.corrects,
                                 time, Int64(uid), requestID])
            if let id { StoreChange.note(.event(id)) }
            var saved = event
            saved.id = id
            saved.recordedBy = uid
            return saved
        }
    }

    /// The event a request recorded, if that request id was seen.
    public func event(requestID: String) throws -> LifecycleEvent? {
        try engine.read { db in
            try db.row("SELECT * FROM lifecycle_event WHERE request_id = ?", [requestID]).map(Self.lifecycleEvent)
        }
    }

    static func lifecycleEvent(_ row: StoreRow) -> LifecycleEvent {
        let text: String = row["attributes"]
        let attributes = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]) ?? [:]
        var e = LifecycleEvent(id: row["id"], subject: row["subject"], entityID: row["entity_id"], kind: row["kind"],
                               at: LocalDateTime(seconds: row["at"]), attributes: attributes, note: row["note"], corrects: row["corrects"])
        e.recordedBy = (row["recorded_by"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }
        return e
    }

    /// Every lifecycle event, oldest first.
    /// One event, by id (another daemon's, issue 16).
    public func lifecycleEvent(id: Int64) throws -> LifecycleEvent? {
        try engine.read { db in try db.row("SELECT * FROM lifecycle_event WHERE id = ?", [id]).map(Self.lifecycleEvent) }
    }

    public func lifecycleEvents() throws -> [LifecycleEvent] {
        try engine.read { db in
            try db.rows("SELECT * FROM lifecycle_event ORDER BY at, id").map(Self.lifecycleEvent)
        }
    }

    /// Who recorded an event and when (unix seconds).
    public func provenance(ofEvent id: Int64) throws -> (uid: UInt32, at: Int64)? {
        try engine.read { db in
            try db.row("SELECT recorded_by, recorded_at FROM lifecycle_event WHERE id = ?", [id])
                .map { (UInt32(truncatingIfNeeded: $0["recorded_by"] as Int64), $0["recorded_at"]) }
        }
    }
}
