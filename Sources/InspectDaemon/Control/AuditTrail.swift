import Foundation
import InspectStore
import Logging
import SystemdSupport

/// The audit trail (执法全过程记录): every write and every refused call, recorded append-only in
/// the database and sent to the journal with its own `MESSAGE_ID` (catalog entry in
/// units/inspectd.catalog). The call pipeline writes it; nothing else does.
struct AuditTrail: Sendable {
    /// The journal's `MESSAGE_ID` of an audit entry.
    static let messageID = "3f2b8c6a1e7d4c55a0b9e4d2c7f1a610"

    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    /// Entries go to the journal; without one, to the log.
    let useJournal: Bool

    /// The entry of a call with this outcome.
    func entry(_ method: some ControlMethod, _ caller: Caller, _ subject: AccessPolicy.Subject, _ outcome: (String, String?)) -> AuditEntry {
        AuditEntry(at: clock.unixTime(), uid: caller.uid, login: caller.login, role: caller.role.description,
                   method: method.name, entity: subject.entity, key: subject.key, outcome: outcome.0,
                   reason: outcome.1, requestID: subject.requestID)
    }

    /// Records one call's outcome, after the call. A write that succeeded has its entry in its own
    /// transaction already (`context`): it only goes to the journal then. Otherwise — a refusal, a
    /// failure, a call that wrote nothing — the entry is appended here; a failure to record it is
    /// logged, and does not undo the call.
    func record(_ method: some ControlMethod, _ caller: Caller, _ subject: AccessPolicy.Subject, _ outcome: (String, String?),
                context: AuditContext? = nil) {
        if outcome.0 == "ok", let written = context?.written {
            journal(written)
            return
        }
        do {
            journal(try store.appendAudit(entry(method, caller, subject, outcome)))
        } catch {
            logger.error("audit trail: could not record \(method.name) by \(caller.name) (\(outcome.0)): \(error)")
        }
    }

    /// The entry as a journal entry (or a log line where there is no journal).
    private func journal(_ e: AuditEntry) {
        let who = (e.login.map { "\($0) (uid \(e.uid))" } ?? "uid \(e.uid)") + ", \(e.role)"
        var text = "audit: \(e.method) by \(who)"
        if let entity = e.entity { text += " for \(entity)" }
        if let key = e.key { text += " [\(key)]" }
        text += ": \(e.outcome)" + (e.reason.map { " — \($0)" } ?? "")
        guard useJournal else {
            if e.outcome == "ok" { logger.info("\(text)") } else { logger.warning("\(text)") }
            return
        }
        var fields: [(String, String)] = [
            ("MESSAGE_ID", Self.messageID), ("SYSLOG_IDENTIFIER", "inspectd"),
            ("INSPECTD_AUDIT_ID", String(e.id ?? 0)), ("INSPECTD_AUDIT_METHOD", e.method), ("INSPECTD_AUDIT_OUTCOME", e.outcome),
            ("INSPECTD_AUDIT_ROLE", e.role), ("INSPECTD_AUDIT_UID", String(e.uid)),
        ]
        if let l = e.login { fields.append(("INSPECTD_AUDIT_LOGIN", l)) }
        if let x = e.entity { fields.append(("INSPECTD_ENTITY", x)) }
        // Not INSPECTD_KEY: that field names notices, and a restart looks notices up by it.
        if let k = e.key { fields.append(("INSPECTD_AUDIT_KEY", k)) }
        if let r = e.requestID { fields.append(("INSPECTD_REQUEST_ID", r)) }
        if let r = e.reason { fields.append(("INSPECTD_AUDIT_REASON", r)) }
        let priority: JournalPriority = e.outcome == "ok" ? .info : e.outcome == "refused" ? .warning : .notice
        do { try Journal.send(message: text, priority: priority, orderedFields: fields) } catch { logger.warning("\(text) (journal: \(error))") }
    }
}
