import Foundation
import InspectCore
import Testing

/// Every row of `../shared/golden/workdays.tsv` (start, period, end), computed independently from
/// Python's `chinesecalendar` under 民法典 第二百零一—二百零三条.
@Suite("Golden working-day file")
struct GoldenWorkdaysTests {
    @Test("every golden row matches")
    func everyRow() throws {
        let path = CalendarFixtures.goldenFile
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("golden file missing or unreadable: \(path) (expected ../shared/golden/workdays.tsv next to the repository)")
            return
        }
        let cal = try CalendarFixtures.calendar()
        var rows = 0, failures = 0
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNo = i + 1
            if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { continue }
            let f = line.split(separator: "\t")
            guard f.count == 3, let start = CivilDate(iso: f[0]), let period = LegalPeriod(String(f[1])),
                  let expected = CivilDate(iso: f[2]) else {
                Issue.record("workdays.tsv:\(lineNo): cannot parse '\(line)'")
                failures += 1
                continue
            }
            rows += 1
            let got = cal.add(period, to: start)
            if got.end != expected {
                failures += 1
                Issue.record("workdays.tsv:\(lineNo): \(start) + \(period) = \(got.end), expected \(expected)")
            }
            if case .workingDays(let n) = period {
                #expect(cal.workingDays(after: start, through: got.end) == n, "workdays.tsv:\(lineNo)")
            }
        }
        #expect(rows == 1500, "expected 1,500 golden rows, read \(rows)")
        #expect(failures == 0)
    }
}
