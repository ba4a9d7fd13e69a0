import CLibPQ
import Foundation

/// An error PostgreSQL (or libpq) reported: its SQLSTATE and message. Those that mean "the
/// database cannot be reached" or "full" are mapped to ``StorageFailure`` by its initializer.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE; `""` when libpq failed without one (a lost connection).
    public let sqlState: String
    public let message: String
    /// The start of the statement that failed (for the log).
    public var statement: String = ""
    public var description: String {
        (sqlState.isEmpty ? message : "\(message) (SQLSTATE \(sqlState))") + (statement.isEmpty ? "" : " in: \(statement)")
    }
}

/// One libpq connection (`PGconn`), used by one thread at a time (the pool hands it out).
///
/// Every statement waits for the server's answer at most ``answerTimeout`` without a byte from
/// it: a server that accepts and never answers (hung on its disk, or a proxy whose backend is
/// gone) keeps the connection's TCP alive, so neither keepalives nor `tcp_user_timeout` end the
/// wait. The connection is then given up (``timedOut``) and the statement fails `unavailable`.
final class PostgresConnection {
    let conn: OpaquePointer
    /// Seconds a statement waits without a byte from the server before it is given up (longer
    /// for a migration, whose index builds are silent for as long as they take).
    var answerTimeout: Double
    /// A statement waited ``answerTimeout`` in vain: the connection is not used again (its
    /// protocol state is unknown; closing it ends the server's session once it hears it).
    private(set) var timedOut = false

