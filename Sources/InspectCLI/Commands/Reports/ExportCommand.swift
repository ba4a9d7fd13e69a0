import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl export`: the schedule in formats other programs read (issue 13).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: Help.text("Export what is due in a format other programs read.", "以其他程序可读的格式导出待办事项。"), subcommands: [Ics.self])

    /// `inspectctl export ics`: an RFC 5545 calendar of the open obligations and deadlines.
    struct Ics: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ics",
            abstract: Help.text("Write an iCalendar (RFC 5545) of the open obligations and deadlines: one to-do each, with alarms at the rule's reminders.", "将未完成的检查义务和期限写成 iCalendar（RFC 5545）：每项一个待办，在规则的提醒日提醒。"),
            discussion: Help.text("A supervisor gets their own entities, a manager their office's, unless --supervisor, --office or --all says otherwise. The UIDs are stable: publish the file again and calendars update the same items.", "主监管员得到自己名下的监管对象，负责人得到本机关的，除非 --supervisor、--office 或 --all 另有指定。各项的标识保持不变：再次发布文件，日历更新的是同一批条目。"))

        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("Only this supervisor's entities.", "只列该主监管员名下的监管对象。", valueName: "ID")) var supervisor: String?
        @Option(help: ArgumentHelp("Only the entities of this office's supervisors.", "只列该机关主监管员名下的监管对象。", valueName: "OFFICE")) var office: String?
        @Flag(help: ArgumentHelp("Every entity (not only your own).", "全部监管对象（不只是你名下的）。")) var all = false
        @Option(help: ArgumentHelp("How far ahead: 90d, 8w or a number of days (overdue ones included).", "向后看多久：90d、8w 或天数（含逾期的）。", valueName: "SPAN")) var within: DaySpan = DaySpan(argument: "90d")!
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", "写入该文件，而不是标准输出。", valueName: "FILE")) var output: String?

        func run() throws {
            try reportingFailures {
                let own = try OwnView.scope(connection, explicit: supervisor != nil || office != nil || all)
                let supervisor = supervisor ?? own.supervisor, office = office ?? own.office
                let status = try connection.call(.getStatus, Control.Empty(), as: Control.Status.self)
                let rules = try connection.call(.listRules, Control.Empty(), as: Control.RuleList.self)
                let basis = Dictionary(rules.rules.map { ($0.id, $0.basis) }, uniquingKeysWith: { a, _ in a })
                let minute = status.noticeTime.flatMap(CalendarFeed.time).map { $0.0 * 60 + $0.1 } ?? 8 * 60 + 30
                let name = supervisor.map { "\(status.office) · \($0)" } ?? office.map { "\(status.office) · \($0)" } ?? status.office
                var feed = CalendarFeed(name: name, noticeMinute: minute, stamp: Date())
                var obligations = Control.ListObligationsRequest(withinDays: within.days, supervisor: supervisor, office: office)
                obligations.reminders = true
                try connection.stream(.listObligations, obligations, as: Control.ObligationList.self) { page in
                    for o in page.obligations { feed.add(o, basis: basis[o.rule]) }
                }
                let deadlines = Control.ListDeadlinesRequest(withinDays: within.days, supervisor: supervisor, office: office)
                try connection.stream(qualified: Control.LifecycleMethod.listDeadlines.qualified, deadlines, as: Control.DeadlineList.self) { page in
                    for d in page.deadlines { feed.add(d) }
                }
                let text = feed.text()
                if let output {
                    try OutputFile.write(Data(text.utf8), to: output)
                    FileHandle.standardError.write(Data((Messages.say(.exported, String(feed.count), OutputFile.shown(output)) + "\n").utf8))
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            }
        }
    }
}
