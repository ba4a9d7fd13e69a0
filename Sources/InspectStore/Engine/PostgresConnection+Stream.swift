import CLibPQ
import Foundation

extension PostgresConnection {
    /// Runs a query and hands its rows to `body` one at a time as they arrive (libpq's single-row
    /// mode): a province's million entities never sit whole in libpq's memory beside the
    /// daemon's own copy of them. (Debian 12's libpq 15 has no chunked mode, which came in 17.)
    ///
    /// If `body` throws, the query is cancelled on the server and what it had already sent is
    /// drained, so the connection goes back to the pool ready for the next statement.
    ///
    /// The rows are awaited as every statement's answer is: at most ``answerTimeout`` without a
    /// byte from the server (a server that hangs in the middle of a result), then the connection
    /// is given up and the read fails `unavailable`.
    func stream(_ sql: String, _ arguments: [StoreValue], _ body: (StoreRow) throws -> Void) throws {
        guard !timedOut else { throw StorageFailure.unavailable("the connection was given up") }
        let sent = withParameters(arguments) { PQsendQueryParams(conn, sql, $0, $1, $2, nil, nil, 0) }
        guard sent == 1 else { throw lastFailure }
        // Refused only when no query is under way, which the send above rules out.
        _ = PQsetSingleRowMode(conn)
        var heard = DispatchTime.now().uptimeNanoseconds
        try flushOut(heard: &heard)
        var decoder: PostgresRowDecoder?
        var failure: (any Error)?
        while let result = try nextResult(heard: &heard) {
            defer { PQclear(result) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                guard failure == nil else { continue }
                let d = decoder ?? PostgresRowDecoder(result)
                decoder = d
                do { try body(d.row(0, of: result)) } catch {
                    failure = error
                    cancel()
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                continue  // the end of the rows (a result of none)
            default:
                // After a cancel the server's "canceling statement" is expected, not the cause.
                if failure == nil { failure = self.failure(of: result, sql) }
            }
        }
        if let failure { throw failure }
        if isBroken { throw lastFailure }
    }

    /// Asks the server to stop the query under way (its own connection, as libpq does it).
    private func cancel() {
        guard let handle = PQgetCancel(conn) else { return }
        defer { PQfreeCancel(handle) }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &message, Int32(message.count))
    }
}
