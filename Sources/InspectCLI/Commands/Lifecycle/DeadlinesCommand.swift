import ArgumentParser
import Foundation
import InspectControl

struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines", abstract: "Open deadlines of rectifications, cases and reports, soonest first (overdue ones included).",
        discussion: """
        With --lapsed: the deadlines that ran out unmet (state lapsed); with --closed: those met or lapsed; with --all: every one. \
        NOTICE is the stage the notice run has announced; before the day's notice run, a stage reached only today is shown \
        as pending: due (pending).
        """)
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("How far ahead: 14d, 2w or a number of days (at most 3660).", valueName: "SPAN")) var within: DaySpan?
    @Flag(help: "Only overdue ones.") var overdue = false
    @Flag(help: "Only the ones that ran out unmet (lapsed).") var lapsed = false
    @Flag(help: "Only closed ones: met (on time or late) or lapsed.") var closed = false
    @Flag(help: "Every deadline, open and closed.") var all = false
    @Option(help: "Only this entity.") var entity: String?
    @Option(help: ArgumentHelp("Only the entities of this supervisor id.", valueName: "ID")) var supervisor: String?
    @Option(help: ArgumentHelp("Only the entities of this office's supervisors.", valueName: "OFFICE")) var office: String?
    @Option(help: ArgumentHelp("At most this many (default: 100 on a terminal, else all).", valueName: "N")) var limit: Int?
    @Option(help: ArgumentHelp("Continue after this cursor (printed at the end of a page).", valueName: "CURSOR")) var after: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if [overdue, lapsed, closed, all].filter({ $0 }).count > 1 { throw ValidationError(Messages.pick("give at most one of --overdue, --lapsed, --closed, --all", "--overdue、--lapsed、--closed、--all 最多给出一个")) }
        if let limit, !(1...1_000_000).contains(limit) { throw ValidationError(Messages.pick("--limit must be 1…1000000", "--limit 须为 1…1000000")) }
    }

    func run() throws {
        try reportingFailures {
            let everything = lapsed || closed || all
            let own = try OwnView.scope(connection, explicit: all || entity != nil || supervisor != nil || office != nil)
            own.announce(json: json)
            let request = Control.ListDeadlinesRequest(withinDays: everything ? nil : within?.days, overdueOnly: overdue, entity: entity,
                                                       all: all ? true : nil, state: lapsed ? "lapsed" : closed ? "closed" : nil,
                                                       supervisor: supervisor ?? own.supervisor, office: office ?? own.office)
            let what = lapsed ? "lapsed" : closed ? "closed" : all ? "" : "open"
            let state = lapsed ? " --lapsed" : closed ? " --closed" : all ? " --all" : overdue ? " --overdue" : ""
            let command = commandLine("inspectctl deadlines" + state, ["within": everything ? nil : within.map { "\($0.days)d" }, "entity": entity,
                                                                       "supervisor": request.supervisor, "office": request.office])
            // `--all` here means every state; the pages follow --limit as everywhere else.
            try Pager(limit: limit, after: after).show(connection, Control.LifecycleMethod.listDeadlines, request, as: Control.DeadlineList.self,
                                                       json: json, table: deadlineTable, command: command,
                                                       empty: { page in
                                                           let zh = ["lapsed": "已期满的", "closed": "已结束的", "open": "进行中的", "": ""][what] ?? ""
                                                           return Messages.pick("No \(what.isEmpty ? "" : what + " ")deadlines (\(page?.now ?? "")).", "没有\(zh)期限（\(page?.now ?? "")）。")
                                                       })
        }
    }
}
