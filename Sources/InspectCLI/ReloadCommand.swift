import ArgumentParser
import InspectControl

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Ask the daemon to reread its configuration and wait for the result.",
        discussion: "A configuration with errors is refused and the running one kept; the errors are printed and the exit status is 1. The unit's ExecReload= uses this command.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.reload, as: Control.ReloadResult.self)
            print("Configuration reloaded: \(r.rules) rules, \(r.supervisors) supervisors.")
        }
    }
}

struct NoticesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "notices", abstract: "List the notices that were sent.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("From this day on.", valueName: "YYYY-MM-DD")) var since: String?
    @Option(help: ArgumentHelp("Only this supervisor's.", valueName: "ID")) var supervisor: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.listNotices, Control.ListNoticesRequest(since: since, supervisor: supervisor), as: Control.NoticeList.self)
            if json { try printJSON(r.notices); return }
            var t = TextTable(["DAY", "KIND", "RULE", "PERIOD", "ENTITY", "NAME", "DUE", "SUPERVISOR"])
            for n in r.notices { t.add([n.day, n.kind, n.rule, n.period, n.entity, n.entityName, n.due, n.supervisor ?? "—"]) }
            print(t.render())
        }
    }
}
