import ArgumentParser
import InspectControl

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Preview every notice the current facts and rules would produce in a window, without sending anything.",
        discussion: "Replays the daily notice runs (the notice hour on working days; urgent deadlines every day) with the daemon's own decision, escalations included. Notices already sent are not repeated. The daemon sends a day at a time, printed as it comes.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("First day.", valueName: "YYYY-MM-DD")) var from: String
    @Option(help: ArgumentHelp("Last day.", valueName: "YYYY-MM-DD")) var to: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            // Days, not pages: streamed as the daemon replays them, with no cursor to continue from.
            var printer = PagePrinter<Control.Notice>(json: json, table: noticeTable)
            var count = 0
            try connection.stream(.simulate, Control.SimulateRequest(from: from, to: to), as: Control.NoticeList.self) { day in
                try printer.emit(day.notices)
                count += day.notices.count
            }
            printer.finish(nil, command: "", empty: "No notices from \(from) to \(to).")
            if !json && count > 0 { print(Messages.pick("\(count) notices", "共 \(count) 条通知")) }
        }
    }
}
