import InspectCore

/// Wire types of `io.inspectd.Control` (see `ControlInterface.description`).
public enum Control {
    public struct Obligation: Codable, Equatable, Sendable {
        public var entity: String
        public var entityName: String
        public var rule: String
        public var title: String
        public var period: String
        public var due: String
        public var status: String
        public var required: Int
        public var done: Int
        public var supervisor: String?
        public var supervisorName: String?
        public var provisional: Bool
        /// The notice stage reached today (`reminder-5wd`, `due`, `overdue-2`), as `NoticePlanner` decides it.
        public var notice: String?
        /// The days the rule's reminders begin (its lead times before the due date, working days
        /// counted on the holiday calendar), as the notice run reminds (calendar feeds' alarms).
        public var reminders: [String]?
        /// The planned visit meant to meet it (plan propose --apply): its day and team.
        public var visit: String?
        public var visitInspectors: [String]?
        /// The stage in `notice` is reached today and today's notice run has not announced it yet.
        public var noticePending: Bool?

        enum CodingKeys: String, CodingKey {
            case entity, rule, title, period, due, status, required, done, supervisor, provisional, notice, reminders, visit
            case entityName = "entity_name", supervisorName = "supervisor_name", visitInspectors = "visit_inspectors"
            case noticePending = "notice_pending"
        }

        /// `dueText`: `o.due` as text, when the caller has it already.
        public init(_ o: InspectCore.Obligation, entity: InspectCore.Entity, title: String, supervisorName: String?, notice: String? = nil,
                    dueText: String? = nil) {
            self.entity = o.entityID; self.entityName = entity.name; self.rule = o.ruleID; self.title = title
            self.period = o.period.label; self.due = dueText ?? o.due.iso; self.status = o.status.rawValue
            self.required = o.required; self.done = o.done; self.supervisor = entity.supervisor
            self.supervisorName = supervisorName; self.provisional = o.provisional; self.notice = notice
        }
    }

    public struct Entity: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var kind: String
        public var jurisdiction: String
        public var approvedOn: String?
        public var grade: String?
        public var supervisor: String?
        public var industry: String?

        enum CodingKeys: String, CodingKey {
            case id, name, kind, jurisdiction, grade, supervisor, industry
            case approvedOn = "approved_on"
        }

