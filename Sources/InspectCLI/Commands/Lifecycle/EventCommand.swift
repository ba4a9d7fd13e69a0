import ArgumentParser
import Foundation
import InspectControl

struct EventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Record any lifecycle event, or correct one (facts are never edited: a correction withdraws an event).",
        subcommands: [Record.self, Correct.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an event, e.g. report.delivered, audit.ended --set outcome=clean.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The event kind.") var kind: String
        @Option(help: "The entity id.") var entity: String
        @Option(help: "The subject id (assigned for an opening event when omitted).") var subject: String?
        @Option(help: ArgumentHelp("When (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default today).", valueName: "TIME")) var at: String?
        @Option(name: .customLong("set"), help: ArgumentHelp("An attribute, repeatable.", valueName: "KEY=VALUE")) var attributes: [String] = []
        @Option(help: "A note.") var note: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                var a: [String: String] = [:]
                for kv in attributes {
                    guard let eq = kv.firstIndex(of: "=") else { throw CLIFailure("--set \(kv): expected KEY=VALUE", code: CLIFailure.usage) }
                    a[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
                }
                try recordEvent(connection, subject: subject, entity: entity, kind: kind, at: at, attributes: a, note: note, json: json)
            }
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a recorded event, with the reason (the event stays on record).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The event id.") var id: Int64
        @Option(help: "The subject id.") var subject: String
        @Option(help: "The entity id.") var entity: String
        @Option(help: "Why.") var reason: String
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
        static let configuration = CommandConfiguration(abstract: "List recorded events, by time.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this subject.") var subject: String?
        @Option(help: "Only this entity.") var entity: String?
        @OptionGroup var page: PageOptions
        @Flag(help: "Print JSON.") var json = false
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
