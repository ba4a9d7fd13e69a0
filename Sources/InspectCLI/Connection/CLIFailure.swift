import ArgumentParser
import Foundation

/// A failure that `inspectctl` reports as one line on standard error with an exit code after
/// sysexits.h (``exitStatuses`` lists them with their meanings).
public struct CLIFailure: Error, CustomStringConvertible {
    public var message: String
    public var code: Int32

    public static let error: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let unavailable: Int32 = 69
    /// EX_CANTCREAT: an output file (`report --xlsx/--html`, `export`) cannot be created or written.
    public static let cannotCreate: Int32 = 73
    /// EX_IOERR: the daemon's database failed (disk full, read-only, corrupt); nothing was recorded.
    public static let ioError: Int32 = 74
    public static let temporaryFailure: Int32 = 75
    /// EX_NOPERM: the caller's role does not allow it (issue 12).
    public static let noPermission: Int32 = 77

    /// Every exit status with its meaning, as `--help`, inspectctl(1) and README's "Exit status"
    /// say them: one list, so that the three cannot drift apart (ManualPageTests compares them).
    /// `chineseMeaning` is the same meaning as the Chinese help says it.
    public static let exitStatuses: [(code: Int32, meaning: String, chineseMeaning: String)] = [
        (0, "ok", "正常"), (error, "error", "错误"), (usage, "usage", "用法错误"), (dataError, "bad input data", "输入数据有误"),
        (unavailable, "daemon not reachable", "无法连接守护进程"),
        (cannotCreate, "cannot create or write an output file", "无法创建或写入输出文件"), (ioError, "the daemon's database failed", "守护进程的数据库出错"),
        (temporaryFailure, "try again later", "请稍后重试"), (noPermission, "permission denied", "无权操作"),
    ]

    public init(_ message: String, code: Int32 = CLIFailure.error) { self.message = message; self.code = code }
    public var description: String { message }
}

/// Runs a command body, turning a `CLIFailure` into its message on stderr and its exit code.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let f as CLIFailure {
        FileHandle.standardError.write(Data("inspectctl: \(f.message)\n".utf8))
        throw ExitCode(f.code)
    }
}

/// Prints an Encodable as pretty, key-sorted JSON.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
