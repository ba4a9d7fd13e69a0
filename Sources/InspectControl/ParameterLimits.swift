import InspectCore
import Varlink

extension Control {
    /// The checks every call's parameters pass before a handler sees them, in one place (issue 10):
    /// each text is bounded and free of control characters (`TextRules`), each number is one the
    /// daemon can hold. Fields are matched by name, whatever the method: a field called `note`
    /// means free text in every method that has one. The handlers then check what only they know
    /// (a date's range, a known entity, a span of days).
    public enum ParameterLimits {
        /// Free-text fields: line breaks allowed, up to `TextRules.freeTextLength` characters.
        public static let freeText: Set<String> = ["note", "findings", "reason", "exception_reason", "waive_reason"]
        /// Fields bounded only by the frame size and checked by their own parser, which names line
        /// and column: the CSV text of a directory import.
        public static let documents: Set<String> = ["csv", "yaml"]
        /// A calendar file sent for a preview (`yaml`): at most this many bytes.
        public static let calendarFileBytes = 65_536
        /// Identifier fields: up to `TextRules.identifierLength` characters.
        public static let identifiers: Set<String> = ["entity", "id", "subject", "rule", "scale", "level", "kind", "supervisor",
                                                      "request_id", "key", "hook", "authority", "inspector", "period", "import"]
        /// The longest list a parameter may hold.
        public static let maxListLength = 1000
        /// A page of a list: at most this many items (`limit`).
        public static let pageSize = 1...10_000
        /// A page when `limit` is not given.
        public static let defaultPageSize = 1000
        /// `within_days`: how far ahead a list looks, at most ten years.
        public static let withinDays = 0...3660

        /// The first parameter that breaks a limit, as (field path, reason), or `nil`.
        public static func problem(in parameters: [String: JSONValue]) -> (field: String, reason: ControlReason)? {
            for key in parameters.keys.sorted() {
                if let p = problem(parameters[key]!, path: key, field: key) { return p }
            }
            return nil
        }

        /// A text's issue as a reason with a code.
        static func reason(_ issue: TextRules.Issue) -> ControlReason {
            switch issue {
            case .controlCharacter(let hex): hex == "000A" ? ControlReason(.lineBreak) : ControlReason(.controlCharacter, hex)
            case .tooLong(let count, let maxLength): ControlReason(.tooLong, "\(count)", "\(maxLength)")
            }
        }

        static func problem(_ value: JSONValue, path: String, field: String) -> (field: String, reason: ControlReason)? {
            switch value {
            case .string(let s):
                // A document's parser checks its cells, naming line and column (EntityDirectoryCSV).
                if documents.contains(field) { return nil }
                if field == "after" {  // a page cursor: opaque, longer than an id
                    if let p = TextRules.issue(with: s, maxLength: 2048) { return (path, reason(p)) }
                    return nil
                }
                let limit = freeText.contains(field) ? TextRules.freeTextLength
                    : identifiers.contains(field) ? TextRules.identifierLength : TextRules.lineLength
                if let p = TextRules.issue(with: s, maxLength: limit, multiline: freeText.contains(field)) { return (path, reason(p)) }
            case .double(let d):
                // JSON numbers beyond 64-bit integers arrive as doubles: say so, naming the field.
                if d.rounded() == d && abs(d) >= 9.2e18 { return (path, ControlReason(.notAWholeNumber, "\(d)")) }
            case .array(let elements):
                if elements.count > maxListLength { return (path, ControlReason(.tooManyElements, "\(elements.count)", "\(maxListLength)")) }
                for (i, e) in elements.enumerated() {
                    if let p = problem(e, path: "\(path)[\(i)]", field: field) { return p }
                }
            case .object(let members):
                for key in members.keys.sorted() {
                    if let p = problem(members[key]!, path: "\(path).\(key)", field: key) { return p }
                }
            case .null, .bool, .int:
                break
            }
            return nil
        }
    }
}
