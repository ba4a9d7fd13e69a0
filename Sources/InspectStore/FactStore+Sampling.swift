import Foundation
import InspectCore

/// An inspector of the pool (执法检查人员).
public struct InspectorRecord: Hashable, Sendable {
    public var id: String
    public var name: String
    public var office: String?
    public var active: Bool
    public var addedAt: Int64
    public var addedBy: UInt32
    /// The jurisdictions they cover (辖区); nil: every one of the office's (v20).
    public var jurisdictions: [String]? = nil
    /// The kinds of entity they may inspect; nil: every kind (v20).
    public var kinds: [String]? = nil
    /// Visits a day the planner may give them (v20).
    public var visitsPerDay: Int = PlanningInspector.defaultVisitsPerDay

    public init(id: String, name: String, office: String?, active: Bool = true, addedAt: Int64, addedBy: UInt32,
                jurisdictions: [String]? = nil, kinds: [String]? = nil, visitsPerDay: Int = PlanningInspector.defaultVisitsPerDay) {
        self.id = id; self.name = name; self.office = office; self.active = active; self.addedAt = addedAt; self.addedBy = addedBy
        self.jurisdictions = jurisdictions; self.kinds = kinds; self.visitsPerDay = visitsPerDay
    }
}

/// Days an inspector is away (leave, training, secondment): a fact, kept when withdrawn (v20).
public struct InspectorLeaveRecord: Hashable, Sendable {
    public var id: Int64?
    public var inspector: String
    public var from: CivilDate
    public var to: CivilDate
    public var reason: String
    public var recordedAt: Int64
    public var recordedBy: UInt32
    /// A correction withdraws a leave; it is never deleted.
    public var withdrawnAt: Int64? = nil
    public var withdrawnBy: UInt32? = nil
    public var withdrawalReason: String? = nil

