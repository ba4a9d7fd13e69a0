import ArgumentParser
import InspectControl

/// `inspectctl whoami`: who the daemon takes you for (issue 12).
struct WhoAmICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show who the daemon takes you for: login, person, office and role.")

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let w = try connection.call(.whoAmI, Control.Empty(), as: Control.WhoAmI.self)
            if json { try printJSON(w); return }
            let rows: [(String, String)] = [
                ("Login", (w.login ?? "-") + " (uid \(w.uid))"),
                ("Person", w.supervisor.map { "\($0) \(w.name ?? "")" } ?? "-"),
                ("Office", w.office ?? "-"),
                ("Role", "\(w.role) (\(w.because))"),
                ("Groups", w.groups.isEmpty ? "-" : w.groups.joined(separator: ", ")),
            ]
            let width = rows.map { DisplayWidth.of($0.0) }.max() ?? 0
            for (k, v) in rows { print(String(repeating: " ", count: width - DisplayWidth.of(k)) + k + ": " + v) }
        }
    }
}

/// `inspectctl audit`: the audit trail (managers and admins).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "List the audit trail: every write and every refused call, oldest first (managers and admins).")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("From this day on.", valueName: "YYYY-MM-DD")) var since: String?
    @Option(help: ArgumentHelp("Only the calls of this login.", valueName: "LOGIN")) var user: String?
    @Option(help: ArgumentHelp("Only the calls about this entity.", valueName: "ID")) var entity: String?
    @OptionGroup var page: PageOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let request = Control.ListAuditRequest(since: since, user: user, entity: entity, after: page.after)
            var printer = PagePrinter<Control.AuditEntry>(json: json) { entries in
                var t = TextTable(["ID", "AT", "USER", "ROLE", "METHOD", "ENTITY", "KEY", "OUTCOME", "REASON"])
                for e in entries {
                    t.add(["\(e.id)", e.at, e.login ?? "uid \(e.uid)", e.role, e.method, e.entity ?? "", e.key ?? "", e.outcome, e.reason ?? ""])
                }
                return t.render()
            }
            let (_, last) = try page.pages({ limit, after in
                var r = request
                r.limit = limit
                r.after = after
                return try connection.call(.listAudit, r, as: Control.AuditList.self)
            }, stream: { each in
                try connection.stream(.listAudit, request, as: Control.AuditList.self, each: each)
            }, { try printer.emit($0) })
            var command = "inspectctl audit"
            if let since { command += " --since \(since)" }
            if let user { command += " --user \(user)" }
            if let entity { command += " --entity \(entity)" }
            printer.finish(last, command: command, empty: "No audit entries.")
        }
    }
}

/// `zhangwei 张伟 (S01)`, `root`, or `uid 1001`: who recorded a fact.
func personText(_ p: Control.Person) -> String {
    var s = p.login ?? "uid \(p.uid)"
    if let name = p.name { s += " \(name)" }
    if let id = p.supervisor { s += " (\(id))" }
    return s
}
