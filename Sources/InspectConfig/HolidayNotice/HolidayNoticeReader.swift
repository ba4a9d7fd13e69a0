import Foundation
import InspectCore

/// Reads the text of a yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知), as
/// published, into a `HolidayNotice`. Pure: text in, value or `HolidayNoticeError` out.
///
/// The notice's items have a small grammar, written the same way for decades but with variations
/// the reader must not be fitted to one year's text for:
///
///     [一、]名称[、名称…]：<范围>放假[调休][N天][，共N天|，与周末连休|，不调休]。[<日期>[、<日期>…]上班。][remarks]
///     <范围> = <日期>[至<日期>]   <日期> = [YYYY年][M月]D日[（[农历…、]星期X|周X）]
///
/// Ranges may leave out the year and month their first day gives (`4月29日至5月3日`, `1月24日至30日`)
/// and may cross the year's end (`2022年12月31日至2023年1月2日`). Sentences of an item that say
/// neither 放假 nor 上班 are remarks (`安排职工在除夕（2月9日）休息`) and change nothing. Every other
/// sentence must be read completely, or the text is refused: an import that guesses could move a
/// legal deadline.
public enum HolidayNoticeReader {
    public static func read(_ text: String) throws(HolidayNoticeError) -> HolidayNotice {
        let lines = NoticeText(text)
        let identification = NoticeIdentification(lines)
        if let amending = lines.lines.first(where: { HolidayAmendmentReader.extensionSentence(in: $0.text) != nil }) {
            throw HolidayNoticeError(line: amending.number, phrase: amending.text, .amendingNotice)
        }
        let year = try noticeYear(lines, identification)
        var checks = ArrangementChecks(year: year)
        var items: [HolidayNotice.Item] = []
        var open: ItemDraft?
        for line in lines.lines {
            if let heading = try heading(line) {
                if let done = open { items.append(try done.finish(&checks)) }
                open = ItemDraft(name: heading.name, line: line.number, text: line.text[...])
                try open!.read(heading.body, year: year, line: line.number)
            } else if open != nil, let clauses = makeupContinuation(line.text) {
                // An item's 上班 sentence pasted on a line of its own.
                for clause in clauses { try open!.readMakeup(clause, year: year, line: line.number) }
            } else {
                if let done = open { items.append(try done.finish(&checks)) }
                open = nil
                try checkWeekdays(in: line.text[...], year: year, line: line.number)
            }
        }
        if let done = open { items.append(try done.finish(&checks)) }
        guard !items.isEmpty else { throw HolidayNoticeError(line: 0, phrase: "", .noItems) }
        return HolidayNotice(year: year, identification: identification, items: items)
    }

    /// The year from the title and the introduction (`现将2026年元旦、春节…`); both must agree.
    static func noticeYear(_ text: NoticeText, _ id: NoticeIdentification) throws(HolidayNoticeError) -> Int {
        let titleYear = id.title.flatMap { NoticeIdentification.year(in: $0) }
        let intro = text.lines.first { $0.text.contains("现将") && NoticeIdentification.year(in: $0.text) != nil }
        let introYear = intro.flatMap { NoticeIdentification.year(in: $0.text[$0.text.range(of: "现将")!.lowerBound...]) }
        if let titleYear, let introYear, titleYear != introYear, let intro {
            throw HolidayNoticeError(line: intro.number, phrase: intro.text, .yearsDisagree(titleYear, introYear))
        }
        guard let year = titleYear ?? introYear else { throw HolidayNoticeError(line: 0, phrase: "", .noYear) }
        return year
    }

