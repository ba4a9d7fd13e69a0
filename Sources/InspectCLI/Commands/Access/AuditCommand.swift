import ArgumentParser
import InspectControl

/// `inspectctl audit`: the audit trail (managers and admins).
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: Help.text("List the audit trail: every write and every refused call, oldest first (managers and admins).", "列出审计记录：每一次写入和每一次被拒绝的调用，最早的在前（负责人和管理员）。"))

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("From this day on.", "自该日起。", valueName: "YYYY-MM-DD")) var since: String?
    @Option(help: ArgumentHelp("Only the calls of this login.", "只列该登录名的调用。", valueName: "LOGIN")) var user: String?
    @Option(help: ArgumentHelp("Only the calls about this entity.", "只列与该监管对象有关的调用。", valueName: "ID")) var entity: String?
    @OptionGroup var page: PageOptions
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func run() throws {
        try reportingFailures {
            try page.pager.show(connection, ControlInterface.Method.listAudit, Control.ListAuditRequest(since: since, user: user, entity: entity),
                                as: Control.AuditList.self, json: json, table: { entries in
                var t = TextTable(["ID", "AT", "USER", "ROLE", "METHOD", "ENTITY", "KEY", "OUTCOME", "REASON"])
                for e in entries {
                    t.add(["\(e.id)", e.at, e.login ?? "uid \(e.uid)", Messages.word(e.role), e.method, e.entity ?? "", e.key ?? "", Messages.word(e.outcome), e.reason.map { AuditReasonText.text($0) } ?? ""])
                }
                return t.render()
            }, command: commandLine("inspectctl audit", ["since": since, "user": user, "entity": entity]), empty: "No audit entries.")
        }
    }
}
