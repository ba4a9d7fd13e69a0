import ArgumentParser
import Foundation
import InspectControl

extension ConnectionOptions {
    func call<P: Encodable, R: Decodable>(_ method: Control.HookMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }
}

/// `inspectctl notices-dead`: the notices the command hook (`notices.hook`) gave up on.
struct NoticesDeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices-dead",
        abstract: "List the notices the command hook failed to deliver after all retries (dead letters).")
    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.listDeadLetters, Control.Empty(), as: Control.DeadLetterList.self)
            if json { try printJSON(r.deadLetters); return }
            var t = TextTable(["DEAD SINCE", "KEY", "ENTITY", "RULE", "DUE", "SUPERVISOR", "ATTEMPTS", "LAST ERROR"])
            for d in r.deadLetters {
                t.add([d.deadAt, d.key, d.entity, d.rule, d.due, d.supervisor ?? "—", String(d.attempts), d.lastError ?? "—"])
            }
            print(t.render())
        }
    }
}