    /// `一、元旦：…` or `中秋节、国庆节：…`: the festival names and the rest of the line; nil for a
    /// line that is not an item (salutation, introduction, closing paragraph, signature). A
    /// numbered line that is not an item is refused: a numbered paragraph is an item.
    static func heading(_ line: NoticeText.Line) throws(HolidayNoticeError) -> (name: String, body: Substring)? {
        let s = line.text[...]
        var rest = s
        let numeral = s.prefix { "一二三四五六七八九十".contains($0) || ($0.isASCII && $0.isNumber) }
        let numbered = !numeral.isEmpty && s.dropFirst(numeral.count).first.map { "、.．".contains($0) } == true
        if numbered { rest = s.dropFirst(numeral.count + 1) }
        guard let colon = rest.firstIndex(of: "：") else {
            if numbered { throw HolidayNoticeError(line: line.number, phrase: s, .unreadable) }
            return nil
        }
        let name = rest[..<colon]
        let names = name.split(separator: "、")
        let wellFormed = !names.isEmpty && name.count <= 24 && names.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isHan) }
        guard wellFormed, numbered || names.allSatisfy({ $0.hasSuffix("节") || $0 == "元旦" }) else {
            if numbered { throw HolidayNoticeError(line: line.number, phrase: s, .unreadable) }
            return nil
        }
        return (String(name), rest[rest.index(after: colon)...])
    }

    /// The clauses of a line that is nothing but make-up working days (`1月19日（星期日）上班。`).
    static func makeupContinuation(_ s: String) -> [Substring]? {
        let sentences = NoticeText.split(s, at: ["。", "；"])
        guard !sentences.isEmpty, sentences.allSatisfy({ $0.hasSuffix("上班") && $0.first?.isNumber == true }), !s.contains("放假") else { return nil }
        return sentences.flatMap { NoticeText.split($0, at: ["，"]) }
    }

    /// Checks every `date（weekday）` of a sentence that is not read otherwise (a remark, the
    /// introduction): a wrong weekday there is as suspicious as anywhere.
    static func checkWeekdays(in s: Substring, year: Int, line: Int) throws(HolidayNoticeError) {
        var c = NoticeCursor(s, line: line)
        var month: Int?
        while !c.atEnd {
            let before = c.rest.startIndex
            let startsNumber = c.rest.first.map { $0.isASCII && $0.isNumber } == true
            let afterNumber = before > s.startIndex && s[s.index(before: before)].isNumber
            if startsNumber, !afterNumber, var d = try c.date() {
                month = d.month ?? month
                // `除夕（2月9日，星期五）`: the weekday after the date inside another's parenthesis.
                if d.weekday == nil, c.skip(anyOf: ["，", "、"]) {
                    let token = c.rest.prefix { $0 != "）" && $0 != "，" && $0 != "、" }
                    if let w = try WrittenDate.weekday(token, line: line, phrase: s[before..<token.endIndex]) {
                        d.weekday = w
                        d.text = s[before..<token.endIndex]
                        c.position = token.endIndex
                    }
                }
                if d.weekday != nil, month != nil { _ = try d.resolve(year: d.year ?? year, month: month, line: line) }
            } else {
                c.position = s.index(after: before)
            }
        }
    }
}

/// One item while it is read: its holiday, its make-up working days and what it promises about
/// them, checked when the item is complete (its 上班 sentence may follow on the next line).
struct ItemDraft {
    var name: String
    var line: Int
    var text: Substring
    var holiday: (first: CivilDate, last: CivilDate, line: Int, phrase: Substring)?
    var makeup: [(date: CivilDate, line: Int, phrase: Substring)] = []
    /// The `不调休` clause, if the item has one.
    var noMakeup: Substring?

    init(name: String, line: Int, text: Substring) { self.name = name; self.line = line; self.text = text }

    /// The item's sentences: one `…放假…` sentence, `…上班` sentences, remarks.
    mutating func read(_ body: Substring, year: Int, line: Int) throws(HolidayNoticeError) {
        for sentence in NoticeText.split(body, at: ["。", "；"]) {
            if sentence.contains("放假") {
                try readHoliday(sentence, year: year, line: line)
            } else if sentence.contains("上班") {
                for clause in NoticeText.split(sentence, at: ["，"]) { try readMakeup(clause, year: year, line: line) }
            } else {
                try HolidayNoticeReader.checkWeekdays(in: sentence, year: year, line: line)
            }
        }
    }

