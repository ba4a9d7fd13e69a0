import ArgumentParser
import InspectControl

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: Help.text("Explain an entity's obligations: the rule, the facts counted, the dates and the legal basis.", "说明一个监管对象的检查义务：规则、计入的事实、各日期及法律依据。"))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
    @Argument(help: ArgumentHelp("Only this rule.", "只看该规则。")) var rule: String?
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.explain, Control.ExplainRequest(entity: entity, rule: rule), as: Control.ExplainResult.self)
            if json { try printJSON(r.explanations); return }
            if r.explanations.isEmpty { print(Messages.pick("\(entity) owes nothing under the running rules.", "按现行规则，\(entity) 没有检查义务。")); return }
            let zh = Language.current == .chinese
            for e in r.explanations {
                let o = e.obligation
                let counted = e.counted.map { "\($0.date) \(Messages.word($0.kind)) #\($0.id)" + ($0.recordedBy.map { " (\(personText($0)))" } ?? "") }.joined(separator: ", ")
                print("\(o.key)  [\(Messages.status(o.status))]")
                if zh {
                    // The rule's title says its demand in Chinese; the generated summary (who, demand) is English.
                    print("  规则：\(e.rule.id) \(e.rule.title)（\(e.rule.source.joined(separator: "、"))）— \(Messages.word(e.rule.who))")
                    print("  期间：\(o.windowStart) … \(o.windowEnd)")
                    print("  到期：\(o.due)\(o.provisional ? "（暂定）" : "")；\(e.remindFrom) 起提醒")
                    if let p = o.planned { print("  计划：\(p)\(o.plannedAfterDue ? "  ← 晚于法定到期日" : "")") }
                    if let w = o.waivedReason { print("  豁免：\(w)") }
                    print("  已计：\(o.done)/\(o.required)" + (counted.isEmpty ? "" : "：" + counted))
                    print("  依据：\(e.rule.basis)")
                } else {
                    print("  rule:    \(e.rule.id) \(e.rule.title) (\(e.rule.source.joined(separator: ", "))) — \(e.rule.who): \(e.rule.demand)")
                    print("  window:  \(o.windowStart) … \(o.windowEnd)")
                    print("  due:     \(o.due)\(o.provisional ? " (provisional)" : ""); reminders from \(e.remindFrom)")
                    if let p = o.planned { print("  planned: \(p)\(o.plannedAfterDue ? "  ← after the legal due date" : "")") }
                    if let w = o.waivedReason { print("  waived:  \(w)") }
                    print("  counted: \(o.done) of \(o.required)" + (counted.isEmpty ? "" : ": " + counted))
                    print("  basis:   \(e.rule.basis)")
                }
                print("")
            }
        }
    }
}
