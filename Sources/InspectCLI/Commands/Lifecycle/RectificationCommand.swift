import ArgumentParser
import Foundation
import InspectControl

struct RectificationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectification", abstract: Help.text("Rectification orders (整改): order, report, verify, follow up (RULES.md D01–D04).", "整改：责令整改、整改报告、整改验收、复查（RULES.md D01–D04）。"),
        subcommands: [Order.self, Report.self, Verify.self, FollowUp.self, Extend.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct Order: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Serve a rectification order; its deadline starts (D01 2 months, D02 30 days, D03 a date set).", "送达责令整改通知，整改期限开始计算（D01 2 个月，D02 30 日，D03 指定日期）。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Option(help: ArgumentHelp("Served on (default today).", "送达日期（默认今天）。", valueName: "YYYY-MM-DD")) var date: String?
        @Option(help: ArgumentHelp("The deadline rule: D01, D02 or D03.", "期限规则：D01、D02 或 D03。", valueName: "RULE")) var rule: String
        @Option(help: ArgumentHelp("For D03: the date set by the inspector.", "用于 D03：检查人员指定的日期。", valueName: "YYYY-MM-DD")) var deadline: String?
        @Option(help: ArgumentHelp("The order's id (default: assigned, R-YYYY-N).", "整改通知编号（默认自动分配，R-YYYY-N）。", valueName: "ID")) var id: String?
        @Option(help: ArgumentHelp("The findings.", "检查发现的问题。")) var findings: String?
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                var a = ["rule": rule]
                if let deadline { a["deadline"] = deadline }
                try recordEvent(connection, subject: id, entity: entity, kind: "rectification.ordered", at: date, attributes: a, note: findings, json: json)
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("The rectification report was received.", "已收到整改报告。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        func run() throws { try reportingFailures { try event.record(connection, kind: "rectification.report-received") } }
    }


    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Verify the rectification: accepted or rejected.", "整改验收：通过或不通过。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Flag(inversion: .prefixedNo, help: ArgumentHelp("Accepted (--accepted) or rejected (--no-accepted).", "通过（--accepted）或不通过（--no-accepted）。")) var accepted: Bool
        @Option(help: ArgumentHelp("A note.", "备注。")) var note: String?
        func run() throws {
            try reportingFailures { try event.record(connection, kind: "rectification.verified", attributes: ["accepted": accepted ? "yes" : "no"], note: note) }
        }
    }


    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "follow-up", abstract: Help.text("The follow-up re-inspection (复查) took place (D04).", "已进行复查（D04）。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        func run() throws { try reportingFailures { try event.record(connection, kind: "rectification.follow-up") } }
    }


    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Extend the rectification deadline (where the rule allows it).", "延长整改期限（规则允许时）。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: ArgumentHelp("By how long, e.g. 30d.", "延长多久，例如 30d。", valueName: "PERIOD")) var by: String?
        @Option(help: ArgumentHelp("The approval reference.", "批准文号。")) var approval: String?
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
        static let configuration = CommandConfiguration(abstract: Help.text("List rectification deadlines.", "列出整改期限。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("Only this entity.", "只列该监管对象的。")) var entity: String?
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                try listDeadlines(connection, entity: entity, json: json, empty: "No rectification orders.") {
                    $0.subject.hasPrefix("R-") || ["D01", "D02", "D03", "D04"].contains($0.rule)
                }
            }
        }
    }
}