    /// `<范围>放假[调休][N天]`, then `，共N天`, `，与周末连休`, `，不调休`, `，调休` or `…上班` clauses.
    mutating func readHoliday(_ sentence: Substring, year: Int, line: Int) throws(HolidayNoticeError) {
        let clauses = NoticeText.split(sentence, at: ["，"])
        guard holiday == nil, let head = clauses.first else { throw HolidayNoticeError(line: line, phrase: sentence, .unreadable) }
        var c = NoticeCursor(head, line: line)
        guard let from = try c.date() else { throw HolidayNoticeError(line: line, phrase: head, .unreadable) }
        var first = try from.resolve(year: year, month: nil, line: line)
        var last = first
        if c.skip(anyOf: ["至", "到", "—", "－", "-", "~", "～"]) {
            guard let to = try c.date() else { throw HolidayNoticeError(line: line, phrase: head, .unreadable) }
            last = try to.resolve(year: to.year ?? first.year, month: first.month, after: first, line: line)
            if from.year == nil, to.year == nil, last.year > first.year {
                // `12月31日至1月2日` in the notice for Y: the New Year holiday that begins Y.
                first = try from.resolve(year: year - 1, month: nil, line: line)
                last = try to.resolve(year: first.year, month: first.month, after: first, line: line)
            }
        }
        let range = head[head.startIndex..<c.position]
        guard c.skip("放假") else { throw HolidayNoticeError(line: line, phrase: head, .unreadable) }
        holiday = (first, last, line, range)
        _ = c.skip("调休")
        if !c.atEnd {
            try readDayCount(&c, range: range)
            guard c.atEnd else { throw HolidayNoticeError(line: line, phrase: head, .unreadable) }
        }
        for clause in clauses.dropFirst() {
            var k = NoticeCursor(clause, line: line)
            if k.rest.hasPrefix("共") {
                try readDayCount(&k, range: range)
                guard k.atEnd else { throw HolidayNoticeError(line: line, phrase: clause, .unreadable) }
            } else if clause == "与周末连休" {
                guard first.adding(days: -1).isWeekend || last.adding(days: 1).isWeekend else {
                    throw HolidayNoticeError(line: line, phrase: "\(range)放假，\(clause)", .notNextToWeekend(first: first, last: last))
                }
            } else if clause == "不调休" {
                noMakeup = clause
            } else if clause == "调休" {
                continue
            } else if clause.hasSuffix("上班") {
                try readMakeup(clause, year: year, line: line)
            } else {
                throw HolidayNoticeError(line: line, phrase: clause, .unreadable)
            }
        }
    }

    /// `[共]N天`, checked against the range.
    func readDayCount(_ c: inout NoticeCursor, range: Substring) throws(HolidayNoticeError) {
        let start = c.position
        _ = c.skip("共")
        guard let holiday, let n = c.number(), c.skip("天") else { throw HolidayNoticeError(line: c.line, phrase: c.text, .unreadable) }
        let actual = holiday.first.days(to: holiday.last) + 1
        guard n == actual else {
            throw HolidayNoticeError(line: c.line, phrase: "\(range)…\(c.text[start..<c.position])", .wrongDayCount(stated: n, actual: actual))
        }
    }

    /// `1月28日（星期六）、1月29日（星期日）上班`; a day without its month takes the previous one's.
    mutating func readMakeup(_ clause: Substring, year: Int, line: Int) throws(HolidayNoticeError) {
        var c = NoticeCursor(clause, line: line)
        var month: Int?
        repeat {
            guard let w = try c.date() else { throw HolidayNoticeError(line: line, phrase: clause, .unreadable) }
            let d = try w.resolve(year: year, month: month, line: line)
            month = d.month
            makeup.append((d, line, w.text))
        } while c.skip(anyOf: ["、", "和", "及"])
        _ = c.skip("调休")
        guard c.skip("上班"), c.atEnd else { throw HolidayNoticeError(line: line, phrase: clause, .unreadable) }
    }

    /// The item, checked against the items before it.
    func finish(_ checks: inout ArrangementChecks) throws(HolidayNoticeError) -> HolidayNotice.Item {
        guard let holiday else { throw HolidayNoticeError(line: line, phrase: text, .noHolidayInItem) }
        if let noMakeup, let m = makeup.first {
            throw HolidayNoticeError(line: m.line, phrase: "\(noMakeup)…\(m.phrase)", .makeupDespiteNone)
        }
        try checks.addHoliday(name, first: holiday.first, last: holiday.last, line: holiday.line, phrase: holiday.phrase)
        for m in makeup {
            try checks.addMakeup(m.date, itemFirst: holiday.first, itemLast: holiday.last, line: m.line, phrase: m.phrase)
        }
        return HolidayNotice.Item(name: name, first: holiday.first, last: holiday.last, makeupWorkdays: makeup.map(\.date), line: line)
    }
}
