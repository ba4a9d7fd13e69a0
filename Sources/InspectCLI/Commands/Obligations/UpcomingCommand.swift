import Foundation
import ArgumentParser
import InspectControl

struct UpcomingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upcoming",
        abstract: Help.text("List open obligations due within a span of days (overdue ones included), soonest first.", "列出若干天内到期的未完成检查义务（含逾期的），最先到期的在前。"))

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("How far ahead: 30d, 2w or a number of days (at most 3660).", "向后看多久：30d、2w 或天数（最多 3660）。", valueName: "SPAN")) var within: DaySpan = DaySpan(argument: "30d")!
    @Option(help: ArgumentHelp("Only the entities of this supervisor (主监管员) id.", "只列该主监管员编号名下的监管对象。", valueName: "ID")) var supervisor: String?
    @OptionGroup var filters: ObligationFilters
    @OptionGroup var page: PageOptions
    @Flag(help: ArgumentHelp("With each obligation's reminder days (in the JSON: reminders).", "附各项检查义务的提醒日（JSON 中为 reminders）。")) var reminders = false
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

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
