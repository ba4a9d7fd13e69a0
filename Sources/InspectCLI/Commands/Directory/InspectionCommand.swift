import ArgumentParser
import InspectControl
import InspectCore

struct InspectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspection", abstract: "Recorded inspections (检查).", subcommands: [Record.self, List.self, Show.self, Withdraw.self])
    @OptionGroup var connection: ConnectionOptions

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record an inspection; the obligation it belongs to is satisfied at once.",
            discussion: "An on-site inspection needs at least two inspectors (RULES.md P01). Beyond a cap (K01/K02) or a quota's maximum the record is refused unless --exception gives the reason.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("The entity id.", valueName: "ID")) var entity: String
        @Option(help: ArgumentHelp("The day it took place.", valueName: "YYYY-MM-DD")) var date: String
        @Option(help: ArgumentHelp("One of: \(Inspection.knownKinds.sorted().joined(separator: ", ")).", valueName: "KIND")) var kind: String
        @Option(help: ArgumentHelp("Inspectors, comma-separated (a name with a comma: use --inspector).", valueName: "A,B")) var inspectors: String?
        @Option(name: .customLong("inspector"), help: ArgumentHelp("One inspector, taken as it is (repeat for each; a name may contain a comma).", valueName: "NAME"))
        var inspector: [String] = []
        @Option(help: ArgumentHelp("Which level carried it out (default: the office's own).", valueName: "city|county|…")) var authority: String?
        @Option(help: "A note.") var note: String?
        @Option(help: ArgumentHelp("Why a cap (K01/K02) or a quota's maximum may be exceeded here; kept and shown.", valueName: "REASON"))
        var exception: String?
        @Option(name: .customLong("notified"), help: ArgumentHelp("When the unit was notified (P02: 3 days before, unless unannounced).", valueName: "YYYY-MM-DD"))
        var notified: String?
        @Option(help: "What the inspection found.") var findings: String?
        @Option(name: .customLong("request-id"), help: ArgumentHelp(
            "This write's id (default: a new one). The same id again records nothing new and shows what the first run recorded: a script can repeat a run it is unsure of.",
            valueName: "ID"))
        var requestID: String?
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if inspectors == nil && inspector.isEmpty { throw ValidationError(Messages.pick("give the inspectors: --inspectors A,B or --inspector NAME (repeated)", "请给出检查人员：--inspectors A,B 或 --inspector 姓名（可重复）")) }
        }

        func run() throws {
            try reportingFailures {
                let list = (inspectors?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []) + inspector
                let id = requestID ?? ConnectionOptions.newRequestID()
                let r = try connection.callRetrying(qualified: ControlInterface.Method.recordInspection.qualified, Control.RecordInspectionRequest(
                    entity: entity, date: date, kind: kind, inspectors: list, authority: authority, note: note, exceptionReason: exception,
                    advanceNotice: notified, findings: findings, requestID: id),
                    requestID: id, as: Control.RecordInspectionResult.self)
                if json { try printJSON(r); return }
                print(Messages.say(.inspectionRecorded, "\(r.inspection.id)", r.inspection.entity, r.inspection.date, r.inspection.kind, r.inspection.authority,
                                   r.inspection.inspectors.joined(separator: ", ")))
                let current = r.obligations.filter { $0.status != "met" || $0.done > 0 }
                if !current.isEmpty { print(obligationTable(current)) }
            }
        }
    }
}

import Foundation

extension InspectionCommand {
    static func table(_ list: [Control.Inspection], withdrawn: Set<Int64>) -> String {
        var t = TextTable(["ID", "DATE", "ENTITY", "KIND", "AUTHORITY", "INSPECTORS", "NOTICE", "FINDINGS", "RECORDED BY"])
        for i in list {
            t.add(["\(i.id)" + (withdrawn.contains(i.id) ? Messages.pick(" (withdrawn)", "（已撤回）") : ""), i.date, i.entity, Messages.word(i.kind), Messages.word(i.authority),
                   i.inspectors.joined(separator: ","), i.advanceNotice ?? "—", i.findings ?? (i.exceptionReason.map { Messages.pick("exception: ", "例外：") + $0 } ?? ""),
                   i.recordedBy.map(personText) ?? "—"])
        }
        return t.render()
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recorded inspections, by date (withdrawn ones marked).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this entity.") var entity: String?
        @OptionGroup var page: PageOptions
        @Flag(help: "Print JSON (an array; each inspection says whether it was withdrawn).") var json = false
        func run() throws {
            try reportingFailures {
                try page.pager.show(connection, Control.LifecycleMethod.listInspections, Control.ListInspectionsRequest(entity: entity), as: Control.InspectionList.self,
                                    json: json, table: { InspectionCommand.table($0, withdrawn: Set($0.filter { $0.withdrawn == true }.map(\.id))) },
                                    command: commandLine("inspectctl inspection list", ["entity": entity]), empty: "No inspections recorded.")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one recorded inspection.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The inspection id.") var id: Int64
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                let r = try connection.call(.listInspections, Control.ListInspectionsRequest(id: id, limit: 1), as: Control.InspectionList.self)
                guard let i = r.inspections.first else { throw CLIFailure("no inspection \(id)", code: CLIFailure.dataError) }
                if json { try printJSON(i); return }
                print(InspectionCommand.table([i], withdrawn: i.withdrawn == true ? [i.id] : []))
                if let n = i.note { print("note: \(n)") }
            }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a mistaken inspection record, with the reason (it stays on record but no longer counts).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The inspection id.") var id: Int64
        @Option(help: "Why.") var reason: String
        func run() throws {
            try reportingFailures {
                let r = try connection.call(.withdrawInspection, Control.WithdrawInspectionRequest(id: id, reason: reason), as: Control.EventReply.self)
                print(Messages.say(.inspectionWithdrawn, "\(id)", "\(r.event.id)"))
            }
        }
    }
}
