import InspectCore

/// Wire types of the holiday calendar part of `io.inspectd.Control` (see `ControlInterface.calendarDescription`).
extension Control {
    /// Method names of the holiday calendar.
    public enum CalendarMethod: String, CaseIterable, Sendable {
        case previewCalendar = "PreviewCalendar"

        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }

    public struct PreviewCalendarRequest: Codable, Sendable {
        /// The file's name as it would be in the calendar directory (`2027.yaml`).
        public var fileName: String
        /// The file's text (at most `ParameterLimits.calendarFileBytes`).
        public var yaml: String
        public var limit: Int?
        public var after: String?
        enum CodingKeys: String, CodingKey { case fileName = "file_name", yaml, limit, after }
        public init(fileName: String, yaml: String, limit: Int? = nil, after: String? = nil) {
            self.fileName = fileName; self.yaml = yaml; self.limit = limit; self.after = after
        }
    }

    /// IDL `DueDateChange`.
    public struct DueDateChange: Codable, Equatable, Sendable {
        /// `obligation` or `deadline`.
        public var subject: String
        public var key: String
        public var entity: String
        public var entityName: String
        public var rule: String
        public var office: String
        public var dueBefore: String
        public var dueAfter: String
        public var provisionalBefore: Bool
        public var provisionalAfter: Bool
        enum CodingKeys: String, CodingKey {
            case subject, key, entity, entityName = "entity_name", rule, office, dueBefore = "due_before", dueAfter = "due_after"
            case provisionalBefore = "provisional_before", provisionalAfter = "provisional_after"
        }
        public init(subject: String, key: String, entity: String, entityName: String, rule: String, office: String, dueBefore: String, dueAfter: String,
                    provisionalBefore: Bool, provisionalAfter: Bool) {
            self.subject = subject; self.key = key; self.entity = entity; self.entityName = entityName; self.rule = rule; self.office = office
            self.dueBefore = dueBefore; self.dueAfter = dueAfter; self.provisionalBefore = provisionalBefore; self.provisionalAfter = provisionalAfter
        }
    }

    /// IDL `DueDateChangeCount`: by rule and office, how many due dates move and how many stay
    /// and stop being provisional.
    public struct DueDateChangeCount: Codable, Equatable, Sendable {
        public var rule: String
        public var office: String
        public var moved: Int
        public var confirmed: Int
        public init(rule: String, office: String, moved: Int, confirmed: Int) { self.rule = rule; self.office = office; self.moved = moved; self.confirmed = confirmed }
    }

    public struct CalendarPreview: Codable, Sendable {
        public var year: Int
        public var source: String
        /// The source of the arrangement it replaces; nil when that year had none.
        public var replaces: String?
        /// Counts over every change (in the first part of a stream only).
        public var counts: [DueDateChangeCount]
        public var moved: Int
        public var confirmed: Int
        public var changes: [DueDateChange]
        public var next: String?
        public var remaining: Int?
        public init(year: Int, source: String, replaces: String?, counts: [DueDateChangeCount], moved: Int, confirmed: Int,
                    changes: [DueDateChange], next: String? = nil, remaining: Int? = nil) {
            self.year = year; self.source = source; self.replaces = replaces; self.counts = counts; self.moved = moved; self.confirmed = confirmed
            self.changes = changes; self.next = next; self.remaining = remaining
        }
    }
}
extension Control.CalendarPreview: ControlPage { public var items: [Control.DueDateChange] { changes } }
