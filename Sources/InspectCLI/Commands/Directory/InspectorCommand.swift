import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl inspector add|set|list|conflict|leave`: the inspector pool — drawn from in sample
/// draws (双随机) and planned by `plan propose` — with each inspector's territory (辖区), the kinds
/// of entity they inspect, their visits a day, leave, and declared conflicts of interest (回避,
/// RULES.md P07).
struct InspectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspector", abstract: Help.text("The inspector pool: territories, capacity, leave and conflicts of interest (回避).", "检查人员库：负责辖区、检查能力、请假和回避。"),
        subcommands: [Add.self, Set.self, List.self, Conflict.self, InspectorLeaveCommand.self])
    @OptionGroup var connection: ConnectionOptions

    /// `--jurisdiction`, `--kind`, `--visits-per-day`: what the planner may give an inspector.
    struct Profile: ParsableArguments {
        @Option(name: .customLong("jurisdiction"), help: ArgumentHelp("A jurisdiction they cover (辖区), repeatable; default: every one.", "负责的辖区，可重复给出；默认：全部辖区。", valueName: "J"))
        var jurisdictions: [String] = []
        @Option(name: .customLong("kind"), help: ArgumentHelp("A kind of entity they may inspect, repeatable; default: every kind.", "可检查的监管对象类别，可重复给出；默认：全部类别。", valueName: "KIND"))
        var kinds: [String] = []
        @Option(help: ArgumentHelp("Visits a day the planner may give them (1–20; default 3).", "安排检查时每日最多分给其的检查数（1–20；默认 3）。", valueName: "N")) var visitsPerDay: Int?

        func validate() throws {
            if let v = visitsPerDay, !(1...20).contains(v) { throw ValidationError(Messages.pick("--visits-per-day must be 1…20", "--visits-per-day 须为 1…20")) }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Add an inspector to the pool.", "向检查人员库添加一名检查人员。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The inspector id (e.g. the enforcement certificate number).", "检查人员编号（例如执法证号）。")) var id: String
        @Option(help: ArgumentHelp("The inspector's name.", "检查人员姓名。")) var name: String
        @Option(help: ArgumentHelp("The inspector's office.", "检查人员所属机关。")) var office: String?
        @OptionGroup var profile: Profile

        func run() throws {
            try reportingFailures {
                let request = Control.AddInspectorRequest(id: id, name: name, office: office, jurisdictions: profile.jurisdictions.isEmpty ? nil : profile.jurisdictions,
                                                          kinds: profile.kinds.isEmpty ? nil : profile.kinds, visitsPerDay: profile.visitsPerDay)
                let r = try connection.call(.addInspector, request, as: Control.InspectorReply.self)
                print(Messages.say(.inspectorAdded, r.inspector.id, r.inspector.name, r.inspector.office.map { " (\($0))" } ?? ""))
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.text("Change an inspector: name, office, territory, kinds, visits a day, or active.", "修改检查人员：姓名、机关、辖区、类别、每日检查数或是否在用。"),
            discussion: Help.text("--jurisdiction and --kind replace the recorded lists; --all-jurisdictions and --all-kinds cover every one again. An inactive inspector is never planned nor drawn.", "--jurisdiction 和 --kind 替换已登记的列表；--all-jurisdictions 和 --all-kinds 恢复为全部。停用的检查人员不会被安排，也不会被抽中。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The inspector id.", "检查人员编号。")) var id: String
        @Option(help: ArgumentHelp("The inspector's name.", "检查人员姓名。")) var name: String?
        @Option(help: ArgumentHelp("The inspector's office.", "检查人员所属机关。")) var office: String?
        @OptionGroup var profile: Profile
        @Flag(help: ArgumentHelp("Cover every jurisdiction.", "负责全部辖区。")) var allJurisdictions = false
        @Flag(help: ArgumentHelp("Inspect every kind of entity.", "可检查全部类别的监管对象。")) var allKinds = false
        @Flag(inversion: .prefixedNo, help: ArgumentHelp("Active (planned and drawn) or not.", "是否在用（可被安排和抽中）。")) var active: Bool?

        func validate() throws {
            if allJurisdictions && !profile.jurisdictions.isEmpty { throw ValidationError(Messages.pick("give --jurisdiction or --all-jurisdictions, not both", "请给出 --jurisdiction 或 --all-jurisdictions，不能同时给出")) }
            if allKinds && !profile.kinds.isEmpty { throw ValidationError(Messages.pick("give --kind or --all-kinds, not both", "请给出 --kind 或 --all-kinds，不能同时给出")) }
        }

        func run() throws {
            try reportingFailures {
                let request = Control.SetInspectorRequest(
                    id: id, name: name, office: office, active: active,
                    jurisdictions: allJurisdictions ? [] : profile.jurisdictions.isEmpty ? nil : profile.jurisdictions,
                    kinds: allKinds ? [] : profile.kinds.isEmpty ? nil : profile.kinds, visitsPerDay: profile.visitsPerDay)
                let i = try connection.call(.setInspector, request, as: Control.InspectorReply.self).inspector
                print(Messages.say(.inspectorChanged, i.id, InspectorCommand.describe(i)))
            }
        }
    }

    /// `兰山区,罗庄区; employer; 3/day; active`.
    static func describe(_ i: Control.Inspector) -> String {
        let all = Language.current == .chinese ? "全部" : "all"
        return [i.jurisdictions?.joined(separator: ",") ?? all, i.kinds?.map { Messages.word($0) }.joined(separator: ",") ?? all,
                "\(i.visitsPerDay ?? 3)/" + (Language.current == .chinese ? "日" : "day"),
                Language.current == .chinese ? (i.active ? "在用" : "停用") : (i.active ? "active" : "inactive")].joined(separator: "; ")
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("List the inspector pool with territories, capacity and declared conflicts.", "列出检查人员库，含负责辖区、检查能力和已登记的回避。"))
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

        func run() throws {
            try reportingFailures {
                let r = try connection.call(.listInspectors, Control.Empty(), as: Control.InspectorList.self)
                if json { try printJSON(r.inspectors); return }
                if r.inspectors.isEmpty {
                    print(Messages.pick("No inspectors in the pool (add one: inspectctl inspector add ID --name NAME).",
                                        "检查人员库为空（添加：inspectctl inspector add ID --name 姓名）。"))
                    return
                }
                var t = TextTable(["ID", "NAME", "OFFICE", "ACTIVE", "JURISDICTIONS", "KINDS", "PER DAY", "CONFLICTS (回避)"])
                for i in r.inspectors {
                    t.add([i.id, i.name, i.office ?? "—", Messages.word(i.active ? "yes" : "no"), i.jurisdictions?.joined(separator: ",") ?? "*",
                           i.kinds?.joined(separator: ",") ?? "*", "\(i.visitsPerDay ?? 3)", i.conflicts.isEmpty ? "—" : i.conflicts.joined(separator: ",")])
                }
                print(t.render())
            }
        }
    }

    struct Conflict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.text("Declare a conflict of interest (回避): the inspector is never drawn nor planned for the entity.", "登记回避：该检查人员不会被抽中或安排检查该监管对象。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The inspector id.", "检查人员编号。")) var inspector: String
        @Argument(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Option(help: ArgumentHelp("Why (回避事由), kept with the declaration.", "回避事由，随登记一并保存。")) var reason: String

        func run() throws {
            try reportingFailures {
                let id = ConnectionOptions.newRequestID()
                let r = try connection.callRetrying(qualified: Control.SamplingMethod.declareConflict.qualified,
                                                    Control.DeclareConflictRequest(inspector: inspector, entity: entity, reason: reason, requestID: id), requestID: id,
                                            as: Control.ConflictReply.self)
                print(Messages.say(.conflictDeclared, r.conflict.inspector, r.conflict.entity, r.conflict.reason))
            }
        }
    }
}
