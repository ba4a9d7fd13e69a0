import Foundation
import ArgumentParser
import InspectControl

struct UpcomingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upcoming",
        abstract: "List open obligations due within a span of days (overdue ones included), soonest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("How far ahead: 30d, 2w or a number of days (at most 3660).", valueName: "SPAN")) var within: DaySpan = DaySpan(argument: "30d")!
    @Option(help: ArgumentHelp("Only the entities of this supervisor (主监管员) id.", valueName: "ID")) var supervisor: String?
    @OptionGroup var filters: ObligationFilters
    @OptionGroup var page: PageOptions
    @Flag(help: "With each obligation's reminder days (in the JSON: reminders).") var reminders = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let own = try OwnView.scope(connection, explicit: supervisor != nil || filters.office != nil || page.all)
            own.announce(json: json)
            var request = own.narrow(filters.request(Control.ListObligationsRequest(withinDays: within.days, supervisor: supervisor)))
            if reminders { request.reminders = true }
            try page.pager.show(connection, ControlInterface.Method.listObligations, request, as: Control.ObligationList.self, json: json,
                                rows: ObligationRow.rows, table: obligationTable,
                                command: commandLine("inspectctl upcoming", ["within": "\(within.days)d", "supervisor": supervisor]) + filters.arguments + own.arguments,
                                empty: { Messages.say(.nothingDue, "\(within.days)", $0?.today ?? "today") })
        }
    }
}
