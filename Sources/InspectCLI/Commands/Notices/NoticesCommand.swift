import ArgumentParser
import InspectControl

struct NoticesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices", abstract: Help.text("The notices that were sent; put dead letters back in their hook's queue.", "已发送的通知；把投递失败的通知放回其通道的队列。"),
        subcommands: [List.self, Retry.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Help.text("List the notices that were sent (the default).", "列出已发送的通知（默认）。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("From this day on.", "自该日起。", valueName: "YYYY-MM-DD")) var since: String?
        @Option(help: ArgumentHelp("Only this supervisor's.", "只列该主监管员的。", valueName: "ID")) var supervisor: String?
        @Option(help: ArgumentHelp("Only the notices of this office's supervisors.", "只列该机关主监管员的通知。", valueName: "OFFICE")) var office: String?
        @OptionGroup var page: PageOptions
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

        func run() throws {
            try reportingFailures {
                // A supervisor's own by default, a manager's office's (issue 12).
                let own = try OwnView.scope(connection, explicit: supervisor != nil || office != nil || page.all)
                own.announce(json: json)
                let supervisor = supervisor ?? own.supervisor
                let office = office ?? own.office
                try page.pager.show(connection, ControlInterface.Method.listNotices, Control.ListNoticesRequest(since: since, supervisor: supervisor, office: office),
                                    as: Control.NoticeList.self, json: json, table: noticeTable,
                                    command: commandLine("inspectctl notices", ["since": since, "supervisor": supervisor, "office": office]),
                                    empty: "No notices sent.")
            }
        }
    }

    /// `inspectctl notices retry KEY… | --all-dead [--hook NAME]` (issue 13: operators see and fix delivery).
    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retry", abstract: Help.text("Put dead letters back in their hook's queue once the cause is fixed: tried again at once (admins).", "排除原因后，把投递失败的通知放回其通道的队列：立即重试（管理员）。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("Keys of dead letters (inspectctl notices-dead).", "投递失败的通知的键（见 inspectctl notices-dead）。", valueName: "KEY")) var keys: [String] = []
        @Flag(name: .customLong("all-dead"), help: ArgumentHelp("Every dead letter.", "全部投递失败的通知。")) var allDead = false
        @Option(help: ArgumentHelp("Only this hook's.", "只列该通道的。", valueName: "NAME")) var hook: String?

        func validate() throws {
            if keys.isEmpty == !allDead { throw ValidationError(Messages.pick("give the keys of the dead letters, or --all-dead", "请给出放弃通知的键，或 --all-dead")) }
        }

        func run() throws {
            try reportingFailures {
                let r = try connection.call(.retryDeadLetters, Control.RetryDeadLettersRequest(keys: allDead ? nil : keys, all: allDead ? true : nil, hook: hook),
                                            as: Control.RetryDeadLettersResult.self)
                print(Messages.say(.requeued, "\(r.requeued)"))
            }
        }
    }
}

/// Notices (sent, or previewed by `simulate`) as a table.
func noticeTable(_ list: [Control.Notice]) -> String {
    var t = TextTable(["DAY", "KIND", "RULE", "PERIOD", "ENTITY", "NAME", "DUE", "SUPERVISOR"])
    for n in list { t.add([n.day, Messages.word(n.kind), n.rule, n.period, n.entity, n.entityName, n.due, n.supervisor ?? "—"]) }
    return t.render()
}
