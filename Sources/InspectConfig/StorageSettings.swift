import Foundation

/// Where the daemon keeps its facts (`storage:` in inspectd.yaml, issue 16): the embedded SQLite
/// file (the default: one daemon, one office) or a PostgreSQL database shared by several daemons
/// (a city's or province's platform, with fail-over). Read at start-up; a reload keeps the store
/// the daemon opened (a change takes effect at the next start).
public struct StorageSettings: Sendable, Equatable {
    public enum Engine: String, Sendable, CaseIterable {
        case sqlite
        case postgresql
    }
    public var engine: Engine = .sqlite
    /// PostgreSQL: a `postgresql://` URL or libpq `key=value` parameters, without a password.
    public var connection: String?
    /// PostgreSQL: the password, from `password_file` (a credential or an absolute path).
    public var password: String?
    /// This daemon's name among those sharing the database (default: the host name; `status`
    /// names the leader by it). `inspectd --instance` overrides it.
    public var instance: String?
    /// PostgreSQL: connections kept for the daemon's calls, 1–32.
    public var pool = 4

    public init() {}

    /// The longest instance name (it goes into `application_name`, at most 63 bytes, with a prefix).
    public static let instanceLimit = 40

    /// Whether `name` can name an instance: letters, digits, `-`, `_`, `.`, 1–40.
    public static func isInstanceName(_ name: String) -> Bool {
        (1...instanceLimit).contains(name.utf8.count) && name.utf8.allSatisfy { $0.isASCIIWordCharacter || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    static func read(_ node: YAMLValue) throws -> StorageSettings {
        let m = try node.mapping(allowed: ["engine", "url", "password_file", "instance", "pool"])
        var s = StorageSettings()
        if let e = m["engine"] { s.engine = try e.oneOf(Engine.self) }
        if let i = m["instance"] {
            let name = try i.nonEmptyString()
            guard isInstanceName(name) else { throw i.error(.notInstanceName, name, "\(instanceLimit)") }
            s.instance = name
        }
        switch s.engine {
        case .sqlite:
            for key in ["url", "password_file", "pool"] where m[key] != nil {
                throw m[key]!.error(.postgresqlOnly, key)
            }
        case .postgresql:
            guard let u = m["url"] else {
                throw node.error(.missingURL)
            }
            let url = try u.nonEmptyString()
            guard url.count <= 1024 else { throw u.error(.urlTooLong) }
            let isURL = url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")
            guard isURL || url.contains("=") else {
                throw u.error(.notConnection, url)
            }
            if Self.containsPassword(url, isURL: isURL) {
                throw u.error(.passwordInURL)
            }
            s.connection = url
            if let p = m["password_file"] { s.password = try NoticeHook.readSecret(p) }
            if let p = m["pool"] {
                s.pool = try p.int(in: 1...32)
            }
        }
        return s
    }

    /// `postgresql://user:secret@host/…`, `?password=…` or `password=…`.
    static func containsPassword(_ text: String, isURL: Bool) -> Bool {
        if isURL {
            let rest = text.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            if rest.count > 2, let at = rest[2].firstIndex(of: "@"), rest[2][..<at].contains(":") { return true }
            return text.range(of: "password=", options: .caseInsensitive) != nil
        }
        return text.range(of: #"(^|\s)password\s*="#, options: [.regularExpression, .caseInsensitive]) != nil
    }
}

private extension UInt8 {
    var isASCIIWordCharacter: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || self == UInt8(ascii: "_")
    }
}
