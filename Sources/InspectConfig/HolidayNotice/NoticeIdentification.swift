import InspectCore

/// What identifies a notice, as its text gives it: the document number (`国办发明电〔2025〕7号`,
/// on gov.cn above the salutation), the title and the date under the signature. Together they
/// become the calendar file's `source` (or an `amendments` entry), as in the shipped files.
///
/// The texts people paste often start at the salutation, without title or number; then the date
/// alone (with the title the reader makes from the year) identifies the notice.
public struct NoticeIdentification: Hashable, Sendable {
    /// `国办发明电〔2025〕7号`.
    public var number: String?
    /// `国务院办公厅关于2026年部分节假日安排的通知`, as the title line gives it.
    public var title: String?
    /// The date under the signature.
    public var date: CivilDate?

    /// `国办发明电〔2025〕7号 (2025-11-04)`, or the title in place of a number the text lacks.
    public func source(fallbackTitle: String) -> String {
        let name = number ?? title ?? fallbackTitle
        return date.map { "\(name) (\($0.iso))" } ?? name
    }

    /// Finds number, title and date in the lines: the first `…〔YYYY〕N号`, the first line that is
    /// a title (`…关于…的通知`) and the last line that is nothing but a date with its year.
    init(_ text: NoticeText) {
        for line in text.lines {
            if number == nil, let n = Self.documentNumber(in: line.text) { number = n }
            if title == nil, line.text.contains("关于"), line.text.hasSuffix("通知") {
                // `标题：国务院办公厅关于…的通知` in a page's header: the title is after the label.
                title = line.text.split(separator: "：").last.map(String.init)
            }
            var c = NoticeCursor(Substring(line.text), line: line.number)
            if let d = try? c.date(), c.atEnd, let y = d.year, let m = d.month, let day = CivilDate(year: y, month: m, day: d.day) {
                date = day
            }
        }
    }

    /// `国办发明电〔2025〕7号`: the Han characters before `〔YYYY〕N号`.
    static func documentNumber(in s: String) -> String? {
        guard let open = s.firstIndex(of: "〔"), let close = s[open...].firstIndex(of: "〕"),
              let hao = s[close...].firstIndex(of: "号") else { return nil }
        let year = s[s.index(after: open)..<close], serial = s[s.index(after: close)..<hao]
        guard year.count == 4, year.allSatisfy(\.isNumber), !serial.isEmpty, serial.allSatisfy(\.isNumber) else { return nil }
        let issuer = s[..<open].reversed().prefix { $0.isHan }
        guard !issuer.isEmpty else { return nil }
        return String(issuer.reversed()) + s[open...hao]
    }

    /// The first four-digit year followed by 年 in `s`.
    static func year(in s: some StringProtocol) -> Int? {
        let chars = Array(s)
        for i in chars.indices where i + 4 < chars.count && chars[i + 4] == "年" {
            let digits = chars[i..<i + 4]
            if digits.allSatisfy({ $0.isASCII && $0.isNumber }), i == 0 || !(chars[i - 1].isASCII && chars[i - 1].isNumber) {
                return Int(String(digits))
            }
        }
        return nil
    }
}

extension Character {
    /// A CJK unified ideograph (the characters of names such as 春节, 国办发明电).
    var isHan: Bool { unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) } }
}
