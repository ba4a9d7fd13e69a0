import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl export`: the schedule in formats other programs read (issue 13).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export what is due in a format other programs read.", subcommands: [Ics.self])

    /// `inspectctl export ics`: an RFC 5545 calendar of the open obligations and deadlines.
    struct Ics: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ics",
            abstract: "Write an iCalendar (RFC 5545) of the open obligations and deadlines: one to-do each, with alarms at the rule's reminders.",
            discussion: "A supervisor gets their own entities, a manager their office's, unless --supervisor, --office or --all says otherwise. The UIDs are stable: publish the file again and calendars update the same items.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("Only this supervisor's entities.", valueName: "ID")) var supervisor: String?
        @Option(help: ArgumentHelp("Only the entities of this office's supervisors.", valueName: "OFFICE")) var office: String?
        @Flag(help: "Every entity (not only your own).") var all = false
        @Option(help: ArgumentHelp("How far ahead: 90d, 8w or a number of days (overdue ones included).", valueName: "SPAN")) var within: DaySpan = DaySpan(argument: "90d")!
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "FILE")) var output: String?

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
