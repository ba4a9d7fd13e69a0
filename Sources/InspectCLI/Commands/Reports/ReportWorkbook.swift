import CXlsxWriter
import Foundation
import InspectCore

/// `report --xlsx FILE`: the report as an Excel workbook (issue 14), with libxlsxwriter — one
/// sheet per section, the header row bold and frozen, counts as numbers and rates as percentage
/// cells (`0.0%`), so a manager can sort, filter and chart them in Excel or WPS.
enum ReportWorkbook {
    static func write(_ report: PerformanceReport, office: String?, to path: String) throws {
        guard let workbook = workbook_new(path) else { throw CLIFailure("cannot create \(path)", code: CLIFailure.ioError) }
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        let percent = workbook_add_format(workbook)
        format_set_num_format(percent, "0.0%")
        var problem: String?
        for section in ReportTables.sections(report) {
            guard let sheet = workbook_add_worksheet(workbook, section.sheet) else { problem = "cannot add the sheet \(section.sheet)"; break }
            // Row 0: the header (frozen); the report's title is in the workbook's properties.
            for (c, title) in section.header.enumerated() { worksheet_write_string(sheet, 0, lxw_col_t(c), title, bold) }
            worksheet_freeze_panes(sheet, 1, 0)
            for (r, row) in section.rows.enumerated() {
                for (c, cell) in row.enumerated() {
                    let (rr, cc) = (lxw_row_t(r + 1), lxw_col_t(c))
                    switch cell {
                    case .text(let s): worksheet_write_string(sheet, rr, cc, s, nil)
                    case .number(let n): worksheet_write_number(sheet, rr, cc, Double(n), nil)
                    case .percent(let p?): worksheet_write_number(sheet, rr, cc, p, percent)
                    case .percent(nil): worksheet_write_blank(sheet, rr, cc, percent)
                    }
                }
            }
            // Wide enough for the longest text of each column (CJK counts double).
            for c in section.header.indices {
                let width = ([section.header[c]] + section.rows.compactMap { c < $0.count ? $0[c].plain : nil }).map(DisplayWidth.of).max() ?? 8
                worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), Double(min(max(width, 6), 60)) + 2, nil)
            }
        }
        let title = ReportTables.heading(report, office: office)
        var properties = lxw_doc_properties()
        let result: lxw_error = title.withCString { t in
            "inspectd".withCString { a in
                properties.title = UnsafeMutablePointer(mutating: t)
                properties.author = UnsafeMutablePointer(mutating: a)
                workbook_set_properties(workbook, &properties)
                return workbook_close(workbook)  // writes the file and frees the workbook
            }
        }
        if let problem { throw CLIFailure(problem, code: CLIFailure.ioError) }
        guard result == LXW_NO_ERROR else {
            throw CLIFailure("cannot write \(path): \(String(cString: lxw_strerror(result)))", code: CLIFailure.ioError)
        }
    }
}
