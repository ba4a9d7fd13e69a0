import CXlsxWriter
import Foundation
import InspectCore

/// `report --xlsx FILE`: the report as an Excel workbook, with libxlsxwriter — one sheet per
/// section, opening with a title row (section, report, period, office, as of) and the header
/// row bold, both frozen and printed on every page; counts as numbers and rates as percentage
/// cells (`0.0%`), so a manager can sort, filter and chart them in Excel or WPS, and print them.
enum ReportWorkbook {
    /// Writes the workbook; returns how many sheets it has.
    @discardableResult
    static func write(_ report: PerformanceReport, office: String?, to path: String) throws -> Int {
        // The file is created here first: libxlsxwriter creates it only at the end, and says why it
        // cannot only on standard error, in its own words.
        let created = try OutputFile.checkCreatable(path)
        do {
            return try build(report, office: office, to: path)
        } catch {
            if created { unlink(path) }
            throw error
        }
    }

    private static func build(_ report: PerformanceReport, office: String?, to path: String) throws -> Int {
        guard let workbook = workbook_new(path) else { throw OutputFile.failure(.cannotCreate, path, errno: errno) }
        let bold = workbook_add_format(workbook)
        format_set_bold(bold)
        let titleFormat = workbook_add_format(workbook)
        format_set_bold(titleFormat)
        format_set_font_size(titleFormat, 14)
        let percent = workbook_add_format(workbook)
        format_set_num_format(percent, "0.0%")
        let heading = ReportTables.heading(report, office: office)
        let sections = ReportTables.sections(report)
        var problem: String?
        for section in sections {
            guard let sheet = workbook_add_worksheet(workbook, section.sheet) else { problem = Messages.pick("cannot add the sheet \(section.sheet)", "无法添加工作表 \(section.sheet)"); break }
            // Row 0: what the sheet covers — a printout on its own says report, period, office
            // and as of; row 1: the header. Both frozen, and repeated on every printed page.
            let last = lxw_col_t(max(section.header.count, 1) - 1)
            worksheet_merge_range(sheet, 0, 0, 0, last, "\(section.title) — \(heading)", titleFormat)
            worksheet_set_row(sheet, 0, 22, nil)
            for (c, title) in section.header.enumerated() { worksheet_write_string(sheet, 1, lxw_col_t(c), title, bold) }
            worksheet_freeze_panes(sheet, 2, 0)
            worksheet_repeat_rows(sheet, 0, 1)
            worksheet_set_landscape(sheet)
            worksheet_set_paper(sheet, 9)  // A4
            worksheet_fit_to_pages(sheet, 1, 0)  // as wide as one page, as long as it takes
            for (r, row) in section.rows.enumerated() {
                for (c, cell) in row.enumerated() {
                    let (rr, cc) = (lxw_row_t(r + 2), lxw_col_t(c))
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
        var properties = lxw_doc_properties()
        let (result, code): (lxw_error, Int32) = heading.withCString { t in
            "inspectd".withCString { a in
                properties.title = UnsafeMutablePointer(mutating: t)
                properties.author = UnsafeMutablePointer(mutating: a)
                workbook_set_properties(workbook, &properties)
                // writes the file and frees the workbook; the library's own "[ERROR]" lines are
                // kept off the terminal: the sentence below says what failed.
                return withoutStandardError { (workbook_close(workbook), errno) }
            }
        }
        if let problem { throw CLIFailure(Messages.say(.cannotWrite, path, problem), code: CLIFailure.cannotCreate) }
        guard result == LXW_NO_ERROR else {
            let cause = result == LXW_ERROR_CREATING_XLSX_FILE || result == LXW_ERROR_CREATING_TMPFILE ? OutputFile.cause(code)
                : Messages.pick(String(cString: lxw_strerror(result)), "Excel 工作簿写入出错（错误代码 \(result.rawValue)）")
            throw CLIFailure(Messages.say(.cannotWrite, path, cause), code: CLIFailure.cannotCreate)
        }
        return sections.count
    }

    /// Runs `body` with standard error pointed at /dev/null (a C library that prints there;
    /// C's stderr is unbuffered, so nothing of it is left to flush afterwards).
    private static func withoutStandardError<T>(_ body: () -> T) -> T {
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard null >= 0 else { return body() }
        let saved = dup(STDERR_FILENO)
        guard saved >= 0 else { close(null); return body() }
        dup2(null, STDERR_FILENO)
        close(null)
        defer { dup2(saved, STDERR_FILENO); close(saved) }
        return body()
    }
}
