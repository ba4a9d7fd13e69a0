import InspectCore

extension Control {
    public enum LifecycleMethod: String, CaseIterable, Sendable {
        case recordEvent = "RecordEvent"
        case listEvents = "ListEvents"
        case listDeadlines = "ListDeadlines"
        case listInspections = "ListInspections"
        case withdrawInspection = "WithdrawInspection"
        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }

    public struct Event: Codable, Equatable, Sendable {
        public var id: Int64
        public var subject: String
        public var entity: String
        public var kind: String
        public var at: String
        public var attributes: [String: String]
        public var note: String?
        public var corrects: Int64?
        /// Who recorded it.
        public var recordedBy: Person?
        enum CodingKeys: String, CodingKey { case id, subject, entity, kind, at, attributes, note, corrects, recordedBy = "recorded_by" }

        public init(_ e: LifecycleEvent) {
            id = e.id ?? 0; subject = e.subject; entity = e.entityID; kind = e.kind; at = e.at.iso; attributes = e.attributes
            note = e.note; corrects = e.corrects
        }
    }

    public struct TrackedDeadlineView: Codable, Equatable, Sendable {
        public var key: String
        public var rule: String
        public var title: String
        public var subject: String
        public var entity: String
        public var entityName: String
        public var started: String
        public var due: String
        public var dueTime: String?
        public var extensions: Int
        public var state: String
        public var metAt: String?
        public var supervisor: String?
        public var provisional: Bool
        public var basis: String
        /// The notice stage reached now (`reminder-3wd`, `due`, `overdue-2`), as the notice run decides it.
        public var notice: String?
        /// The days the rule's reminders begin, before the due date (calendar feeds' alarms).
        public var reminders: [String]?
        /// The stage in `notice` is reached today and today's notice run has not announced it yet.
        public var noticePending: Bool?

        enum CodingKeys: String, CodingKey {
            case key, rule, title, subject, entity, started, due, extensions, state, supervisor, provisional, basis, notice, reminders
            case entityName = "entity_name", dueTime = "due_time", metAt = "met_at", noticePending = "notice_pending"
        }

        public init(_ d: TrackedDeadline, entity: InspectCore.Entity?, rule: DeadlineRule?, notice: String? = nil) {
            self.notice = notice
            key = d.key; self.rule = d.ruleID; title = rule?.title ?? d.ruleID; subject = d.subject; self.entity = d.entityID
            entityName = entity?.name ?? d.entityID; started = d.started.iso; due = d.deadline.end.iso; dueTime = d.deadline.endTime?.iso
            extensions = d.extensions; state = d.state.description; metAt = d.metAt?.iso; supervisor = entity?.supervisor
            provisional = d.deadline.provisional; basis = rule?.basis ?? ""
        }
    }

    public struct RecordEventRequest: Codable, Sendable {
        public var subject: String?
        public var entity: String
        public var kind: String
        /// When it happened: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, the office's local time. nil: today,
        /// by the daemon's clock in `office.timezone` (a client's own clock and zone may differ).
        public var at: String?
        public var attributes: [String: String]?
        public var note: String?
        public var corrects: Int64?
        /// The client's id of this write: a retry with the same id records nothing new.
        public var requestID: String?
        enum CodingKeys: String, CodingKey {
            case subject, entity, kind, at, attributes, note, corrects
            case requestID = "request_id"
        }
        public init(subject: String?, entity: String, kind: String, at: String? = nil, attributes: [String: String]? = nil, note: String? = nil,
                    corrects: Int64? = nil, requestID: String? = nil) {
            self.subject = subject; self.entity = entity; self.kind = kind; self.at = at; self.attributes = attributes; self.note = note
            self.corrects = corrects; self.requestID = requestID
        }
    }

    public struct RecordEventResult: Codable, Sendable {
        public var event: Event
        public var deadlines: [TrackedDeadlineView]
        public init(event: Event, deadlines: [TrackedDeadlineView]) { self.event = event; self.deadlines = deadlines }
    }

