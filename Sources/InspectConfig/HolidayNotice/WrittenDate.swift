import InspectCore

/// A date as the notices write it, `[YYYY年][M月]D日[（…）]`, before the year and month it leaves
/// out are known: "至6日" takes them from the range's first day, "1月1日" the notice's year.
///
/// The parenthesis may hold lunar dates and a weekday (`（农历除夕、周二）`, `（星期日）`); the
/// weekday is kept so that it can be checked against the date, the rest is commentary.
struct WrittenDate {
    var year: Int?
    var month: Int?
    var day: Int
    /// ISO weekday (1 = Monday … 7 = Sunday) given in the parenthesis, if any.
    var weekday: Int?
    /// The words as written, for error messages.
    var text: Substring

    /// The date, the missing parts taken from `year` and `month`; checked against the weekday
    /// in the parenthesis. Without a written year, a date before `after` is taken in the next
    /// year: "12月31日至1月2日" crosses the year's end.
    func resolve(year defaultYear: Int, month defaultMonth: Int?, after: CivilDate? = nil, line: Int) throws(HolidayNoticeError) -> CivilDate {
        guard let m = month ?? defaultMonth, var d = CivilDate(year: year ?? defaultYear, month: m, day: day) else {
            throw HolidayNoticeError(line: line, phrase: text, .notADate)
        }
        if year == nil, let after, d < after, let next = CivilDate(year: d.year + 1, month: m, day: day) { d = next }
        if let weekday, weekday != d.isoWeekday {
            throw HolidayNoticeError(line: line, phrase: text, .wrongWeekday(date: d, stated: weekday))
        }
        return d
    }

    /// The weekday a token names (`星期日`, `周三`, `礼拜天`), nil when the token is not a weekday
    /// at all (`农历除夕`); throws when it starts like one but is not (`星期八`, `周末`).
    static func weekday(_ token: Substring, line: Int, phrase: Substring) throws(HolidayNoticeError) -> Int? {
        guard let prefix = ["星期", "礼拜", "周"].first(where: { token.hasPrefix($0) }) else { return nil }
        let rest = token.dropFirst(prefix.count)
        guard rest.count == 1, let n = ["一", "二", "三", "四", "五", "六", "日", "天"].firstIndex(of: String(rest)) else {
            throw HolidayNoticeError(line: line, phrase: phrase, .malformedWeekday)
        }
        return min(n + 1, 7)
    }
}

/// Reads written dates, numbers and fixed words from one clause, left to right.
struct NoticeCursor {
    let text: Substring
    var position: Substring.Index
    let line: Int

    init(_ text: Substring, line: Int) { self.text = text; position = text.startIndex; self.line = line }

    var atEnd: Bool { position == text.endIndex }
    var rest: Substring { text[position...] }

    /// Consumes `word` if the text continues with it.
    mutating func skip(_ word: String) -> Bool {
        guard rest.hasPrefix(word) else { return false }
        position = text.index(position, offsetBy: word.count)
        return true
    }

    /// Consumes the first of `words` the text continues with.
    mutating func skip(anyOf words: [String]) -> Bool { words.contains { skip($0) } }

    /// A decimal number, or a Chinese one up to 99 (`八`, `十二`).
    mutating func number() -> Int? {
        if let v = asciiNumber() { return v }
        let chinese = rest.prefix { "一二三四五六七八九十".contains($0) }
        guard !chinese.isEmpty, let v = Self.chineseNumber(chinese) else { return nil }
        position = text.index(position, offsetBy: chinese.count)
        return v
    }

    static func chineseNumber(_ s: Substring) -> Int? {
        let digit: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        let parts = s.split(separator: "十", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return s.count == 1 ? digit[s.first!] : nil
        case 2:
            let tens = parts[0].isEmpty ? 1 : (parts[0].count == 1 ? digit[parts[0].first!] : nil)
            let ones = parts[1].isEmpty ? 0 : (parts[1].count == 1 ? digit[parts[1].first!] : nil)
            guard let tens, let ones else { return nil }
            return tens * 10 + ones
        default: return nil
        }
    }

    /// `[YYYY年][M月]D日[（…）]`, or nil (nothing consumed) when the text does not continue with one.
    mutating func date() throws(HolidayNoticeError) -> WrittenDate? {
        let start = position
        var year: Int?, month: Int?
        guard var n = asciiNumber() else { return nil }
        if skip("年") {
            year = n
            guard let m = asciiNumber() else { position = start; return nil }
            n = m
        }
        if skip("月") {
            month = n
            guard let d = asciiNumber() else { position = start; return nil }
            n = d
        }
        guard skip("日") else { position = start; return nil }
        var weekday: Int?
        if rest.hasPrefix("（"), let close = rest.firstIndex(of: "）") {
            let inner = rest[rest.index(after: rest.startIndex)..<close]
            position = text.index(after: close)
            for token in NoticeText.split(inner, at: ["、", "，"]) {
                if let w = try WrittenDate.weekday(token, line: line, phrase: text[start..<position]) { weekday = w }
            }
        }
        return WrittenDate(year: year, month: month, day: n, weekday: weekday, text: text[start..<position])
    }

    private mutating func asciiNumber() -> Int? {
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 4, let v = Int(digits) else { return nil }
        position = text.index(position, offsetBy: digits.count)
        return v
    }
}
