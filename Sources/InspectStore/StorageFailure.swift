import Foundation
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
    /// The PostgreSQL server cannot be reached or went away (restarted, failed over, the
    /// connection was cut), with libpq's message. The daemon reconnects by itself (issue 16).
    case unavailable(String)
    /// The database's schema is newer than this daemon knows (a newer daemon migrated it during
    /// a rolling upgrade): it answers but writes nothing and does not lead until it is upgraded.
    /// With the migrations it does not know.
    case schemaNewer(String)

    /// The failure a GRDB/SQLite error stands for, or `nil` for errors of another kind
    /// (a constraint, a programming error).
    public init?(_ error: any Error) {
        if let f = error as? StorageFailure { self = f; return }
        if let p = error as? PostgresError {
            guard let f = Self(sqlState: p.sqlState, message: p.message) else { return nil }
            self = f
            return
        }
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

    /// The failure a PostgreSQL SQLSTATE stands for (its class: 08 connection, 53 resources, 57
    /// operator intervention, 40 rollbacks, 55P03 lock timeout, 25006 a standby, XX001/XX002 data
    /// corrupted), or `nil` for a constraint or programming error.
    init?(sqlState: String, message: String) {
        switch sqlState {
        case "53100": self = .diskFull
        case "25006": self = .readOnly  // read_only_sql_transaction: connected to a standby
        case "55P03", "40001", "40P01": self = .busy  // lock timeout, serialization failure, deadlock
        case "XX001", "XX002": self = .corrupt
        case "57P01", "57P02", "57P03": self = .unavailable(message)  // shut down, crash, starting up
        default:
            if sqlState.hasPrefix("08") { self = .unavailable(message); return }
            if sqlState.hasPrefix("53") || sqlState.hasPrefix("58") { self = .io(message); return }
            return nil
        }
    }

    /// `disk_full`, `read_only`, `busy`, `corrupt`, `io`, `unavailable`: the `cause` of the Varlink error.
    public var cause: String {
        switch self {
        case .diskFull: "disk_full"
        case .readOnly: "read_only"
        case .busy: "busy"
        case .corrupt: "corrupt"
        case .io: "io"
        case .unavailable: "unavailable"
        case .schemaNewer: "schema_newer"
        }
    }

    /// Whether trying again later may succeed (the CLI's exit 75, EX_TEMPFAIL, else 74, EX_IOERR).
    public var isTemporary: Bool {
        switch self {
        case .busy, .unavailable, .schemaNewer: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .diskFull: "the disk holding the database is full: nothing was recorded; free space in the state directory and try again"
        case .readOnly: "the database cannot be written (read-only file, directory or mount): nothing was recorded"
        case .busy: "the database is locked by another process and stayed locked past the timeout: nothing was recorded; try again"
        case .corrupt: "the database file is damaged: nothing was recorded; restore it from a backup (see README, Operations)"
        case .io(let m): "the database could not be read or written (\(m)): nothing was recorded"
        case .unavailable(let m): "storage unavailable: the database server cannot be reached (\(m)); the daemon reconnects by itself: try again"
        case .schemaNewer(let m): "the database's schema is newer than this inspectd knows (\(m)): it writes nothing until it is upgraded; nothing was recorded; upgrade this daemon, or write through an upgraded one"
        }
    }
}

extension StorageFailure {
    /// The same in Chinese, for a Chinese reader (inspectctl under a zh locale, the daemon's
    /// start-up line): the database's own message (SQLite's, libpq's) quoted as it is.
    public var chinese: String { Self.chinese(cause: cause, detail: detail) }

    /// The database's own message, for `io` and `unavailable`.
    public var detail: String? {
        switch self {
        case .io(let m), .unavailable(let m), .schemaNewer(let m): m
        default: nil
        }
    }

    /// By `cause` (as `StorageFailed` carries it), with the database's message when there is one.
    public static func chinese(cause: String, detail: String?) -> String {
        let quoted = detail.map { "（数据库：\($0.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))）" } ?? ""
        switch cause {
        case "disk_full": return "数据库所在磁盘已满：未记录任何内容；请清理状态目录的空间后重试"
        case "read_only": return "数据库无法写入（只读文件、目录或挂载）：未记录任何内容"
        case "busy": return "数据库被其他进程锁定，超时仍未释放：未记录任何内容；请重试"
        case "corrupt": return "数据库文件已损坏：未记录任何内容；请从备份恢复（见 README 运维一节）"
        case "unavailable": return "存储不可用：无法连接数据库服务器\(quoted)；守护进程会自行重连，请重试"
        case "schema_newer": return "数据库结构比本 inspectd 所知的新\(quoted)：升级前本守护进程不写入任何内容；未记录任何内容；请升级本守护进程，或通过已升级的守护进程写入"
        default: return "数据库无法读写\(quoted)：未记录任何内容"
        }
    }
}
