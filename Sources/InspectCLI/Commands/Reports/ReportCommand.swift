import ArgumentParser
import Foundation
import InspectControl
import InspectCore

/// `inspectctl report`: the manager's figures for a period (issue 14) — obligations due, met on
/// time or late, open, overdue, waived, by a grouping; deadlines; sampling; grades — as a table,
/// JSON, CSV, an Excel workbook or an HTML page with charts.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: Help.text("The manager's report: completion, deadlines, sampling, grades.", "负责人报表：完成情况、期限、抽查、等级。"),
        // One paragraph without hard line breaks: the help wraps it to the terminal's width (a
        // break inside a paragraph left a short line after each wrapped one), and inspectctl(1)
        // has it as one paragraph too (an empty line is an error in mdoc).
        discussion: Help.text("""
        The period: --month 2026-03, --quarter 2026-Q1, --year 2026, or --from/--to (at most 731 days); \
        default: the current quarter. \
        The grouping: --by supervisor (default), office, rule, kind, jurisdiction or month. \
        The office: a supervisor's or manager's own by default (--all-offices for every office), or --office NAME. \
        The figures come from the same obligations as `plan`. \
        Outputs: a table; --json; --csv (UTF-8 with BOM, for Excel); --xlsx FILE (a sheet per section, each \
        opening with a title row: period, office, as of); --html FILE (one self-contained page with charts). \
        Each file written is confirmed on standard error; standard output stays the report.
        """, """
        期间：--month 2026-03、--quarter 2026-Q1、--year 2026，或 --from/--to（最多 731 天）；默认为本季度。分组：--by supervisor（按主监管员，默认）、office（按机关）、rule（按规则）、kind（按类别）、jurisdiction（按辖区）或 month（按月）。机关：默认为主监管员或负责人本人所在机关（--all-offices 为全部机关），或用 --office 名称 指定。各项数字与 plan 出自同样的检查义务。输出：表格；--json；--csv（UTF-8 编码，带 BOM，供 Excel 使用）；--xlsx 文件（每部分一个工作表，首行为标题：期间、机关、截至时间）；--html 文件（一个带图表的独立页面）。每写出一个文件都在标准错误上确认；标准输出只有报表本身。
        """))

    func confirm(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("A month, e.g. 2026-03.", "月份，例如 2026-03。", valueName: "YYYY-MM")) var month: String?
    @Option(help: ArgumentHelp("A quarter, e.g. 2026-Q1.", "季度，例如 2026-Q1。", valueName: "YYYY-Qn")) var quarter: String?
    @Option(help: ArgumentHelp("A year, e.g. 2026.", "年份，例如 2026。", valueName: "YYYY")) var year: Int?
    @Option(help: ArgumentHelp("First day (with --to).", "第一天（与 --to 同用）。", valueName: "DATE")) var from: String?
    @Option(help: ArgumentHelp("Last day (with --from).", "最后一天（与 --from 同用）。", valueName: "DATE")) var to: String?
    @Option(help: ArgumentHelp("Group by: \(ReportGrouping.allCases.map(\.rawValue).joined(separator: ", ")).",
                                 "分组方式：\(Help.valueList(ReportGrouping.allCases.map(\.rawValue)))。", valueName: "GROUPING")) var by: String = "supervisor"
    @Option(help: ArgumentHelp("Only this office's entities.", "只列该机关的监管对象。", valueName: "NAME")) var office: String?
    @Flag(help: ArgumentHelp("Every office, also for a supervisor or manager.", "全部机关，主监管员或负责人也一样。")) var allOffices = false
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
    @Flag(help: ArgumentHelp("Print CSV (UTF-8 with BOM).", "以 CSV 输出（UTF-8 编码，带 BOM）。")) var csv = false
    @Option(help: ArgumentHelp("Write an Excel workbook (.xlsx) here.", "将 Excel 工作簿（.xlsx）写到这里。", valueName: "FILE")) var xlsx: String?
    @Option(help: ArgumentHelp("Write a self-contained HTML page with charts here.", "将带图表的独立 HTML 页面写到这里。", valueName: "FILE")) var html: String?

    func validate() throws {
        let periods = [month != nil, quarter != nil, year != nil, from != nil || to != nil].filter { $0 }.count
        if periods > 1 { throw ValidationError(Messages.pick("give one of --month, --quarter, --year, --from/--to", "请只给出 --month、--quarter、--year、--from/--to 之一")) }
        if (from == nil) != (to == nil) { throw ValidationError(Messages.pick("--from and --to go together", "--from 与 --to 须同时给出")) }
        if ReportGrouping(rawValue: by) == nil { throw ValidationError(Messages.pick("--by must be one of \(ReportGrouping.allCases.map(\.rawValue).joined(separator: ", "))",
                                                                             "--by 须为以下之一：\(ReportGrouping.allCases.map(\.rawValue).joined(separator: "、"))")) }
        if json && csv { throw ValidationError(Messages.pick("--json and --csv exclude each other", "--json 与 --csv 不能同时给出")) }
        if office != nil && allOffices { throw ValidationError(Messages.pick("--office and --all-offices exclude each other", "--office 与 --all-offices 不能同时给出")) }
        if let year, !(2000...2099).contains(year) { throw ValidationError(Messages.pick("--year must be 2000…2099", "--year 须为 2000…2099")) }
    }

    /// The period the options name (`today` for the default quarter); nil with the reason.
    static func period(month: String?, quarter: String?, year: Int?, from: String?, to: String?, today: CivilDate) -> Result<(CivilDate, CivilDate), ValidationError> {
        func range(_ label: String) -> Result<(CivilDate, CivilDate), ValidationError> {
            guard let p = CalendarPeriod(label: label) else { return .failure(ValidationError(Messages.pick("'\(label)' is not a period", "“\(label)”不是期间"))) }
            return .success((p.start, p.end))
        }
        if let month {
            guard month.count == 7, let p = CalendarPeriod(label: month), p.unit == .month else { return .failure(ValidationError(Messages.pick("--month: '\(month)' is not YYYY-MM", "--month：“\(month)”不是 YYYY-MM"))) }
            return .success((p.start, p.end))
        }
        if let quarter {
            guard let p = CalendarPeriod(label: quarter), p.unit == .quarter else { return .failure(ValidationError(Messages.pick("--quarter: '\(quarter)' is not YYYY-Qn", "--quarter：“\(quarter)”不是 YYYY-Qn"))) }
            return .success((p.start, p.end))
        }
        if let year { return range(String(year)) }
        if let from, let to {
            guard let a = CivilDate(iso: from) else { return .failure(ValidationError(Messages.pick("--from: '\(from)' is not a date", "--from：“\(from)”不是日期"))) }
            guard let b = CivilDate(iso: to) else { return .failure(ValidationError(Messages.pick("--to: '\(to)' is not a date", "--to：“\(to)”不是日期"))) }
            return .success((a, b))
        }
        let q = CalendarPeriod(unit: .quarter, containing: today)
        return .success((q.start, q.end))
    }

    func run() throws {
        try reportingFailures {
            let status = try connection.call(.getStatus, Control.Empty(), as: Control.Status.self)
            guard let today = CivilDate(iso: status.today) else { throw CLIFailure(Messages.say(.daemonTodayNotADate, status.today), code: CLIFailure.dataError) }
            let (first, last) = try Self.period(month: month, quarter: quarter, year: year, from: from, to: to, today: today).get()
            var scope = office
            var note: String?
            if scope == nil && !allOffices {
                let own = try OwnView.scope(connection, explicit: false)
                if let o = own.office {
                    scope = o
                } else if own.supervisor != nil {
                    let w = try connection.call(.whoAmI, Control.Empty(), as: Control.WhoAmI.self)
                    scope = w.office
                }
                if let scope { note = "Your office (\(scope)); --all-offices for every office." }
            }
            let report = try connection.call(qualified: Control.ReportMethod.getReport.qualified,
                                             Control.GetReportRequest(from: first.iso, to: last.iso, by: by, office: scope),
                                             as: Control.ReportReply.self).report
            // Each file written is confirmed on standard error, one line naming it: standard
            // output stays the report itself (table, --json, --csv), also in a pipe.
            if let xlsx {
                let sheets = try ReportWorkbook.write(report, office: scope, to: xlsx)
                confirm(Messages.say(.wroteWorkbook, OutputFile.shown(xlsx), String(sheets)))
            }
            if let html {
                // The page's "overdue by supervisor" chart needs the figures by supervisor.
                let bySupervisor = report.grouping == .supervisor ? report : try connection.call(
                    qualified: Control.ReportMethod.getReport.qualified,
                    Control.GetReportRequest(from: first.iso, to: last.iso, by: ReportGrouping.supervisor.rawValue, office: scope),
                    as: Control.ReportReply.self).report
                try OutputFile.write(Data(ReportPage.html(report, bySupervisor: bySupervisor, office: scope).utf8), to: html)
                confirm(Messages.say(.wrotePage, OutputFile.shown(html)))
            }
            if json { try printJSON(report); return }
            if csv { print(ReportTables.csv(report), terminator: ""); return }
            if xlsx != nil || html != nil, isatty(STDOUT_FILENO) != 1 { return }
            if let note, isatty(STDOUT_FILENO) == 1 { print(note) }
            print(ReportTables.text(report, office: scope))
        }
    }
}
