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
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.listDeadLetters, Control.Empty(), as: Control.DeadLetterList.self)
            if json { try printJSON(r.deadLetters); return }
            var t = TextTable(["DEAD SINCE", "HOOK", "KEY", "ENTITY", "RULE", "DUE", "SUPERVISOR", "ATTEMPTS", "LAST ERROR"])
            for d in r.deadLetters {
                t.add([d.deadAt, d.hook, d.key, d.entity, d.rule, d.due, d.supervisor ?? "—", String(d.attempts), d.lastError ?? "—"])
            }
            print(t.render())
        }
    }
}
