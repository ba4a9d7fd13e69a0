import ArgumentParser
import Foundation
import InspectControl

struct RectificationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectification", abstract: "Rectification orders (整改): order, report, verify, follow up (RULES.md D01–D04).",
        subcommands: [Order.self, Report.self, Verify.self, FollowUp.self, Extend.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct Order: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve a rectification order; its deadline starts (D01 2 months, D02 30 days, D03 a date set).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The entity id.") var entity: String
        @Option(help: ArgumentHelp("Served on (default today).", valueName: "YYYY-MM-DD")) var date: String?
        @Option(help: ArgumentHelp("The deadline rule: D01, D02 or D03.", valueName: "RULE")) var rule: String
        @Option(help: ArgumentHelp("For D03: the date set by the inspector.", valueName: "YYYY-MM-DD")) var deadline: String?
        @Option(help: ArgumentHelp("The order's id (default: assigned, R-YYYY-N).", valueName: "ID")) var id: String?
        @Option(help: "The findings.") var findings: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                var a = ["rule": rule]
                if let deadline { a["deadline"] = deadline }
                try recordEvent(connection, subject: id, entity: entity, kind: "rectification.ordered", at: date, attributes: a, note: findings, json: json)
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The rectification report was received.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        func run() throws { try reportingFailures { try event.record(connection, kind: "rectification.report-received") } }
    }


    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify the rectification: accepted or rejected.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Flag(inversion: .prefixedNo, help: "Accepted (--accepted) or rejected (--no-accepted).") var accepted: Bool
        @Option(help: "A note.") var note: String?
        func run() throws {
            try reportingFailures { try event.record(connection, kind: "rectification.verified", attributes: ["accepted": accepted ? "yes" : "no"], note: note) }
        }
    }


    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "follow-up", abstract: "The follow-up re-inspection (复查) took place (D04).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        func run() throws { try reportingFailures { try event.record(connection, kind: "rectification.follow-up") } }
    }


    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Extend the rectification deadline (where the rule allows it).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: ArgumentHelp("By how long, e.g. 30d.", valueName: "PERIOD")) var by: String?
        @Option(help: "The approval reference.") var approval: String?
        func run() throws {
            try reportingFailures {
                var a: [String: String] = [:]
                if let by { a["by"] = by }
                if let approval { a["approval"] = approval }
                try event.record(connection, kind: "rectification.extended", attributes: a)
            }
        }
    }


    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rectification deadlines.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this entity.") var entity: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                try listDeadlines(connection, entity: entity, json: json, empty: "No rectification orders.") {
                    $0.subject.hasPrefix("R-") || ["D01", "D02", "D03", "D04"].contains($0.rule)
                }
            }
        }
    }
}
