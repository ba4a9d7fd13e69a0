import ArgumentParser
import Foundation
import InspectControl

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: Help.text("Cases (案件): file, transfer, extend, close (RULES.md E01–E05).", "案件：立案、移送、延期、结案（RULES.md E01–E05）。"),
        subcommands: [File.self, Transfer.self, Supervise.self, Extend.self, Close.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("File a case: the investigation deadline starts (E01: 60 working days).", "立案：办案期限开始计算（E01：60 个工作日）。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Option(help: ArgumentHelp("Filed on (default today).", "立案日期（默认今天）。", valueName: "YYYY-MM-DD")) var date: String?
        @Option(help: ArgumentHelp("The case id (default: assigned, CASE-YYYY-N).", "案件编号（默认自动分配，CASE-YYYY-N）。", valueName: "ID")) var id: String?
        @Option(help: ArgumentHelp("A note.", "备注。")) var note: String?
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures { try recordEvent(connection, subject: id, entity: entity, kind: "case.filed", at: date, attributes: [:], note: note, json: json) }
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.text("A case belongs to another authority (E04: transfer within 3 working days, urgent 24 hours), or it was transferred (--to).", "案件不属本机关管辖（E04：3 个工作日内移送，紧急的 24 小时内），或已经移送（--to）。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: ArgumentHelp("The receiving authority: records the transfer itself.", "接收机关：据此记录移送本身。")) var to: String?
        @Flag(help: ArgumentHelp("Urgent: 24 hours instead of 3 working days.", "紧急：24 小时，而非 3 个工作日。")) var urgent = false
        func run() throws {
            try reportingFailures {
                if let to { try event.record(connection, kind: "case.transferred", attributes: ["to": to]) }
                else { try event.record(connection, kind: "case.found-elsewhere", attributes: ["urgent": urgent ? "yes" : "no"]) }
            }
        }
    }


    struct Supervise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Put a case under supervision (挂牌督办, E02) with its deadline (at most 2 months).", "挂牌督办案件（E02），并给出期限（最长 2 个月）。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: ArgumentHelp("The deadline set.", "督办期限。", valueName: "YYYY-MM-DD")) var deadline: String
        func run() throws { try reportingFailures { try event.record(connection, kind: "case.supervised", attributes: ["deadline": deadline]) } }
    }


    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Extend a case deadline with its approval (E01: once by 30 working days; E02: ≤ 30 days, asked ≥ 15 days before).", "经批准延长办案期限（E01：可延长一次，30 个工作日；E02：不超过 30 日，须提前 15 日以上申请）。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: ArgumentHelp("The approval reference.", "批准文号。")) var approval: String
        @Option(help: ArgumentHelp("Which deadline rule (E01 or E02) when both run.", "两项期限同时进行时，延长哪一项（E01 或 E02）。", valueName: "RULE")) var rule: String?
        @Option(help: ArgumentHelp("By how long (E02), e.g. 20d.", "延长多久（E02），例如 20d。", valueName: "PERIOD")) var by: String?
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
        static let configuration = CommandConfiguration(abstract: Help.text("Close a case (E03 closing report within 10 days for supervised cases; E05 referral within 10 working days).", "结案（挂牌督办案件 10 日内报送结案报告，E03；10 个工作日内移送纪检监察机关，E05）。"))
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Flag(name: .customLong("public-servant"), help: ArgumentHelp("A party member or public servant was penalised (E05).", "党员或公职人员受到处罚（E05）。")) var publicServant = false
        func run() throws { try reportingFailures { try event.record(connection, kind: "case.closed", attributes: ["public_servant": publicServant ? "yes" : "no"]) } }
    }


    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("List case deadlines.", "列出案件期限。"))
        @OptionGroup var connection: ConnectionOptions
        @Option(help: ArgumentHelp("Only this entity.", "只列该监管对象的。")) var entity: String?
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                try listDeadlines(connection, entity: entity, json: json, empty: "No cases.") { $0.rule.hasPrefix("E") }
            }
        }
    }
}
