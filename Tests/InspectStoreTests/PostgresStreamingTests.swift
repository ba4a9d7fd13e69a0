import Foundation
@testable import InspectStore
import PostgresTestSupport
import Testing

/// Rows read from PostgreSQL are handed on one at a time as they arrive (single-row mode), not
/// held whole in libpq's memory; a read stopped or failed half-way leaves its connection ready
/// for the next call (the pool reuses it).
@Suite struct PostgresStreamingTests {
    /// One pooled connection, so that every read below runs on the connection the last one used.
    func engine() throws -> PostgresEngine {
        try PostgresEngine(settings: PostgresSettings(connection: try PostgresServer.shared().createDatabase(), instance: "stream", poolSize: 1))
    }

    @Test func everyRowArrivesInOrderWithItsTypes() throws {
        let engine = try engine()
        var seen: [[StoreValue]] = []
        try engine.read { db in
            try db.forEachRow("SELECT g AS n, '行' || g AS t, CASE WHEN g % 2 = 0 THEN NULL ELSE g END AS odd FROM generate_series(1, ?::int) g", [5_000]) {
                seen.append($0.values)
                #expect($0.hasColumn("n") && $0.hasColumn("t") && $0.hasColumn("odd"))
            }
        }
        #expect(seen.count == 5_000)
        #expect(seen.enumerated().allSatisfy { i, row in
            row == [.integer(Int64(i + 1)), .text("行\(i + 1)"), i % 2 == 1 ? .null : .integer(Int64(i + 1))]
        })
        var none = 0
        try engine.read { db in try db.forEachRow("SELECT 1 WHERE false", []) { _ in none += 1 } }
        #expect(none == 0)
    }

    struct Enough: Error {}

    /// A body that stops after a few of ten million rows: the query is cancelled (not read to
    /// its end), and the connection answers the next statement.
    @Test func aReadStoppedHalfWayLeavesTheConnectionReady() throws {
        let engine = try engine()
        var seen = 0
        let started = Date()
        #expect(throws: Enough.self) {
            try engine.read { db in
                try db.forEachRow("SELECT g FROM generate_series(1, 10000000) g", []) { _ in
                    seen += 1
                    if seen == 3 { throw Enough() }
                }
            }
        }
        #expect(seen == 3)
        // Reading ten million rows to their end takes seconds; a cancelled query does not.
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(try engine.read { try $0.value(as: Int.self, "SELECT 41 + 1") } == 42)
        // Inside a transaction as well: the snapshot ends with the error, the next one begins.
        #expect(throws: Enough.self) {
            try engine.readSnapshot { db in try db.forEachRow("SELECT g FROM generate_series(1, 1000) g", []) { _ in throw Enough() } }
        }
        #expect(try engine.readSnapshot { try $0.value(as: Int.self, "SELECT 7") } == 7)
    }

    /// The server fails the query after some rows were handed on: its error is thrown (with its
    /// SQLSTATE), not taken for the end of the rows.
    @Test func anErrorAfterSomeRowsIsThrown() throws {
        let engine = try engine()
        var seen: [Int] = []
        do {
            try engine.read { db in
                try db.forEachRow("SELECT 10 / (4 - g) AS q FROM generate_series(1, 6) g", []) { seen.append($0[0]) }
            }
            Issue.record("a division by zero was not reported")
        } catch let error as PostgresError {
            #expect(error.sqlState == "22012")
        }
        #expect(seen == [3, 5, 10])
        #expect(try engine.read { try $0.value(as: String.self, "SELECT 'ready'") } == "ready")
    }
}
