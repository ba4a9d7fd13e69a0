import ArgumentParser
import Foundation
import InspectControl

extension ConnectionOptions {
    func call<P: Encodable, R: Decodable>(_ method: Control.HookMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }
}

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
            var printer = PagePrinter<Control.DeadLetter>(json: json) { list in
                var t = TextTable(["DEAD SINCE", "HOOK", "KEY", "ENTITY", "RULE", "DUE", "SUPERVISOR", "ATTEMPTS", "LAST ERROR"])
                for d in list {
                    t.add([d.deadAt, d.hook, d.key, d.entity, d.rule, d.due, d.supervisor ?? "—", String(d.attempts), d.lastError ?? "—"])
                }
                return t.render()
            }
            let (_, last) = try page.pages({ limit, after in
                try connection.call(.listDeadLetters, Control.ListDeadLettersRequest(limit: limit, after: after), as: Control.DeadLetterList.self)
            }, stream: { each in
                try connection.stream(qualified: Control.HookMethod.listDeadLetters.qualified, Control.ListDeadLettersRequest(after: page.after),
                                      as: Control.DeadLetterList.self, each: each)
            }, { try printer.emit($0) })
            printer.finish(last, command: "inspectctl notices-dead", empty: "No dead letters.")
        }
    }
}
