import Foundation
import InspectControl
import InspectCore
import InspectStore
import Varlink

/// `WhoAmI` and `ListAudit` of `io.inspectd.Control` (issue 12).
extension Daemon {
    func whoAmI(_ peer: VarlinkPeer) -> Control.WhoAmI {
        let c = Caller.resolve(uid: peer.uid, read { configuration })
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
        var after: Int64?
        if let a = r.after {
            guard a.hasPrefix("a"), let id = Int64(a.dropFirst()) else {
                throw ControlFailure.invalidArgument(field: "after", reason: "not a cursor of this list (use the `next` of the page before)")
            }
            after = id
        }
        let page = try store.auditPage(since: since, login: r.user, entity: r.entity, after: after, limit: limit)
        let entries = page.entries.map { e in
            Control.AuditEntry(id: e.id ?? 0, at: clock.iso(unixTime: e.at), uid: Int(e.uid), login: e.login, role: e.role, method: e.method,
                               entity: e.entity, key: e.key, outcome: e.outcome, reason: e.reason, requestID: e.requestID)
        }
        return Control.AuditList(entries: entries, next: page.remaining > 0 ? entries.last.map { "a\($0.id)" } : nil, remaining: page.remaining)
    }
}
