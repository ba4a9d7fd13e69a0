import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore

/// The daemon itself: `status`, `whoami`, `reload` and the audit trail.
struct PlatformController: ControlController {
    let store: FactStore
    let clock: DaemonClock
    let background: BackgroundActivity
    let leadership: Leadership
    /// Who leads as the server sees it (a shared store), else nil.
    let leader: (@Sendable () -> String?)?
    let instance: String
    /// The daemons on a shared store and their versions (nil on SQLite).
    let versions: PlatformVersions?
    /// Rereads the configuration and puts it in force (``Daemon/reload()``).
    let reload: @Sendable () throws -> Configuration

    func register(in routes: inout ControlRoutes) {
        routes.query(ControlInterface.Method.getStatus, Control.Empty.self) { s, _, _ in try status(s) }
        routes.unqueued(ControlInterface.Method.whoAmI, Control.Empty.self) { _, call in whoAmI(call) }
        routes.unqueued(ControlInterface.Method.reload, Control.Empty.self) { _, _ in
            let c = try reload()
            return Control.ReloadResult(rules: c.rules.count, supervisors: c.supervisors.count)
        }
        routes.list(ControlInterface.Method.listAudit, Control.ListAuditRequest.self) { _, r in try listAudit(r) }
    }

    func status(_ s: DaemonState) throws -> Control.Status {
        let c = s.snapshot.counts()
        let n = try store.noticeCounts()
        CallPhases.mark("counts")  // the database, unless counted since its last change
        let configuration = s.configuration
        var status = Control.Status(
            office: configuration.office.name, now: clock.isoNow(), today: s.today.iso,
            configDirectory: configuration.directory, rules: configuration.rules.count, entities: s.snapshot.entities.count,
            obligations: c.total, open: c.open, dueSoon: c.dueSoon, overdue: c.overdue, nextDue: c.nextDue?.due.iso,
            noticesSent: n.sent, noticesPending: n.pending, hookPending: n.hookPending, hookDead: n.hookDead)
        status.lastNoticeRun = s.notices.lastRun?.at
        status.lastNoticeRunDecided = s.notices.lastRun?.decided
        status.backgroundWork = background.names
        let missing = ProvisionalYear.missing(today: s.today, calendar: configuration.calendar, waiting: { s.provisionalDueDates[$0] ?? 0 })
        if let missing {
            status.provisionalYear = missing.year
            status.provisionalDueDates = missing.dueDates
        }
        status.noticeTime = String(format: "%02d:%02d", configuration.noticeMinute / 60, configuration.noticeMinute % 60)
        status.version = BuildInfo.version
        status.commit = BuildInfo.commit
        status.storage = store.dialect.rawValue
        status.instance = instance
        CallPhases.mark("status")
        let leads = leadership.leads
        CallPhases.mark("leads")  // the election's lock
        status.leading = leads
        // Who leads is for display: while the database cannot be reached, nobody is named.
        status.leader = leads ? instance : leader?()
        CallPhases.mark("leader")  // the server, when its name was not heard in the last seconds
        if let versions {
            status.schema = versions.own.schemaVersion
            status.feed = versions.own.feedVersion
            status.daemons = versions.present.map {
                Control.PlatformDaemon(instance: $0.instance, host: $0.host, version: $0.version, schema: $0.schemaVersion, feed: $0.feedVersion)
            }
            let unknown = versions.unknownMigrations
            status.schemaNewer = unknown.isEmpty ? nil : unknown
        }
        let local = clock.local(clock.now())
        status.health = HealthCheck.evaluate(HealthCheck.Input(
            today: local.date, minute: local.minute, isWorkingDay: configuration.calendar.isWorkingDay(local.date),
            noticeMinute: configuration.noticeMinute, lastRunDay: s.notices.lastRun?.day, leads: leads,
            sharedStore: store.dialect.rawValue == "postgresql", leader: status.leader, deadLetters: n.hookDead, provisionalYear: missing,
            own: versions?.own, otherVersions: versions?.differing ?? [],
            unknownMigrations: versions?.unknownMigrations ?? []
        )).map { Control.HealthItem(name: $0.name, level: $0.level.name, detail: $0.detail, code: $0.code, values: $0.values.isEmpty ? nil : $0.values) }
        // Every configured channel (with zeros before its first notice), then queues of channels
        // a reload removed.
        let counts = try store.hookCounts()
        CallPhases.mark("channels")
        func channel(_ c: HookCounts, _ h: NoticeHook?) -> Control.ChannelCounts {
            Control.ChannelCounts(hook: c.hook, waiting: c.waiting, retrying: c.retrying, accepted: c.accepted, dead: c.dead, type: h?.kind.rawValue,
                                  digest: h?.digest.rawValue, acceptedMessages: c.acceptedMessages, deadMessages: c.deadMessages)
        }
        let configured = configuration.hooks.map { h in
            channel(counts.first { $0.hook == h.name }
                ?? HookCounts(hook: h.name, waiting: 0, retrying: 0, accepted: 0, dead: 0, acceptedMessages: 0, deadMessages: 0), h)
        }
        status.channels = configured + counts.filter { c in !configuration.hooks.contains { $0.name == c.hook } }.map { channel($0, nil) }
        return status
    }

    /// Who the caller is, as the access rules see them.
    func whoAmI(_ call: ControlCall) -> Control.WhoAmI {
        let c = call.caller
        return Control.WhoAmI(uid: Int(c.uid), login: c.login, groups: c.groups, role: c.role.description, because: c.because,
                              supervisor: c.person?.id, name: c.person?.name, office: c.office ?? c.person?.office)
    }

    /// A page of the audit trail. `since` is a local day of the office.
    func listAudit(_ r: Control.ListAuditRequest) throws -> Control.AuditList {
        let limit = try ControlFailure.pageSize(r.limit)
        var since: Int64?
        if let s = r.since {
            let day = try ControlFailure.date(s, field: "since")
            since = Int64(day.dayNumber) * 86_400 - Int64(clock.timeZone.secondsFromGMT())
        }
        let after = try PageCursor.id("a", r.after)
        let page = try store.auditPage(since: since, login: r.user, entity: r.entity, after: after, limit: limit)
        let entries = page.entries.map { e in
            Control.AuditEntry(id: e.id ?? 0, at: clock.iso(unixTime: e.at), uid: Int(e.uid), login: e.login, role: e.role, method: e.method,
                               entity: e.entity, key: e.key, outcome: e.outcome, reason: e.reason, requestID: e.requestID)
        }
        return Control.AuditList(entries: entries, next: page.remaining > 0 ? entries.last.map { "a\($0.id)" } : nil, remaining: page.remaining)
    }
}
