import Foundation
import InspectCore

extension FactStore {
    /// Keeps what closed-period obligations demanded before a rule change; a key frozen earlier
    /// keeps its first record. Returns how many were newly frozen.
    @discardableResult
    public func freeze(_ obligations: [FrozenObligation], at time: Int64) throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try write { db in
            // The others read what this freeze wrote by its time (none, if every key was frozen before).
            StoreChange.note(.frozen(time))
            var n = 0
            for o in obligations {
                n += try db.execute("INSERT INTO frozen_obligation (key, entity_id, body, frozen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                    [o.key, o.entityID, String(decoding: try encoder.encode(o), as: UTF8.self), time])
            }
            return n
        }
    }

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