    public init(id: Int64? = nil, inspector: String, from: CivilDate, to: CivilDate, reason: String, recordedAt: Int64, recordedBy: UInt32) {
        self.id = id; self.inspector = inspector; self.from = from; self.to = to; self.reason = reason
        self.recordedAt = recordedAt; self.recordedBy = recordedBy
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

/// A recorded draw without its population and entities: what a list of draws shows (v16).
public struct SampleDrawSummary: Hashable, Sendable {
    public var id: String
    public var rule: String
    public var period: String
    /// `entity` or `industry` (the rule's sampling unit when it was drawn).
    public var unit: String
    public var seed: UInt64
    public var populationSize: Int
    public var populationDigest: String
    public var size: Int
    public var industries: [String]
    /// How many entities were drawn (read a page at a time with `drawnEntities`).
    public var entityCount: Int
    public var drawnAt: Int64
    public var drawnBy: UInt32
}

/// One drawn entity of a recorded draw, with its grade and industry as the recorded population had them.
public struct DrawnEntityRecord: Hashable, Sendable {
    /// 0-based draw order: the cursor of a page of a draw's entities.
    public var order: Int
    public var entity: String
    public var grade: String?
    public var industry: String?
    public var inspectors: [String]
}

public enum SamplingStoreError: Error, CustomStringConvertible {
    case duplicateInspector(String)
    case corruptDraw(id: String, reason: String)
    /// The rule was drawn for the period already (a second draw is refused, RULES.md §3).
    case alreadyDrawn(id: String, seed: UInt64)
    /// The request id recorded this draw already (a retry that overtook the first call's record).
    case requestRecorded(id: String)

    public var description: String {
        switch self {
        case .duplicateInspector(let id): "inspector \(id) already exists"
        case .corruptDraw(let id, let reason): "sample draw \(id) cannot be read back: \(reason)"
        case .alreadyDrawn(let id, let seed): "already drawn (\(id), seed \(seed))"
        case .requestRecorded(let id): "this request recorded \(id) already"
        }
    }
}

extension FactStore {
    // MARK: Inspectors

    /// Adds an inspector to the pool; an existing id is refused (the pool is never rewritten).
    public func addInspector(_ inspector: InspectorRecord) throws {
        try write { db in
            StoreChange.note(.outbox)
            if try db.value(as: Bool.self, "SELECT 1 FROM inspector WHERE id = ?", [inspector.id]) ?? false {
                throw SamplingStoreError.duplicateInspector(inspector.id)
            }
            try db.execute("""
                INSERT INTO inspector (id, name, office, active, added_at, added_by, jurisdictions, kinds, visits_per_day)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [inspector.id, inspector.name, inspector.office, inspector.active, inspector.addedAt, Int64(inspector.addedBy),
                      inspector.jurisdictions.map(StoreSchema.inspectorList), inspector.kinds.map(StoreSchema.inspectorList),
                      Int64(inspector.visitsPerDay)])
        }
    }

    /// Replaces an inspector's name, office, activity, territory, kinds and capacity (`inspector
    /// set`); false when there is no such inspector.
    @discardableResult
    public func updateInspector(_ inspector: InspectorRecord) throws -> Bool {
        try write { db in
            StoreChange.note(.outbox)
            return try db.execute("""
                UPDATE inspector SET name = ?, office = ?, active = ?, jurisdictions = ?, kinds = ?, visits_per_day = ? WHERE id = ?
                """, [inspector.name, inspector.office, inspector.active, inspector.jurisdictions.map(StoreSchema.inspectorList),
                      inspector.kinds.map(StoreSchema.inspectorList), Int64(inspector.visitsPerDay), inspector.id]) > 0
        }
    }

    /// The pool, by id.
    public func inspectors() throws -> [InspectorRecord] {
        try engine.read { db in
            try db.rows("SELECT * FROM inspector ORDER BY id").map { r in
                InspectorRecord(id: r["id"], name: r["name"], office: r["office"], active: r["active"], addedAt: r["added_at"],
                                addedBy: UInt32(truncatingIfNeeded: r["added_by"] as Int64),
                                jurisdictions: (r["jurisdictions"] as String?).map(StoreSchema.inspectorNames),
                                kinds: (r["kinds"] as String?).map(StoreSchema.inspectorNames),
                                visitsPerDay: Int(r["visits_per_day"] as Int64))
            }
        }
    }

    /// Each inspector's name, by id (what lists show beside the ids).
    public func inspectorNames() throws -> [String: String] {
        Dictionary(try inspectors().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Leave

    /// Records days off; returns the record with its id.
    public func recordLeave(_ leave: InspectorLeaveRecord) throws -> InspectorLeaveRecord {
        try write { db in
            StoreChange.note(.outbox)
            let id = try db.value(as: Int64.self, """
                INSERT INTO inspector_leave (inspector, from_day, to_day, reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """, [leave.inspector, Int64(leave.from.dayNumber), Int64(leave.to.dayNumber), leave.reason, leave.recordedAt, Int64(leave.recordedBy)])
            var saved = leave
            saved.id = id
            return saved
        }
    }

    /// Withdraws a leave (a correction: the record stays, with who withdrew it and why); false
    /// when there is no such leave in force.
    @discardableResult
    public func withdrawLeave(id: Int64, reason: String, at time: Int64, by uid: UInt32) throws -> Bool {
        try write { db in
            StoreChange.note(.outbox)
            return try db.execute("""
                UPDATE inspector_leave SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ? WHERE id = ? AND withdrawn_at IS NULL
                """, [time, Int64(uid), reason, id]) > 0
        }
    }

    /// Leave records, by start day: those in force, or with `withdrawn` the withdrawn ones too;
    /// of one inspector, or of everyone; only those ending on or after `since`.
    public func leave(of inspector: String? = nil, since: CivilDate? = nil, withdrawn: Bool = false) throws -> [InspectorLeaveRecord] {
        var sql = "SELECT * FROM inspector_leave WHERE TRUE"
        var args: [(any StoreValueConvertible)?] = []
        if let inspector { sql += " AND inspector = ?"; args.append(inspector) }
        if let since { sql += " AND to_day >= ?"; args.append(Int64(since.dayNumber)) }
        if !withdrawn { sql += " AND withdrawn_at IS NULL" }
        sql += " ORDER BY from_day, id"
        return try engine.read { db in
            try db.rows(sql, args).map { r in
                var l = InspectorLeaveRecord(id: r["id"], inspector: r["inspector"], from: CivilDate(dayNumber: Int32(r["from_day"] as Int64)),
                                             to: CivilDate(dayNumber: Int32(r["to_day"] as Int64)), reason: r["reason"], recordedAt: r["recorded_at"],
                                             recordedBy: UInt32(truncatingIfNeeded: r["recorded_by"] as Int64))
                l.withdrawnAt = r["withdrawn_at"]
                l.withdrawnBy = (r["withdrawn_by"] as Int64?).map { UInt32(truncatingIfNeeded: $0) }
                l.withdrawalReason = r["withdrawal_reason"]
                return l
            }
        }
    }

    // MARK: Conflicts

    /// Appends a declared conflict (回避).
    public func declareConflict(_ c: ConflictRecord, requestID: String? = nil) throws {
        try write { db in
            StoreChange.note(.outbox)
            try db.execute("INSERT INTO conflict (inspector, entity, reason, declared_at, declared_by, request_id) VALUES (?, ?, ?, ?, ?, ?)",
                           [c.inspector, c.entity, c.reason, c.declaredAt, Int64(c.declaredBy), requestID])
        }
    }

    /// Every declared conflict, oldest first.
    public func conflicts() throws -> [ConflictRecord] {
        try engine.read { db in try db.rows("SELECT * FROM conflict ORDER BY id").map(Self.conflict) }
    }

    /// The declaration a request recorded, if that request id was seen.
    public func conflict(requestID: String) throws -> ConflictRecord? {
        try engine.read { db in try db.row("SELECT * FROM conflict WHERE request_id = ?", [requestID]).map(Self.conflict) }
    }

    static func conflict(_ r: StoreRow) -> ConflictRecord {
        ConflictRecord(inspector: r["inspector"], entity: r["entity"], reason: r["reason"], declaredAt: r["declared_at"],
                       declaredBy: UInt32(truncatingIfNeeded: r["declared_by"] as Int64))
    }

    // MARK: Sample draws

    private struct InspectorsJSON: Codable {
        var pool: [String]
        var conflicts: [InspectorConflict]
        var workload: [String: Int]
        /// The limited scopes (none: absent, as in the draws recorded before scopes were kept).
        var scopes: [String: InspectorScope]?
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
            // Checked in the transaction: two draws computed side by side (off the daemon queue)
            // cannot both be recorded, and a retry of the same request gets the first one's.
            if let requestID, let first = try db.value(as: String.self, "SELECT id FROM sample_draw WHERE request_id = ?", [requestID]) {
                throw SamplingStoreError.requestRecorded(id: first)
            }
            if let previous = try db.row("SELECT id, seed FROM sample_draw WHERE rule = ? AND period = ? ORDER BY rowid LIMIT 1",
                                               [rule, period]) {
                throw SamplingStoreError.alreadyDrawn(id: previous["id"], seed: UInt64(bitPattern: previous["seed"] as Int64))
            }
            let n = try db.value(as: Int.self, "SELECT COUNT(*) FROM sample_draw WHERE rule = ? AND period = ?", [rule, period]) ?? 0
            let id = "D-\(period)-\(rule)-\(n + 1)"
            try db.execute("""
                INSERT INTO sample_draw (id, rule, period, seed, population_digest, population, inspectors, parameters, result, drawn_at, drawn_by, request_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [id, rule, period, Int64(bitPattern: input.seed), result.populationDigest, try Self.json(input.population),
                                 try Self.json(InspectorsJSON(pool: input.inspectors, conflicts: input.conflicts, workload: input.workload,
                                                               scopes: input.scopes.isEmpty ? nil : input.scopes)),
                                 try Self.json(input.parameters), try Self.json(result), time, Int64(uid), requestID])
            StoreChange.note(.draw(id))
            let record = SampleDrawRecord(id: id, rule: rule, period: period, input: input, result: result, drawnAt: time, drawnBy: uid)
            try Self.insertSummary(db, record)
            return record
        }
    }

    /// Writes a draw's summary columns and its drawn entities' rows (v16).
    static func insertSummary(_ db: any StoreConnection, _ record: SampleDrawRecord) throws {
        try db.execute("UPDATE sample_draw SET size = ?, population_size = ?, industries = ?, entity_count = ? WHERE id = ?",
                       [record.result.size, record.result.populationSize, try json(record.result.industries),
                                   record.result.entities.count, record.id])
        // Grade and industry of the drawn ones only: one pass over the population, no index of it.
        let drawn = Set(record.result.entities.map(\.entity))
        var members: [String: SampleMember] = [:]
        members.reserveCapacity(drawn.count)
        for m in record.input.population where drawn.contains(m.id) && members[m.id] == nil { members[m.id] = m }
        let insert = try db.prepare("INSERT INTO sample_draw_entity (draw_id, ord, entity, grade, industry, inspectors) VALUES (?, ?, ?, ?, ?, ?)")
        for (i, e) in record.result.entities.enumerated() {
            try insert.execute([record.id, i, e.entity, members[e.entity]?.grade, members[e.entity]?.industry, try json(e.inspectors)])
        }
    }

    /// Summaries of the recorded draws, oldest first, optionally of one period label or rule: at
    /// most `limit` after the cursor `(drawn_at, rowid)`, the cursor of the last, and how many are left.
    public func drawSummaries(period: String? = nil, rule: String? = nil, after: (at: Int64, row: Int64)? = nil,
                              limit: Int = .max) throws -> (draws: [SampleDrawSummary], last: (at: Int64, row: Int64)?, remaining: Int) {
        try engine.read { db in
            var filter = "WHERE TRUE"
            var args: StoreArguments = []
            if let period { filter += " AND period = ?"; args.append(period) }
            if let rule { filter += " AND rule = ?"; args.append(rule) }
            if let after { filter += " AND (drawn_at, rowid) > (?, ?)"; args += [after.at, after.row] }
            let total = try db.value(as: Int.self, "SELECT COUNT(*) FROM sample_draw \(filter)", args) ?? 0
            let rows = try db.rows("SELECT \(Self.summaryColumns), rowid FROM sample_draw \(filter) ORDER BY drawn_at, rowid LIMIT ?",
                                        args + [min(limit, Int(Int32.max))])
            let draws = try rows.map(Self.summary)
            let last = rows.last.map { (at: $0["drawn_at"] as Int64, row: $0["rowid"] as Int64) }
            return (draws, last, total - draws.count)
        }
    }

    /// The summary of one draw, by id or by the request id that recorded it.
    public func drawSummary(id: String? = nil, requestID: String? = nil) throws -> SampleDrawSummary? {
        try engine.read { db in
            let (column, value) = id.map { ("id", $0) } ?? ("request_id", requestID ?? "")
            return try db.row("SELECT \(Self.summaryColumns) FROM sample_draw WHERE \(column) = ?", [value]).map(Self.summary)
        }
    }

    /// A page of a draw's entities in draw order: at most `limit` after the 0-based order `after`.
    public func drawnEntities(of drawID: String, after: Int? = nil, limit: Int = .max) throws -> (entities: [DrawnEntityRecord], remaining: Int) {
        try engine.read { db in
            let from = after.map { $0 + 1 } ?? 0
            let total = try db.value(as: Int.self, "SELECT COUNT(*) FROM sample_draw_entity WHERE draw_id = ? AND ord >= ?", [drawID, from]) ?? 0
            let rows = try db.rows("SELECT * FROM sample_draw_entity WHERE draw_id = ? AND ord >= ? ORDER BY ord LIMIT ?",
                                        [drawID, from, min(limit, Int(Int32.max))])
            let entities = rows.map { r in
                DrawnEntityRecord(order: r["ord"], entity: r["entity"], grade: r["grade"], industry: r["industry"],
                                  inspectors: (try? JSONDecoder().decode([String].self, from: Data((r["inspectors"] as String).utf8))) ?? [])
            }
            return (entities, total - entities.count)
        }
    }

    /// Every drawn entity with its draw's rule and period: what the schedule owes for draws (at start-up).
    public func drawnFor() throws -> [(entity: String, rule: String, period: String)] {
        try engine.read { db in
            try db.rows("""
                SELECT e.entity, d.rule, d.period FROM sample_draw_entity e JOIN sample_draw d ON d.id = e.draw_id ORDER BY d.drawn_at, d.rowid, e.ord
                """).map { (entity: $0[0], rule: $0[1], period: $0[2]) }
        }
    }

    /// Per recorded period label and inspector, how many drawn entities the inspector was assigned
    /// (the workload a new draw balances).
    public func drawAssignments() throws -> [(period: String, inspector: String, count: Int)] {
        try engine.read { db in
            // The inspectors column is a JSON array: each engine's own way to take it apart.
            // (and its values compared byte by byte on both, as every text column is).
            let each = db.dialect == .sqlite ? "json_each(e.inspectors) j" : "jsonb_array_elements_text(e.inspectors::jsonb) j(value)"
            let order = db.dialect == .sqlite ? "j.value" : "j.value COLLATE \"C\""
            return try db.rows("""
                SELECT d.period, j.value, COUNT(*) FROM sample_draw_entity e JOIN sample_draw d ON d.id = e.draw_id, \(each)
                GROUP BY d.period, j.value ORDER BY d.period, \(order)
                """).map { (period: $0[0], inspector: $0[1], count: $0[2]) }
        }
    }

    static let summaryColumns = "id, rule, period, seed, population_digest, parameters, size, population_size, industries, entity_count, drawn_at, drawn_by"

    static func summary(_ r: StoreRow) throws -> SampleDrawSummary {
        let id: String = r["id"]
        struct Unit: Decodable { var unit: SampleUnit }
        let unit: SampleUnit
        do { unit = try JSONDecoder().decode(Unit.self, from: Data((r["parameters"] as String).utf8)).unit } catch {
            throw SamplingStoreError.corruptDraw(id: id, reason: "parameters: \(error)")
        }
        return SampleDrawSummary(id: id, rule: r["rule"], period: r["period"], unit: unit.rawValue, seed: UInt64(bitPattern: r["seed"] as Int64),
                                 populationSize: r["population_size"], populationDigest: r["population_digest"], size: r["size"],
                                 industries: (try? JSONDecoder().decode([String].self, from: Data((r["industries"] as String).utf8))) ?? [],
                                 entityCount: r["entity_count"], drawnAt: r["drawn_at"], drawnBy: UInt32(truncatingIfNeeded: r["drawn_by"] as Int64))
    }

    /// Recorded draws, oldest first; optionally of one period label or one rule.
    public func sampleDraws(period: String? = nil, rule: String? = nil) throws -> [SampleDrawRecord] {
        try engine.read { db in
            var sql = "SELECT * FROM sample_draw WHERE TRUE"
            var args: StoreArguments = []
            if let period { sql += " AND period = ?"; args.append(period) }
            if let rule { sql += " AND rule = ?"; args.append(rule) }
            sql += " ORDER BY drawn_at, rowid"
            return try db.rows(sql, args).map(Self.draw)
        }
    }

    /// The draw a request recorded, if that request id was seen.
    public func sampleDraw(requestID: String) throws -> SampleDrawRecord? {
        try engine.read { db in try db.row("SELECT * FROM sample_draw WHERE request_id = ?", [requestID]).map(Self.draw) }
    }

    public func sampleDraw(id: String) throws -> SampleDrawRecord? {
        try engine.read { db in try db.row("SELECT * FROM sample_draw WHERE id = ?", [id]).map(Self.draw) }
    }

    static func draw(_ r: StoreRow) throws -> SampleDrawRecord {
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
                                    inspectors: inspectors.pool, conflicts: inspectors.conflicts, workload: inspectors.workload,
                                    scopes: inspectors.scopes ?? [:])
        return SampleDrawRecord(id: id, rule: r["rule"], period: r["period"], input: input, result: try decode(SampleDraw.self, "result"),
                                drawnAt: r["drawn_at"], drawnBy: UInt32(truncatingIfNeeded: r["drawn_by"] as Int64))
    }
}
