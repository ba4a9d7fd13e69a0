import Foundation
import ArgumentParser
import InspectControl

/// `--rule`, `--jurisdiction`, `--kind`, `--status`: narrow a list of obligations (each through an
/// index of the daemon's).
struct ObligationFilters: ParsableArguments {
    @Option(help: ArgumentHelp("Only this rule's obligations.", "只列该规则的检查义务。", valueName: "RULE")) var rule: String?
    @Option(help: ArgumentHelp("Only entities of this jurisdiction (辖区).", "只列该辖区的监管对象。", valueName: "NAME")) var jurisdiction: String?
    @Option(help: ArgumentHelp("Only entities of this kind.", "只列该类别的监管对象。", valueName: "KIND")) var kind: String?
    @Option(help: ArgumentHelp("Only this status: pending, due-soon, due, overdue.", "只列该状态：pending（待办）、due-soon（即将到期）、due（今日到期）、overdue（逾期）。", valueName: "STATUS")) var status: String?
    @Option(help: ArgumentHelp("Only entities this office (its supervisors) is responsible for.", "只列该机关（其主监管员）负责的监管对象。", valueName: "OFFICE")) var office: String?

    /// The options again, for the "N more" line.
    var arguments: String {
        commandLine("", ["rule": rule, "jurisdiction": jurisdiction, "kind": kind, "status": status, "office": office])
    }

    func request(_ r: Control.ListObligationsRequest) -> Control.ListObligationsRequest {
        var r = r
        r.rule = rule; r.jurisdiction = jurisdiction; r.kind = kind; r.status = status; r.office = office
        return r
    }
}
