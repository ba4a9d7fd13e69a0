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
                throw ConfigError(file: file, line: 1, ConfigProblem(.emptyFile))
            }
            return YAMLValue(node: node, file: file, path: "")
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            // Yams refuses a key given twice before `mapping` sees it, with a message of three
            // lines: one line, at the mapping, naming the keys.
            throw ConfigError(file: file, line: context.mark.line, ConfigProblem(.keysTwice, duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")))
        } catch let error as YamlError {
            throw ConfigError(file: file, line: YAMLValue.line(of: error), ConfigProblem(.notYAML, YAMLValue.describe(error)))
        }
    }

    var line: Int? { node.mark?.line }

    func error(_ problem: ConfigProblem) -> ConfigError {
        ConfigError(file: file, line: line, key: path.isEmpty ? nil : path, problem)
    }

    func error(_ code: ConfigProblem.Code, _ values: String...) -> ConfigError {
        error(ConfigProblem(code: code, values: values))
    }

    private func child(_ node: Node, key: String) -> YAMLValue {
        YAMLValue(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The mapping's entries; rejects keys outside `allowed` (a typo must not be silently ignored).
    /// `allowed: nil` accepts any key (maps keyed by data, e.g. grade → weight).
    func mapping(allowed: Set<String>?) throws -> [String: YAMLValue] {
        guard let mapping = node.mapping else { throw error(.expectedMapping) }
        var result: [String: YAMLValue] = [:]
        for (k, v) in mapping {
            guard let key = k.string else { throw error(.keyNotText) }
            let value = child(v, key: key)
            if let allowed, !allowed.contains(key) {
                throw ConfigError(file: file, line: k.mark?.line, key: value.path,
                                  ConfigProblem(.unknownKey, allowed.sorted().joined(separator: ", ")))
            }
            guard result[key] == nil else {
                throw ConfigError(file: file, line: k.mark?.line, key: value.path, ConfigProblem(.keyTwice))
            }
            result[key] = value
        }
        return result
    }

    func array() throws -> [YAMLValue] {
        guard let seq = node.sequence else { throw error(.expectedList) }
        return seq.enumerated().map { i, n in YAMLValue(node: n, file: file, path: "\(path)[\(i)]") }
    }

    /// The longest text a configuration value may hold (a legal basis quoting several articles
    /// is a few hundred characters).
    static let maxTextLength = 20_000

    func string() throws -> String {
        guard let scalar = node.scalar else { throw error(.expectedText) }
        // Every text of a file is bounded and printable (issue 10): a "\0" escape in a rule's
        // title would reach the journal and the log.
        if let issue = TextRules.issue(with: scalar.string, maxLength: Self.maxTextLength, multiline: true) { throw error(ConfigProblem(issue, yaml: true)) }
        return scalar.string
    }

    func nonEmptyString() throws -> String {
        let s = try string().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !s.isEmpty else { throw error(.empty) }
        return s
    }

    func int(in range: ClosedRange<Int>) throws -> Int {
        guard let scalar = node.scalar, let v = Int(scalar.string) else { throw error(.expectedWholeNumber) }
        guard range.contains(v) else { throw error(.outOfRange, "\(v)", "\(range.lowerBound)…\(range.upperBound)") }
        return v
    }

    func bool() throws -> Bool {
        guard let scalar = node.scalar else { throw error(.expectedBool) }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(.notBool, scalar.string)
        }
    }

    /// A `YYYY-MM-DD` date in `range` (every date a configuration file gives is a fact date or a
    /// holiday date of the PRC calendar: 1949-10-01 … 2099-12-31 by default).
    func date(in range: ClosedRange<CivilDate> = CivilDate.factRange) throws -> CivilDate {
        let s = try string()
        guard let d = CivilDate(iso: s) else { throw error(.notADate, s) }
        guard range.contains(d) else { throw error(.outOfRange, s, "\(range.lowerBound.iso) … \(range.upperBound.iso)") }
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
            throw error(.notOneOf, s, T.allCases.map(\.rawValue).joined(separator: ", "))

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
