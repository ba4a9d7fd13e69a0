import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl inspector add|list|conflict`: the inspector pool of sample draws (双随机) and
/// declared conflicts of interest (回避, RULES.md P07).
struct InspectorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspector", abstract: "The inspector pool drawn from in sample draws, and conflicts of interest (回避).",
        subcommands: [Add.self, List.self, Conflict.self])
    @OptionGroup var connection: ConnectionOptions

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an inspector to the pool.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The inspector id (e.g. the enforcement certificate number).") var id: String
        @Option(help: "The inspector's name.") var name: String
        @Option(help: "The inspector's office.") var office: String?

        func run() throws {
            try reportingFailures {
                let r = try connection.call(.addInspector, Control.AddInspectorRequest(id: id, name: name, office: office), as: Control.InspectorReply.self)
                print(Messages.say(.inspectorAdded, r.inspector.id, r.inspector.name, r.inspector.office.map { " (\($0))" } ?? ""))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the inspector pool with declared conflicts.")
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reportingFailures {
                let r = try connection.call(.listInspectors, Control.Empty(), as: Control.InspectorList.self)
                if json { try printJSON(r.inspectors); return }
                if r.inspectors.isEmpty { print("No inspectors in the pool (add one: inspectctl inspector add ID --name NAME)."); return }
                var t = TextTable(["ID", "NAME", "OFFICE", "ACTIVE", "CONFLICTS (回避)"])
                for i in r.inspectors {
                    t.add([i.id, i.name, i.office ?? "—", i.active ? "yes" : "no", i.conflicts.isEmpty ? "—" : i.conflicts.joined(separator: ",")])
                }
                print(t.render())
            }
        }
    }

    struct Conflict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare a conflict of interest (回避): the inspector is never drawn for the entity.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The inspector id.") var inspector: String
        @Argument(help: "The entity id.") var entity: String
        @Option(help: "Why (回避事由), kept with the declaration.") var reason: String

        func run() throws {
            try reportingFailures {
                let id = ConnectionOptions.newRequestID()
                let r = try connection.callRetrying(qualified: Control.SamplingMethod.declareConflict.qualified,
                                                    Control.DeclareConflictRequest(inspector: inspector, entity: entity, reason: reason, requestID: id), requestID: id,
                                            as: Control.ConflictReply.self)
                print(Messages.say(.conflictDeclared, r.conflict.inspector, r.conflict.entity, r.conflict.reason))
            }
        }
    }
}
