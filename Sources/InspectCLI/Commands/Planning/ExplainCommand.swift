import ArgumentParser
import InspectControl

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain an entity's obligations: the rule, the facts counted, the dates and the legal basis.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The entity id.") var entity: String
    @Argument(help: "Only this rule.") var rule: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.explain, Control.ExplainRequest(entity: entity, rule: rule), as: Control.ExplainResult.self)
            if json { try printJSON(r.explanations); return }
            if r.explanations.isEmpty { print("\(entity) owes nothing under the running rules."); return }
            for e in r.explanations {
                let o = e.obligation
                print("\(o.key)  [\(o.status)]")
                print("  rule:    \(e.rule.id) \(e.rule.title) (\(e.rule.source.joined(separator: ", "))) — \(e.rule.who): \(e.rule.demand)")
                print("  window:  \(o.windowStart) … \(o.windowEnd)")
                print("  due:     \(o.due)\(o.provisional ? " (provisional)" : ""); reminders from \(e.remindFrom)")
                if let p = o.planned { print("  planned: \(p)\(o.plannedAfterDue ? "  ← after the legal due date" : "")") }
                if let w = o.waivedReason { print("  waived:  \(w)") }
                print("  counted: \(o.done) of \(o.required)" + (e.counted.isEmpty ? "" : ": " + e.counted.map { "\($0.date) \($0.kind) #\($0.id)" + ($0.recordedBy.map { " (\(personText($0)))" } ?? "") }.joined(separator: ", ")))
                print("  basis:   \(e.rule.basis)")
                print("")
            }
        }
    }
}
