import ArgumentParser
import Foundation

/// A failure that `inspectctl` reports as one line on standard error with an exit code after
/// sysexits.h: 1 error, 64 usage, 65 bad input data, 69 daemon not reachable, 74 the daemon's
/// database failed (disk full, read-only, corrupt), 75 try again later (database locked by another
/// process, a connection limit).
public struct CLIFailure: Error, CustomStringConvertible {
    public var message: String
    public var code: Int32

    public static let error: Int32 = 1
    public static let usage: Int32 = 64
    public static let dataError: Int32 = 65
    public static let unavailable: Int32 = 69
    public static let ioError: Int32 = 74
    public static let temporaryFailure: Int32 = 75
    /// EX_NOPERM: the caller's role does not allow it (issue 12).
    public static let noPermission: Int32 = 77

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
