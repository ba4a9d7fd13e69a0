import Foundation
import InspectCore

/// A later notice that changes one festival's holiday of a year already arranged, such as
/// 国办发明电〔2020〕1号, which extended the 2020 Spring Festival holiday to 2 February. Read by
/// `HolidayAmendmentReader`; applied to the year's arrangement, it becomes an `amendments` entry of
/// the calendar file, which keeps the original notice as its `source`.
public struct HolidayAmendment: Hashable, Sendable {
    /// The year whose arrangement it changes.
    public var year: Int
    /// The festival whose holiday it changes, as the notice names it (`春节`).
    public var festival: String
    /// The holiday's new last day.
    public var last: CivilDate
    public var identification: NoticeIdentification
    /// The line and words of the change, for errors met when applying it.
    public var line: Int
    public var phrase: String

    /// The result of applying an amendment: the arrangement as amended and what changed.
    public struct Applied: Hashable, Sendable {
        public var arrangement: HolidayArrangement
        /// The holiday's last day before the amendment.
        public var previousLast: CivilDate
        /// Make-up working days that fall inside the extended holiday, and so are cancelled.
        public var cancelled: [CivilDate]
        /// The `amendments` entry: `国办发明电〔2020〕1号 (2020-01-26) 关于延长2020年春节假期的通知：春节假期延长至2月2日，取消2月1日调休上班`.
        public var entry: String
        /// The position of the changed holiday in `arrangement.holidays`.
        public var holidayIndex: Int
        /// The comment for the changed holiday: `原定至1月30日；国办发明电〔2020〕1号延长至2月2日`.
        public var note: String
    }

    /// Moves the last day of the holiday named `festival` (alone or among others, `国庆节、中秋节`)
    /// and cancels the make-up working days the longer holiday now covers. Refuses an arrangement of
    /// another year, a festival it does not have, and a holiday that would overlap the next one.
    public func apply(to a: HolidayArrangement) throws(HolidayNoticeError) -> Applied {
        guard a.year == year else { throw HolidayNoticeError(line: line, phrase: phrase, .wrongYear(last, year: a.year)) }
        guard let i = a.holidays.firstIndex(where: { $0.name.split(separator: "、").contains(Substring(festival)) }) else {
            throw HolidayNoticeError(line: line, phrase: phrase, .unknownFestival(festival))
        }
        var result = a
        let previous = a.holidays[i].last
        result.holidays[i].last = last
        let h = result.holidays[i]
        guard h.first <= h.last, h.length <= ArrangementChecks.maximumLength else {
            throw HolidayNoticeError(line: line, phrase: phrase, .implausibleRange(first: h.first, last: h.last))
        }
        if let other = result.holidays.enumerated().first(where: { $0.offset != i && $0.element.first <= h.last && h.first <= $0.element.last }) {
            throw HolidayNoticeError(line: line, phrase: phrase, .overlap(other: other.element.name))
        }
        let cancelled = a.makeupWorkdays.filter(h.contains)
        result.makeupWorkdays.removeAll(where: h.contains)
        func md(_ d: CivilDate) -> String { "\(d.month)月\(d.day)日" }
        var entry = identification.source(fallbackTitle: "国务院办公厅关于调整\(year)年\(festival)假期的通知")
        if identification.number != nil, let title = identification.title { entry += " " + title.replacingOccurrences(of: "国务院办公厅", with: "") }
        entry += "：\(festival)假期" + (last > previous ? "延长" : "调整") + "至\(md(last))"
        if !cancelled.isEmpty { entry += "，取消" + cancelled.map(md).joined(separator: "、") + "调休上班" }
        result.amendments.append(entry)
        let by = identification.number ?? identification.date.map { "\($0.iso)的通知" } ?? "调整通知"
        let note = "原定至\(md(previous))；\(by)" + (last > previous ? "延长" : "调整") + "至\(md(last))"
        return Applied(arrangement: result, previousLast: previous, cancelled: cancelled, entry: entry, holidayIndex: i, note: note)
    }
}

/// Reads an amending notice: the sentence `延长YYYY年X假期至<日期>` (or `X假期延长至<日期>`), and
/// the `<日期>起正常上班` that usually follows it, which must be the day after.
public enum HolidayAmendmentReader {
    public static func read(_ text: String) throws(HolidayNoticeError) -> HolidayAmendment {
        let lines = NoticeText(text)
        let identification = NoticeIdentification(lines)
        let titleYear = identification.title.flatMap { NoticeIdentification.year(in: $0) }
        for line in lines.lines {
            guard let (festival, sentenceYear, rest) = extensionSentence(in: line.text) else { continue }
            guard let year = sentenceYear ?? titleYear else { throw HolidayNoticeError(line: line.number, phrase: line.text, .noYear) }
            var c = NoticeCursor(rest, line: line.number)
            guard let written = try c.date() else { throw HolidayNoticeError(line: line.number, phrase: rest, .unreadable) }
            let last = try written.resolve(year: year, month: nil, line: line.number)
            let phrase = line.text[line.text.startIndex..<c.position]
            for clause in NoticeText.split(c.rest, at: ["，", "。", "；"]) where clause.hasSuffix("上班") {
                var k = NoticeCursor(clause, line: line.number)
                guard let w = try k.date(), k.skip("起"), k.skip(anyOf: ["正常上班", "上班"]), k.atEnd else {
                    throw HolidayNoticeError(line: line.number, phrase: clause, .unreadable)
                }
                let resume = try w.resolve(year: last.year, month: last.month, line: line.number)
                guard resume == last.adding(days: 1) else {
                    throw HolidayNoticeError(line: line.number, phrase: clause, .wrongResumeDay(resume, expected: last.adding(days: 1)))
                }
            }
            return HolidayAmendment(year: year, festival: festival, last: last, identification: identification,
                                    line: line.number, phrase: String(phrase))
        }
        throw HolidayNoticeError(line: 0, phrase: "", .noAmendment)
    }

    /// The festival, the year the sentence names, and the text after `至`, from `延长2020年春节假期至…`
    /// or `2020年春节假期延长至…`.
    static func extensionSentence(in s: String) -> (festival: String, year: Int?, rest: Substring)? {
        if let r = s.range(of: "假期延长至") {
            let before = s[..<r.lowerBound]
            let name = String(before.reversed().prefix { $0.isHan && $0 != "年" }.reversed())
            guard !name.isEmpty else { return nil }
            let yearText = before.dropLast(name.count)
            let year = yearText.hasSuffix("年") ? NoticeIdentification.year(in: yearText.suffix(5)) : nil
            return (name, year, s[r.upperBound...])
        }
        guard let open = s.range(of: "延长"), let r = s[open.upperBound...].range(of: "假期至") else { return nil }
        var between = s[open.upperBound..<r.lowerBound]
        var year: Int?
        if let y = NoticeIdentification.year(in: between.prefix(5)), between.count > 5 { year = y; between = between.dropFirst(5) }
        guard !between.isEmpty, between.allSatisfy(\.isHan) else { return nil }
        return (String(between), year, s[r.upperBound...])
    }
}
