import Foundation
import GRDB
import InspectCore
@testable import InspectStore
import Testing

/// Issue 10, drill 8: an inspector named `张,伟` was stored comma-joined and read back as two.
@Suite struct InspectorListTests {
    let dir = NSTemporaryDirectory() + "inspectd-store-\(UUID().uuidString)"
    var path: String { dir + "/state.sqlite" }

    init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

    @Test(arguments: StoreBackend.allCases) func aNameWithACommaIsOneInspector(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        try store.importEntities([Entity(id: "E1", name: "甲", kind: "employer", jurisdiction: "兰山区")], file: "a.csv", by: 0, at: 0)
        let date = try #require(CivilDate(iso: "2026-03-02"))
        _ = try store.record(Inspection(entityID: "E1", date: date, kind: "onsite", authority: .county, inspectors: ["张,伟", "王芳"]), by: 0, at: 0)
        #expect(try place.open().inspections(of: "E1").map(\.inspectors) == [["张,伟", "王芳"]])
    }

    @Test(arguments: StoreBackend.allCases) func territoryCapacityAndLeaveAreKeptAndALeaveIsWithdrawnNotDeleted(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        try store.addInspector(InspectorRecord(id: "I1", name: "张伟", office: nil, addedAt: 1, addedBy: 0))
        var i = try #require(try store.inspectors().first)
        #expect(i.jurisdictions == nil && i.kinds == nil && i.visitsPerDay == 3)
        i.jurisdictions = ["兰山区", "罗庄区"]; i.kinds = ["employer"]; i.visitsPerDay = 5; i.active = false
        #expect(try store.updateInspector(i))
        #expect(try place.open().inspectors() == [i])
        #expect(try store.updateInspector(InspectorRecord(id: "nobody", name: "x", office: nil, addedAt: 1, addedBy: 0)) == false)

        let may4 = try #require(CivilDate(iso: "2026-05-04"))
        let first = try store.recordLeave(InspectorLeaveRecord(inspector: "I1", from: may4, to: may4.adding(days: 4), reason: "年休假", recordedAt: 2, recordedBy: 1000))
        _ = try store.recordLeave(InspectorLeaveRecord(inspector: "I1", from: may4.adding(days: 20), to: may4.adding(days: 21), reason: "培训", recordedAt: 3, recordedBy: 1000))
        #expect(try store.leave(of: "I1").map(\.reason) == ["年休假", "培训"])
        #expect(try store.withdrawLeave(id: try #require(first.id), reason: "计划变更", at: 4, by: 1001))
        #expect(try store.withdrawLeave(id: try #require(first.id), reason: "again", at: 5, by: 1001) == false, "withdrawn once")
        #expect(try place.open().leave(of: "I1").map(\.reason) == ["培训"])
        let all = try store.leave(of: "I1", withdrawn: true)
        #expect(all.count == 2)
        #expect(all.first?.withdrawnBy == 1001 && all.first?.withdrawalReason == "计划变更")
        #expect(try store.leave(since: may4.adding(days: 22)).isEmpty)
    }

    @Test func migrationV11SplitsTheRowsWrittenBeforeOnce() throws {
        // A database as version 10 left it, with a comma-joined row.
        do {
            try SQLiteEngine(path: path, busyTimeout: 5).migrate(StoreSchema.migrations(through: "v10: request ids of sample draws and conflict declarations"))
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "INSERT INTO entity (id, name, kind, jurisdiction, updated_at, updated_by) VALUES ('E1', '甲', 'employer', '兰山区', 0, 0)")
                try db.execute(sql: """
                    INSERT INTO inspection (entity_id, date, kind, authority, inspectors, recorded_at, recorded_by)
                    VALUES ('E1', 20514, 'onsite', 'county', '张伟, 王芳', 0, 0)
                    """)
            }
        }
        let store = try FactStore(path: path)
        #expect(try store.appliedMigrations().contains("v11: inspectors as a list"))
        #expect(try store.inspections(of: "E1").map(\.inspectors) == [["张伟", "王芳"]])
        // Opening again changes nothing (a migration runs once).
        #expect(try FactStore(path: path).inspections(of: "E1").map(\.inspectors) == [["张伟", "王芳"]])
    }
}
