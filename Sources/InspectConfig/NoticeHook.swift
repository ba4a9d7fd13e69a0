import Foundation

/// A command hook sink, `notices.hooks.NAME` (or `notices.hook`, the hook named `default`) in
/// `inspectd.yaml`: a program that receives every delivered notice as one JSON object on standard
/// input — how an office plugs in SMS, e-mail or its OA system, one hook per channel. Exit status
/// 0 means accepted; anything else is retried with exponential back-off, and when the first
/// attempt and `retries` retries have all failed the notice is dead-lettered for that hook
/// (`inspectctl notices-dead`). Each hook has its own queue, retries and dead letters.
public struct NoticeHook: Sendable, Hashable {
    /// The hook's name (`sms`, `oa`; `default` for `notices.hook`): its queue in the database.
    public var name: String
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

    /// The name of the hook given as `notices.hook`.
    public static let defaultName = "default"

    public init(name: String = defaultName, command: String, arguments: [String] = [], timeout: Int = defaultTimeout,
                retries: Int = defaultRetries, backoff: Int = defaultBackoff) {
        self.name = name; self.command = command; self.arguments = arguments; self.timeout = timeout; self.retries = retries; self.backoff = backoff
    }

    /// Parses `30`, `30s`, `5m`, `2h` into seconds.
    static func seconds(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            // An overflowing product is no duration (9999999999999999h crashed start-up; issue 10).
            guard let n = Int(t.dropLast(suffix.count)) else { return nil }
            let (product, overflow) = n.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return Int(t)
    }
}

extension NoticeHook {
    /// Whether `name` can name a hook: lower-case letters, digits, `-` and `_`, at most 32, starting
    /// with a letter or digit (it is stored and shown, and passed as `INSPECTD_HOOK_NAME`).
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 32 else { return false }
        let lowerOrDigit: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return lowerOrDigit(first) && name.unicodeScalars.allSatisfy { lowerOrDigit($0) || $0 == "-" || $0 == "_" }
    }

    /// Reads `notices.hooks`: a mapping of hook names to hook mappings, in file order.
    static func readAll(_ value: YAMLValue) throws -> [NoticeHook] {
        let entries = try value.mapping(allowed: nil).sorted { ($0.value.line ?? 0, $0.key) < ($1.value.line ?? 0, $1.key) }
        guard !entries.isEmpty else { throw value.error("no hooks (remove 'hooks' or name at least one, e.g. sms: { command: /usr/local/libexec/inspectd-sms })") }
        return try entries.map { (name, spec) in
            guard isValidName(name) else {
                throw spec.error("'\(name)' is not a hook name (lower-case letters, digits, '-' and '_', at most 32)")
            }
            return try read(spec, name: name)
        }
    }

    /// Reads one hook mapping; every problem is located (file, line, key).
    static func read(_ value: YAMLValue, name: String = defaultName) throws -> NoticeHook {
        let m = try value.mapping(allowed: ["command", "args", "timeout", "retries", "backoff"])
        guard let c = m["command"] else { throw value.error("missing key 'command' (an absolute path to the program)") }
        let command = try c.nonEmptyString()
        guard command.hasPrefix("/") else { throw c.error("'\(command)' is not an absolute path") }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: command, isDirectory: &isDir) else { throw c.error("no such file: \(command)") }
        guard !isDir.boolValue, access(command, X_OK) == 0 else { throw c.error("\(command) is not an executable file") }
        var hook = NoticeHook(name: name, command: command)
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
