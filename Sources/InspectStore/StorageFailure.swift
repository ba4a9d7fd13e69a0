import GRDB

/// Why the database refused a read or a write, in the operator's terms (issue 10: a full disk,
/// a read-only database and a lock timeout all reached the CLI as `InternalError {}`).
/// Nothing is half-written in any case: every write is one transaction, rolled back on failure.
public enum StorageFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// `SQLITE_FULL`: the file system holding the state directory is full.
    case diskFull
    /// `SQLITE_READONLY`, `SQLITE_PERM`: the database or its directory cannot be written.
    case readOnly
    /// `SQLITE_BUSY`, `SQLITE_LOCKED`: another process held the database past the busy timeout.
    case busy
    /// `SQLITE_CORRUPT`, `SQLITE_NOTADB`: the file is damaged or not a database.
    case corrupt
    /// Any other I/O failure (`SQLITE_IOERR`, `SQLITE_CANTOPEN`, …), with SQLite's message.
    case io(String)

    /// The failure a GRDB/SQLite error stands for, or `nil` for errors of another kind
    /// (a constraint, a programming error).
    public init?(_ error: any Error) {
        if let f = error as? StorageFailure { self = f; return }
        guard let e = error as? DatabaseError else { return nil }
        switch e.resultCode {
        case .SQLITE_FULL: self = .diskFull
        case .SQLITE_READONLY, .SQLITE_PERM: self = .readOnly
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt
        case .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_NOLFS, .SQLITE_PROTOCOL: self = .io(e.message ?? "\(e.resultCode)")
        default: return nil
        }
    }

    /// `disk_full`, `read_only`, `busy`, `corrupt`, `io`: the `cause` of the Varlink error.
    public var cause: String {
        switch self {
        case .diskFull: "disk_full"
        case .readOnly: "read_only"
        case .busy: "busy"
        case .corrupt: "corrupt"
        case .io: "io"
        }
    }

    /// Whether trying again later may succeed (the CLI's exit 75, EX_TEMPFAIL, else 74, EX_IOERR).
    public var isTemporary: Bool { self == .busy }

    public var description: String {
        switch self {
        case .diskFull: "the disk holding the database is full: nothing was recorded; free space in the state directory and try again"
        case .readOnly: "the database cannot be written (read-only file, directory or mount): nothing was recorded"
        case .busy: "the database is locked by another process and stayed locked past the timeout: nothing was recorded; try again"
        case .corrupt: "the database file is damaged: nothing was recorded; restore it from a backup (see README, Operations)"
        case .io(let m): "the database could not be read or written (\(m)): nothing was recorded"
        }
    }
}
