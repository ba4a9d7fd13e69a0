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
