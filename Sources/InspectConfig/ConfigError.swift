/// A problem in a configuration file or an imported file, located so that a person can fix it:
/// `config/rules.yaml:12: rules[3].cadence.per: unknown period 'weekly' (expected month, quarter, half-year, year)`.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as given (relative or absolute path).
    public var file: String
    /// 1-based line number, when known.
    public var line: Int?
    /// The key path inside the file (`rules[3].cadence.per`), or the CSV column.
    public var key: String?
    public var reason: String

    public init(file: String, line: Int? = nil, key: String? = nil, reason: String) {
        self.file = file; self.line = line; self.key = key; self.reason = reason
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let key { s += "\(key): " }
        return s + reason
    }
}

/// Several problems found in one pass, so that one run of `config check` lists them all.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
