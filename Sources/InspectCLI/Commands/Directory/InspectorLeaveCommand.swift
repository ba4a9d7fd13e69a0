import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl inspector leave ID --from D --to D --reason R`, `inspector leave list`,
/// `inspector leave withdraw LEAVE-ID --reason R`: days an inspector is away, which the planner
/// respects. A leave is a fact: a correction withdraws it, nothing is deleted.
struct InspectorLeaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leave", abstract: "Days an inspector is away (leave, training): recorded, listed, withdrawn.",
        subcommands: [Record.self, List.self, Withdraw.self], defaultSubcommand: Record.self)

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "record", abstract: "Record days off (managers and admins).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The inspector id.") var inspector: String
        @Option(help: ArgumentHelp("The first day away.", valueName: "YYYY-MM-DD")) var from: String
        @Option(help: ArgumentHelp("The last day away (at most 366 days in one record).", valueName: "YYYY-MM-DD")) var to: String
        @Option(help: "Why (年休假, 培训, …).") var reason: String

        func run() throws {
            try reportingFailures {
                let l = try connection.call(.recordLeave, Control.RecordLeaveRequest(inspector: inspector, from: from, to: to, reason: reason),
                                            as: Control.LeaveReply.self).leave
                print(Messages.say(.leaveRecorded, "\(l.id)", l.inspector, l.from, l.to, l.reason))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List leave in force (with --withdrawn, withdrawn ones too).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this inspector's.") var inspector: String?
        @Option(help: ArgumentHelp("Only leave ending on or after this day.", valueName: "YYYY-MM-DD")) var since: String?
        @Flag(help: "Withdrawn leave too.") var withdrawn = false
        @OptionGroup var page: PageOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reportingFailures {
                try page.pager.show(connection, Control.VisitMethod.listLeave,
                                    Control.ListLeaveRequest(inspector: inspector, since: since, withdrawn: withdrawn ? true : nil),
                                    as: Control.LeaveList.self, json: json, table: { leave in
                    var t = TextTable(["ID", "INSPECTOR", "FROM", "TO", "REASON", "RECORDED BY", "WITHDRAWN"])
                    for l in leave {
                        t.add(["\(l.id)", l.inspector, l.from, l.to, l.reason, l.recordedBy.map(personText) ?? "—",
                               l.withdrawnAt.map { "\($0) \(l.withdrawalReason ?? "")" } ?? "—"])
                    }
                    return t.render()
                }, command: commandLine("inspectctl inspector leave list", ["inspector": inspector, "since": since]),
                   empty: "No leave recorded.")
            }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a recorded leave (a correction; the record stays).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The leave's id (inspector leave list).") var id: Int64
        @Option(help: "Why it is withdrawn.") var reason: String

        func run() throws {
            try reportingFailures {
                let l = try connection.call(.withdrawLeave, Control.WithdrawLeaveRequest(id: id, reason: reason), as: Control.LeaveReply.self).leave
                print(Messages.say(.leaveWithdrawn, "\(l.id)", l.inspector, l.withdrawalReason ?? reason))
            }
        }
    }
}
