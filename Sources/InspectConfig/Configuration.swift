import InspectCore

/// Everything the daemon runs on, read from a configuration directory (`/etc/inspectd`):
/// `inspectd.yaml` (office, schedule, notices, supervisors), `rules/*.yaml` (the cadence rules)
/// and `calendar/*.yaml` (the State Council holiday arrangements). See `config/README.md`.
public struct Configuration: Sendable {
    public struct Office: Sendable, Hashable {
        public var name: String
        /// The level of the office running this daemon; the default authority of recorded inspections.
        public var authority: Authority
        /// IANA time zone of the office's local time, `Asia/Shanghai` unless configured.
        public var timeZone: String
    }

    /// The directory this was loaded from.
    public var directory: String
    public var office: Office
    /// Obligations are tracked from the period containing this date.
    public var since: CivilDate
    /// Minutes after local midnight at which the day's notices go out (08:30 → 510).
    public var noticeMinute: Int
    /// Repeat overdue notices every this many working days (`notices.repeat_overdue: 5wd`); `nil`: once.
    public var repeatOverdueEvery: Int? = nil
    /// JSON-lines notice log, relative to the state directory unless absolute.
    public var noticeLog: String
    /// A CSV entity directory imported when the database holds no entities (absolute path), if any.
    public var bootstrapDirectory: String?
    public var supervisors: [Supervisor]
    public var rules: RuleSet
    public var calendar: WorkCalendar
    /// Grade scales, escalations and the risk model (`grades.yaml`); empty when absent.
    public var grades: GradeConfiguration = .empty
    /// `notices.hook` and `notices.hooks`: the programs every delivered notice is also given to,
    /// each with its own queue (none by default).
    public var hooks: [NoticeHook] = []
    /// Who may do what over the control socket (issue 12).
    public var access = AccessGroups.defaults
    /// A directory where the daemon keeps one iCalendar per supervisor (`notices.ics_dir`,
    /// relative to the state directory), and how many days ahead it covers (`notices.ics_within`).
    public var icsDirectory: String?
    public var icsWithin = 90
    /// `storage:`: SQLite (default) or PostgreSQL (issue 16).
    public var storage = StorageSettings()
    /// `metrics:`: the node_exporter textfile the daemon writes; nil: none.
    public var metrics: MetricsSettings?

    /// Whom an office's lists cover: its supervisors' ids, and for the daemon's own office also the
    /// entities without a supervisor (`unassigned`); nil for an office nobody belongs to.
    public func members(ofOffice name: String) -> (ids: [String], unassigned: Bool)? {
        let ids = supervisors.filter { $0.office == name }.map(\.id)
        let unassigned = name == office.name
        return ids.isEmpty && !unassigned ? nil : (ids, unassigned)
    }

    /// Every office that has members: the supervisors' and the daemon's own.
    public var offices: [String] { Set(supervisors.map(\.office)).union([office.name]).sorted() }

    /// The supervisor whose `user:` is this login.
    public func supervisor(login: String) -> Supervisor? { supervisors.first { $0.user == login } }

    public init(directory: String, office: Office, since: CivilDate, noticeMinute: Int, noticeLog: String,
                bootstrapDirectory: String?, supervisors: [Supervisor], rules: RuleSet, calendar: WorkCalendar) {
        self.directory = directory; self.office = office; self.since = since; self.noticeMinute = noticeMinute
        self.noticeLog = noticeLog; self.bootstrapDirectory = bootstrapDirectory; self.supervisors = supervisors
        self.rules = rules; self.calendar = calendar
    }

    /// The office responsible for a notice (所在机关 of its supervisor): the supervisor's
    /// `office`, or this office's name when the entity has no supervisor.
    public func responsibleOffice(of supervisorID: String?) -> String {
        supervisor(supervisorID)?.office ?? office.name
    }

    public func supervisor(_ id: String?) -> Supervisor? {
        guard let id else { return nil }
        return supervisors.first { $0.id == id }
    }

    /// The rule that creates obligations with this id (cadence, follow-up or sampling).
    public func rule(_ id: String) -> (any ObligationRule)? { rules.obligationRule(id) }

    public var schedule: ObligationSchedule { ObligationSchedule(rules: rules, calendar: calendar, since: since) }
}

extension Configuration {
    /// How notices are decided under this configuration, as one value.
    public var noticePolicy: NoticePolicy {
        NoticePolicy(rules: rules, calendar: calendar, supervisors: supervisors, repeatOverdueEvery: repeatOverdueEvery, noticeMinute: noticeMinute)
    }
}
