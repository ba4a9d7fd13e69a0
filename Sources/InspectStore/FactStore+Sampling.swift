import Foundation
import GRDB
import InspectCore

/// An inspector of the pool (执法检查人员).
public struct InspectorRecord: Hashable, Sendable {
    public var id: String
    public var name: String
    public var office: String?
    public var active: Bool
    public var addedAt: Int64
    public var addedBy: UInt32

    public init(id: String, name: String, office: String?, active: Bool = true, addedAt: Int64, addedBy: UInt32) {
        self.id = id; self.name = name; self.office = office; self.active = active; self.addedAt = addedAt; self.addedBy = addedBy
    }
}

/// A declared conflict of interest (回避, RULES.md P07).
public struct ConflictRecord: Hashable, Sendable {
    public var inspector: String
    public var entity: String
    public var reason: String
    public var declaredAt: Int64
    public var declaredBy: UInt32

    public init(inspector: String, entity: String, reason: String, declaredAt: Int64, declaredBy: UInt32) {
        self.inspector = inspector; self.entity = entity; self.reason = reason; self.declaredAt = declaredAt; self.declaredBy = declaredBy
    }

    public var pair: InspectorConflict { InspectorConflict(inspector: inspector, entity: entity) }
}

/// A recorded sample draw: its input (so it can be re-run) and its result.
public struct SampleDrawRecord: Hashable, Sendable {
    /// `D-<period>-<rule>-<n>`, e.g. `D-2026-S01-1`.
    public var id: String
    public var rule: String
    public var period: String
    public var input: SampleDrawInput
    public var result: SampleDraw
    public var drawnAt: Int64
    public var drawnBy: UInt32

    public init(id: String, rule: String, period: String, input: SampleDrawInput, result: SampleDraw, drawnAt: Int64, drawnBy: UInt32) {
        self.id = id; self.rule = rule; self.period = period; self.input = input; self.result = result
        self.drawnAt = drawnAt; self.drawnBy = drawnBy
    }
}

public enum SamplingStoreError: Error, CustomStringConvertible {
    case duplicateInspector(String)
    case corruptDraw(id: String, reason: String)

    public var description: String {
        switch self {
        case .duplicateInspector(let id): "inspector \(id) already exists"
        case .corruptDraw(let id, let reason): "sample draw \(id) cannot be read back: \(reason)"
        }
    }
}

extension FactStore {
    // MARK: Inspectors

    /// Adds an inspector to the pool; an existing id is refused (the pool is never rewritten).
    public func addInspector(_ inspector: InspectorRecord) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM inspector WHERE id = ?", arguments: [inspector.id]) ?? false {
                throw SamplingStoreError.duplicateInspector(inspector.id)
            }
            try db.execute(sql: "INSERT INTO inspector (id, name, office, active, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [inspector.id, inspector.name, inspector.office, inspector.active, inspector.addedAt, Int64(inspector.addedBy)])
        }
    }

    /// The pool, by id.
    public func inspectors() throws -> [InspectorRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inspector ORDER BY id").map { r in
                InspectorRecord(id: r["id"], name: r["name"], office: r["office"], active: r["active"], addedAt: r["added_at"],
                                addedBy: UInt32(truncatingIfNeeded: r["added_by"] as Int64))
            }
        }
    }

    // MARK: Conflicts

    /// Appends a declared conflict (回避).
    public func declareConflict(_ c: ConflictRecord, requestID: String? = nil) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO conflict (inspector, entity, reason, declared_at, declared_by, request_id) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [c.inspector, c.entity, c.reason, c.declaredAt, Int64(c.declaredBy), requestID])
        }
    }

    /// Every declared conflict, oldest first.
    public func conflicts() throws -> [ConflictRecord] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM conflict ORDER BY id").map(Self.conflict) }
    }

    /// The declaration a request recorded, if that request id was seen.
    public func conflict(requestID: String) throws -> ConflictRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM conflict WHERE request_id = ?", arguments: [requestID]).map(Self.conflict) }
    }

    static func conflict(_ r: Row) -> ConflictRecord {
        ConflictRecord(inspector: r["inspector"], entity: r["entity"], reason: r["reason"], declaredAt: r["declared_at"],
                       declaredBy: UInt32(truncatingIfNeeded: r["declared_by"] as Int64))
    }

    // MARK: Sample draws

    private struct InspectorsJSON: Codable {
        var pool: [String]
        var conflicts: [InspectorConflict]
        var workload: [String: Int]
    }

    private static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    private static func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }

    /// Records a draw under the next id `D-<period>-<rule>-<n>` (n counts the draws of that rule
    /// and period, from 1), in one transaction; returns the record with its id.
    public func recordDraw(rule: String, period: String, input: SampleDrawInput, result: SampleDraw, by uid: UInt32, at time: Int64,
                           requestID: String? = nil) throws -> SampleDrawRecord {
        try write { db in
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_draw WHERE rule = ? AND period = ?", arguments: [rule, period]) ?? 0
            let id = "D-\(period)-\(rule)-\(n + 1)"
            try db.execute(sql: """
                INSERT INTO sample_draw (id, rule, period, seed, population_digest, population, inspectors, parameters, result, drawn_at, drawn_by, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, rule, period, Int64(bitPattern: input.seed), result.populationDigest, try Self.json(input.population),
                                 try Self.json(InspectorsJSON(pool: input.inspectors, conflicts: input.conflicts, workload: input.workload)),
                                 try Self.json(input.parameters), try Self.json(result), time, Int64(uid), requestID])
            return SampleDrawRecord(id: id, rule: rule, period: period, input: input, result: result, drawnAt: time, drawnBy: uid)
        }
    }

    /// Recorded draws, oldest first; optionally of one period label or one rule.
    public func sampleDraws(period: String? = nil, rule: String? = nil) throws -> [SampleDrawRecord] {
        try pool.read { db in
            var sql = "SELECT * FROM sample_draw WHERE 1"
            var args: [DatabaseValueConvertible?] = []
            if let period { sql += " AND period = ?"; args.append(period) }
            if let rule { sql += " AND rule = ?"; args.append(rule) }
            sql += " ORDER BY drawn_at, rowid"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args) ?? []).map(Self.draw)
        }
    }

    /// The draw a request recorded, if that request id was seen.
    public func sampleDraw(requestID: String) throws -> SampleDrawRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM sample_draw WHERE request_id = ?", arguments: [requestID]).map(Self.draw) }
    }

    public func sampleDraw(id: String) throws -> SampleDrawRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM sample_draw WHERE id = ?", arguments: [id]).map(Self.draw) }
    }

    static func draw(_ r: Row) throws -> SampleDrawRecord {
        let id: String = r["id"]
        let d = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ column: String) throws -> T {
            let text: String = r[column]
            do { return try d.decode(T.self, from: Data(text.utf8)) } catch {
                throw SamplingStoreError.corruptDraw(id: id, reason: "\(column): \(error)")
            }
        }
        let inspectors = try decode(InspectorsJSON.self, "inspectors")
        let input = SampleDrawInput(parameters: try decode(SampleParameters.self, "parameters"),
                                    seed: UInt64(bitPattern: r["seed"] as Int64), population: try decode([SampleMember].self, "population"),
                                    inspectors: inspectors.pool, conflicts: inspectors.conflicts, workload: inspectors.workload)
        return SampleDrawRecord(id: id, rule: r["rule"], period: r["period"], input: input, result: try decode(SampleDraw.self, "result"),
                                drawnAt: r["drawn_at"], drawnBy: UInt32(truncatingIfNeeded: r["drawn_by"] as Int64))
    }
}
