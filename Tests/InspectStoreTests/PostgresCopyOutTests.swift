import Foundation
@testable import InspectStore
import PostgresTestSupport
import Testing

/// Bulk reads as `COPY (query) TO STDOUT`: every value arrives as it was stored (COPY's text
/// escapes undone, NULL told from the text `\N`), arguments go in as literals that cannot break
/// out of their quotes, and a read stopped or failed half-way leaves its connection ready.
@Suite struct PostgresCopyOutTests {
    /// One pooled connection, so that every read below runs on the connection the last one used.
    func engine() throws -> PostgresEngine {
        try PostgresEngine(settings: PostgresSettings(connection: try PostgresServer.shared().createDatabase(), instance: "copy-out", poolSize: 1))
    }

    func rows(_ engine: PostgresEngine, _ sql: String, _ arguments: StoreArguments = []) throws -> [[String?]] {
        try engine.read { db in
            var rows: [[String?]] = []
            try #require(db as? PostgresStoreConnection).forEachCopiedRow(sql, arguments) { row in
                rows.append((0..<row.count).map { row.text($0) })
            }
            return rows
        }
    }

    @Test func everyValueArrivesAsStored() throws {
        let engine = try engine()
        let awkward = ["制表\t符", "换行\n与\r\n回车", "反斜杠 \\ 与 \\N", "\\N", "\\", "\u{8}\u{c}\u{b}", "末尾\t", "😀 𠀀", "", "'引号' \"双\""]
        try engine.write { db in
            try db.executeScript("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, n BIGINT)")
            for (i, text) in awkward.enumerated() {
                try db.execute("INSERT INTO t (k, v, n) VALUES (?, ?, ?)", [i, text, i % 2 == 0 ? Int64.min + Int64(i) : Int64.max - Int64(i)])
            }
            try db.execute("INSERT INTO t (k, v, n) VALUES (?, NULL, NULL)", [awkward.count])
        }
        let read = try rows(engine, "SELECT k, v, n FROM t ORDER BY k")
        #expect(read.count == awkward.count + 1)
        for (i, text) in awkward.enumerated() {
            #expect(read[i] == [String(i), text, String(i % 2 == 0 ? Int64.min + Int64(i) : Int64.max - Int64(i))], "row \(i)")
        }
        #expect(read.last == [String(awkward.count), nil, nil], "NULL is not the text \\N")
        // Integers as numbers; an argument is a literal that its quotes and backslashes cannot end.
        let integers = try engine.read { db in
            var list: [Int64?] = []
            try #require(db as? PostgresStoreConnection).forEachCopiedRow("SELECT n FROM t WHERE v IS NULL OR v <> ? ORDER BY k", ["'引号' \"双\""]) { list.append($0.integer(0)) }
            return list
        }
        #expect(integers.count == awkward.count && integers.first == Int64.min && integers.last == .some(nil))
        #expect(try rows(engine, "SELECT v FROM t WHERE v = ? OR v = ?", ["\\", "'); DROP TABLE t; --"]) == [["\\"]])
        #expect(try rows(engine, "SELECT 1 WHERE false").isEmpty)
    }

    struct Enough: Error {}

    /// A body that stops after a few of ten million rows: the COPY is cancelled (not read to its
    /// end), and the connection answers the next statement; an error of the server after some
    /// rows is thrown with its SQLSTATE, not taken for the end of the rows.
    @Test func aReadStoppedOrFailedHalfWayLeavesTheConnectionReady() throws {
        let engine = try engine()
        var seen = 0
        let started = Date()
        #expect(throws: Enough.self) {
            try engine.read { db in
                try #require(db as? PostgresStoreConnection).forEachCopiedRow("SELECT g FROM generate_series(1, 10000000) g", []) { _ in
                    seen += 1
                    if seen == 3 { throw Enough() }
                }
            }
        }
        #expect(seen == 3)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(try engine.read { try $0.value(as: Int.self, "SELECT 41 + 1") } == 42)
        var quotients: [Int64] = []
        do {
            try engine.read { db in
                try #require(db as? PostgresStoreConnection).forEachCopiedRow("SELECT 10 / (4 - g) FROM generate_series(1, 6) g", []) {
                    quotients.append($0.integer(0) ?? -1)
                }
            }
            Issue.record("a division by zero was not reported")
        } catch let error as PostgresError {
            #expect(error.sqlState == "22012")
        }
        #expect(quotients == [3, 5, 10])
        #expect(try engine.read { try $0.value(as: String.self, "SELECT 'ready'") } == "ready")
        #expect(throws: PostgresError.self) { try rows(engine, "SELECT no_such_column FROM generate_series(1, 2)") }
        #expect(try engine.read { try $0.value(as: Int.self, "SELECT 7") } == 7)
    }
}
