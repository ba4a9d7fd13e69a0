import Foundation
import GRDB
import InspectCore
import InspectStore
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
