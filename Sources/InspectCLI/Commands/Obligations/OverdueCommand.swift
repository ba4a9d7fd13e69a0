import Foundation
import ArgumentParser
import InspectControl

struct OverdueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "overdue", abstract: Help.text("List overdue obligations (逾期), oldest first.", "列出逾期的检查义务，最早的在前。"))

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only the entities of this supervisor id.", "只列该主监管员编号名下的监管对象。", valueName: "ID")) var supervisor: String?
    @OptionGroup var filters: ObligationFilters
    @OptionGroup var page: PageOptions
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

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
