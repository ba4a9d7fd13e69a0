import Foundation
import InspectConfig
import InspectCore
import Logging
import SystemdSupport

/// Delivers decided notices to their sinks: the systemd journal (structured fields, one
/// `MESSAGE_ID` per kind) or, where there is no journal, standard error; and the JSON-lines log.
struct NoticeDelivery {
    var log: NoticeLog
    var useJournal: Bool
    var logger: Logger

    /// Journal fields of a notice. Names are uppercase `[A-Z0-9_]`: journald drops any other.
    static func journalFields(_ n: Notice, supervisorName: String?, office: String) -> [(String, String)] {
        var f: [(String, String)] = [
            ("MESSAGE_ID", n.kind.messageID),
            ("SYSLOG_IDENTIFIER", "inspectd"),
            ("INSPECTD_NOTICE", n.kind.rawValue),
            ("INSPECTD_STAGE", n.stage),
            ("INSPECTD_KEY", n.key),
            ("INSPECTD_ENTITY", n.entityID),
            ("INSPECTD_ENTITY_NAME", n.entityName),
            ("INSPECTD_RULE", n.ruleID),
            ("INSPECTD_SOURCE", n.source.joined(separator: ",")),
            ("INSPECTD_PERIOD", n.period),
            ("INSPECTD_DUE", n.due.iso),
            ("INSPECTD_OFFICE", office),
            ("INSPECTD_BASIS", n.basis),
        ]
        if let s = n.supervisor { f.append(("INSPECTD_SUPERVISOR", s)) }
        if let s = supervisorName { f.append(("INSPECTD_SUPERVISOR_NAME", s)) }
        for cc in n.copyTo ?? [] { f.append(("INSPECTD_CC", cc)) }
        return f
    }

    /// Delivers `notices`: log file first (fsynced), then journal or stderr. Throws when the log
    /// cannot be written, so the notices stay in the outbox and are retried.
    func deliver(_ notices: [Notice], configuration: Configuration) throws {
        let office = configuration.office.name
        try log.append(notices.map { try NoticeLog.line(for: $0, supervisorName: configuration.supervisor($0.supervisor)?.name, office: office) })
        for n in notices {
            let supervisorName = configuration.supervisor(n.supervisor)?.name
            let copies = (n.copyTo ?? []).compactMap { configuration.supervisor($0)?.name }
            var addressee = supervisorName.map { "致 \($0)" } ?? "致 \(office)（该对象未指定主监管员）"
            if !copies.isEmpty { addressee += "，抄送 \(copies.joined(separator: "、"))" }
            addressee += "："
            let text = addressee + n.message
            if useJournal {
                do {
                    try Journal.send(message: text, priority: JournalPriority(rawValue: Int32(n.kind.priority)) ?? .notice,
                                     orderedFields: Self.journalFields(n, supervisorName: supervisorName, office: office))
                } catch {
                    logger.error("journal refused notice \(n.key): \(error)")
                }
            } else {
                FileHandle.standardError.write(Data("inspectd: notice: \(text)\n".utf8))
            }
        }
    }
}