        public init(_ e: InspectCore.Entity) {
            id = e.id; name = e.name; kind = e.kind; jurisdiction = e.jurisdiction; approvedOn = e.approvedOn?.iso
            grade = e.grade; supervisor = e.supervisor; industry = e.industry
        }
    }

    public struct Inspection: Codable, Equatable, Sendable {
        public var id: Int64
        public var entity: String
        public var date: String
        public var kind: String
        public var authority: String
        public var inspectors: [String]
        public var note: String?
        public var exceptionReason: String?
        public var advanceNotice: String?
        public var findings: String?
        /// In lists: whether a correction withdrew it (it no longer counts).
        public var withdrawn: Bool?
        /// Who recorded it.
        public var recordedBy: Person?
        enum CodingKeys: String, CodingKey {
            case id, entity, date, kind, authority, inspectors, note, findings, withdrawn
            case exceptionReason = "exception_reason", advanceNotice = "advance_notice", recordedBy = "recorded_by"
        }

        public init(_ i: InspectCore.Inspection) {
            id = i.id ?? 0; entity = i.entityID; date = i.date.iso; kind = i.kind; authority = i.authority.rawValue
            inspectors = i.inspectors; note = i.note; exceptionReason = i.exceptionReason
            advanceNotice = i.advanceNotice?.iso; findings = i.findings
        }
    }

    public struct Notice: Codable, Equatable, Sendable {
        public var key: String
        public var kind: String
        public var entity: String
        public var entityName: String
        public var rule: String
        public var period: String
        public var due: String
        public var supervisor: String?
        public var day: String
        public var message: String

        enum CodingKeys: String, CodingKey {
            case key, kind, entity, rule, period, due, supervisor, day, message
            case entityName = "entity_name"
        }

        public init(_ n: InspectCore.Notice) {
            key = n.key; kind = n.kind.rawValue; entity = n.entityID; entityName = n.entityName; rule = n.ruleID
            period = n.period; due = n.due.iso; supervisor = n.supervisor; day = n.day.iso; message = n.message
        }
    }

    public struct Empty: Codable, Sendable { public init() {} }

    /// IDL `HealthItem`: one check a monitor makes; level `ok`, `warning` or `critical`.
    public struct HealthItem: Codable, Equatable, Sendable {
        public var name: String
        public var level: String
        public var detail: String
        /// The detail as a code and its values (`dead_letters` ["3"]), for a client to say in its
        /// user's language.
        public var code: String?
        public var values: [String]?
        public init(name: String, level: String, detail: String, code: String? = nil, values: [String]? = nil) {
            self.name = name; self.level = level; self.detail = detail; self.code = code; self.values = values
        }
    }

    /// A daemon present on a shared store, with the versions it runs (a rolling upgrade runs two).
    public struct PlatformDaemon: Codable, Equatable, Sendable {
        public var instance: String
        public var host: String?
        /// nil: a daemon of a version that does not say it (older).
        public var version: String?
        public var schema: Int?
        public var feed: Int?
        public init(instance: String, host: String?, version: String?, schema: Int?, feed: Int?) {
            self.instance = instance; self.host = host; self.version = version; self.schema = schema; self.feed = feed
        }
    }

    public struct Status: Codable, Equatable, Sendable {
        public var office: String
        public var now: String
        public var today: String
        public var configDirectory: String
        public var rules: Int
        public var entities: Int
        public var obligations: Int
        public var open: Int
        public var dueSoon: Int
        public var overdue: Int
        public var nextDue: String?
        public var noticesSent: Int
        public var noticesPending: Int
        public var hookPending: Int
        public var hookDead: Int
        /// When today's notice run last finished (local time, ISO 8601), and what it decided;
        /// nil until it has run since the daemon started (it runs after READY=1, at the notice
        /// hour on working days, and again after changes).
        public var lastNoticeRun: String?
        public var lastNoticeRunDecided: Int?
        /// What the daemon is doing off the query path now: `notice-run`, `delivery`, `rebuild`
        /// (the day's recompute, a reload, a large import); empty when idle.
        public var backgroundWork: [String]?
        /// The notice hour of the office (`HH:MM`): when the notice run announces a working day's notices.
        public var noticeTime: String?
        /// Each command hook's (channel's) delivery: waiting, retrying, accepted, dead.
        public var channels: [ChannelCounts]?
        /// The daemon's version and the commit it was built from (issue 15).
        public var version: String?
        public var commit: String?
        /// `sqlite` or `postgresql`; this daemon's name; the leader's name (PostgreSQL: who holds
        /// the lock; nil while nobody does) and whether this daemon leads (issue 16).
        public var storage: String?
        public var instance: String?
        public var leader: String?
        public var leading: Bool?
        /// From 1 November while next year's holiday arrangement is not loaded: that year, and the
        /// open obligations due in it or later (provisional due dates).
        public var provisionalYear: Int?
        public var provisionalDueDates: Int?
        /// What a monitor checks (`status --check`): each check's name, level and why.
        public var health: [HealthItem]?
        /// A shared store: this daemon's schema and change-feed versions, the daemons present and
        /// what each runs, and the migrations the database holds that this daemon does not know
        /// (a newer daemon migrated it: this one writes nothing and does not lead meanwhile).
        public var schema: Int?
        public var feed: Int?
        public var daemons: [PlatformDaemon]?
        public var schemaNewer: [String]?

        enum CodingKeys: String, CodingKey {
            case office, now, today, rules, entities, obligations, open, overdue
            case configDirectory = "config_directory", dueSoon = "due_soon", nextDue = "next_due"
            case noticesSent = "notices_sent", noticesPending = "notices_pending", hookPending = "hook_pending", hookDead = "hook_dead"
            case lastNoticeRun = "last_notice_run", lastNoticeRunDecided = "last_notice_run_decided", backgroundWork = "background_work"
            case noticeTime = "notice_time", channels, version, commit, storage, instance, leader, leading
            case provisionalYear = "provisional_year", provisionalDueDates = "provisional_due_dates", health
            case schema, feed, daemons, schemaNewer = "schema_newer"
        }

        public init(office: String, now: String, today: String, configDirectory: String, rules: Int, entities: Int,
                    obligations: Int, open: Int, dueSoon: Int, overdue: Int, nextDue: String?,
                    noticesSent: Int = 0, noticesPending: Int = 0, hookPending: Int = 0, hookDead: Int = 0) {
            self.office = office; self.now = now; self.today = today; self.configDirectory = configDirectory
            self.rules = rules; self.entities = entities; self.obligations = obligations; self.open = open
            self.dueSoon = dueSoon; self.overdue = overdue; self.nextDue = nextDue
            self.noticesSent = noticesSent; self.noticesPending = noticesPending; self.hookPending = hookPending; self.hookDead = hookDead
        }
    }

    public struct ListObligationsRequest: Codable, Sendable {
        public var withinDays: Int?
        public var supervisor: String?
        public var overdueOnly: Bool?
        /// At most this many (1 … `ParameterLimits.pageSize.upperBound`; default `ParameterLimits.defaultPageSize`).
        public var limit: Int?
        /// The `next` cursor of the page before: this page continues after it.
        public var after: String?
        /// Only this rule's, this jurisdiction's, this kind of entity's, in this status (pending, due-soon, due, overdue).
        public var rule: String?
        public var jurisdiction: String?
        public var kind: String?
        public var status: String?
        /// Only entities this office is responsible for (its supervisors' entities; the daemon's
        /// own office also has the entities without a supervisor).
        public var office: String?
        /// With each obligation's reminder days (`reminders`; calendar feeds).
        public var reminders: Bool?
        enum CodingKeys: String, CodingKey {
            case supervisor, limit, after, rule, jurisdiction, kind, status, office, reminders, withinDays = "within_days", overdueOnly = "overdue_only"
        }
        public init(withinDays: Int? = nil, supervisor: String? = nil, overdueOnly: Bool? = nil, limit: Int? = nil, after: String? = nil,
                    rule: String? = nil, jurisdiction: String? = nil, kind: String? = nil, status: String? = nil, office: String? = nil) {
            self.withinDays = withinDays; self.supervisor = supervisor; self.overdueOnly = overdueOnly; self.limit = limit; self.after = after
            self.rule = rule; self.jurisdiction = jurisdiction; self.kind = kind; self.status = status; self.office = office
        }
    }

    public struct ObligationList: Codable, Sendable {
        public var today: String
        public var obligations: [Obligation]
        /// Where the next page starts (pass it as `after`); nil on the last page.
        public var next: String?
        /// How many more follow this page.
        public var remaining: Int?
        public init(today: String, obligations: [Obligation], next: String? = nil, remaining: Int? = nil) {
            self.today = today; self.obligations = obligations; self.next = next; self.remaining = remaining
        }
    }

    public struct ListEntitiesRequest: Codable, Sendable {
        public var limit: Int?
        public var after: String?
        public init(limit: Int? = nil, after: String? = nil) { self.limit = limit; self.after = after }
    }

    public struct EntityList: Codable, Sendable {
        public var entities: [Entity]
        /// The last id of this page when more follow (pass it as `after`).
        public var next: String?
        public var remaining: Int?
        public init(entities: [Entity], next: String? = nil, remaining: Int? = nil) { self.entities = entities; self.next = next; self.remaining = remaining }
    }

    public struct GetEntityRequest: Codable, Sendable {
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct EntityDetail: Codable, Sendable {
        public var entity: Entity
        public var obligations: [Obligation]
        public var inspections: [Inspection]
        /// Who imported the directory row in force, and when (issue 12).
        public var importedBy: Person?
        public var importedAt: String?
        enum CodingKeys: String, CodingKey { case entity, obligations, inspections, importedBy = "imported_by", importedAt = "imported_at" }
        public init(entity: Entity, obligations: [Obligation], inspections: [Inspection]) {
            self.entity = entity; self.obligations = obligations; self.inspections = inspections
        }
    }

    public struct ImportRequest: Codable, Sendable {
        public var file: String
        public var csv: String
        public init(file: String, csv: String) { self.file = file; self.csv = csv }
    }

    public struct BeginImportRequest: Codable, Sendable {
        public var file: String
        public init(file: String) { self.file = file }
    }
    public struct ImportHandle: Codable, Sendable {
        public var `import`: String
        public init(import id: String) { self.import = id }
    }
    public struct ImportPartRequest: Codable, Sendable {
        public var `import`: String
        public var csv: String
        public var firstLine: Int
        enum CodingKeys: String, CodingKey { case `import`, csv, firstLine = "first_line" }
        public init(import id: String, csv: String, firstLine: Int) { self.import = id; self.csv = csv; self.firstLine = firstLine }
    }
    public struct ImportPartResult: Codable, Sendable {
        public var rows: Int
        public init(rows: Int) { self.rows = rows }
    }

    public struct ImportResult: Codable, Sendable {
        public var added: Int
        public var updated: Int
        public init(added: Int, updated: Int) { self.added = added; self.updated = updated }
    }

    public struct RecordInspectionRequest: Codable, Sendable {
        public var entity: String
        public var date: String
        public var kind: String
        public var inspectors: [String]
        public var authority: String?
        public var note: String?
        public var exceptionReason: String?
        public var advanceNotice: String?
        public var findings: String?
        /// The client's id of this write: a retry with the same id records nothing new.
        public var requestID: String?
        enum CodingKeys: String, CodingKey {
            case entity, date, kind, inspectors, authority, note, findings
            case exceptionReason = "exception_reason", advanceNotice = "advance_notice", requestID = "request_id"
        }
        public init(entity: String, date: String, kind: String, inspectors: [String], authority: String? = nil, note: String? = nil,
                    exceptionReason: String? = nil, advanceNotice: String? = nil, findings: String? = nil, requestID: String? = nil) {
            self.entity = entity; self.date = date; self.kind = kind; self.inspectors = inspectors
            self.authority = authority; self.note = note; self.exceptionReason = exceptionReason
            self.advanceNotice = advanceNotice; self.findings = findings; self.requestID = requestID
        }
    }

    public struct RecordInspectionResult: Codable, Sendable {
        public var inspection: Inspection
        public var obligations: [Obligation]
        public init(inspection: Inspection, obligations: [Obligation]) { self.inspection = inspection; self.obligations = obligations }
    }

    /// Who the daemon takes the caller for (issue 12).
    public struct WhoAmI: Codable, Sendable {
        public var uid: Int
        public var login: String?
        public var groups: [String]
        /// reader, supervisor, manager or admin.
        public var role: String
        /// Why that role (which group or configuration entry gave it).
        public var because: String
        /// The supervisor this login is (`supervisors[].user`), and their office.
        public var supervisor: String?
        public var name: String?
        public var office: String?
        public init(uid: Int, login: String?, groups: [String], role: String, because: String, supervisor: String?, name: String?, office: String?) {
            self.uid = uid; self.login = login; self.groups = groups; self.role = role; self.because = because
            self.supervisor = supervisor; self.name = name; self.office = office
        }
    }

    public struct ListAuditRequest: Codable, Sendable {
        /// From this day on (YYYY-MM-DD, the office's time zone).
        public var since: String?
        public var user: String?
        public var entity: String?
        public var limit: Int?
        public var after: String?
        public init(since: String? = nil, user: String? = nil, entity: String? = nil, limit: Int? = nil, after: String? = nil) {
            self.since = since; self.user = user; self.entity = entity; self.limit = limit; self.after = after
        }
    }

    public struct AuditEntry: Codable, Sendable, Equatable {
        public var id: Int64
        /// Local time, ISO 8601.
        public var at: String
        public var uid: Int
        public var login: String?
        public var role: String
        public var method: String
        public var entity: String?
        public var key: String?
        /// ok, refused or failed.
        public var outcome: String
        public var reason: String?
        public var requestID: String?
        enum CodingKeys: String, CodingKey {
            case id, at, uid, login, role, method, entity, key, outcome, reason, requestID = "request_id"
        }
        public init(id: Int64, at: String, uid: Int, login: String?, role: String, method: String, entity: String?, key: String?,
                    outcome: String, reason: String?, requestID: String?) {
            self.id = id; self.at = at; self.uid = uid; self.login = login; self.role = role; self.method = method
            self.entity = entity; self.key = key; self.outcome = outcome; self.reason = reason; self.requestID = requestID
        }
    }

    public struct AuditList: Codable, Sendable {
        public var entries: [AuditEntry]
        public var next: String?
        public var remaining: Int?
        public init(entries: [AuditEntry], next: String? = nil, remaining: Int? = nil) { self.entries = entries; self.next = next; self.remaining = remaining }
    }

    /// The person behind a uid that recorded a fact (issue 12): the login, and the supervisor the
    /// login is (`supervisors[].user`) with their name.
    public struct Person: Codable, Sendable, Equatable {
        public var uid: Int
        public var login: String?
        public var supervisor: String?
        public var name: String?
        public init(uid: Int, login: String?, supervisor: String?, name: String?) {
            self.uid = uid; self.login = login; self.supervisor = supervisor; self.name = name
        }
    }

    public struct ReloadResult: Codable, Sendable {
        public var rules: Int
        public var supervisors: Int
        public init(rules: Int, supervisors: Int) { self.rules = rules; self.supervisors = supervisors }
    }

    public struct ListNoticesRequest: Codable, Sendable {
        public var since: String?
        public var supervisor: String?
        public var limit: Int?
        public var after: String?
        /// Only the notices of this office's supervisors (the daemon's own office also those of
        /// entities without a supervisor).
        public var office: String?
        public init(since: String? = nil, supervisor: String? = nil, limit: Int? = nil, after: String? = nil, office: String? = nil) {
            self.since = since; self.supervisor = supervisor; self.limit = limit; self.after = after; self.office = office
        }
    }

    public struct NoticeList: Codable, Sendable {
        public var notices: [Notice]
        public var next: String?
        public var remaining: Int?
        public init(notices: [Notice], next: String? = nil, remaining: Int? = nil) { self.notices = notices; self.next = next; self.remaining = remaining }
    }

    // Error parameters.
    public struct NoSuchEntity: Codable, Sendable { public var id: String; public init(id: String) { self.id = id } }
    public struct InvalidArgument: Codable, Sendable {
        public var field: String
        public var reason: String
        /// Why, as a code and its values (``ControlReason``), for a client to say in its user's
        /// language; nil for a reason that has no code yet (the sentence is English).
        public var code: String?
        public var values: [String]?
        public init(field: String, reason: String, code: String? = nil, values: [String]? = nil) {
            self.field = field; self.reason = reason; self.code = code; self.values = values
        }

        /// The reason in Chinese when it has a known code, else nil.
        public var chineseReason: String? {
            guard let code, let c = ControlReason.Code(rawValue: code) else { return nil }
            return ControlReason(code: c, values: values ?? []).chinese
        }
    }
    /// `LimitReached`: a bound of the control socket refused the call.
    public struct LimitReached: Codable, Sendable {
        public var limit: String
        public var reason: String
        public init(limit: String, reason: String) { self.limit = limit; self.reason = reason }
    }
    /// `StorageFailed`: the database refused (`cause`: disk_full, read_only, busy, corrupt, io).
    public struct PermissionDenied: Codable, Sendable {
        public var method: String
        public var role: String
        public var needed: String
        public var reason: String
        public init(method: String, role: String, needed: String, reason: String) {
            self.method = method; self.role = role; self.needed = needed; self.reason = reason
        }
    }
    public struct StorageFailed: Codable, Sendable {
        public var cause: String
        public var reason: String
        public init(cause: String, reason: String) { self.cause = cause; self.reason = reason }
    }
    /// A problem in a file (`InvalidData`, and each of `ConfigInvalid`'s `problems`): where, the
    /// English sentence, and what, as a code and its values (InspectConfig's `ConfigProblem`), for a
    /// client to say in its user's language; `code` is nil from a daemon that sends none.
    public struct InvalidData: Codable, Sendable, Equatable {
        public var file: String
        public var line: Int?
        public var field: String?
        public var reason: String
        public var code: String?
        public var values: [String]?
        public init(file: String, line: Int?, field: String?, reason: String, code: String? = nil, values: [String]? = nil) {
            self.file = file; self.line = line; self.field = field; self.reason = reason; self.code = code; self.values = values
        }
    }
    /// `errors`: each problem as one English line (`FILE:LINE: KEY: reason`), as before;
    /// `problems`: the same, located and coded, for a client to say in its user's language.
    public struct ConfigInvalid: Codable, Sendable {
        public var errors: [String]
        public var problems: [InvalidData]?
        public init(errors: [String], problems: [InvalidData]? = nil) { self.errors = errors; self.problems = problems }
    }

    public struct SimulateRequest: Codable, Sendable {
        public var from: String
        public var to: String
        public init(from: String, to: String) { self.from = from; self.to = to }
    }
}

