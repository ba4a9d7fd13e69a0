import CLibPQ
import Foundation

extension PostgresConnection {
    /// Runs `COPY (query) TO STDOUT` (text format) and hands each row to `body` as it arrives:
    /// one line per row from one stream, where single-row mode makes a `PGresult` per row and a
    /// `String` per value (a province's import read by the other daemons, `storage copy`'s
    /// verification of a million rows). COPY takes no parameters: values go into `query` as
    /// literals (``PostgresStoreConnection/inlined(_:_:)``).
    ///
    /// Waits for the server as a statement does (``waitForSocket(writing:heard:)``):
    /// ``answerTimeout`` without a byte and the connection is given up (``timedOut``: not reused,
    /// it is still in the COPY). If `body` throws,
    /// the COPY is cancelled on the server and drained, so the connection can be used again.
    func copyOut(_ query: String, _ body: (PostgresCopyRow) throws -> Void) throws {
        guard !timedOut else { throw StorageFailure.unavailable("the connection was given up") }
        let sql = "COPY (\(query)) TO STDOUT"
        guard PQsendQuery(conn, sql) == 1 else { throw lastFailure }
        var heard = DispatchTime.now().uptimeNanoseconds
        // The statement out (a short one: at once, unless the socket is full).
        try flushOut(heard: &heard)
        guard let started = try nextResult(heard: &heard) else { throw lastFailure }
        guard PQresultStatus(started) == PGRES_COPY_OUT else {
            let error = failure(of: started, sql)
            PQclear(started)
            try finish(heard: &heard)
            throw error
        }
        PQclear(started)
        var row = PostgresCopyRow()
        var failure: (any Error)?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let n = PQgetCopyData(conn, &buffer, 1)
            if n > 0, let buffer {
                defer { PQfreemem(buffer) }
                guard failure == nil else { continue }  // cancelled: what was under way is drained
                buffer.withMemoryRebound(to: UInt8.self, capacity: Int(n)) { row.read($0, count: Int(n)) }
                do { try body(row) } catch {
                    failure = error
                    cancelCopy()
                }
            } else if n == 0 {
                try waitForSocket(writing: false, heard: &heard)
            } else if n == -1 {
                break
            } else {
                throw lastFailure
            }
        }
        do { try finish(heard: &heard) } catch { if failure == nil { failure = error } }
        if let failure { throw failure }
    }

    /// The results after a COPY (or a refused one) until the connection is ready again: the
    /// first error among them is thrown (after a cancel, the server's "canceling statement").
    private func finish(heard: inout UInt64) throws {
        var failure: (any Error)?
        while let result = try nextResult(heard: &heard) {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && failure == nil { failure = self.failure(of: result, "COPY") }
        }
        if let failure { throw failure }
    }

    /// Asks the server to stop the COPY under way (its own connection, as libpq does it).
    private func cancelCopy() {
        guard let handle = PQgetCancel(conn) else { return }
        defer { PQfreeCancel(handle) }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &message, Int32(message.count))
    }

    /// `text` as an SQL string literal, quoted and escaped by libpq for this connection.
    func literal(_ text: String) throws -> String {
        guard let quoted = PQescapeLiteral(conn, text, text.utf8.count) else { throw lastFailure }
        defer { PQfreemem(quoted) }
        return String(cString: quoted)
    }
}

extension PostgresStoreConnection {
    /// `sql` with its `?` placeholders replaced by `arguments` as literals (for COPY, which
    /// takes no parameters): integers and reals as numbers, texts quoted by libpq, NULL.
    func inlined(_ sql: String, _ arguments: StoreArguments) throws -> String {
        let values = try arguments.storeValues.map { v -> String in
            switch v {
            case .null: "NULL"
            case .integer(let i): String(i)
            case .real(let d): String(d)
            case .text(let s): try c.literal(s)
            }
        }
        return PostgresConnection.replacingPlaceholders(sql) { n in
            guard n <= values.count else { preconditionFailure("more placeholders than arguments in: \(sql)") }
            return values[n - 1]
        }
    }

    /// Each row of a query (`?` placeholders, as everywhere) as COPY's text gives it: see
    /// ``PostgresConnection/copyOut(_:_:)``.
    func forEachCopiedRow(_ sql: String, _ arguments: StoreArguments, _ body: (PostgresCopyRow) throws -> Void) throws {
        try c.copyOut(try inlined(sql, arguments), body)
    }
}

/// One row of COPY's text output, its fields split and unescaped in place in libpq's buffer
/// (valid only during the call that gives it): read by position, as text, integer or bytes.
/// The text format: fields separated by tabs, `\N` for NULL, a backslash before `b f n r t v`
/// and itself (PostgreSQL documentation, "COPY", Text Format).
struct PostgresCopyRow {
    private var base: UnsafeMutablePointer<UInt8>?
    /// Each field's start and length in `base`; length −1 for NULL.
    private var fields: [(start: Int, count: Int)] = []

    init() { fields.reserveCapacity(16) }

    var count: Int { fields.count }

    mutating func read(_ line: UnsafeMutablePointer<UInt8>, count n: Int) {
        base = line
        fields.removeAll(keepingCapacity: true)
        let end = n > 0 && line[n - 1] == 0x0A ? n - 1 : n  // the row's newline
        var r = 0, w = 0, start = 0
        var null = false
        while r < end {
            let b = line[r]
            if b == 0x09 {
                fields.append((start, null ? -1 : w - start))
                r += 1; w += 1; start = w; null = false
                continue
            }
            if b == 0x5C, r + 1 < end {
                let e = line[r + 1]
                r += 2
                switch e {
                case UInt8(ascii: "N"): null = true; continue
                case UInt8(ascii: "b"): line[w] = 0x08
                case UInt8(ascii: "f"): line[w] = 0x0C
                case UInt8(ascii: "n"): line[w] = 0x0A
                case UInt8(ascii: "r"): line[w] = 0x0D
                case UInt8(ascii: "t"): line[w] = 0x09
                case UInt8(ascii: "v"): line[w] = 0x0B
                default: line[w] = e  // `\\`, and any other character stands for itself
                }
                w += 1
                continue
            }
            line[w] = b
            r += 1; w += 1
        }
        fields.append((start, null ? -1 : w - start))
    }

    func isNull(_ i: Int) -> Bool { fields[i].count < 0 }

    /// The field's bytes (none for NULL).
    func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let f = fields[i]
        guard f.count > 0, let base else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + f.start, count: f.count)
    }

    func text(_ i: Int) -> String? { isNull(i) ? nil : String(decoding: bytes(i), as: UTF8.self) }

    /// A decimal integer field (as PostgreSQL prints integers); nil for NULL or anything else.
    func integer(_ i: Int) -> Int64? {
        let b = bytes(i)
        guard !isNull(i), !b.isEmpty else { return nil }
        var k = 0
        let negative = b[0] == UInt8(ascii: "-")
        if negative { k = 1 }
        guard k < b.count else { return nil }
        var v: Int64 = 0
        while k < b.count {
            let d = b[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            guard !o1 && !o2 else { return nil }
            v = s
            k += 1
        }
        return v
    }
}
