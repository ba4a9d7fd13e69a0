import Foundation
import InspectCore

/// A report's sections as rows of text (issue 14), for the terminal table, the CSV, the workbook
/// and the page alike: one place says what each column is.
enum ReportTables {
    /// A section: its Chinese title, its header and rows; `percentColumns` hold fractions (0…1) or "".
    struct Section {
        var title: String
        var sheet: String
        var header: [String]
        var rows: [[Cell]]
    }

    enum Cell: Equatable {
        case text(String)
        case number(Int)
        /// A fraction 0…1, shown as a percentage; nil: nothing to divide by.
        case percent(Double?)

        var plain: String {
            switch self {
            case .text(let s): s
            case .number(let n): String(n)
            case .percent(let p): p.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
            }
        }
    }

    static let groupingTitle: [ReportGrouping: String] = [
        .supervisor: "主监管员", .office: "机关", .rule: "规则", .kind: "对象类别", .jurisdiction: "辖区", .month: "月份",
    ]

    static func obligationCells(_ t: ObligationTally) -> [Cell] {
        [.number(t.due), .number(t.metOnTime), .number(t.metLate), .number(t.lateWorkingDays), .number(t.open), .number(t.overdue),
         .number(t.waived), .percent(t.completion), .percent(t.onTime)]
    }

    static let obligationHeader = ["应完成", "按时完成", "逾期完成", "逾期工作日", "未到期", "已逾期", "豁免", "完成率", "按时率"]

    static func sections(_ r: PerformanceReport) -> [Section] {
        let by = groupingTitle[r.grouping] ?? r.grouping.rawValue
        var groups = r.groups.map { g in [Cell.text(g.key == g.label ? g.key : "\(g.key) \(g.label)")] + obligationCells(g.obligations) }
        groups.append([.text("合计")] + obligationCells(r.total))
        let months = r.months.map { [Cell.text($0.key)] + obligationCells($0.obligations) }
        let deadlines = r.deadlines.map { d in
            [Cell.text(d.rule), .text(d.title), .number(d.started), .number(d.metOnTime), .number(d.metLate), .number(d.overdue),
             .number(d.running), .number(d.lapsed), .number(d.extended)]
        }
        let sampling = r.sampling.map { s in
            // The quota as two numbers (at least, at most): a range as text ("2–3") cannot be summed
            // or sorted in a spreadsheet.
            [Cell.text(s.rule), .text(s.title), .text(s.periods.joined(separator: ",")),
             .number(s.quotaMin), .number(s.quotaMax), .text(s.unit == "industry" ? "行业" : "单位"),
             .number(s.drawn), .number(s.drawnEntities), .number(s.inspected), .number(s.published)]
        }
        let grades = r.grades.map { [Cell.text($0.scale), .text($0.level), .number($0.entities), .number($0.escalations)] }
        return [
            Section(title: "检查义务（按\(by)）", sheet: "检查义务", header: [by] + obligationHeader, rows: groups),
            Section(title: "月度完成情况", sheet: "月度", header: ["月份"] + obligationHeader, rows: months),
            Section(title: "整改与案件期限（期内起算）", sheet: "期限", header: ["规则", "名称", "起算", "按时", "逾期完成", "已逾期", "进行中", "期满", "延期"], rows: deadlines),
            Section(title: "双随机抽查", sheet: "抽查", header: ["规则", "名称", "期间", "应抽（至少）", "应抽（至多）", "单位", "已抽", "抽中单位", "已检查", "已公示"], rows: sampling),
            Section(title: "风险等级（期末）", sheet: "等级", header: ["等级体系", "等级", "单位数", "期内升级"], rows: grades),
        ]
    }

    static func heading(_ r: PerformanceReport, office: String?) -> String {
        "监管绩效报表 \(r.from) 至 \(r.to)（\(office ?? "全部机关")），截至 \(r.today)"
    }

    static func text(_ r: PerformanceReport, office: String?) -> String {
        var out = heading(r, office: office) + "\n"
        for s in sections(r) {
            out += "\n== \(s.title) ==\n"
            if s.rows.isEmpty { out += "（无）\n"; continue }
            var t = TextTable(s.header)
            for row in s.rows { t.add(row.map(\.plain)) }
            out += t.render() + "\n"
        }
        return out
    }

    /// Every section one after the other, each with its title line and header (UTF-8 with BOM, CRLF).
    static func csv(_ r: PerformanceReport) -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "\u{FEFF}"
        for (i, s) in sections(r).enumerated() {
            if i > 0 { out += "\r\n" }
            out += field(s.title) + "\r\n" + s.header.map(field).joined(separator: ",") + "\r\n"
            for row in s.rows { out += row.map { field($0.plain) }.joined(separator: ",") + "\r\n" }
        }
        return out
    }
}