/// A page of a list reply: its items, the cursor of the next page (nil on the last) and how
/// many follow (issue 11).
public protocol ControlPage: Decodable, Sendable {
    associatedtype Item: Encodable
    var items: [Item] { get }
    var next: String? { get }
    var remaining: Int? { get }
}

/// A page whose items are one array member of its parameters (`"obligations":[…]`): the CLI's
/// `--json` finds that array in the reply's text and writes its items as they came (issue 26),
/// decoding only the rest of the page. A page whose items lie deeper (`DrawReply`) is not one.
public protocol ControlListPage: ControlPage {
    /// The member of the parameters that holds the items, as the page's JSON names it.
    static var itemsKey: String { get }
}

extension Control.ObligationList: ControlPage { public var items: [Control.Obligation] { obligations } }
extension Control.EntityList: ControlPage { public var items: [Control.Entity] { entities } }
extension Control.InspectionList: ControlPage { public var items: [Control.Inspection] { inspections } }
extension Control.EventList: ControlPage { public var items: [Control.Event] { events } }
extension Control.AuditList: ControlPage { public var items: [Control.AuditEntry] { entries } }
extension Control.DeadLetterList: ControlPage { public var items: [Control.DeadLetter] { deadLetters } }
extension Control.NoticeList: ControlPage { public var items: [Control.Notice] { notices } }

extension Control.ObligationList: ControlListPage { public static let itemsKey = "obligations" }
extension Control.EntityList: ControlListPage { public static let itemsKey = "entities" }
extension Control.InspectionList: ControlListPage { public static let itemsKey = "inspections" }
extension Control.EventList: ControlListPage { public static let itemsKey = "events" }
extension Control.AuditList: ControlListPage { public static let itemsKey = "entries" }
extension Control.DeadLetterList: ControlListPage { public static let itemsKey = "dead_letters" }
extension Control.NoticeList: ControlListPage { public static let itemsKey = "notices" }
