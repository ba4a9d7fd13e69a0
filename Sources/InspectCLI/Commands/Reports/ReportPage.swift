import Foundation
import InspectCore

/// `report --html FILE`: the report as one self-contained page (issue 14) — no script, no
/// network, the system's fonts — with the tables of every section and three SVG charts: the
/// monthly completion trend, overdue items by supervisor, deadlines by state (met on time, late,
/// overdue, running, lapsed).
/// Every figure carries `data-figure="<path in --json>"`, so a test can check it against the JSON.
enum ReportPage {
    static func html(_ r: PerformanceReport, bySupervisor: PerformanceReport, office: String?) -> String {
        let title = ReportTables.heading(r, office: office)
        var body = "<h1>\(escape(title))</h1>\n"
        body += "<section class=\"charts\">\n"
        body += figure("月度完成率", trend(r.months))
        body += figure("逾期项（按主监管员）", bars(bySupervisor.groups.map { ($0.label, $0.obligations.overdue, "supervisor.\($0.key).overdue") }))
        body += figure("整改与案件期限：按时、逾期完成、已逾期、进行中、期满", stacked(r.deadlines))
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
        // Where the two rates are equal (every completion on time) the lines coincide: the first
        // is drawn wide and solid with large hollow rings, the second narrow and dashed with small
        // filled dots, so that both stay visible on top of each other, and the legend says which.
        for series in trendSeries {
            let points = months.enumerated().compactMap { i, m in series.value(m.obligations).map { "\(x(i)),\(y($0))" } }
            if points.count > 1 {
                s += "<polyline fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"\(series.width)\"\(series.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")"
                    + " data-series=\"\(series.name)\" points=\"\(points.joined(separator: " "))\"/>\n"
            }
            for (i, m) in months.enumerated() {
                guard let v = series.value(m.obligations) else { continue }
                let fill = series.hollow ? "fill=\"white\" stroke=\"\(series.color)\" stroke-width=\"2\"" : "fill=\"\(series.color)\""
                s += "<circle cx=\"\(x(i))\" cy=\"\(y(v))\" r=\"\(series.radius)\" \(fill) data-series=\"\(series.name)\"><title>\(escape(m.key)) \(series.name) \(pct(v))</title></circle>\n"
            }
        }
        // One year: 1月…12月; across years: 26-11, 26-12, 27-01 …
        let oneYear = Set(months.map { $0.key.prefix(4) }).count <= 1
        for (i, m) in months.enumerated() {
            let month = Int(m.key.suffix(2)) ?? 0
            let label = oneYear ? "\(month)月" : String(m.key.dropFirst(2))
            s += "<text x=\"\(x(i) - 10)\" y=\"\(h - 10)\">\(escape(label))</text>\n"
        }
        // The legend: each series' own line and marker beside its name.
        for (n, series) in trendSeries.enumerated() {
            let ly = top + 10 + Double(n) * 16, lx = w - 120
            s += "<line x1=\"\(lx)\" x2=\"\(lx + 24)\" y1=\"\(ly)\" y2=\"\(ly)\" stroke=\"\(series.color)\" stroke-width=\"\(series.width)\"\(series.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
            let fill = series.hollow ? "fill=\"white\" stroke=\"\(series.color)\" stroke-width=\"2\"" : "fill=\"\(series.color)\""
            s += "<circle cx=\"\(lx + 12)\" cy=\"\(ly)\" r=\"\(series.radius)\" \(fill)/>"
            s += "<text x=\"\(lx + 30)\" y=\"\(ly + 4)\" style=\"fill:\(series.color)\" data-legend=\"\(series.name)\">\(series.name)</text>\n"
        }
        return s + "</svg>\n"
    }

    /// A line of the trend chart and how it is drawn.
    struct TrendSeries {
        var name: String
        var color: String
        var width: Double
        var dash: String?
        var radius: Double
        var hollow: Bool
        var value: (ObligationTally) -> Double?
    }

    static var trendSeries: [TrendSeries] { [
        TrendSeries(name: "完成率", color: "#2b6cb0", width: 4, dash: nil, radius: 5.5, hollow: true, value: { $0.completion }),
        TrendSeries(name: "按时率", color: "#dd6b20", width: 2, dash: "6 4", radius: 2.5, hollow: false, value: { $0.onTime }),
    ] }

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

    /// The states of a deadline the chart stacks: every one a deadline started in the period can
    /// be in at the report's end, running ones included (a rule with only running deadlines
    /// would otherwise show an empty bar).
    static var deadlineStates: [(name: String, label: String, color: String, value: (PerformanceReport.DeadlineRow) -> Int)] { [
        ("met_on_time", "按时", "#38a169", { $0.metOnTime }), ("met_late", "逾期完成", "#d69e2e", { $0.metLate }),
        ("overdue", "已逾期", "#c53030", { $0.overdue }), ("running", "进行中", "#3182ce", { $0.running }),
        ("lapsed", "期满", "#718096", { $0.lapsed }),
    ] }

    /// Per deadline rule: a bar of its deadlines by state, stacked.
    static func stacked(_ rows: [PerformanceReport.DeadlineRow]) -> String {
        let shown = rows.filter { d in d.started > 0 || deadlineStates.contains { $0.value(d) > 0 } }
        let rowH = 22.0, w = 460.0, left = 60.0
        let h = max(60, Double(shown.count) * rowH + 30)
        let most = Double(max(1, shown.map { d in deadlineStates.map { $0.value(d) }.reduce(0, +) }.max() ?? 1))
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">\n"
        if shown.isEmpty { s += "<text x=\"10\" y=\"20\">（期内无起算的期限）</text>\n" }
        for (i, d) in shown.enumerated() {
            let y = 5 + Double(i) * rowH
            s += "<text x=\"4\" y=\"\(y + 14)\">\(escape(d.rule))</text>"
            var x = left
            for state in deadlineStates {
                let value = state.value(d)
                let len = (w - left - 90) * Double(value) / most
                s += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(len)\" height=\"\(rowH - 6)\" fill=\"\(state.color)\" data-state=\"\(state.name)\"><title>\(state.label) \(value)</title></rect>"
                x += len
            }
            s += "<text x=\"\(x + 4)\" y=\"\(y + 14)\">\(deadlineStates.map { String($0.value(d)) }.joined(separator: "/"))</text>\n"
        }
        let ly = h - 12
        var lx = left
        for state in deadlineStates {
            s += "<text x=\"\(lx)\" y=\"\(ly)\" style=\"fill:\(state.color)\">■ \(state.label)</text>"
            lx += 24 + Double(DisplayWidth.of(state.label)) * 6.5
        }
        return s + "\n</svg>\n"
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
        case 3:
            let rule = "sampling.\(r.sampling[row].rule)."
            return [nil, nil, nil, rule + "quota_min", rule + "quota_max", nil] + ["drawn", "drawn_entities", "inspected", "published"].map { rule + $0 }
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
