import ArgumentParser
import Foundation
import InspectControl

struct EventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: Help.text("Record any lifecycle event, or correct one (facts are never edited: a correction withdraws an event).", "记录任一办理环节事件，或更正事件（事实从不修改：更正即撤回一个事件）。"),
        subcommands: [Record.self, Correct.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Record an event, e.g. report.delivered, audit.ended --set outcome=clean.", "记录一个事件，例如 report.delivered、audit.ended --set outcome=clean。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The event kind.", "事件类别。")) var kind: String
        @Option(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Option(help: ArgumentHelp("The subject id (assigned for an opening event when omitted).", "事项编号（开启事项的事件省略时自动分配）。")) var subject: String?
        @Option(help: ArgumentHelp("When (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default today).", "时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM；默认今天）。", valueName: "TIME")) var at: String?
        @Option(name: .customLong("set"), help: ArgumentHelp("An attribute, repeatable.", "一项属性，可重复给出。", valueName: "KEY=VALUE")) var attributes: [String] = []
        @Option(help: ArgumentHelp("A note.", "备注。")) var note: String?
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                var a: [String: String] = [:]
                for kv in attributes {
                    guard let eq = kv.firstIndex(of: "=") else { throw CLIFailure(Messages.pick("--set \(kv): expected KEY=VALUE", "--set \(kv)：应为 键=值"), code: CLIFailure.usage) }
                    a[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
                }
                try recordEvent(connection, subject: subject, entity: entity, kind: kind, at: at, attributes: a, note: note, json: json)
            }
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Withdraw a recorded event, with the reason (the event stays on record).", "撤回一个已记录的事件，并说明理由（事件记录保留）。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The event id.", "事件编号。")) var id: Int64
        @Option(help: ArgumentHelp("The subject id.", "事项编号。")) var subject: String
        @Option(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Option(help: ArgumentHelp("Why.", "理由。")) var reason: String
        func run() throws {
            try reportingFailures {
                let request = ConnectionOptions.newRequestID()
                let r = try connection.callRetrying(qualified: Control.LifecycleMethod.recordEvent.qualified,
                                                    Control.RecordEventRequest(subject: subject, entity: entity, kind: "correction",
                                                                               note: reason, corrects: id, requestID: request),
                                                    requestID: request, as: Control.RecordEventResult.self)
                print(Messages.say(.eventWithdrawn, "\(id)", "\(r.event.id)"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("List recorded events, by time.", "按时间列出已记录的事件。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("Only this subject.", "只列该事项的。")) var subject: String?
        @Option(help: ArgumentHelp("Only this entity.", "只列该监管对象的。")) var entity: String?
        @OptionGroup var page: PageOptions
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                try page.pager.show(connection, Control.LifecycleMethod.listEvents, Control.ListEventsRequest(subject: subject, entity: entity),
                                    as: Control.EventList.self, json: json, table: { events in
                    var t = TextTable(["ID", "AT", "SUBJECT", "ENTITY", "KIND", "ATTRIBUTES", "NOTE"])
                    for e in events {
                        t.add(["\(e.id)", e.at, e.subject, e.entity, Messages.word(e.kind) + (e.corrects.map { Messages.pick(" (withdraws \($0))", "（撤回 \($0)）") } ?? ""),
                               e.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "), e.note ?? ""])
                    }
                    return t.render()
                }, command: commandLine("inspectctl event list", ["subject": subject, "entity": entity]), empty: "No events recorded.")
            }
        }
    }
}
