import ArgumentParser
import InspectControl

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the daemon's state: entities, obligations, what is overdue and what is next.",
        discussion: """
            With --check: one line for a monitor and the exit status Nagios and Zabbix agents read — 0 ok, 1 warning \
            (dead letters; next year's holiday calendar not loaded in the year's last 30 days), 2 critical (no notice \
            run by half an hour after the notice hour on a working day; no daemon leads the platform; the daemon or \
            its database cannot be reached).
            """)

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "One line and exit 0 (ok), 1 (warning) or 2 (critical), for Nagios, Zabbix or a script.") var check = false

    /// `--check`: the worst check decides the exit status; the line names what is not ok.
    func runCheck() throws {
        let s: Control.Status
        do {
            s = try connection.call(.getStatus, as: Control.Status.self)
        } catch let f as CLIFailure {
            print("inspectd CRITICAL: \(f.message)")
            throw ExitCode(2)
        }
        let items = s.health ?? []
        let rank = ["ok": 0, "warning": 1, "critical": 2]
        let worst = items.map { rank[$0.level] ?? 2 }.max() ?? 0
        let shown = worst == 0 ? items : items.filter { (rank[$0.level] ?? 2) > 0 }
        let word = ["OK", "WARNING", "CRITICAL"][worst]
        print("inspectd \(word): " + shown.map { "\($0.name): \($0.detail)" }.joined(separator: "; "))
        if worst > 0 { throw ExitCode(Int32(worst)) }
    }

    /// Next year's holiday arrangement missing (from 1 November): said until it is loaded.
    func calendarRows(_ s: Control.Status) -> [(String, String)] {
        guard let year = s.provisionalYear else { return [] }
        return [("Holiday calendar", Messages.say(.calendarYearMissing, "\(year)", "\(s.provisionalDueDates ?? 0)"))]
    }

    func run() throws {
        if check { return try runCheck() }
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
                    + "\(c.accepted) sent, \(c.waiting) waiting, \(c.retrying) retrying, \(c.dead) dead"
                    + (c.dead > 0 ? " (inspectctl notices-dead; notices retry --all-dead)" : ""))
            }
            let labelled = rows.map { (Messages.heading($0.0), $0.1) }
            let width = labelled.map { DisplayWidth.of($0.0) }.max() ?? 0
            for (k, v) in labelled { print(String(repeating: " ", count: width - DisplayWidth.of(k)) + k + ": " + v) }
        }
    }
}
