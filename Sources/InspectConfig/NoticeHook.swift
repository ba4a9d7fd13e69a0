import Foundation

/// `notices.hook` in `inspectd.yaml`: a program that receives every delivered notice as one JSON
/// object on standard input (how an office plugs in SMS, e-mail or its OA system). Exit status 0
/// means accepted; anything else is retried with exponential back-off, and when the first attempt
/// and `retries` retries have all failed the notice is dead-lettered (`inspectctl notices-dead`).
public struct NoticeHook: Sendable, Hashable {
    /// Absolute path of an executable file.
    public var command: String
    public var arguments: [String]
    /// Seconds a run may take before the program (and its process group) is killed.
    public var timeout: Int
    /// Retries after a failed first attempt; when the last one fails too, the notice is dead-lettered.
    public var retries: Int
    /// Seconds before the first retry; doubled after each further failure, capped at `maxBackoff`.
    public var backoff: Int

    public static let defaultTimeout = 10
    public static let defaultRetries = 5
    public static let defaultBackoff = 60
    /// The longest wait between two attempts (6 hours).
    public static let maxBackoff = 6 * 3600

    public init(command: String, arguments: [String] = [], timeout: Int = defaultTimeout,
                retries: Int = defaultRetries, backoff: Int = defaultBackoff) {
        self.command = command; self.arguments = arguments; self.timeout = timeout; self.retries = retries; self.backoff = backoff
    }

    /// Parses `30`, `30s`, `5m`, `2h` into seconds.
    static func seconds(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = Int(t.dropLast(suffix.count)) else { return nil }
            return n * factor
        }
        return Int(t)
    }
}

extension NoticeHook {
    /// Reads the `notices.hook` mapping; every problem is located (file, line, key).
    static func read(_ value: YAMLValue) throws -> NoticeHook {
        let m = try value.mapping(allowed: ["command", "args", "timeout", "retries", "backoff"])
        guard let c = m["command"] else { throw value.error("missing key 'command' (an absolute path to the program)") }
        let command = try c.nonEmptyString()
        guard command.hasPrefix("/") else { throw c.error("'\(command)' is not an absolute path") }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: command, isDirectory: &isDir) else { throw c.error("no such file: \(command)") }
        guard !isDir.boolValue, access(command, X_OK) == 0 else { throw c.error("\(command) is not an executable file") }
        var hook = NoticeHook(command: command)
        if let a = m["args"] { hook.arguments = try a.array().map { try $0.string() } }
        func duration(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let v = m[key] else { return nil }
            let text = try v.string()
            guard let s = seconds(text) else { throw v.error("'\(text)' is not a duration (expected e.g. 30s, 5m, 1h)") }
            guard range.contains(s) else { throw v.error("\(text) is out of range \(range.lowerBound)s…\(range.upperBound)s") }
            return s
        }
        if let t = try duration("timeout", 1...3600) { hook.timeout = t }
        if let b = try duration("backoff", 1...maxBackoff) { hook.backoff = b }
        if let r = m["retries"] { hook.retries = try r.int(in: 0...100) }
        return hook
    }
}
