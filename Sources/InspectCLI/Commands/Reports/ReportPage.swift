import Foundation
import InspectCore

/// `report --html FILE`: the report as one self-contained page (issue 14) — no script, no
/// network, the system's fonts — with the tables of every section and three SVG charts: the
/// monthly completion trend, overdue items by supervisor, deadlines met on time, late or overdue.
/// Every figure carries `data-figure="<path in --json>"`, so a test can check it against the JSON.
enum ReportPage {
    static func html(_ r: PerformanceReport, bySupervisor: PerformanceReport, office: String?) -> String {
        let title = ReportTables.heading(r, office: office)
        var body = "<h1>\(escape(title))</h1>\n"
        body += "<section class=\"charts\">\n"
        body += figure("月度完成率", trend(r.months))
        body += figure("逾期项（按主监管员）", bars(bySupervisor.groups.map { ($0.label, $0.obligations.overdue, "supervisor.\($0.key).overdue") }))
        body += figure("整改与案件期限：按时、逾期完成、已逾期", stacked(r.deadlines))
        body += "</section>\n"
        body += tables(r)
        return """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif; margin: 24px; color: #222; }
            h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
            table { border-collapse: collapse; font-size: 13px; }
            th, td { border: 1px solid #bbb; padding: 3px 8px; } td.n { text-align: right; } tr.total td { font-weight: bold; }
            .charts { display: flex; flex-wrap: wrap; gap: 24px; } figure { margin: 0; } figcaption { font-size: 14px; margin-bottom: 4px; }
            svg text { font-size: 11px; fill: #333; }
            @media print { .charts { display: block; } figure { page-break-inside: avoid; } }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func figure(_ caption: String, _ svg: String) -> String {
        "<figure><figcaption>\(escape(caption))</figcaption>\n\(svg)</figure>\n"
    }

    static func pct(_ p: Double?) -> String { p.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    /// Completion and on-time rate by month: two lines over 0–100 %.
    static func trend(_ months: [PerformanceReport.Group]) -> String {
        let w = 460.0, h = 220.0, left = 40.0, bottom = 30.0, top = 10.0
        let step = months.count > 1 ? (w - left - 20) / Double(months.count - 1) : 0
        func x(_ i: Int) -> Double { left + 10 + Double(i) * step }
        func y(_ p: Double) -> Double { top + (h - top - bottom) * (1 - p) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">\n"
        for tick in [0.0, 0.5, 1.0] {
            s += "<line x1=\"\(left)\" x2=\"\(w - 5)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#ddd\"/><text x=\"4\" y=\"\(y(tick) + 4)\">\(Int(tick * 100))%</text>\n"
        }
        for (series, color, value) in [("完成率", "#2b6cb0", { (t: ObligationTally) in t.completion }), ("按时率", "#dd6b20", { (t: ObligationTally) in t.onTime })] {
            let points = months.enumerated().compactMap { i, m in value(m.obligations).map { "\(x(i)),\(y($0))" } }
            if points.count > 1 { s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n" }
            for (i, m) in months.enumerated() {
                guard let v = value(m.obligations) else { continue }
                s += "<circle cx=\"\(x(i))\" cy=\"\(y(v))\" r=\"3\" fill=\"\(color)\"><title>\(escape(m.key)) \(series) \(pct(v))</title></circle>\n"
            }
        }
        // One year: 1月…12月; across years: 26-11, 26-12, 27-01 …
        let oneYear = Set(months.map { $0.key.prefix(4) }).count <= 1
        for (i, m) in months.enumerated() {
            let month = Int(m.key.suffix(2)) ?? 0
            let label = oneYear ? "\(month)月" : String(m.key.dropFirst(2))
            s += "<text x=\"\(x(i) - 10)\" y=\"\(h - 10)\">\(escape(label))</text>\n"
        }
        s += "<text x=\"\(w - 110)\" y=\"\(top + 12)\" style=\"fill:#2b6cb0\">— 完成率</text><text x=\"\(w - 110)\" y=\"\(top + 26)\" style=\"fill:#dd6b20\">— 按时率</text>\n"
        return s + "</svg>\n"
    }

    /// Horizontal bars: a label and a count each.
    static func bars(_ items: [(label: String, value: Int, figure: String)]) -> String {
        let rowH = 22.0, w = 460.0, left = 120.0
        let h = max(40, Double(items.count) * rowH + 10)
        let most = Double(max(1, items.map(\.value).max() ?? 1))
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">\n"
        if items.isEmpty { s += "<text x=\"10\" y=\"20\">（无）</text>\n" }
        for (i, item) in items.enumerated() {
            let y = 5 + Double(i) * rowH, len = (w - left - 50) * Double(item.value) / most
            s += "<text x=\"4\" y=\"\(y + 14)\">\(escape(String(item.label.prefix(10))))</text>"
            s += "<rect x=\"\(left)\" y=\"\(y)\" width=\"\(len)\" height=\"\(rowH - 6)\" fill=\"#c53030\"/>"
            s += "<text x=\"\(left + len + 4)\" y=\"\(y + 14)\" data-figure=\"\(escape(item.figure))\">\(item.value)</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Per deadline rule: a bar of met on time, met late and overdue, stacked.
    static func stacked(_ rows: [PerformanceReport.DeadlineRow]) -> String {
        let shown = rows.filter { $0.started > 0 }
        let rowH = 22.0, w = 460.0, left = 60.0
        let h = max(60, Double(shown.count) * rowH + 30)
        let most = Double(max(1, shown.map { $0.metOnTime + $0.metLate + $0.overdue }.max() ?? 1))
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">\n"
        if shown.isEmpty { s += "<text x=\"10\" y=\"20\">（期内无起算的期限）</text>\n" }
        for (i, d) in shown.enumerated() {
            let y = 5 + Double(i) * rowH
            s += "<text x=\"4\" y=\"\(y + 14)\">\(escape(d.rule))</text>"
            var x = left
            for (value, color, name) in [(d.metOnTime, "#38a169", "met_on_time"), (d.metLate, "#d69e2e", "met_late"), (d.overdue, "#c53030", "overdue")] {
                let len = (w - left - 60) * Double(value) / most
                s += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(len)\" height=\"\(rowH - 6)\" fill=\"\(color)\"><title>\(name) \(value)</title></rect>"
                x += len
            }
            s += "<text x=\"\(x + 4)\" y=\"\(y + 14)\">\(d.metOnTime)/\(d.metLate)/\(d.overdue)</text>\n"
        }
        let ly = h - 12
        s += "<text x=\"\(left)\" y=\"\(ly)\" style=\"fill:#38a169\">■ 按时</text><text x=\"\(left + 60)\" y=\"\(ly)\" style=\"fill:#d69e2e\">■ 逾期完成</text><text x=\"\(left + 150)\" y=\"\(ly)\" style=\"fill:#c53030\">■ 已逾期</text>\n"
        return s + "</svg>\n"
    }

    /// The JSON paths of a section's cells, column by column (nil: a text column).
    static func figurePaths(_ section: Int, _ r: PerformanceReport, row: Int) -> [String?] {
        let obligationKeys = ["due", "met_on_time", "met_late", "late_working_days", "open", "overdue", "waived", "completion", "on_time"]
        switch section {
        case 0:
            let base = row < r.groups.count ? "groups.\(r.groups[row].key)" : "total"
            return [nil] + obligationKeys.map { "\(base).\($0)" }
        case 1: return [nil] + obligationKeys.map { "months.\(r.months[row].key).\($0)" }
        case 2: return [nil, nil] + ["started", "met_on_time", "met_late", "overdue", "running", "lapsed", "extended"].map { "deadlines.\(r.deadlines[row].rule).\($0)" }
        case 3: return [nil, nil, nil, nil, nil] + ["drawn", "drawn_entities", "inspected", "published"].map { "sampling.\(r.sampling[row].rule).\($0)" }
        case 4: return [nil, nil] + ["entities", "escalations"].map { "grades.\(r.grades[row].scale).\(r.grades[row].level).\($0)" }
        default: return []
        }
    }

    static func tables(_ r: PerformanceReport) -> String {
        var out = ""
        for (i, section) in ReportTables.sections(r).enumerated() {
            out += "<h2>\(escape(section.title))</h2>\n"
            if section.rows.isEmpty { out += "<p>（无）</p>\n"; continue }
            out += "<table>\n<tr>" + section.header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
            for (n, row) in section.rows.enumerated() {
                let paths = figurePaths(i, r, row: n)
                let total = i == 0 && n == r.groups.count
                out += total ? "<tr class=\"total\">" : "<tr>"
                for (c, cell) in row.enumerated() {
                    let path = c < paths.count ? paths[c] : nil
                    let attribute = path.map { " data-figure=\"\(escape($0))\"" } ?? ""
                    switch cell {
                    case .text(let s): out += "<td>\(escape(s))</td>"
                    case .number(let v): out += "<td class=\"n\"\(attribute)>\(v)</td>"
                    case .percent(let p): out += "<td class=\"n\"\(attribute)>\(pct(p))</td>"
                    }
                }
                out += "</tr>\n"
            }
            out += "</table>\n"
        }
        return out
    }
}
