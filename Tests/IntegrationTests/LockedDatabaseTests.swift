import Foundation
import InspectControl
import Testing
import Varlink

/// Issue 10, drills 6 and 7: while another process holds the database's write lock, reads are
/// answered at once (before: they waited up to 5 s behind the waiting write on the one queue), a
/// write goes through once the lock is released, and one that waits too long fails as `busy`.
@Suite("a database locked by another process")
struct LockedDatabaseTests {
    /// Another process (Python's sqlite3) holding the write lock until told to let go.
    final class LockHolder {
        let process: Process
        let input = Pipe()
        init(database: String) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let script = """
                import sqlite3, sys
                c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
                c.execute("BEGIN IMMEDIATE")
                print("locked", flush=True)
                sys.stdin.readline()
                c.execute("ROLLBACK")
                """
            process.arguments = ["python3", "-c", script, database]
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            guard line.contains("locked") else { throw ChildProcess.Failure(description: "the lock holder did not lock: \(line)") }
        }
        func release() {
            input.fileHandleForWriting.write(Data("\n".utf8))
            process.waitUntilExit()
        }
    }

    func record(_ d: DaemonFixture, id: String) throws -> Control.RecordInspectionResult {
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(30))
        defer { client.close() }
        let r = Control.RecordInspectionRequest(entity: "LS-PFS-001", date: "2026-03-20", kind: "onsite", inspectors: ["甲", "乙"], requestID: id)
        return try client.call(method: ControlInterface.Method.recordInspection.qualified, parameters: r, as: Control.RecordInspectionResult.self)
    }

    @Test func readsGoOnWhileAWriteWaitsAndTheWriteGoesThroughAfterwards() throws {
        let d = try DaemonFixture()
        try d.start()
        let lock = try LockHolder(database: d.stateDirectory + "/inspectd.sqlite")
        let outcome = Locked<Result<Control.RecordInspectionResult, any Error>?>(nil)
        let writer = Thread {
            let r = Result { try self.record(d, id: "locked-1") }
            outcome.withValue { $0 = r }
        }
        writer.start()
        Thread.sleep(forTimeInterval: 0.2)  // the write is waiting for the lock now
        let reader = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(30))
        defer { reader.close() }
        for _ in 0..<5 {
            _ = try reader.call(method: ControlInterface.Method.getStatus.qualified)
            _ = try reader.call(method: ControlInterface.Method.listObligations.qualified, parameters: ["within_days": 30])
        }
        // Every read was answered while the write still waited (the lock is still held).
        #expect(outcome.withValue { $0 } == nil, "the write finished while the lock was held")
        lock.release()
        let deadline = Date(timeIntervalSinceNow: 10)
        while outcome.withValue({ $0 }) == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let result = try #require(outcome.withValue { $0 })
        #expect(throws: Never.self) { try result.get() }
    }

    @Test func aWriteThatWaitsTooLongFailsAsBusyAndWritesNothing() throws {
        let d = try DaemonFixture()
        try d.start()
        let lock = try LockHolder(database: d.stateDirectory + "/inspectd.sqlite")
        let r = try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "甲,乙")
        lock.release()
        #expect(r.exitCode == 75, "\(r)")  // EX_TEMPFAIL: trying again may help
        #expect(r.stderr.contains("storage (busy)") && r.stderr.contains("locked by another process"), "\(r.stderr)")
        let list = try #require(try d.ctl("inspection", "list", "--entity", "LS-PFS-001", "--json").json() as? [Any])
        #expect(list.isEmpty)
    }
}

/// A value shared across threads (guarded by a lock).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withValue<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