    /// Connects with libpq's parameters (`dbname` may be a URL or a `key=value` string, expanded).
    init(parameters: [(String, String)], answerTimeout: Double = 10) throws {
        self.answerTimeout = answerTimeout
        let keys = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer { keys.forEach { free($0) }; values.forEach { free($0) } }
        let c = keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { k in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { v in PQconnectdbParams(k.baseAddress, v.baseAddress, 1) }
        }
        guard let c else { throw StorageFailure.unavailable("libpq could not allocate a connection") }
        guard PQstatus(c) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(c))
            PQfinish(c)
            throw StorageFailure.unavailable(message)
        }
        conn = c
        // Non-blocking: a statement is sent and its answer awaited with poll(2) and a deadline.
        PQsetnonblocking(c, 1)
    }

    deinit { PQfinish(conn) }

    var isBroken: Bool { timedOut || PQstatus(conn) != CONNECTION_OK }
    /// Outside any transaction (what the pool hands out).
    var isIdle: Bool { PQtransactionStatus(conn) == PQTRANS_IDLE }

    static func trimmed(_ text: UnsafePointer<CChar>?) -> String {
        text.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown libpq error"
    }

    /// `?` placeholders as PostgreSQL's `$1`, `$2`, … (outside quoted strings and identifiers).
    static func numbered(_ sql: String) -> String {
        replacingPlaceholders(sql) { "$\($0)" }
    }

    /// `sql` with its n-th `?` placeholder (1-based, outside quoted strings and identifiers)
    /// replaced by `replacement(n)`.
    static func replacingPlaceholders(_ sql: String, _ replacement: (Int) throws -> String) rethrows -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        for ch in sql {
            if let q = quote {
                if ch == q { quote = nil }
                out.append(ch)
            } else if ch == "'" || ch == "\"" {
                quote = ch
                out.append(ch)
            } else if ch == "?" {
                n += 1
                out += try replacement(n)
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// Runs one statement with arguments (text format, integers typed `int8`, the rest inferred).
    func run(_ sql: String, _ arguments: [StoreValue]) throws -> PostgresResult {
        let sent = withParameters(arguments) { PQsendQueryParams(conn, sql, $0, $1, $2, nil, nil, 0) }
        return try check(try answer(sent, sql), sql)
    }

    /// `arguments` as libpq takes them: their count, types and texts (alive during `body`).
    func withParameters<T>(_ arguments: [StoreValue],
                           _ body: (Int32, UnsafePointer<UInt32>?, UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
        var types: [UInt32] = []
        var texts: [UnsafeMutablePointer<CChar>?] = []
        types.reserveCapacity(arguments.count)
        texts.reserveCapacity(arguments.count)
        for a in arguments {
            switch a {
            case .null: types.append(0); texts.append(nil)
            case .integer(let i): types.append(20); texts.append(strdup(String(i)))
            case .real(let d): types.append(701); texts.append(strdup(String(d)))
            case .text(let s): types.append(0); texts.append(strdup(s))
            }
        }
        defer { texts.forEach { free($0) } }
        return texts.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            types.withUnsafeBufferPointer { t in body(Int32(arguments.count), t.baseAddress, values.baseAddress) }
        }
    }

    /// Runs statements without arguments (several, separated by semicolons).
    func script(_ sql: String) throws {
        _ = try check(try answer(PQsendQuery(conn, sql), sql), sql)
    }

    /// Waits for the answer to the statement just sent (`sent`: libpq's return from sending it):
    /// its result, or the first error of a script (as `PQexec` returns). Gives up after
    /// ``answerTimeout`` without a byte from the server.
    private func answer(_ sent: Int32, _ sql: String) throws -> OpaquePointer? {
        guard sent == 1, !timedOut else { throw StorageFailure.unavailable(timedOut ? "the connection was given up" : Self.trimmed(PQerrorMessage(conn))) }
        var kept: OpaquePointer?
        var keptError = false
        var flushed = false
        var lastHeard = DispatchTime.now().uptimeNanoseconds
        let limit = UInt64(answerTimeout * 1_000_000_000)
        while true {
            if !flushed {
                let f = PQflush(conn)
                if f < 0 { if let kept { PQclear(kept) }; throw StorageFailure.unavailable(Self.trimmed(PQerrorMessage(conn))) }
                flushed = f == 0
            }
            if flushed {
                while PQisBusy(conn) == 0 {
                    guard let r = PQgetResult(conn) else { return kept }
                    let failed = ![PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY].contains(PQresultStatus(r))
                    if keptError { PQclear(r); continue }  // a script stops at its first error: keep that one
                    if let kept { PQclear(kept) }
                    kept = r
                    keptError = failed
                }
            }
            let waited = DispatchTime.now().uptimeNanoseconds - lastHeard
            if waited >= limit {
                if let kept { PQclear(kept) }
                timedOut = true
                throw StorageFailure.unavailable("the database server did not answer within \(Self.seconds(answerTimeout)) s")
            }
            var fds = pollfd(fd: PQsocket(conn), events: Int16(POLLIN) | (flushed ? 0 : Int16(POLLOUT)), revents: 0)
            let ready = poll(&fds, 1, Int32(min((limit - waited) / 1_000_000 + 1, 1_000)))
            if ready < 0 && errno != EINTR { if let kept { PQclear(kept) }; throw StorageFailure.unavailable("poll: \(String(cString: strerror(errno)))") }
            guard ready > 0 else { continue }
            lastHeard = DispatchTime.now().uptimeNanoseconds
            if fds.revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 && PQconsumeInput(conn) == 0 {
                if let kept { PQclear(kept) }
                throw StorageFailure.unavailable(Self.trimmed(PQerrorMessage(conn)))
            }
        }
    }

    static func seconds(_ t: Double) -> String { t == t.rounded() ? String(Int(t)) : String(t) }

    // MARK: Waiting with the deadline (COPY and streamed results)

    /// The server said nothing for ``answerTimeout``: the connection is given up.
    private func giveUp() -> StorageFailure {
        timedOut = true
        return StorageFailure.unavailable("the database server did not answer within \(Self.seconds(answerTimeout)) s")
    }

    /// Waits until the socket is readable (or, with `writing`, writable) or ``answerTimeout`` has
    /// passed since `heard` without either; reads what arrived. Updates `heard` when the socket
    /// moved. Throws `unavailable` on a lost connection or the deadline.
    func waitForSocket(writing: Bool, heard: inout UInt64) throws {
        let limit = UInt64(answerTimeout * 1_000_000_000)
        while true {
            let waited = DispatchTime.now().uptimeNanoseconds - heard
            if waited >= limit { throw giveUp() }
            var fds = pollfd(fd: PQsocket(conn), events: Int16(POLLIN) | (writing ? Int16(POLLOUT) : 0), revents: 0)
            let ready = poll(&fds, 1, Int32(min((limit - waited) / 1_000_000 + 1, 1_000)))
            if ready < 0 && errno != EINTR { throw StorageFailure.unavailable("poll: \(String(cString: strerror(errno)))") }
            guard ready > 0 else { continue }
            heard = DispatchTime.now().uptimeNanoseconds
            if fds.revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 && PQconsumeInput(conn) == 0 { throw lastFailure }
            return
        }
    }

    /// Sends what libpq holds for the server, waiting (with the deadline) while the socket is full.
    func flushOut(heard: inout UInt64) throws {
        while true {
            let f = PQflush(conn)
            if f == 0 { return }
            if f < 0 { throw lastFailure }
            try waitForSocket(writing: true, heard: &heard)
        }
    }

    /// The next result of the statement under way (nil once it has no more), waiting for the
    /// server with the deadline rather than inside `PQgetResult`.
    func nextResult(heard: inout UInt64) throws -> OpaquePointer? {
        while PQisBusy(conn) == 1 { try waitForSocket(writing: false, heard: &heard) }
        return PQgetResult(conn)
    }

    private func check(_ result: OpaquePointer?, _ sql: String) throws -> PostgresResult {
        guard let result else { throw StorageFailure.unavailable(Self.trimmed(PQerrorMessage(conn))) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(result)
        default:
            defer { PQclear(result) }
            throw failure(of: result, sql)
        }
    }

    /// The error a failed result reports (the caller frees the result).
    func failure(of result: OpaquePointer, _ sql: String) -> any Error {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? ""
        let message = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) } ?? Self.trimmed(PQerrorMessage(conn))
        let error = PostgresError(sqlState: state, message: message, statement: String(sql.prefix(160)))
        if let failure = StorageFailure(error) { return failure }
        if isBroken { return StorageFailure.unavailable(message) }
        return error
    }

    /// libpq's own error (a send that failed: the connection is gone or busy).
    var lastFailure: StorageFailure { StorageFailure.unavailable(Self.trimmed(PQerrorMessage(conn))) }

    /// Reads what arrived on the socket and returns the notifications it held (LISTEN).
    func notifications() throws -> [(channel: String, payload: String, pid: Int32)] {
        guard PQconsumeInput(conn) == 1 else { throw StorageFailure.unavailable(Self.trimmed(PQerrorMessage(conn))) }
        var list: [(String, String, Int32)] = []
        while let n = PQnotifies(conn) {
            list.append((String(cString: n.pointee.relname), String(cString: n.pointee.extra), n.pointee.be_pid))
            PQfreemem(n)
        }
        return list
    }

    var socket: Int32 { PQsocket(conn) }
    var backendPID: Int32 { PQbackendPID(conn) }
}

