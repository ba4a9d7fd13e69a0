import Foundation
import InspectCore
@testable import InspectStore
import Testing

/// Imports in parts on a shared store (PostgreSQL): a staging whose daemon is gone, or that no
/// part reached for longer than an import may wait, is removed by whichever daemon looks; a
/// staging of a present daemon within the bound is kept; a commit that finds fewer rows than its
/// daemon staged imports nothing. And the schema: migrations this version does not know are
/// found, and writes refused while they are there.
@Suite struct AbandonedStagingTests {
    func rows(_ prefix: String, _ n: Int) -> [(line: Int, entity: Entity)] {
        (1...n).map { i in
            (i + 1, Entity(id: "\(prefix)-\(i)", name: "企业\(i)", kind: "private-financing-service", jurisdiction: "兰山区",
                           approvedOn: CivilDate(iso: "2020-01-01"), grade: "I", supervisor: "S01", industry: "金融"))
        }
    }

    @Test func stagingsOfGoneOrStalledDaemonsGoOthersStay() throws {
        let store = try StorePlace(.postgresql).open()
        try store.stage(rows("A", 30), importID: "present/1")
        try store.stage(rows("B", 20), importID: "stalled/2")
        try store.stage(rows("C", 10), importID: "gone/3")
        try store.stage(rows("D", 5), importID: "old.version/4")
        // Who is present, on the server's clock: `present` and `stalled` now, `gone` a minute ago.
        try store.engine.write { db in
            try db.executeScript("""
                CREATE TABLE IF NOT EXISTS daemon_presence (instance TEXT PRIMARY KEY, seen TIMESTAMPTZ NOT NULL);
                INSERT INTO daemon_presence VALUES ('present', clock_timestamp()), ('stalled', clock_timestamp()),
                  ('gone', clock_timestamp() - interval '1 minute'), ('old.version', clock_timestamp());
                UPDATE import_open SET touched = touched - \(FactStore.stagingAbandonedAfter + 60) WHERE import_id = 'stalled/2';
                DELETE FROM import_open WHERE import_id = 'old.version/4';
                """)
        }
        #expect(try store.discardAbandonedStaging().sorted() == ["gone/3", "stalled/2"])
        #expect(try store.stagedCount(importID: "present/1") == 30)
        #expect(try store.stagedCount(importID: "stalled/2") == 0)
        #expect(try store.stagedCount(importID: "gone/3") == 0)
        // A staging of a version that kept no `import_open` row is left to its daemon's restart.
        #expect(try store.stagedCount(importID: "old.version/4") == 5)
        #expect(try store.discardAbandonedStaging().isEmpty)

        // A part staged again touches its import: a daemon back within the bound keeps it.
        try store.engine.write { db in try db.executeScript("UPDATE import_open SET touched = touched - \(FactStore.stagingAbandonedAfter + 60)") }
        try store.stage(rows("E", 3), importID: "present/1")
        #expect(try store.discardAbandonedStaging().isEmpty)
        #expect(try store.stagedCount(importID: "present/1") == 33)

        // The commit imports nothing when rows went from under it.
        try store.engine.write { db in try db.executeScript("DELETE FROM import_staging WHERE import_id = 'present/1' AND id LIKE 'E-%'") }
        #expect(throws: FactStore.StagingLost.self) {
            try store.commitStaged(importID: "present/1", file: "x.csv", by: 0, at: 1, expecting: 33)
        }
        #expect(try store.entityCount() == 0)
        let done = try store.commitStaged(importID: "present/1", file: "x.csv", by: 0, at: 1, expecting: 30)
        #expect(done.added == 30)
        #expect(try store.engine.read { try $0.value(as: Int.self, "SELECT count(*) FROM import_open") } == 0)
    }

    @Test(arguments: StoreBackend.allCases) func aSchemaNewerThanThisVersionKnowsIsFoundAndWritesAreRefused(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        #expect(try store.unknownMigrations().isEmpty)
        #expect(FactStore.schemaVersion == StoreSchema.migrations.count)
        let table = backend == .sqlite ? "grdb_migrations" : "inspectd_migration"
        try store.engine.write { db in
            try db.execute(backend == .sqlite ? "INSERT INTO \(table) (identifier) VALUES (?)" : "INSERT INTO \(table) (identifier, applied_at) VALUES (?, 0)",
                           ["v99: from a newer version"])
        }
        let unknown = try place.open().unknownMigrations()
        #expect(unknown == ["v99: from a newer version"])
        store.refuseWrites("1 migration this version does not know")
        #expect(throws: StorageFailure.schemaNewer("1 migration this version does not know")) { try store.stage(rows("A", 1), importID: "x/1") }
        #expect(StorageFailure.schemaNewer("").isTemporary && StorageFailure.schemaNewer("").cause == "schema_newer")
        store.refuseWrites(nil)
        try store.stage(rows("A", 1), importID: "x/1")
        #expect(try store.stagedCount(importID: "x/1") == 1)
    }
}
