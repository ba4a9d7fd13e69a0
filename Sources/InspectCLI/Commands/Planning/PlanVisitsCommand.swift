import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl plan visits [--inspector ID] [--date D | --from D --to D]`: the planned visits,
/// each with its state (planned, met, missed, cancelled).
struct PlanVisits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visits",
        abstract: "List the planned visits (applied with plan propose --apply), with their state.",
        discussion: "A visit is met once an inspection of its entity is recorded by its due date; missed when its day passed without one (its obligations are planned again by the next proposal). ! marks a visit moved after its due date.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Only this inspector's visits.") var inspector: String?
    @Option(help: ArgumentHelp("Only this day's.", valueName: "YYYY-MM-DD")) var date: String?
    @Option(help: ArgumentHelp("From this day.", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("Through this day.", valueName: "YYYY-MM-DD")) var to: String?
    @Flag(help: "Cancelled visits too.") var cancelled = false
    @OptionGroup var page: PageOptions
    @Flag(help: "Print JSON.") var json = false

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
        commandName: "visit", abstract: "Move or cancel one planned visit (managers).", subcommands: [Move.self, Cancel.self])

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a planned visit to another working day; after its due date it needs --reason and is flagged.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The visit's id (plan visits).") var id: Int64
        @Option(help: ArgumentHelp("The new day.", valueName: "YYYY-MM-DD")) var date: String
        @Option(help: "Why (required after the due date).") var reason: String?

        func run() throws {
            try reportingFailures {
                let v = try connection.call(.moveVisit, Control.MoveVisitRequest(id: id, date: date, reason: reason), as: Control.VisitReply.self).visit
                print(Messages.say(.visitMoved, "\(v.id ?? id)", v.entity, v.date, v.late == true ? " (! \(v.due))" : ""))
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a planned visit (kept, with the reason); its obligations are planned again.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The visit's id (plan visits).") var id: Int64
        @Option(help: "Why it is cancelled.") var reason: String

        func run() throws {
            try reportingFailures {
                let v = try connection.call(.cancelVisit, Control.CancelVisitRequest(id: id, reason: reason), as: Control.VisitReply.self).visit
                print(Messages.say(.visitCancelled, "\(v.id ?? id)", v.entity, v.date, v.cancelReason ?? reason))
            }
        }
    }
}
