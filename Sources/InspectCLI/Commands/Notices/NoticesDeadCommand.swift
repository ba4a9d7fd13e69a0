import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl notices-dead`: the notices the command hooks (`notices.hook`, `notices.hooks`) gave up on.
struct NoticesDeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices-dead",
        abstract: "List the notices a command hook failed to deliver after all retries (dead letters), with the hook's name.")
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var page: PageOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            try page.pager.show(connection, Control.HookMethod.listDeadLetters, Control.ListDeadLettersRequest(), as: Control.DeadLetterList.self, json: json, table: { list in
                var t = TextTable(["DEAD SINCE", "HOOK", "KEY", "ENTITY", "RULE", "DUE", "SUPERVISOR", "ATTEMPTS", "LAST ERROR"])
                for d in list {
                    t.add([d.deadAt, d.hook, d.key, d.entity, d.rule, d.due, d.supervisor ?? "—", String(d.attempts), d.lastError ?? "—"])
                }
                return t.render()
            }, command: "inspectctl notices-dead", empty: "No dead letters.")
        }
    }
}
