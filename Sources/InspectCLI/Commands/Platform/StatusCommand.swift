import ArgumentParser
import InspectControl

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the daemon's state: entities, obligations, what is overdue and what is next.")

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print JSON.") var json = false

    /// Next year's holiday arrangement missing (from 1 November): said until it is loaded.
    func calendarRows(_ s: Control.Status) -> [(String, String)] {
        guard let year = s.provisionalYear else { return [] }
        return [("Holiday calendar", Messages.say(.calendarYearMissing, "\(year)", "\(s.provisionalDueDates ?? 0)"))]
    }

    /// What a channel sent: `7 messages (75 notices) sent` where digests carried several notices
    /// each (issue 26), `75 sent` where each notice went alone (the counts agree).
    static func sent(_ c: Control.ChannelCounts) -> String {
        guard let messages = c.acceptedMessages, messages != c.accepted || c.digest == "daily" else { return "\(c.accepted) sent" }
        return "\(messages) message\(messages == 1 ? "" : "s") (\(c.accepted) notice\(c.accepted == 1 ? "" : "s")) sent"
    }

    func run() throws {
        try reportingFailures {
            let s = try connection.call(.getStatus, as: Control.Status.self)
            if json { try printJSON(s); return }
            let rows: [(String, String)] = [
                ("Office", s.office),
                ("Daemon", s.version.map { v in
                    let daemon = "\(v) (\(s.commit ?? "?"))"
                    return v == BuildInfo.version && s.commit == BuildInfo.commit ? daemon : daemon + "; this inspectctl is \(BuildInfo.description): they differ"
                } ?? "older than 0.1.0 (no version reported)"),
                ("Now", s.now),
                ("Storage", s.storage.map { storage in
                    guard storage == "postgresql" else { return storage }
                    let who = s.leader.map { $0 == s.instance ? "this daemon leads" : "\($0) leads" } ?? "no daemon leads now (the notice run waits)"
                    return "postgresql, instance \(s.instance ?? "?"); \(who)"
                } ?? "-"),
                ("Configuration", "\(s.configDirectory) (\(s.rules) rules)"),
                ("Entities", "\(s.entities)"),
                ("Obligations", "\(s.obligations) (\(s.open) open, \(s.dueSoon) due soon, \(s.overdue) overdue)"),
                ("Next due", s.nextDue ?? "-"),
                ("Notices", "\(s.noticesSent) sent, \(s.noticesPending) waiting for delivery"
                    + (s.hookPending + s.hookDead > 0 ? "; hooks: \(s.hookPending) waiting, \(s.hookDead) dead (inspectctl notices-dead)" : "")),
                ("Notice run", s.lastNoticeRun.map { "\($0) (\(s.lastNoticeRunDecided ?? 0) decided)" } ?? "not yet since start"),
                ("Working on", (s.backgroundWork ?? []).isEmpty ? "-" : (s.backgroundWork ?? []).joined(separator: ", ")),
            ] + calendarRows(s) + (s.channels ?? []).map { c in
                ("Channel", "\(c.hook)\(c.type.map { " (\($0)\(c.digest == "daily" ? ", daily digest" : ""))" } ?? " (no longer configured)"): "
                    + "\(Self.sent(c)), \(c.waiting) waiting, \(c.retrying) retrying, \(c.dead) dead"
                    + (c.deadMessages.map { $0 != c.dead ? " (\($0) message\($0 == 1 ? "" : "s"))" : "" } ?? "")
                    + (c.dead > 0 ? " (inspectctl notices-dead; notices retry --all-dead)" : ""))
            }
            let labelled = rows.map { (Messages.heading($0.0), $0.1) }
            let width = labelled.map { DisplayWidth.of($0.0) }.max() ?? 0
            for (k, v) in labelled { print(String(repeating: " ", count: width - DisplayWidth.of(k)) + k + ": " + v) }
        }
    }
}
