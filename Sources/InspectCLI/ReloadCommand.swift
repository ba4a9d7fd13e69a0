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
            print(Messages.say(.reloaded, "\(r.rules)", "\(r.supervisors)"))
        }
    }
}

struct NoticesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices", abstract: "The notices that were sent; put dead letters back in their hook's queue.",
        subcommands: [List.self, Retry.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the notices that were sent (the default).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("From this day on.", valueName: "YYYY-MM-DD")) var since: String?
        @Option(help: ArgumentHelp("Only this supervisor's.", valueName: "ID")) var supervisor: String?
        @Option(help: ArgumentHelp("Only the notices of this office's supervisors.", valueName: "OFFICE")) var office: String?
        @OptionGroup var page: PageOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reportingFailures {
                // A supervisor's own by default, a manager's office's (issue 12).
                let own = try OwnView.scope(connection, explicit: supervisor != nil || office != nil || page.all)
                own.announce(json: json)
                let supervisor = supervisor ?? own.supervisor
                let office = office ?? own.office
                var printer = PagePrinter<Control.Notice>(json: json) { list in
                    var t = TextTable(["DAY", "KIND", "RULE", "PERIOD", "ENTITY", "NAME", "DUE", "SUPERVISOR"])
                    for n in list { t.add([n.day, n.kind, n.rule, n.period, n.entity, n.entityName, n.due, n.supervisor ?? "—"]) }
                    return t.render()
                }
                let (_, last) = try page.pages({ limit, after in
                    try connection.call(.listNotices, Control.ListNoticesRequest(since: since, supervisor: supervisor, limit: limit, after: after, office: office), as: Control.NoticeList.self)
                }, stream: { each in
                    try connection.stream(.listNotices, Control.ListNoticesRequest(since: since, supervisor: supervisor, after: page.after, office: office), as: Control.NoticeList.self, each: each)
                }, { try printer.emit($0) })
                printer.finish(last, command: "inspectctl notices" + (since.map { " --since \($0)" } ?? "") + (supervisor.map { " --supervisor \($0)" } ?? "")
                                   + (office.map { " --office \($0)" } ?? ""),
                               empty: "No notices sent.")
            }
        }
    }

    /// `inspectctl notices retry KEY… | --all-dead [--hook NAME]` (issue 13: operators see and fix delivery).
    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry", abstract: "Put dead letters back in their hook's queue once the cause is fixed: tried again at once (admins).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("Keys of dead letters (inspectctl notices-dead).", valueName: "KEY")) var keys: [String] = []
        @Flag(name: .customLong("all-dead"), help: "Every dead letter.") var allDead = false
        @Option(help: ArgumentHelp("Only this hook's.", valueName: "NAME")) var hook: String?

        func validate() throws {
            if keys.isEmpty == !allDead { throw ValidationError("give the keys of the dead letters, or --all-dead") }
        }

        func run() throws {
            try reportingFailures {
                let r = try connection.call(.retryDeadLetters, Control.RetryDeadLettersRequest(keys: allDead ? nil : keys, all: allDead ? true : nil, hook: hook),
                                            as: Control.RetryDeadLettersResult.self)
                print(Messages.say(.requeued, "\(r.requeued)"))
            }
        }
    }
}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Preview every notice the current facts and rules would produce in a window, without sending anything.",
        discussion: "Replays the daily notice runs (the notice hour on working days; urgent deadlines every day) with the daemon's own decision, escalations included. Notices already sent are not repeated. The daemon sends a day at a time, printed as it comes.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("First day.", valueName: "YYYY-MM-DD")) var from: String
    @Option(help: ArgumentHelp("Last day.", valueName: "YYYY-MM-DD")) var to: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            var printer = PagePrinter<Control.Notice>(json: json) { list in
                var t = TextTable(["DAY", "KIND", "RULE", "PERIOD", "ENTITY", "NAME", "DUE", "SUPERVISOR"])
                for n in list { t.add([n.day, n.kind, n.rule, n.period, n.entity, n.entityName, n.due, n.supervisor ?? "—"]) }
                return t.render()
            }
            var count = 0
            try connection.stream(.simulate, Control.SimulateRequest(from: from, to: to), as: Control.NoticeList.self) { day in
                try printer.emit(day.notices)
                count += day.notices.count
            }
            printer.finish(nil, command: "", empty: "No notices from \(from) to \(to).")
            if !json && count > 0 { print("\(count) notices") }
        }
    }
}
