import ArgumentParser
import InspectControl

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: Help.text("Preview every notice the current facts and rules would produce in a window, without sending anything.", "预览在一段时间内按当前事实和规则会产生的每一条通知，不发送任何通知。"),
        discussion: Help.text("Replays the daily notice runs (the notice hour on working days; urgent deadlines every day) with the daemon's own decision, escalations included. Notices already sent are not repeated. The daemon sends a day at a time, printed as it comes.", "按守护进程自己的判断（含升级）重演每日的通知批次（工作日的通知时刻；紧急期限每天）。已发送的通知不重复。守护进程逐日发回结果，收到即打印。"))
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("First day.", "第一天。", valueName: "YYYY-MM-DD")) var from: String
    @Option(help: ArgumentHelp("Last day.", "最后一天。", valueName: "YYYY-MM-DD")) var to: String
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

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
