import InspectCore
import InspectStore

/// What a monitor asks of the daemon (`inspectctl status --check`, in the convention Nagios and
/// Zabbix agents call: ok, warning, critical): that the day's notice run happened, no notice is
/// dead-lettered, a platform has a leader, and next year's holiday calendar is loaded in time.
/// Decided from values, so that each rule is tested apart from a running daemon.
struct HealthCheck: Equatable {
    enum Level: Int, Comparable {
        case ok = 0, warning = 1, critical = 2
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
        var name: String { switch self { case .ok: "ok"; case .warning: "warning"; case .critical: "critical" } }
    }

    var name: String
    var level: Level
    var detail: String
    /// The detail as a code and its values, for a client to say in its user's language.
    var code: String
    var values: [String] = []

    /// How late the notice run may be before a monitor is told: it starts at the notice hour and
    /// a province's run takes seconds; half an hour covers a restart or a slow database.
    static let noticeRunGraceMinutes = 30
    /// From how many days before the year's end a missing next year's calendar is a warning.
    static let provisionalYearWarningDays = 30

    struct Input {
        var today: CivilDate
        /// Minutes since local midnight.
        var minute: Int
        var isWorkingDay: Bool
        var noticeMinute: Int
        /// The day of the last notice run this daemon made (nil: none since it started).
        var lastRunDay: CivilDate?
        /// This daemon leads (always on SQLite); on a shared store, who does (nil: nobody).
        var leads: Bool
        var sharedStore: Bool
        var leader: String?
        var deadLetters: Int
        /// Next year's holiday arrangement is missing (from 1 November).
        var provisionalYear: ProvisionalYear?
        /// A shared store: this daemon as it says itself, the other daemons present that run
        /// other versions, and the migrations the database holds that this daemon does not know.
        var own: DaemonPresence? = nil
        var otherVersions: [DaemonPresence] = []
        var unknownMigrations: [String] = []
    }

    /// A daemon's version, schema and feed as values ("" where it said none: older).
    static func versionValues(_ d: DaemonPresence) -> [String] {
        [d.version ?? "", d.schemaVersion.map(String.init) ?? "", d.feedVersion.map(String.init) ?? ""]
    }

    static func evaluate(_ i: Input) -> [HealthCheck] {
        var checks: [HealthCheck] = []
        let hour = String(format: "%02d:%02d", i.noticeMinute / 60, i.noticeMinute % 60)
        if i.sharedStore && i.leader == nil {
            checks.append(HealthCheck(name: "leader", level: .critical, detail: "no daemon leads the platform: no notice run, escalation or delivery happens",
                                      code: "no_leader"))
        } else {
            checks.append(i.leads ? HealthCheck(name: "leader", level: .ok, detail: "this daemon leads", code: "leads")
                : HealthCheck(name: "leader", level: .ok, detail: "\(i.leader ?? "?") leads", code: "other_leads", values: [i.leader ?? "?"]))
        }
        if !i.leads {
            checks.append(HealthCheck(name: "notice_run", level: .ok, detail: "run by the leader", code: "run_by_leader"))
        } else if i.isWorkingDay && i.minute >= i.noticeMinute + noticeRunGraceMinutes && i.lastRunDay != i.today {
            checks.append(HealthCheck(name: "notice_run", level: .critical, detail: "no notice run today (due at \(hour))", code: "no_run_today", values: [hour]))
        } else {
            checks.append(i.lastRunDay.map { HealthCheck(name: "notice_run", level: .ok, detail: "last run \($0.iso)", code: "last_run", values: [$0.iso]) }
                ?? HealthCheck(name: "notice_run", level: .ok, detail: "not due yet", code: "not_due_yet"))
        }
        checks.append(i.deadLetters > 0
            ? HealthCheck(name: "dead_letters", level: .warning, detail: "\(i.deadLetters) notice(s) dead-lettered (inspectctl notices-dead)",
                          code: "dead_letters", values: ["\(i.deadLetters)"])
            : HealthCheck(name: "dead_letters", level: .ok, detail: "no dead letters", code: "no_dead_letters"))
        if let p = i.provisionalYear, let end = CivilDate(year: i.today.year, month: 12, day: 31),
           i.today.days(to: end) < provisionalYearWarningDays {
            checks.append(HealthCheck(name: "calendar", level: .warning,
                                      detail: "\(p.year)'s holiday arrangement is not loaded (\(p.dueDates) due dates wait for it)",
                                      code: "calendar_missing", values: ["\(p.year)", "\(p.dueDates)"]))
        } else {
            checks.append(HealthCheck(name: "calendar", level: .ok, detail: "holiday calendar loaded", code: "calendar_loaded"))
        }
        if let own = i.own {
            // A rolling upgrade is a warning, not a failure: the platform works meanwhile; it is
            // finished when every daemon runs one version (README, "A rolling upgrade"). The
            // values: this daemon's version, schema and feed, then each other daemon's instance,
            // host, version, schema and feed (a client says them in its user's language).
            let ours = versionValues(own)
            if !i.unknownMigrations.isEmpty {
                checks.append(HealthCheck(name: "versions", level: .warning,
                                          detail: "the database's schema is newer than this daemon (\(own.versions)) knows: it writes nothing and does not lead until it is upgraded",
                                          code: "schema_newer", values: ours))
            } else if !i.otherVersions.isEmpty {
                let others = i.otherVersions.map { "\($0.instance) on \($0.host ?? "?") runs \($0.versions)" }.joined(separator: ", ")
                checks.append(HealthCheck(name: "versions", level: .warning, detail: "\(others); this daemon runs \(own.versions)",
                                          code: "versions_differ", values: ours + i.otherVersions.flatMap { [$0.instance, $0.host ?? "?"] + versionValues($0) }))
            } else {
                checks.append(HealthCheck(name: "versions", level: .ok, detail: "every daemon runs \(own.versions)", code: "same_versions", values: ours))
            }
        }
        return checks
    }
}
