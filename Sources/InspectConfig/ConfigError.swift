/// A problem in a configuration file or an imported file, located so that a person can fix it:
/// `config/rules.yaml:12: rules[3].cadence.per: unknown period 'weekly' (expected month, quarter, half-year, year)`.
/// What is wrong is a ``ConfigProblem`` (a code and its values), so that each reader hears it in
/// their language; `reason` is its English sentence.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as given (relative or absolute path).
    public var file: String
    /// 1-based line number, when known.
    public var line: Int?
    /// The key path inside the file (`rules[3].cadence.per`), or the CSV column.
    public var key: String?
    public var problem: ConfigProblem

    public init(file: String, line: Int? = nil, key: String? = nil, _ problem: ConfigProblem) {
        self.file = file; self.line = line; self.key = key; self.problem = problem
    }

    /// The problem in English, as the journal and English clients read it.
    public var reason: String { problem.english }

    public var description: String { located(reason) }

    /// The same in Chinese: `FILE:LINE: KEY：reason` (the file, line and key as they are).
    public var chinese: String { located(problem.chinese, separator: "：") }

    func located(_ text: String, separator: String = ": ") -> String {
        var s = file
        if let line { s += ":\(line)" }
        s += separator
        if let key { s += "\(key)\(separator)" }
        return s + text
    }
}

/// Several problems found in one pass, so that one run of `config check` lists them all.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
