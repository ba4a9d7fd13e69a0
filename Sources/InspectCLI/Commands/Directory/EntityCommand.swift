import ArgumentParser
import Foundation
import InspectConfig
import InspectControl

struct EntityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entity", abstract: Help.text("The directory of supervised entities (名录库).", "监管对象名录库。"),
        subcommands: [List.self, Show.self, Import.self])
    @OptionGroup var connection: ConnectionOptions

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("List the entities.", "列出监管对象。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var page: PageOptions
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

        func run() throws {
            try reportingFailures {
                try page.pager.show(connection, ControlInterface.Method.listEntities, Control.ListEntitiesRequest(), as: Control.EntityList.self, json: json, table: { list in
                    var t = TextTable(["ID", "NAME", "KIND", "JURISDICTION", "APPROVED", "GRADE", "SUPERVISOR"])
                    for e in list { t.add([e.id, e.name, Messages.word(e.kind), e.jurisdiction, e.approvedOn ?? "—", e.grade ?? "—", e.supervisor ?? "—"]) }
                    return t.render()
                }, command: "inspectctl entity list", empty: "The directory is empty.")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Show one entity, its obligations and its inspections.", "显示一个监管对象及其检查义务和检查记录。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The entity id.", "监管对象编号。")) var id: String
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

        func run() throws {
            try reportingFailures {
                let r = try connection.call(.getEntity, Control.GetEntityRequest(id: id), as: Control.EntityDetail.self)
                if json { try printJSON(r); return }
                let e = r.entity
                let fields: [(String, String)] = [
                    ("ID", e.id), ("Name", e.name), ("Kind", Messages.word(e.kind)), ("Jurisdiction", e.jurisdiction),
                    ("Approved", e.approvedOn ?? "—"), ("Grade", e.grade ?? "—"), ("Supervisor", e.supervisor ?? Messages.pick("— (none assigned)", "—（未指定）")),
                    ("Industry", e.industry ?? "—"),
                ]
                print(Messages.fields(fields))
                print("\n" + Messages.pick("Obligations:", "检查义务："))
                print(r.obligations.isEmpty ? Messages.pick("  none", "  无") : obligationTable(r.obligations))
                if let by = r.importedBy { print("\n" + Messages.pick("Imported: \(r.importedAt ?? "?") by \(personText(by))", "导入：\(r.importedAt ?? "?")，操作人 \(personText(by))")) }
                print("\n" + Messages.pick("Inspections:", "检查记录："))
                if r.inspections.isEmpty { print(Messages.pick("  none recorded", "  尚无记录")) } else {
                    var t = TextTable(["ID", "DATE", "KIND", "AUTHORITY", "INSPECTORS", "RECORDED BY"])
                    for i in r.inspections { t.add(["\(i.id)", i.date, Messages.word(i.kind), Messages.word(i.authority), i.inspectors.joined(separator: ","), i.recordedBy.map(personText) ?? "—"]) }
                    print(t.render())
                }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.text("Import a CSV directory: id,name,kind,jurisdiction,approved_on,grade,supervisor,industry.", "导入 CSV 格式的名录。"),
            discussion: Help.text("The whole file is validated first; one bad row rejects the import with its line number, and nothing is imported. A file over 4 MiB (a province's directory) is sent in parts and committed at once; on a terminal a progress line shows how far it got.", "各列依次为 id,name,kind,jurisdiction,approved_on,grade,supervisor,industry（编号、名称、类别、辖区、批准日期、等级、主监管员、行业）。\n先校验整个文件；有一行出错即拒绝导入并指出行号，什么也不导入。超过 4 MiB 的文件（一个省的名录）分段发送、一次提交；在终端上有一行进度显示导入到哪里。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The CSV file (UTF-8).", "CSV 文件（UTF-8 编码）。", valueName: "FILE.csv")) var file: String

        func run() throws {
            try reportingFailures {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw CLIFailure(DataErrorMessages.text(ConfigError(file: file, ConfigProblem(.cannotRead))), code: CLIFailure.dataError)
                }
                guard let text = String(data: data, encoding: .utf8) else {
                    throw CLIFailure(DataErrorMessages.text(ConfigError(file: file, ConfigProblem(.notUTF8Spreadsheet))), code: CLIFailure.dataError)
                }
                let parts = DirectoryParts(Array(data.dropFirst(data.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)), limit: DirectoryParts.partSize)
                let r: Control.ImportResult
                if parts.parts.count <= 1 {
                    r = try connection.call(.importEntities, Control.ImportRequest(file: file, csv: text), as: Control.ImportResult.self)
                } else {
                    r = try connection.importInParts(file: file, parts)
                }
                print(Messages.say(.imported, file, "\(r.added)", "\(r.updated)"))
            }
        }
    }
}
