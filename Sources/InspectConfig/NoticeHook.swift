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
    /// What kind of channel (`type:`): a command, or one built in (issue 13).
    public var kind: Kind = .command
    /// One message per addressee a day (`daily`), or one per notice (`each`).
    public var digest: DigestMode = .each
    /// Only the notices of this office's supervisors (`office:`); nil: every notice.
    public var office: String?
    /// Robots and webhooks: where to POST (the office's robot; a supervisor's `robots:` overrides it).
    public var url: String?
    /// DingTalk's and Feishu's signing secret, a webhook's HMAC key.
    public var secret: String?
    /// WeCom: `markdown` (default) or `text` (the one with @-mentions by mobile number).
    public var format: String?
    /// CA bundle for the server's certificate (PEM); default: the system's.
    public var caFile: String?
    /// E-mail: the mail server and the envelope.
    public var mail: MailSettings?

    /// The channel kinds (`type:`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A program given each notice as JSON on standard input.
        case command
        /// E-mail over SMTP to `supervisors[].email`.
        case email
        /// 企业微信 group robot.
        case wecom
        /// 钉钉 group robot (signed).
        case dingtalk
        /// 飞书 group robot (signed).
        case feishu
        /// A JSON POST of the office's own (signed with HMAC-SHA256 when `secret` is given).
        case webhook

        /// People read it: notices go out as one digest a day by default.
        public var isHuman: Bool { self != .command && self != .webhook }
    }

    public enum DigestMode: String, Sendable, Hashable { case daily, each }

    /// How an `email` channel reaches the mail server.
    public struct MailSettings: Sendable, Hashable {
        /// `smtp://host[:port]` (STARTTLS unless `starttls: false`; 587 is the submission port, 25 a
        /// local MTA) or `smtps://host[:port]` (TLS from the start).
        public var server: String
        public var starttls: Bool
        public var user: String?
        public var password: String?
        /// `From:`, e.g. `兰山区金融办 <inspectd@lanshan.gov.cn>`.
        public var from: String
        /// Where notices go whose supervisor has no `email` (the office's mailbox); nil: dead letter.
        public var fallback: String?
        /// An HTML table besides the plain text.
        public var html: Bool
    }

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
        guard !entries.isEmpty else { throw value.error(.noHooks) }
        return try entries.map { (name, spec) in
            guard isValidName(name) else {
                throw spec.error(.notHookName, name)
            }
            return try read(spec, name: name)
        }
    }

    /// Reads one hook mapping; every problem is located (file, line, key).
    static func read(_ value: YAMLValue, name: String = defaultName) throws -> NoticeHook {
        let common: Set<String> = ["type", "timeout", "retries", "backoff", "digest", "office"]
        let typeNode = try value.mapping(allowed: nil)["type"]
        let kindText = try typeNode?.string() ?? Kind.command.rawValue
        guard let kind = Kind(rawValue: kindText) else {
            throw (typeNode ?? value).error(.notChannelType, kindText, "\(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let own: Set<String> = switch kind {
        case .command: ["command", "args"]
        case .email: ["server", "starttls", "user", "password", "password_file", "from", "fallback", "html", "ca_file"]
        case .wecom: ["url", "format", "ca_file"]
        case .dingtalk, .feishu, .webhook: ["url", "secret", "secret_file", "ca_file"]
        }
        let m = try value.mapping(allowed: common.union(own))
        var hook: NoticeHook
        if kind == .command {
            hook = try readCommand(m, value, name: name)
        } else {
            hook = NoticeHook(name: name, command: "")
            hook.kind = kind
            hook.digest = kind.isHuman ? .daily : .each
            try readBuiltIn(&hook, m, value)
        }
        if let d = m["digest"] {
            let text = try d.string()
            guard let mode = DigestMode(rawValue: text) else { throw d.error(.notDigestMode, text) }
            hook.digest = mode
        }
        if let o = m["office"] { hook.office = try o.nonEmptyString() }
        func duration(_ key: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let v = m[key] else { return nil }
            let text = try v.string()
            guard let s = seconds(text) else { throw v.error(.notDuration, text) }
            guard range.contains(s) else { throw v.error(.outOfRange, text, "\(range.lowerBound)s…\(range.upperBound)s")
 }
            return s
        }
        if let t = try duration("timeout", 1...3600) { hook.timeout = t }
        if let b = try duration("backoff", 1...maxBackoff) { hook.backoff = b }
        if let r = m["retries"] { hook.retries = try r.int(in: 0...100) }
        return hook
    }

    /// A built-in channel's keys: URLs checked, secrets read (from the file, or inline).
    static func readBuiltIn(_ hook: inout NoticeHook, _ m: [String: YAMLValue], _ value: YAMLValue) throws {
        func url(_ key: String, schemes: [String]) throws -> String {
            guard let node = m[key] else { throw value.error(.missingKey, key) }
            let text = try node.nonEmptyString()
            guard let scheme = text.split(separator: ":", maxSplits: 1).first.map(String.init), schemes.contains(scheme.lowercased()),
                  text.dropFirst(scheme.count).hasPrefix("://"), text.count <= 2048, !text.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw node.error(.notURL, text, "\(schemes.joined(separator: " or "))")
            }
            return text
        }
        func secret(_ inline: String, _ file: String) throws -> String? {
            if let node = m[inline] { return try node.nonEmptyString() }
            guard let node = m[file] else { return nil }
            return try readSecret(node)
        }
        if let c = m["ca_file"] {
            let path = try c.nonEmptyString()
            guard path.hasPrefix("/"), FileManager.default.isReadableFile(atPath: path) else { throw c.error(.cannotReadPEM, path) }
            hook.caFile = path
        }
        switch hook.kind {
        case .command: break
        case .email:
            guard let f = m["from"] else { throw value.error(.missingMailFrom) }
            let from = try f.nonEmptyString()
            guard MailAddress.address(in: from) != nil else { throw f.error(.noAddressIn, from) }
            var fallback: String?
            if let node = m["fallback"] {
                let text = try node.nonEmptyString()
                guard MailAddress.isValid(text) else { throw node.error(.notEmail, text) }
                fallback = text
            }
            let password = try secret("password", "password_file")
            let user = try m["user"]?.nonEmptyString()
            if password != nil, user == nil { throw value.error(.passwordWithoutUser) }
            hook.mail = MailSettings(server: try url("server", schemes: ["smtp", "smtps"]), starttls: try m["starttls"]?.bool() ?? true,
                                     user: user, password: password, from: from, fallback: fallback, html: try m["html"]?.bool() ?? true)
        case .wecom:
            hook.url = try url("url", schemes: ["https", "http"])
            if let f = m["format"] {
                let text = try f.string()
                guard ["markdown", "text"].contains(text) else { throw f.error(.notWecomFormat, text) }
                hook.format = text
            }
        case .dingtalk, .feishu, .webhook:
            hook.url = try url("url", schemes: ["https", "http"])
            hook.secret = try secret("secret", "secret_file")
        }
    }

    /// A secret's file: an absolute path, or the name of a credential systemd passed
    /// (`LoadCredential=`, under `$CREDENTIALS_DIRECTORY`). Its first line, trimmed.
    static func readSecret(_ node: YAMLValue) throws -> String {
        let name = try node.nonEmptyString()
        let path: String
        if name.hasPrefix("/") {
            path = name
        } else if let dir = ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"], !name.contains("/") {
            path = dir + "/" + name
        } else {
            throw node.error(.notSecretSource, name)
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let reason = access(path, F_OK) != 0 ? "no such file" : access(path, R_OK) != 0 ? "permission denied" : "\(error.localizedDescription)"
            throw node.error(.secretUnreadable, path, reason)
        }
        guard data.count <= 4096,
              let text = String(data: data, encoding: .utf8)?.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }),
              !text.isEmpty else {
            throw node.error(.secretNotOneLine, path)
        }
        return text
    }

    static func readCommand(_ m: [String: YAMLValue], _ value: YAMLValue, name: String) throws -> NoticeHook {
        guard let c = m["command"] else { throw value.error(.missingCommand) }
        let command = try c.nonEmptyString()
        guard command.hasPrefix("/") else { throw c.error(.notAbsolutePath, command) }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: command, isDirectory: &isDir) else { throw c.error(.noSuchFile, command) }
        guard !isDir.boolValue, access(command, X_OK) == 0 else { throw c.error(.notExecutable, command) }
        var hook = NoticeHook(name: name, command: command)
        if let a = m["args"] { hook.arguments = try a.array().map { try $0.string() } }
        return hook
    }
}

/// E-mail addresses as the configuration gives them: `user@host` or `名称 <user@host>`.
public enum MailAddress {
    /// A plain `local@domain` (ASCII, no spaces or angle brackets, at most 254).
    public static func isValid(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return s.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && s.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }
    }

    /// The address of `名称 <user@host>` or `user@host`; nil when there is none.
    public static func address(in s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix(">"), let open = t.lastIndex(of: "<") {
            let inner = String(t[t.index(after: open)..<t.index(before: t.endIndex)])
            return isValid(inner) ? inner : nil
        }
        return isValid(t) ? t : nil
    }

    /// The display name of `名称 <user@host>`, if any.
    public static func displayName(in s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard t.hasSuffix(">"), let open = t.lastIndex(of: "<") else { return nil }
        let name = t[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
        return name.isEmpty ? nil : name
    }
}
