import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl inspector leave ID --from D --to D --reason R`, `inspector leave list`,
/// `inspector leave withdraw LEAVE-ID --reason R`: days an inspector is away, which the planner
/// respects. A leave is a fact: a correction withdraws it, nothing is deleted.
struct InspectorLeaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leave", abstract: Help.text("Days an inspector is away (leave, training): recorded, listed, withdrawn.", "检查人员不在岗的日子（请假、培训）：登记、列出、撤回。"),
        subcommands: [Record.self, List.self, Withdraw.self], defaultSubcommand: Record.self)

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "record", abstract: Help.text("Record days off (managers and admins).", "登记请假（负责人和管理员）。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The inspector id.", "检查人员编号。")) var inspector: String
        @Option(help: ArgumentHelp("The first day away.", "不在岗的第一天。", valueName: "YYYY-MM-DD")) var from: String
        @Option(help: ArgumentHelp("The last day away (at most 366 days in one record).", "不在岗的最后一天（一次登记最多 366 天）。", valueName: "YYYY-MM-DD")) var to: String
        @Option(help: ArgumentHelp("Why (年休假, 培训, …).", "事由（年休假、培训……）。")) var reason: String

        func run() throws {
            try reportingFailures {
                let l = try connection.call(.recordLeave, Control.RecordLeaveRequest(inspector: inspector, from: from, to: to, reason: reason),
                                            as: Control.LeaveReply.self).leave
                print(Messages.say(.leaveRecorded, "\(l.id)", l.inspector, l.from, l.to, l.reason))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("List leave in force (with --withdrawn, withdrawn ones too).", "列出有效的请假（加 --withdrawn 时也列出已撤回的）。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("Only this inspector's.", "只列该检查人员的。")) var inspector: String?
        @Option(help: ArgumentHelp("Only leave ending on or after this day.", "只列该日或之后结束的请假。", valueName: "YYYY-MM-DD")) var since: String?
        @Flag(help: ArgumentHelp("Withdrawn leave too.", "也列出已撤回的请假。")) var withdrawn = false
        @OptionGroup var page: PageOptions
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

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
        static let configuration = CommandConfiguration(abstract: Help.text("Withdraw a recorded leave (a correction; the record stays).", "撤回一条请假登记（更正；记录保留）。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The leave's id (inspector leave list).", "请假编号（见 inspector leave list）。")) var id: Int64
        @Option(help: ArgumentHelp("Why it is withdrawn.", "撤回理由。")) var reason: String

        func run() throws {
            try reportingFailures {
                let l = try connection.call(.withdrawLeave, Control.WithdrawLeaveRequest(id: id, reason: reason), as: Control.LeaveReply.self).leave
                print(Messages.say(.leaveWithdrawn, "\(l.id)", l.inspector, l.withdrawalReason ?? reason))
            }
        }
    }
}
