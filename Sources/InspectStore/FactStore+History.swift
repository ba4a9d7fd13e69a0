import Foundation
import InspectCore

extension FactStore {
    /// Keeps what closed-period obligations demanded before a rule change; a key frozen earlier
    /// keeps its first record. Returns how many were newly frozen.
    @discardableResult
    /// `chunk`: obligations per statement on PostgreSQL.
    public func freeze(_ obligations: [FrozenObligation], at time: Int64, chunk: Int = freezeChunk) throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try write { db in
            // The others read what this freeze wrote by its time (none, if every key was frozen before).
            StoreChange.note(.frozen(time))
            var n = 0
            if db.dialect == .postgresql {
                // A province's year of closed obligations, a round trip each, held the other
                // writes for minutes: here COPY into a scratch table and one INSERT per 50,000
                // (each answers within the statement bound), a key frozen earlier skipped as before.
                try db.executeScript("CREATE TEMP TABLE frozen_incoming (ord BIGINT, key TEXT, entity_id TEXT, body TEXT) ON COMMIT DROP")
                for start in stride(from: 0, to: obligations.count, by: max(1, chunk)) {
                    let part = obligations[start..<min(obligations.count, start + max(1, chunk))]
                    try db.insertRows(into: "frozen_incoming", columns: ["ord", "key", "entity_id", "body"], try part.enumerated().map { i, o in
                        [.integer(Int64(start + i)), .text(o.key), .text(o.entityID), .text(String(decoding: try encoder.encode(o), as: UTF8.self))]
                    })
                    // In list order: of one key given twice the first is kept, as one by one.
                    n += try db.execute("""
                        INSERT INTO frozen_obligation (key, entity_id, body, frozen_at)
                        SELECT key, entity_id, body, ? FROM frozen_incoming ORDER BY ord ON CONFLICT DO NOTHING
                        """, [time])
                    try db.executeScript("TRUNCATE frozen_incoming")
                }
                return n
            }
            for o in obligations {
                n += try db.execute("INSERT INTO frozen_obligation (key, entity_id, body, frozen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                    [o.key, o.entityID, String(decoding: try encoder.encode(o), as: UTF8.self), time])
            }
            return n
        }
    }

    /// Obligations frozen per statement on PostgreSQL.
    public static let freezeChunk = 50_000

    /// Every frozen obligation, by entity; or those frozen at `frozenAt` (another daemon's reload).
    public func frozenObligations(frozenAt: Int64? = nil) throws -> [String: [FrozenObligation]] {
        try engine.read { db in
            var result: [String: [FrozenObligation]] = [:]
            let decoder = JSONDecoder()
            let bodies = try frozenAt.map { try db.values(as: String.self, "SELECT body FROM frozen_obligation WHERE frozen_at = ? ORDER BY key", [$0]) }
                ?? db.values(as: String.self, "SELECT body FROM frozen_obligation ORDER BY key")
            for body in bodies {
                let o = try decoder.decode(FrozenObligation.self, from: Data(body.utf8))
                result[o.entityID, default: []].append(o)
            }
            return result
        }
    }
}
