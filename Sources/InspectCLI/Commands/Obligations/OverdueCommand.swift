import Foundation
import ArgumentParser
import InspectControl

struct OverdueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "overdue", abstract: "List overdue obligations (逾期), oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only the entities of this supervisor id.", valueName: "ID")) var supervisor: String?
    @OptionGroup var filters: ObligationFilters
    @OptionGroup var page: PageOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let own = try OwnView.scope(connection, explicit: supervisor != nil || filters.office != nil || page.all)
            own.announce(json: json)
            let request = own.narrow(filters.request(Control.ListObligationsRequest(supervisor: supervisor, overdueOnly: true)))
            try page.pager.show(connection, ControlInterface.Method.listObligations, request, as: Control.ObligationList.self, json: json,
                                rows: ObligationRow.rows, table: obligationTable,
                                command: commandLine("inspectctl overdue", ["supervisor": supervisor]) + filters.arguments + own.arguments,
                                empty: { Messages.say(.nothingOverdue, $0?.today ?? "today") })
        }
    }
}
