import CLibPQ
import Foundation

extension PostgresConnection {
    /// Adds `rows` to `table` with `COPY … FROM STDIN` (text format): the rows go to the server
    /// as one stream instead of a statement and a round trip each (`storage copy` of a province,
    /// 1,052,104 rows, took 76 s one INSERT at a time). Inside the caller's transaction.
    func copyIn(table: String, columns: [String], _ rows: some Sequence<[StoreValue]>) throws {
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        // Blocking while the rows go: in non-blocking mode PQputCopyData refuses (0) whenever
        // libpq's buffer is full, and the stream would have to be driven by poll(2) here.
        PQsetnonblocking(conn, 0)
        defer { PQsetnonblocking(conn, 1) }
        guard let started = PQexec(conn, sql) else { throw lastFailure }
        let status = PQresultStatus(started)
        guard status == PGRES_COPY_IN else {
            defer { PQclear(started) }
            throw failure(of: started, sql)
        }
        PQclear(started)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunk + 4096)
        var sendFailed = false
        func send() {
            guard !buffer.isEmpty, !sendFailed else { return }
            let sent = buffer.withUnsafeBufferPointer { b in
                b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(conn, $0, Int32(b.count)) }
            }
            if sent != 1 { sendFailed = true }
            buffer.removeAll(keepingCapacity: true)
        }
        for row in rows {
            PostgresCopyText.append(row, to: &buffer)
            if buffer.count >= Self.copyChunk { send() }
            if sendFailed { break }
        }
        send()
        // A failed send ends the COPY with an error, so the server rolls the rows back.
        guard PQputCopyEnd(conn, sendFailed ? "the client could not send the rows" : nil) == 1 else { throw lastFailure }
        var failure: (any Error)?
        while let result = PQgetResult(conn) {
            defer { PQclear(result) }
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil { failure = self.failure(of: result, sql) }
        }
        if let failure { throw failure }
        if sendFailed || isBroken { throw lastFailure }
    }

    /// How much is gathered before it is handed to libpq (which sends it on as the socket takes it).
    static let copyChunk = 256 * 1024
}

/// COPY's text format: columns separated by tabs, rows ended by a newline, `\N` for NULL, and a
/// backslash escape for the characters that would otherwise end a column or a row (PostgreSQL
/// documentation, "COPY", File Formats / Text Format).
enum PostgresCopyText {
    static func append(_ row: [StoreValue], to buffer: inout [UInt8]) {
        for (i, value) in row.enumerated() {
            if i > 0 { buffer.append(0x09) }
            switch value {
            case .null: buffer.append(contentsOf: [0x5C, 0x4E])  // \N
            case .integer(let n): buffer.append(contentsOf: String(n).utf8)
            case .real(let d): buffer.append(contentsOf: String(d).utf8)  // shortest text that reads back the same
            case .text(let s): escape(s, to: &buffer)
            }
        }
        buffer.append(0x0A)
    }

    static func escape(_ text: String, to buffer: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])  // backslash
            case 0x09: buffer.append(contentsOf: [0x5C, 0x74])  // \t
            case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])  // \n
            case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])  // \r
            default: buffer.append(byte)
            }
        }
    }
}
