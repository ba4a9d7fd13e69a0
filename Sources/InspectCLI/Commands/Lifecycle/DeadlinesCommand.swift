import ArgumentParser
import Foundation
import InspectControl

struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines", abstract: Help.text("Open deadlines of rectifications, cases and reports, soonest first (overdue ones included).", "整改、案件和报告的未结期限，最先到期的在前（含逾期的）。"),
        discussion: Help.text("""
        With --lapsed: the deadlines that ran out unmet (state lapsed); with --closed: those met or lapsed; with --all: every one. \
        NOTICE is the stage the notice run has announced; before the day's notice run, a stage reached only today is shown \
        as pending: due (pending).
        """, """
        使用 --lapsed：期满未完成的期限（状态为已期满）；使用 --closed：已完成或已期满的；使用 --all：全部。通知列是通知批次已通知到的阶段；当天的通知批次之前，今天才到达的阶段显示为待发送：今日到期（待发送）。
        """))
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("How far ahead: 14d, 2w or a number of days (at most 3660).", "向后看多久：14d、2w 或天数（最多 3660）。", valueName: "SPAN")) var within: DaySpan?
    @Flag(help: ArgumentHelp("Only overdue ones.", "只列逾期的。")) var overdue = false
    @Flag(help: ArgumentHelp("Only the ones that ran out unmet (lapsed).", "只列期满未完成的（已期满）。")) var lapsed = false
    @Flag(help: ArgumentHelp("Only closed ones: met (on time or late) or lapsed.", "只列已结束的：已完成（按时或逾期）或已期满。")) var closed = false
    @Flag(help: ArgumentHelp("Every deadline, open and closed.", "全部期限，进行中的和已结束的。")) var all = false
    @Option(help: ArgumentHelp("Only this entity.", "只列该监管对象的。")) var entity: String?
    @Option(help: ArgumentHelp("Only the entities of this supervisor id.", "只列该主监管员编号名下的监管对象。", valueName: "ID")) var supervisor: String?
    @Option(help: ArgumentHelp("Only the entities of this office's supervisors.", "只列该机关主监管员名下的监管对象。", valueName: "OFFICE")) var office: String?
    @Option(help: ArgumentHelp("At most this many (default: 100 on a terminal, else all).", "最多列出这么多项（默认：终端上 100 项，否则全部）。", valueName: "N")) var limit: Int?
    @Option(help: ArgumentHelp("Continue after this cursor (printed at the end of a page).", "从该游标之后继续（游标印在每页末尾）。", valueName: "CURSOR")) var after: String?
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

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
