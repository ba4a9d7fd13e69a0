import InspectCore
import Yams

/// A YAML node together with where it came from (file, line, key path), so that every accessor
/// can fail with a `ConfigError` a person can act on: `rules/financial.yaml:14: rules[1].cadence.per: …`.
struct YAMLValue {
    let node: Node
    let file: String
    /// Key path from the document root, e.g. `rules[1].cadence.per`.
    let path: String

    /// Parses `text` (the contents of `file`) into its root value.
    static func parse(_ text: String, file: String) throws -> YAMLValue {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: file, line: 1, reason: "the file is empty")
            }
            return YAMLValue(node: node, file: file, path: "")
        } catch let error as YamlError {
            throw ConfigError(file: file, line: YAMLValue.line(of: error), reason: "not valid YAML: \(YAMLValue.describe(error))")
        }
    }

    var line: Int? { node.mark?.line }

    func error(_ reason: String) -> ConfigError {
        ConfigError(file: file, line: line, key: path.isEmpty ? nil : path, reason: reason)
    }

    private func child(_ node: Node, key: String) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The mapping's entries; rejects keys outside `allowed` (a typo must not be silently ignored).
    /// `allowed: nil` accepts any key (maps keyed by data, e.g. grade → weight).
    func mapping(allowed: Set<String>?) throws -> [String: YAMLValue] {
        guard let mapping = node.mapping else { throw error("expected a mapping of keys to values") }
        var result: [String: YAMLValue] = [:]
        for (k, v) in mapping {
            guard let key = k.string else { throw error("a key is not a string") }
            let value = child(v, key: key)
            if let allowed, !allowed.contains(key) {
                throw ConfigError(file: file, line: k.mark?.line, key: value.path,
                                  reason: "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard result[key] == nil else {
                throw ConfigError(file: file, line: k.mark?.line, key: value.path, reason: "key given twice")
            }
            result[key] = value
        }
        return result
    }

    func array() throws -> [YAMLValue] {
        guard let seq = node.sequence else { throw error("expected a list") }
        return seq.enumerated().map { i, n in YAMLValue(node: n, file: file, path: "\(path)[\(i)]") }
    }

    /// The longest text a configuration value may hold (a legal basis quoting several articles
    /// is a few hundred characters).
    static let maxTextLength = 20_000

    func string() throws -> String {
        guard let scalar = node.scalar else { throw error("expected a text value") }
        // Every text of a file is bounded and printable (issue 10): a "\0" escape in a rule's
        // title would reach the journal and the log.
        if let problem = TextRules.problem(with: scalar.string, maxLength: Self.maxTextLength, multiline: true) { throw error("the text \(problem)") }
        return scalar.string
    }

    func nonEmptyString() throws -> String {
        let s = try string().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !s.isEmpty else { throw error("must not be empty") }
        return s
    }

    func int(in range: ClosedRange<Int>) throws -> Int {
        guard let scalar = node.scalar, let v = Int(scalar.string) else { throw error("expected a whole number") }
        guard range.contains(v) else { throw error("\(v) is out of range \(range.lowerBound)…\(range.upperBound)") }
        return v
    }

    func bool() throws -> Bool {
        guard let scalar = node.scalar else { throw error("expected true or false") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, not '\(scalar.string)'")
        }
    }

    /// A `YYYY-MM-DD` date in `range` (every date a configuration file gives is a fact date or a
    /// holiday date of the PRC calendar: 1949-10-01 … 2099-12-31 by default).
    func date(in range: ClosedRange<CivilDate> = CivilDate.factRange) throws -> CivilDate {
        let s = try string()
        guard let d = CivilDate(iso: s) else { throw error("'\(s)' is not a date (expected YYYY-MM-DD)") }
        guard range.contains(d) else { throw error("\(s) is out of range \(range.lowerBound.iso) … \(range.upperBound.iso)") }
        return d
    }

    /// A scalar or a list of scalars, as a list of strings.
    func stringList() throws -> [String] {
        if node.scalar != nil { return [try nonEmptyString()] }
        return try array().map { try $0.nonEmptyString() }
    }

    func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let s = try string()
        guard let v = T(rawValue: s) else {
            throw error("'\(s)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }
}

import Foundation
