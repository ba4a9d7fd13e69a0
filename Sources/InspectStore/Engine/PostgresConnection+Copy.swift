import CLibPQ
import Foundation

extension PostgresConnection {
    /// Adds `rows` to `table` with `COPY … FROM STDIN` (text format): the rows go to the server
    /// as one stream instead of a statement and a round trip each (`storage copy` of a province,
    /// 1,052,104 rows, took 76 s one INSERT at a time). Inside the caller's transaction.
    ///
    /// Non-blocking, as every statement is: each chunk is queued (`PQputCopyData`) and flushed
    /// with poll(2), and the end and the result are awaited the same way, so a server that hangs
    /// in the middle of a COPY (stops reading, or never answers its end) fails it `unavailable`
    /// after ``answerTimeout`` without progress, like any statement — rather than blocking the
    /// caller for as long as TCP lets it. Flushing after each chunk keeps libpq's buffer at a
    /// chunk (in non-blocking mode it would otherwise grow with whatever the socket did not take).
    func copyIn(table: String, columns: [String], _ rows: some Sequence<[StoreValue]>) throws {
        guard !timedOut else { throw StorageFailure.unavailable("the connection was given up") }
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        guard PQsendQuery(conn, sql) == 1 else { throw lastFailure }
        var heard = DispatchTime.now().uptimeNanoseconds
        try flushOut(heard: &heard)
        guard let started = try nextResult(heard: &heard) else { throw lastFailure }
        guard PQresultStatus(started) == PGRES_COPY_IN else {
            defer { PQclear(started) }
            let failure = failure(of: started, sql)
            while let r = try nextResult(heard: &heard) { PQclear(r) }  // the statement's end
            throw failure
        }
        PQclear(started)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunk + 4096)
        func send() throws {
            guard !buffer.isEmpty else { return }
            while true {
                let queued = buffer.withUnsafeBufferPointer { b in
                    b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { PQputCopyData(conn, $0, Int32(b.count)) }
                }
                if queued == 1 { break }
                if queued < 0 { throw lastFailure }
                try flushOut(heard: &heard)  // 0: libpq's buffer is full; wait until the socket takes some
            }
            buffer.removeAll(keepingCapacity: true)
            try flushOut(heard: &heard)
        }
        for row in rows {
            PostgresCopyText.append(row, to: &buffer)
            if buffer.count >= Self.copyChunk { try send() }
        }
        try send()
        while true {
            let ended = PQputCopyEnd(conn, nil)
            if ended == 1 { break }
            if ended < 0 { throw lastFailure }
            try flushOut(heard: &heard)
        }
        try flushOut(heard: &heard)
        var failure: (any Error)?
        while let result = try nextResult(heard: &heard) {
            defer { PQclear(result) }
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil { failure = self.failure(of: result, sql) }
        }
        if let failure { throw failure }
        if isBroken { throw lastFailure }
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
