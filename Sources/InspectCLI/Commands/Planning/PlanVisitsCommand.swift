import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl plan visits [--inspector ID] [--date D | --from D --to D]`: the planned visits,
/// each with its state (planned, met, missed, cancelled).
struct PlanVisits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visits",
        abstract: Help.text("List the planned visits (applied with plan propose --apply), with their state.", "列出检查安排（由 plan propose --apply 采用）及其状态。"),
        discussion: Help.text("A visit is met once an inspection of its entity is recorded by its due date; missed when its day passed without one (its obligations are planned again by the next proposal). ! marks a visit moved after its due date.", "到期日前记录了对该监管对象的检查，检查安排即为已完成；其日期已过而无检查记录的为未执行（其检查义务由下一次建议重新安排）。! 标出改到到期日之后的检查安排。"))
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only this inspector's visits.", "只列该检查人员的检查安排。")) var inspector: String?
    @Option(help: ArgumentHelp("Only this day's.", "只列该日的。", valueName: "YYYY-MM-DD")) var date: String?
    @Option(help: ArgumentHelp("From this day.", "自该日起。", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("Through this day.", "至该日止。", valueName: "YYYY-MM-DD")) var to: String?
    @Flag(help: ArgumentHelp("Cancelled visits too.", "也列出已取消的检查安排。")) var cancelled = false
    @OptionGroup var page: PageOptions
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func validate() throws {
        if date != nil && (from != nil || to != nil) { throw ValidationError(Messages.pick("give --date, or --from/--to", "请给出 --date 或 --from/--to")) }
    }

    func run() throws {
        try reportingFailures {
            try page.pager.show(connection, Control.VisitMethod.listVisits,
                                Control.ListVisitsRequest(from: date ?? from, to: date ?? to, inspector: inspector, cancelled: cancelled ? true : nil),
                                as: Control.VisitList.self, json: json, table: visitTable,
                                command: commandLine("inspectctl plan visits", ["inspector": inspector, "from": date ?? from, "to": date ?? to]),
                                empty: "No planned visits.")
        }
    }
}

/// `inspectctl plan visit move|cancel ID`: one planned visit adjusted (managers).
struct PlanVisit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visit", abstract: Help.text("Move or cancel one planned visit (managers).", "改期或取消一次检查安排（负责人）。"), subcommands: [Move.self, Cancel.self])

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Move a planned visit to another working day; after its due date it needs --reason and is flagged.", "将一次检查安排改到另一个工作日；改到到期日之后须给出 --reason，并予以标注。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The visit's id (plan visits).", "检查安排编号（见 plan visits）。")) var id: Int64
        @Option(help: ArgumentHelp("The new day.", "新的日期。", valueName: "YYYY-MM-DD")) var date: String
        @Option(help: ArgumentHelp("Why (required after the due date).", "理由（改到到期日之后时必须给出）。")) var reason: String?

        func run() throws {
            try reportingFailures {
                let v = try connection.call(.moveVisit, Control.MoveVisitRequest(id: id, date: date, reason: reason), as: Control.VisitReply.self).visit
                print(Messages.say(.visitMoved, "\(v.id ?? id)", v.entity, v.date, v.late == true ? " (! \(v.due))" : ""))
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Cancel a planned visit (kept, with the reason); its obligations are planned again.", "取消一次检查安排（记录保留，附理由）；其检查义务将重新安排。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The visit's id (plan visits).", "检查安排编号（见 plan visits）。")) var id: Int64
        @Option(help: ArgumentHelp("Why it is cancelled.", "取消理由。")) var reason: String

        func run() throws {
            try reportingFailures {
                let v = try connection.call(.cancelVisit, Control.CancelVisitRequest(id: id, reason: reason), as: Control.VisitReply.self).visit
                print(Messages.say(.visitCancelled, "\(v.id ?? id)", v.entity, v.date, v.cancelReason ?? reason))
            }
        }
    }
}
