import Foundation
import ArgumentParser
import InspectControl

/// `--rule`, `--jurisdiction`, `--kind`, `--status`: narrow a list of obligations (each through an
/// index of the daemon's).
struct ObligationFilters: ParsableArguments {
    @Option(help: ArgumentHelp("Only this rule's obligations.", valueName: "RULE")) var rule: String?
    @Option(help: ArgumentHelp("Only entities of this jurisdiction (辖区).", valueName: "NAME")) var jurisdiction: String?
    @Option(help: ArgumentHelp("Only entities of this kind.", valueName: "KIND")) var kind: String?
    @Option(help: ArgumentHelp("Only this status: pending, due-soon, due, overdue.", valueName: "STATUS")) var status: String?
    @Option(help: ArgumentHelp("Only entities this office (its supervisors) is responsible for.", valueName: "OFFICE")) var office: String?

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
