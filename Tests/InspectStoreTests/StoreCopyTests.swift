import Foundation
import InspectCore
@testable import InspectStore
import PostgresTestSupport
import Testing

/// `inspectctl storage copy` (issue 16): an office's SQLite state into PostgreSQL, every table,
/// verified row for row; the copy then serves as the store, ids going on from the copied ones.
@Suite struct StoreCopyTests {
    let d = CivilDate(iso: "2026-03-31")!

    func notice(_ key: String) -> Notice {
        Notice(key: key, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01", source: ["C01"],
               period: "2026-03", due: d, supervisor: "S01", day: d, message: "今日到期", basis: "依据")
    }

    /// A store holding a fact of every kind.
    func filled(_ store: FactStore) throws {
        var entities: [Entity] = []
        for i in 1...30 {
            let approved: CivilDate? = i % 3 == 0 ? nil : CivilDate(dayNumber: Int32(19_000 + i))
            let industry: String? = i % 4 == 0 ? nil : "金融"
            entities.append(Entity(id: "LS-\(i)", name: "企业\(i)", kind: i % 2 == 0 ? "employer" : "microloan", jurisdiction: "兰山区",
                                   approvedOn: approved, grade: "I", supervisor: "S01", industry: industry))
        }
        try store.importEntities(entities, file: "a.csv", by: 1000, at: 1)
        for i in 1...5 {
            _ = try store.record(Inspection(entityID: "LS-\(i)", date: d.adding(days: -i), kind: "onsite", authority: .county,
                                            inspectors: ["张,伟", "王芳"], note: i == 1 ? nil : "第\(i)次"), by: 1000, at: 2, requestID: "r\(i)")
        }
        try store.recordPlan(ObligationPlan(key: "C01/LS-1/2026-04", planned: d.adding(days: 3)), by: 1000, at: 3)
        _ = try store.enqueueNew([notice("k1"), notice("k2"), notice("k3")], at: 4)
        try store.markDelivered(["k1", "k2"], at: 5)
        try store.queueForHook(["k1", "k2"], hooks: ["mail"], at: 5)
        _ = try store.recordHookFailure("k1", hook: "mail", error: "down", at: 6, retries: 3, backoff: 60)
        try store.addInspector(InspectorRecord(id: "I1", name: "张伟", office: nil, addedAt: 7, addedBy: 0))
        try store.addInspector(InspectorRecord(id: "I2", name: "王芳", office: nil, addedAt: 7, addedBy: 0))
        try store.declareConflict(ConflictRecord(inspector: "I1", entity: "LS-2", reason: "亲属", declaredAt: 8, declaredBy: 0))
        let leave = try store.recordLeave(InspectorLeaveRecord(inspector: "I2", from: d, to: d.adding(days: 4), reason: "年休假", recordedAt: 8, recordedBy: 0))
        try store.withdrawLeave(id: try #require(leave.id), reason: "取消", at: 9, by: 0)
        _ = try store.recordLeave(InspectorLeaveRecord(inspector: "I2", from: d.adding(days: 10), to: d.adding(days: 12), reason: "培训", recordedAt: 9, recordedBy: 0))
        let visits = try store.recordVisits([PlannedVisitRecord(date: d, entity: "LS-1", jurisdiction: "兰山区", obligations: ["C01/LS-1/2026-04"],
                                                                 inspectors: ["I1", "I2"], due: d.adding(days: 5), reason: "due", appliedAt: 9, appliedBy: 0)])
        try store.moveVisit(id: try #require(visits.first?.id), to: d.adding(days: 1), reason: nil, at: 10, by: 0)
        let population = (1...30).map { SampleMember(id: "LS-\($0)", grade: "I", industry: "金融") }
        let input = SampleDrawInput(parameters: SampleParameters(rule: "S01", size: .range(min: 3, max: 3)), seed: 42, population: population,
                                    inspectors: ["I1", "I2"], conflicts: [], workload: [:])
        _ = try store.recordDraw(rule: "S01", period: "2026", input: input, result: try SampleDrawing.draw(input), by: 0, at: 9)
        let at = try #require(LocalDateTime(iso: "2026-03-02T10:00"))
        _ = try store.append(LifecycleEvent(subject: "R-2026-1", entityID: "LS-1", kind: "rectification.ordered", at: at), by: 0, at: 10)
        try store.appendAudit(AuditEntry(at: 11, uid: 1000, login: "zhangwei", role: "supervisor", method: "RecordInspection",
                                         entity: "LS-1", key: "1", outcome: "ok", reason: nil, requestID: "r1"))
        try store.engine.write { db in
            try db.execute("INSERT INTO frozen_obligation (key, entity_id, body, frozen_at) VALUES (?, ?, ?, ?)", ["C01/LS-1/2025-12", "LS-1", "{}", 12])
        }
    }

    @Test func anOfficeCopiedIntoPostgreSQLIsTheSameRowForRow() throws {
        let sqlite = try StorePlace(.sqlite).open()
        try filled(sqlite)
        let target = try StorePlace(.postgresql).open()
        let tables = try StoreCopy.copy(from: sqlite, to: target, batch: 7)
        #expect(tables == (try StoreCopy.digest(of: sqlite)))
        #expect(tables.first { $0.table == "entity" }?.rows == 30)
        #expect(tables.allSatisfy { $0.rows > 0 }, "every table holds a row: \(tables.filter { $0.rows == 0 }.map(\.table))")
        // What the daemon reads back is the same.
        #expect(try target.entities() == (try sqlite.entities()))
        #expect(try target.inspections() == (try sqlite.inspections()))
        #expect(try target.undelivered().map(\.key) == ["k3"])
        #expect(try target.hookDeadLetters().count == (try sqlite.hookDeadLetters().count))
        #expect(try target.drawSummaries().draws.map(\.id) == (try sqlite.drawSummaries().draws.map(\.id)))
        #expect(try target.auditPage(after: nil, limit: 10).entries == (try sqlite.auditPage(after: nil, limit: 10).entries))
        // New facts take ids after the copied ones.
        let next = try target.record(Inspection(entityID: "LS-9", date: d, kind: "onsite", authority: .county, inspectors: ["A"]), by: 0, at: 20)
        #expect(next.inspection.id == 6)
        // A second copy into a database that holds facts is refused; a changed row is found.
        #expect(throws: StoreCopy.Failure.targetNotEmpty(table: "entity", rows: 30)) { try StoreCopy.copy(from: sqlite, to: target) }
        try target.engine.write { db in try db.execute("UPDATE entity SET name = '改' WHERE id = 'LS-7'") }
        let entity = { (s: FactStore) in try StoreCopy.digest(of: s).first { $0.table == "entity" } }
        #expect(try entity(target)?.digest != (try entity(sqlite))?.digest)
        #expect(try entity(target)?.rows == 30)
    }

    /// COPY's text format gives meaning to tabs, newlines, carriage returns, backslashes and
    /// `\N`: values holding them, NULLs, Chinese text and the extremes of a 64-bit integer
    /// arrive as they were (the copy verifies every table, and the rows are compared here too).
    @Test func awkwardValuesCrossCopyUnchanged() throws {
        let sqlite = try StorePlace(.sqlite).open()
        let awkward = ["制表\t符\t在中间", "换行\n与\r\n回车", "反斜杠 \\ 与 \\N 与 \\.", "\\N", "\\", "\\.", "末尾\t",
                       "汇通小额贷款股份有限公司（兰山区）", "'单引号' \"双引号\" ,逗号;", " 前后空格 ", "😀 𠀀", ""]
        let rows: [[StoreValue]] = awkward.enumerated().map { i, text in
            [.text("A-\(i)"), .text(text), .text(i % 2 == 0 ? "employer" : text), .text("兰山区"),
             i % 3 == 0 ? .null : .integer(Int64(i) - 1), i % 2 == 0 ? .null : .text(text), .null, .text(text + "\n"),
             .integer(i % 2 == 0 ? Int64.max : Int64.min), .integer(i == 0 ? 0 : -1)]
        }
        let columns = ["id", "name", "kind", "jurisdiction", "approved_on", "grade", "supervisor", "industry", "updated_at", "updated_by"]
        try sqlite.engine.write { db in try db.insertRows(into: "entity", columns: columns, rows) }
        let target = try StorePlace(.postgresql).open()
        let tables = try StoreCopy.copy(from: sqlite, to: target, batch: 5)
        #expect(tables.first { $0.table == "entity" }?.rows == awkward.count)
        let select = "SELECT \(columns.joined(separator: ", ")) FROM entity ORDER BY id"
        let copied = try target.engine.read { db in try db.rows(select).map(\.values) }
        #expect(copied == (try sqlite.engine.read { db in try db.rows(select).map(\.values) }))
        #expect(copied == rows.sorted { String.fromStoreValue($0[0])! < String.fromStoreValue($1[0])! })
        #expect(try target.entities() == (try sqlite.entities()))
    }

    /// The digest is FNV-1a over each row's columns in name order, each as `name`, then `i…`,
    /// `t…`, `r…` or NUL `null`, every part ended by 0xff: computed here from its definition
    /// (strings made per value) and compared with the store's, on both engines.
    @Test(arguments: StoreBackend.allCases) func theDigestIsTheDefinedOne(_ backend: StoreBackend) throws {
        let store = try StorePlace(backend).open()
        let rows: [[StoreValue]] = [
            [.text("A"), .text("甲\t乙"), .text("k"), .text("兰山区"), .integer(-1), .null, .null, .text(""), .integer(Int64.min), .integer(0)],
            [.text("B"), .text("\\N"), .text("k"), .text("罗庄区"), .integer(20_000), .text("I"), .text("S01"), .null, .integer(Int64.max), .integer(1_000)],
        ]
        let columns = ["id", "name", "kind", "jurisdiction", "approved_on", "grade", "supervisor", "industry", "updated_at", "updated_by"]
        try store.engine.write { db in try db.insertRows(into: "entity", columns: columns, rows) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for b in text.utf8 { hash = (hash ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x0000_0100_0000_01b3
        }
        for row in rows {
            for (column, value) in zip(columns, row).sorted(by: { $0.0 < $1.0 }) {
                mix(column)
                switch value {
                case .null: mix("\u{0}null")
                case .integer(let i): mix("i\(i)")
                case .real(let d): mix("r\(d)")
                case .text(let s): mix("t" + s)
                }
            }
        }
        let entity = try #require(try StoreCopy.digest(of: store).first { $0.table == "entity" })
        #expect(entity.rows == 2 && entity.digest == String(hash, radix: 16))
    }
}
