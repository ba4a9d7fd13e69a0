import Foundation
import GRDB
import InspectCore
@testable import InspectStore
import PostgresTestSupport
import Testing

/// Issue 10, drill 6: a full disk, a read-only database, a lock held by another process and a
/// damaged file each reach the caller as itself, produced here by real SQLite failures.
@Suite struct StorageFailureTests {
    let dir = NSTemporaryDirectory() + "inspectd-storage-\(UUID().uuidString)"
    init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

    func failure(_ body: () throws -> Void) -> StorageFailure? {
        do { try body(); return nil } catch { return StorageFailure(error) }
    }

    @Test func aFullDatabaseIsDiskFull() throws {
        let queue = try DatabaseQueue(path: dir + "/full.sqlite")
        let f = failure {
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE t (x BLOB)")
                try db.execute(sql: "PRAGMA max_page_count = 8")  // SQLite's own way to make the disk "full"
                for _ in 0..<100 { try db.execute(sql: "INSERT INTO t VALUES (zeroblob(4000))") }
            }
        }
        #expect(f == .diskFull)
        #expect(f?.cause == "disk_full" && f?.isTemporary == false)
    }

    @Test func aReadOnlyDatabaseIsReadOnly() throws {
        let path = dir + "/ro.sqlite"
        _ = try FactStore(path: path)
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        #expect(failure { try queue.writeWithoutTransaction { try $0.execute(sql: "DELETE FROM entity") } } == .readOnly)
    }

    @Test func aLockHeldByAnotherConnectionIsBusy() throws {
        let path = dir + "/busy.sqlite"
        let store = try FactStore(path: path, busyTimeout: 0.05)
        let other = try DatabaseQueue(path: path)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let f = failure { try store.importEntities([Entity(id: "E1", name: "甲", kind: "employer", jurisdiction: "兰山区")], file: "a.csv", by: 0, at: 0) }
            #expect(f == .busy && f?.isTemporary == true)
            try db.execute(sql: "ROLLBACK")
        }
        // Nothing was half-written, and once the lock is gone the same write succeeds.
        #expect(try store.entityCount() == 0)
        try store.importEntities([Entity(id: "E1", name: "甲", kind: "employer", jurisdiction: "兰山区")], file: "a.csv", by: 0, at: 0)
        #expect(try store.entityCount() == 1)
    }

    @Test func aFileThatIsNotADatabaseIsCorrupt() throws {
        let path = dir + "/junk.sqlite"
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect(failure { _ = try FactStore(path: path) } == .corrupt)
    }
}

/// The PostgreSQL store's failures (issue 16): a write lock held by another daemon is `busy`; a
/// server that is down or a connection cut is `unavailable` (temporary), and the store reconnects
/// by itself once the server is back, without losing or half-writing anything.
@Suite(.serialized) struct PostgresFailureTests {
    let e1 = Entity(id: "E1", name: "甲", kind: "employer", jurisdiction: "兰山区")
    let e2 = Entity(id: "E2", name: "乙", kind: "employer", jurisdiction: "兰山区")

    func failure(_ body: () throws -> Void) -> StorageFailure? {
        do { try body(); return nil } catch { return StorageFailure(error) }
    }

    @Test func aWriteOfAnotherDaemonHoldsTheLockAndOursIsBusy() throws {
        let place = try StorePlace(.postgresql, busyTimeout: 0.2)
        let ours = try place.open()
        let theirs = try place.open()
        try theirs.engine.write { _ in
            let f = failure { try ours.importEntities([e1], file: "a.csv", by: 0, at: 0) }
            #expect(f == .busy && f?.isTemporary == true)
        }
        #expect(try ours.entityCount() == 0)
        try ours.importEntities([e1], file: "a.csv", by: 0, at: 0)
        #expect(try theirs.entityCount() == 1)
    }

    @Test func aCutConnectionIsUnavailableOnceAndTheStoreReconnects() throws {
        let server = try PostgresServer.shared()
        let place = try StorePlace(.postgresql)
        let store = try place.open()
        try store.importEntities([e1], file: "a.csv", by: 0, at: 0)
        guard case .postgresql(let settings) = place.location else { return }
        let database = settings.connection.split(separator: " ").first { $0.hasPrefix("dbname=") }.map { String($0.dropFirst(7)) } ?? ""
        // Every session of the store's pool, cut as an operator (or a fail-over) would.
        let cut = try server.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()")
        #expect(Int(cut.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 1)
        // The pooled connection was dead: this call fails as `unavailable`, nothing written …
        let f = failure { try store.importEntities([e2], file: "b.csv", by: 0, at: 1) }
        #expect(f.map { if case .unavailable = $0 { true } else { false } } == true, "\(String(describing: f))")
        #expect(f?.isTemporary == true && f?.cause == "unavailable")
        // … and the next one opens a new connection by itself.
        try store.importEntities([e2], file: "b.csv", by: 0, at: 1)
        #expect(try store.entities().map(\.id) == ["E1", "E2"])
    }

    @Test func aServerThatIsDownIsUnavailableUntilItIsBack() throws {
        let server = try PostgresServer()  // its own: the other tests' server stays up
        defer { server.destroy() }
        let store = try FactStore(.postgresql(PostgresSettings(connection: try server.createDatabase(), instance: "test")))
        try store.importEntities([e1], file: "a.csv", by: 0, at: 0)
        server.stop()
        for _ in 0..<2 {
            let f = failure { _ = try store.entityCount() }
            #expect(f.map { if case .unavailable = $0 { true } else { false } } == true, "\(String(describing: f))")
        }
        try server.start()
        #expect(try store.entityCount() == 1)
    }
}
