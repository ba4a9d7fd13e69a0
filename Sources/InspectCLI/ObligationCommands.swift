import ArgumentParser
import InspectControl

/// A span of days for `--within`: `30d`, `2w`, or a plain number of days, at most ten years
/// (`Control.ParameterLimits.withinDays`, the daemon's own bound).
struct DaySpan: ExpressibleByArgument {
    var days: Int
    init?(argument: String) {
        let n: Int?
        if argument.hasSuffix("d") { n = Int(argument.dropLast()) }
        else if argument.hasSuffix("w") { n = Int(argument.dropLast()).flatMap { $0 <= 1000 ? $0 * 7 : nil } }
        else { n = Int(argument) }
        guard let n, Control.ParameterLimits.withinDays.contains(n) else { return nil }
        days = n
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

func obligationTable(_ list: [Control.Obligation]) -> String {
    var t = TextTable(["DUE", "STATUS", "NOTICE", "RULE", "PERIOD", "ENTITY", "NAME", "DONE", "SUPERVISOR"])
    for o in list {
        t.add([o.due + (o.provisional ? "*" : ""), o.status, o.notice ?? "—", o.rule, o.period, o.entity, o.entityName, "\(o.done)/\(o.required)",
               o.supervisorName.map { "\($0) (\(o.supervisor ?? ""))" } ?? (o.supervisor ?? "—")])
    }
    var s = t.render()
    if list.contains(where: \.provisional) { s += "\n* provisional: that year's holiday arrangement is not loaded yet" }
    return s
}

struct UpcomingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upcoming",
        abstract: "List open obligations due within a span of days (overdue ones included), soonest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("How far ahead: 30d, 2w or a number of days (at most 3660).", valueName: "SPAN")) var within: DaySpan = DaySpan(argument: "30d")!
    @Option(help: ArgumentHelp("Only the entities of this supervisor (主监管员) id.", valueName: "ID")) var supervisor: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.listObligations, Control.ListObligationsRequest(withinDays: within.days, supervisor: supervisor),
                                        as: Control.ObligationList.self)
            if json { try printJSON(r.obligations); return }
            if r.obligations.isEmpty { print("Nothing due within \(within.days) days of \(r.today)."); return }
            print(obligationTable(r.obligations))
        }
    }
}

struct OverdueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "overdue", abstract: "List overdue obligations (逾期), oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only the entities of this supervisor id.", valueName: "ID")) var supervisor: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.listObligations, Control.ListObligationsRequest(supervisor: supervisor, overdueOnly: true),
                                        as: Control.ObligationList.self)
            if json { try printJSON(r.obligations); return }
            if r.obligations.isEmpty { print("Nothing is overdue on \(r.today)."); return }
            print(obligationTable(r.obligations))
        }
    }
}