    public struct ListEventsRequest: Codable, Sendable {
        public var subject: String?
        public var entity: String?
        /// At most this many (1 … `ParameterLimits.pageSize.upperBound`; default `ParameterLimits.defaultPageSize`).
        public var limit: Int?
        /// The `next` cursor of the page before: this page continues after it.
        public var after: String?
        public init(subject: String? = nil, entity: String? = nil, limit: Int? = nil, after: String? = nil) {
            self.subject = subject; self.entity = entity; self.limit = limit; self.after = after
        }
    }

    public struct EventList: Codable, Sendable {
        public var events: [Event]
        public var next: String?
        public var remaining: Int?
        public init(events: [Event], next: String? = nil, remaining: Int? = nil) { self.events = events; self.next = next; self.remaining = remaining }
    }

    public struct ListDeadlinesRequest: Codable, Sendable {
        public var withinDays: Int?
        public var overdueOnly: Bool?
        public var entity: String?
        public var all: Bool?
        /// `lapsed` (ran out unmet) or `closed` (met or lapsed); with it, `all` is implied.
        public var state: String?
        public var limit: Int?
        public var after: String?
        /// Only the entities of this supervisor; of the supervisors of this office (as ListObligations).
        public var supervisor: String?
        public var office: String?
        enum CodingKeys: String, CodingKey { case entity, all, state, limit, after, supervisor, office, withinDays = "within_days", overdueOnly = "overdue_only" }
        public init(withinDays: Int? = nil, overdueOnly: Bool? = nil, entity: String? = nil, all: Bool? = nil, state: String? = nil,
                    limit: Int? = nil, after: String? = nil, supervisor: String? = nil, office: String? = nil) {
            self.withinDays = withinDays; self.overdueOnly = overdueOnly; self.entity = entity; self.all = all; self.state = state
            self.limit = limit; self.after = after; self.supervisor = supervisor; self.office = office
        }
    }

    public struct DeadlineList: Codable, Sendable {
        public var now: String
        public var deadlines: [TrackedDeadlineView]
        public var next: String?
        public var remaining: Int?
        public init(now: String, deadlines: [TrackedDeadlineView], next: String? = nil, remaining: Int? = nil) {
            self.now = now; self.deadlines = deadlines; self.next = next; self.remaining = remaining
        }
    }

    public struct ListInspectionsRequest: Codable, Sendable {
        public var entity: String?
        /// Only the inspection with this id.
        public var id: Int64?
        /// At most this many (1 … `ParameterLimits.pageSize.upperBound`; default `ParameterLimits.defaultPageSize`).
        public var limit: Int?
        /// The `next` cursor of the page before: this page continues after it.
        public var after: String?
        public init(entity: String? = nil, id: Int64? = nil, limit: Int? = nil, after: String? = nil) {
            self.entity = entity; self.id = id; self.limit = limit; self.after = after
        }
    }

    public struct InspectionList: Codable, Sendable {
        /// By date, then id; each says whether a correction withdrew it.
        public var inspections: [Inspection]
        /// The ids of the page's withdrawn inspections (also `withdrawn` on each).
        public var withdrawn: [Int64]
        public var next: String?
        public var remaining: Int?
        public init(inspections: [Inspection], withdrawn: [Int64], next: String? = nil, remaining: Int? = nil) {
            self.inspections = inspections; self.withdrawn = withdrawn; self.next = next; self.remaining = remaining
        }
    }

    public struct WithdrawInspectionRequest: Codable, Sendable {
        public var id: Int64
        public var reason: String
        public init(id: Int64, reason: String) { self.id = id; self.reason = reason }
    }

    public struct EventReply: Codable, Sendable {
        public var event: Event
        public init(event: Event) { self.event = event }
    }
}

extension Control.DeadlineList: ControlPage { public var items: [Control.TrackedDeadlineView] { deadlines } }
extension Control.DeadlineList: ControlListPage { public static let itemsKey = "deadlines" }
