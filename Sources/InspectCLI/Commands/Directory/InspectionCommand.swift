import ArgumentParser
import InspectControl
import InspectCore

struct InspectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "inspection", abstract: Help.text("Recorded inspections (检查).", "检查记录。"), subcommands: [Record.self, List.self, Show.self, Withdraw.self])
    @OptionGroup var connection: ConnectionOptions

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.text("Record an inspection; the obligation it belongs to is satisfied at once.", "记录一次检查；所属的检查义务随即完成。"),
            discussion: Help.text("An on-site inspection needs at least two inspectors (RULES.md P01). Beyond a cap (K01/K02) or a quota's maximum the record is refused unless --exception gives the reason.", "现场检查至少需要两名检查人员（RULES.md P01）。超过上限（K01/K02）或配额上限时，除非用 --exception 说明理由，否则拒绝记录。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("The entity id.", "监管对象编号。", valueName: "ID")) var entity: String
        @Option(help: ArgumentHelp("The day it took place.", "检查日期。", valueName: "YYYY-MM-DD")) var date: String
        @Option(help: ArgumentHelp("One of: \(Inspection.knownKinds.sorted().joined(separator: ", ")).",
                                    "取值之一：\(Help.valueList(Inspection.knownKinds.sorted()))。", valueName: "KIND")) var kind: String
        @Option(help: ArgumentHelp("Inspectors, comma-separated (a name with a comma: use --inspector).", "检查人员，以逗号分隔（姓名中含逗号时用 --inspector）。", valueName: "A,B")) var inspectors: String?
        @Option(name: .customLong("inspector"), help: ArgumentHelp("One inspector, taken as it is (repeat for each; a name may contain a comma).", "一名检查人员，原样采用（每人给一次；姓名可含逗号）。", valueName: "NAME"))
        var inspector: [String] = []
        @Option(help: ArgumentHelp("Which level carried it out (default: the office's own).", "实施检查的层级（默认：本机关的层级）。", valueName: "city|county|…")) var authority: String?
        @Option(help: ArgumentHelp("A note.", "备注。")) var note: String?
        @Option(help: ArgumentHelp("Why a cap (K01/K02) or a quota's maximum may be exceeded here; kept and shown.", "此处可超过上限（K01/K02）或配额上限的理由；予以保存并显示。", valueName: "REASON"))
        var exception: String?
        @Option(name: .customLong("notified"), help: ArgumentHelp("When the unit was notified (P02: 3 days before, unless unannounced).", "通知被检查单位的日期（P02：提前 3 日，不预先通知的除外）。", valueName: "YYYY-MM-DD"))
        var notified: String?
        @Option(help: ArgumentHelp("What the inspection found.", "检查发现的问题。")) var findings: String?
        @Option(name: .customLong("request-id"), help: ArgumentHelp(
            "This write's id (default: a new one). The same id again records nothing new and shows what the first run recorded: a script can repeat a run it is unsure of.",
            "本次写入的编号（默认：新编号）。同一编号再次提交不会重复记录，而是显示第一次记录的内容：脚本不确定一次运行是否成功时可以重新运行。",
            valueName: "ID"))
        var requestID: String?
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

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
                print(Messages.say(.inspectionRecorded, "\(r.inspection.id)", r.inspection.entity, r.inspection.date, Messages.word(r.inspection.kind), Messages.word(r.inspection.authority),
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
        static let configuration = CommandConfiguration(abstract: Help.text("List recorded inspections, by date (withdrawn ones marked).", "按日期列出检查记录（已撤回的加以标注）。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("Only this entity.", "只列该监管对象的。")) var entity: String?
        @OptionGroup var page: PageOptions
        @Flag(help: ArgumentHelp("Print JSON (an array; each inspection says whether it was withdrawn).", "以 JSON 输出（数组；每条检查记录注明是否已撤回）。")) var json = false
        func run() throws {
            try reportingFailures {
                try page.pager.show(connection, Control.LifecycleMethod.listInspections, Control.ListInspectionsRequest(entity: entity), as: Control.InspectionList.self,
                                    json: json, table: { InspectionCommand.table($0, withdrawn: Set($0.filter { $0.withdrawn == true }.map(\.id))) },
                                    command: commandLine("inspectctl inspection list", ["entity": entity]), empty: "No inspections recorded.")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Show one recorded inspection.", "显示一条检查记录。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The inspection id.", "检查记录编号。")) var id: Int64
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                let r = try connection.call(.listInspections, Control.ListInspectionsRequest(id: id, limit: 1), as: Control.InspectionList.self)
                guard let i = r.inspections.first else { throw CLIFailure(Messages.say(.noSuchInspection, "\(id)"), code: CLIFailure.dataError) }
                if json { try printJSON(i); return }
                print(InspectionCommand.table([i], withdrawn: i.withdrawn == true ? [i.id] : []))
                if let n = i.note { print(Messages.pick("note: ", "备注：") + n) }
            }
        }
    }

    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Withdraw a mistaken inspection record, with the reason (it stays on record but no longer counts).", "撤回一条错误的检查记录，并说明理由（记录保留，但不再计入）。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The inspection id.", "检查记录编号。")) var id: Int64
        @Option(help: ArgumentHelp("Why.", "理由。")) var reason: String
        func run() throws {
            try reportingFailures {
                let r = try connection.call(.withdrawInspection, Control.WithdrawInspectionRequest(id: id, reason: reason), as: Control.EventReply.self)
                print(Messages.say(.inspectionWithdrawn, "\(id)", "\(r.event.id)"))
            }
        }
    }
}
