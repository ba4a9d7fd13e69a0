import ArgumentParser
import Foundation
import InspectControl

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Cases (案件): file, transfer, extend, close (RULES.md E01–E05).",
        subcommands: [File.self, Transfer.self, Supervise.self, Extend.self, Close.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "File a case: the investigation deadline starts (E01: 60 working days).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The entity id.") var entity: String
        @Option(help: ArgumentHelp("Filed on (default today).", valueName: "YYYY-MM-DD")) var date: String?
        @Option(help: ArgumentHelp("The case id (default: assigned, CASE-YYYY-N).", valueName: "ID")) var id: String?
        @Option(help: "A note.") var note: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures { try recordEvent(connection, subject: id, entity: entity, kind: "case.filed", at: date, attributes: [:], note: note, json: json) }
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A case belongs to another authority (E04: transfer within 3 working days, urgent 24 hours), or it was transferred (--to).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: "The receiving authority: records the transfer itself.") var to: String?
        @Flag(help: "Urgent: 24 hours instead of 3 working days.") var urgent = false
        func run() throws {
            try reportingFailures {
                if let to { try event.record(connection, kind: "case.transferred", attributes: ["to": to]) }
                else { try event.record(connection, kind: "case.found-elsewhere", attributes: ["urgent": urgent ? "yes" : "no"]) }
            }
        }
    }


    struct Supervise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a case under supervision (挂牌督办, E02) with its deadline (at most 2 months).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: ArgumentHelp("The deadline set.", valueName: "YYYY-MM-DD")) var deadline: String
        func run() throws { try reportingFailures { try event.record(connection, kind: "case.supervised", attributes: ["deadline": deadline]) } }
    }


    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Extend a case deadline with its approval (E01: once by 30 working days; E02: ≤ 30 days, asked ≥ 15 days before).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: "The approval reference.") var approval: String
        @Option(help: ArgumentHelp("Which deadline rule (E01 or E02) when both run.", valueName: "RULE")) var rule: String?
        @Option(help: ArgumentHelp("By how long (E02), e.g. 20d.", valueName: "PERIOD")) var by: String?
        func run() throws {
            try reportingFailures {
                var a = ["approval": approval]
                if let rule { a["rule"] = rule }
                if let by { a["by"] = by }
                try event.record(connection, kind: "case.extended", attributes: a)
            }
        }
    }


    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a case (E03 closing report within 10 days for supervised cases; E05 referral within 10 working days).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Flag(name: .customLong("public-servant"), help: "A party member or public servant was penalised (E05).") var publicServant = false
        func run() throws { try reportingFailures { try event.record(connection, kind: "case.closed", attributes: ["public_servant": publicServant ? "yes" : "no"]) } }
    }


    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List case deadlines.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this entity.") var entity: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                try listDeadlines(connection, entity: entity, json: json, empty: "No cases.") { $0.rule.hasPrefix("E") }
            }
        }
    }
}