/// A `PGresult`, freed with its owner.
final class PostgresResult {
    let result: OpaquePointer
    init(_ result: OpaquePointer) { self.result = result }
    deinit { PQclear(result) }

    var changes: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    var rows: [StoreRow] {
        var rows: [StoreRow] = []
        rows.reserveCapacity(Int(PQntuples(result)))
        forEach { rows.append($0) }
        return rows
    }

    func forEach(_ body: (StoreRow) throws -> Void) rethrows {
        let count = Int(PQntuples(result))
        guard count > 0 else { return }
        let decoder = PostgresRowDecoder(result)
        for r in 0..<Int32(count) { try body(decoder.row(r, of: result)) }
    }
}

/// Reads rows of a result's shape (its column names and types, taken once): a whole result's,
/// or, streamed in single-row mode, one result per row that all share the first one's shape.
struct PostgresRowDecoder {
    let columns: StoreRow.Columns
    let types: [UInt32]

    init(_ result: OpaquePointer) {
        let width = Int(PQnfields(result))
        columns = StoreRow.Columns((0..<width).map { String(cString: PQfname(result, Int32($0))) })
        types = (0..<width).map { PQftype(result, Int32($0)) }
    }

    func row(_ r: Int32, of result: OpaquePointer) -> StoreRow {
        var values: [StoreValue] = []
        values.reserveCapacity(types.count)
        for c in 0..<Int32(types.count) {
            if PQgetisnull(result, r, c) == 1 { values.append(.null); continue }
            let text = String(cString: PQgetvalue(result, r, c))
            switch types[Int(c)] {
            case 20, 21, 23, 26: values.append(Int64(text).map(StoreValue.integer) ?? .text(text))
            case 16: values.append(.integer(text == "t" ? 1 : 0))
            case 700, 701: values.append(Double(text).map(StoreValue.real) ?? .text(text))
            case 1700: values.append(Int64(text).map(StoreValue.integer) ?? Double(text).map(StoreValue.real) ?? .text(text))
            default: values.append(.text(text))
            }
        }
        return StoreRow(columns: columns, values: values)
    }
}
