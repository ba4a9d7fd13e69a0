import Foundation
import InspectConfig
import InspectCore
import Testing

/// `HolidayNoticeReader`, `HolidayAmendmentReader` and `CalendarFile`: the published notices
/// become the shipped calendar files, and every text the reader cannot vouch for is refused with
/// its line and words.
@Suite("Holiday notices")
struct HolidayNoticeReaderTests {
    /// `../shared/calendar-notices/`, next to the repository: the texts of five real notices.
    static let notices = ScratchConfig.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/calendar-notices")

    /// The shipped `config/calendar`, through the daemon's loader.
    static func shipped(_ year: Int) throws -> HolidayArrangement {
        try #require(try CalendarLoader.load(configDirectory: ScratchConfig.shipped).first { $0.year == year })
    }

    static func notice(_ year: Int) throws -> String {
        try String(contentsOf: notices.appendingPathComponent("\(year).txt"), encoding: .utf8)
    }

    /// 国办发明电〔2020〕1号, shortened to what the reader reads (its first item is verbatim).
    static let amendment2020 = """
        国务院办公厅关于延长2020年春节假期的通知
        国办发明电〔2020〕1号
        各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
        为有效防控新型冠状病毒感染的肺炎疫情，经国务院同意，现就延长2020年春节假期有关事项通知如下：
        一、延长2020年春节假期至2月2日（农历正月初九，星期日），2月3日（星期一）起正常上班。
        二、因疫情防控不能休假的职工，应根据《劳动法》规定安排补休，未休假期的工资报酬应按照有关政策保障落实。
        国务院办公厅
        2020年1月26日
        """

    func same(_ a: HolidayArrangement, _ b: HolidayArrangement, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.year == b.year, sourceLocation: sourceLocation)
        #expect(a.holidays == b.holidays, sourceLocation: sourceLocation)
        #expect(a.makeupWorkdays == b.makeupWorkdays, sourceLocation: sourceLocation)
    }

    /// The text written for `a`, read back by the loader as `YYYY.yaml`.
    func reloaded(_ file: CalendarFile) throws -> HolidayArrangement {
        try CalendarLoader.parse(file.text, file: "calendar/\(file.arrangement.year).yaml")
    }

    @Test("each published notice gives its shipped calendar file", arguments: [2022, 2024, 2025, 2026])
    func publishedNotices(year: Int) throws {
        let notice = try HolidayNoticeReader.read(try Self.notice(year))
        #expect(notice.year == year)
        let file = CalendarFile(notice: notice)
        let written = try reloaded(file)
        same(written, try Self.shipped(year))
        let shippedSource = try Self.shipped(year).source
        // The texts start at the salutation: no number, but the date under the signature.
        #expect(shippedSource.hasSuffix(written.source.components(separatedBy: " ").last!), "\(written.source)")
        #expect(file.text.hasPrefix("# \(year)年部分节假日安排 — 国务院办公厅关于\(year)年部分节假日安排的通知\n"))
    }

    @Test("the 2020 notice and its amendment give the shipped 2020 file")
    func amended2020() throws {
        let notice = try HolidayNoticeReader.read(try Self.notice(2020))
        let original = notice.arrangement
        #expect(original.holidays.first { $0.name == "春节" }?.last == CivilDate(year: 2020, month: 1, day: 30))
        #expect(original.makeupWorkdays.contains(CivilDate(year: 2020, month: 2, day: 1)!))

        let amendment = try HolidayAmendmentReader.read(Self.amendment2020)
        #expect(amendment.festival == "春节" && amendment.year == 2020)
        let file = try CalendarFile.parse(CalendarFile(notice: notice).text, file: "2020.yaml")
        let applied = try amendment.apply(to: file.arrangement)
        #expect(applied.cancelled == [CivilDate(year: 2020, month: 2, day: 1)!])
        let shipped = try Self.shipped(2020)
        same(applied.arrangement, shipped)
        #expect(applied.arrangement.amendments == shipped.amendments)
        #expect(applied.arrangement.source == "国务院办公厅关于2020年部分节假日安排的通知 (2019-11-21)")
        same(try reloaded(CalendarFile(arrangement: applied.arrangement, header: file.header, makeupComments: file.makeupComments)), shipped)
    }

    @Test("an amendment of a festival the year does not have, or of another year, is refused")
    func amendmentRefusals() throws {
        let amendment = try HolidayAmendmentReader.read(Self.amendment2020)
        #expect(throws: HolidayNoticeError.self) { try amendment.apply(to: try Self.shipped(2021)) }
        var a = try Self.shipped(2020)
        a.holidays.removeAll { $0.name == "春节" }
        let e = try #require(throws: HolidayNoticeError.self) { try amendment.apply(to: a) }
        #expect(e.problem == .unknownFestival("春节") && e.line == 5)
        let wrongResume = Self.amendment2020.replacingOccurrences(of: "2月3日（星期一）起", with: "2月4日（星期二）起")
        let r = try #require(throws: HolidayNoticeError.self) { try HolidayAmendmentReader.read(wrongResume) }
        #expect(r.line == 5 && r.phrase == "2月4日（星期二）起正常上班")
        #expect(throws: HolidayNoticeError(line: 0, phrase: "", .noAmendment)) { try HolidayAmendmentReader.read(try Self.notice(2024)) }
    }

    /// A notice made of `items` (one per line) for `year`, with the real notices' frame.
    static func text(_ year: Int, _ items: [String]) -> String {
        (["各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
          "经国务院批准，现将\(year)年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。"]
            + items + ["节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。", "国务院办公厅", "\(year - 1)年12月8日"])
            .joined(separator: "\n")
    }

    @Test("a range across the year's end, and festivals merged in one item")
    func crossYearAndMerged() throws {
        let n = try HolidayNoticeReader.read(Self.text(2023, [
            "一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。",
            "二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。",
            "六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。",
        ]))
        #expect(n.items.map(\.name) == ["元旦", "春节", "中秋节、国庆节"])
        #expect(n.items[0].first.iso == "2022-12-31" && n.items[0].last.iso == "2023-01-02")
        #expect(n.items[2].first.iso == "2023-09-29" && n.items[2].last.iso == "2023-10-06")
        #expect(n.items[2].makeupWorkdays.map(\.iso) == ["2023-10-07", "2023-10-08"])
        #expect(n.arrangement.source == "国务院办公厅关于2023年部分节假日安排的通知 (2022-12-08)")
        let shipped = try Self.shipped(2023)
        #expect(n.arrangement.holidays.filter { $0.name != "春节" } == shipped.holidays.filter { ["元旦", "中秋节、国庆节"].contains($0.name) })
        // Without written years, "12月31日至1月2日" still crosses into the next year.
        let bare = try HolidayNoticeReader.read(Self.text(2023, ["一、元旦：12月31日至1月2日放假调休，共3天。"]))
        #expect(bare.items[0].first.iso == "2022-12-31" && bare.items[0].last.iso == "2023-01-02")
    }

    @Test("one-day holidays, weekdays written 周X, lunar notes, number and title, a remark that is not a holiday")
    func variants() throws {
        let n = try HolidayNoticeReader.read("""
            国务院办公厅关于2024年部分节假日安排的通知
            国办发明电〔2023〕7号
            经国务院批准，现将2024年元旦、春节放假调休日期的具体安排通知如下。
            一、元旦：1月1日（周一）放假，与周末连休。
            二、春节：2月10日（农历正月初一、周六）至17日（农历正月初八、周六）放假调休，共八天。2月4日（周日）、18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
            国务院办公厅
            2023年10月25日
            """)
        #expect(n.items.count == 2)
        #expect(n.items[0].first == n.items[0].last)
        #expect(n.items[1].makeupWorkdays.map(\.iso) == ["2024-02-04", "2024-02-18"])
        #expect(n.arrangement.source == "国办发明电〔2023〕7号 (2023-10-25)")
        #expect(n.makeupComments[CivilDate(year: 2024, month: 2, day: 4)!] == "春节 (星期日上班)")
        // ASCII punctuation, as some copies have it, reads the same.
        let ascii = try HolidayNoticeReader.read(Self.text(2026, ["一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。"]))
        #expect(ascii.items[0].makeupWorkdays.map(\.iso) == ["2026-01-04"])
        // An item's 上班 sentence on a line of its own belongs to the item.
        let split = try HolidayNoticeReader.read(Self.text(2020, ["二、春节：1月24日至30日放假调休，共7天。", "1月19日（星期日）、2月1日（星期六）上班。"]))
        #expect(split.items[0].makeupWorkdays.count == 2)
    }

    @Test("a paste of the whole gov.cn page: its header gives the number, and is not taken for items")
    func govPage() throws {
        let page = """
            索  引  号：000014349/2025-00112
            主题分类：综合政务\\其他
            发文机关：国务院办公厅
            成文日期：2025年11月04日
            标　　题：国务院办公厅关于2026年部分节假日安排的通知
            发文字号：国办发明电〔2025〕7号
            发布日期：2025年11月04日

            国务院办公厅关于2026年部分节假日安排的通知
            国办发明电〔2025〕7号

            """ + (try Self.notice(2026))
        let n = try HolidayNoticeReader.read(page)
        #expect(n.arrangement.source == (try Self.shipped(2026)).source)
        #expect(n.identification.title == "国务院办公厅关于2026年部分节假日安排的通知")
        same(n.arrangement, try Self.shipped(2026))
        #expect(n.items.first?.line == 13)  // 7 header lines, a blank, title, number, then the notice (元旦 its 3rd line)
    }

    /// The error reading `items` of a `year` notice gives.
    func refusal(_ year: Int, _ items: [String]) throws -> HolidayNoticeError {
        try #require(throws: HolidayNoticeError.self) { try HolidayNoticeReader.read(Self.text(year, items)) }
    }

    @Test("a weekday that is wrong or not a weekday is refused, naming line and words")
    func weekdays() throws {
        let wrong = try refusal(2020, ["一、元旦：2020年1月1日放假，共1天。", "二、春节：1月24日至30日放假调休，共7天。1月19日（星期六）、2月1日（星期六）上班。"])
        #expect(wrong == HolidayNoticeError(line: 4, phrase: "1月19日（星期六）", .wrongWeekday(date: CivilDate(year: 2020, month: 1, day: 19)!, stated: 6)))
        let malformed = try refusal(2025, ["一、元旦：1月1日（周八）放假1天，不调休。"])
        #expect(malformed == HolidayNoticeError(line: 3, phrase: "1月1日（周八）", .malformedWeekday))
        let inRemark = try refusal(2024, ["二、春节：2月10日至17日放假调休，共8天。安排职工在除夕（2月9日，星期六）休息。"])
        #expect(inRemark == HolidayNoticeError(line: 3, phrase: "2月9日，星期六", .wrongWeekday(date: CivilDate(year: 2024, month: 2, day: 9)!, stated: 6)))
        // The remark itself is not a holiday, and its date without a weekday is no problem.
        let remark = try HolidayNoticeReader.read(Self.text(2024, ["二、春节：2月10日至17日放假调休，共8天。安排职工在除夕（2月9日）休息。"]))
        #expect(remark.items.map(\.first.iso) == ["2024-02-10"])
    }

    @Test("a wrong day count, a make-up day on a weekday, an unreadable line, overlapping holidays are refused")
    func refusals() throws {
        let count = try refusal(2020, ["三、清明节：4月4日至6日放假调休，共4天。"])
        #expect(count == HolidayNoticeError(line: 3, phrase: "4月4日至6日…共4天", .wrongDayCount(stated: 4, actual: 3)))
        let weekday = try refusal(2020, ["五、端午节：6月25日至27日放假调休，共3天。6月29日（星期一）上班。"])
        #expect(weekday == HolidayNoticeError(line: 3, phrase: "6月29日（星期一）", .makeupOnWeekday(CivilDate(year: 2020, month: 6, day: 29)!)))
        let unreadable = try refusal(2020, ["一、元旦：2020年1月1日放假，共1天。", "三、清明节：四月四日至六日放假调休，共3天。"])
        #expect(unreadable == HolidayNoticeError(line: 4, phrase: "四月四日至六日放假调休", .unreadable))
        let numbered = try refusal(2020, ["三、清明节放假三天。"])
        #expect(numbered.line == 3 && numbered.problem == .unreadable)
        let overlap = try refusal(2020, ["四、劳动节：5月1日至5日放假调休，共5天。", "五、端午节：5月5日至7日放假调休，共3天。"])
        #expect(overlap == HolidayNoticeError(line: 4, phrase: "5月5日至7日", .overlap(other: "劳动节")))
        let inHoliday = try refusal(2020, ["四、劳动节：5月1日至5日放假调休，共5天。5月2日（星期六）上班。"])
        #expect(inHoliday.problem == .makeupInHoliday(CivilDate(year: 2020, month: 5, day: 2)!, holiday: "劳动节"))
        let year = try refusal(2020, ["四、劳动节：2021年5月1日至5日放假调休，共5天。"])
        #expect(year.problem == .wrongYear(CivilDate(year: 2021, month: 5, day: 1)!, year: 2020))
        let notWeekend = try refusal(2024, ["一、元旦：1月3日放假，与周末连休。"])
        #expect(notWeekend.problem == .notNextToWeekend(first: CivilDate(year: 2024, month: 1, day: 3)!, last: CivilDate(year: 2024, month: 1, day: 3)!))
        let promised = try refusal(2025, ["一、元旦：1月1日（周三）放假1天，不调休。1月4日（周六）上班。"])
        #expect(promised.problem == .makeupDespiteNone)
        let noDate = try refusal(2020, ["二、春节：2月30日放假，共1天。"])
        #expect(noDate.problem == .notADate && noDate.phrase == "2月30日")
        #expect(try refusal(2020, []) == HolidayNoticeError(line: 0, phrase: "", .noItems))
        let amending = try #require(throws: HolidayNoticeError.self) { try HolidayNoticeReader.read(Self.amendment2020) }
        #expect(amending.problem == .amendingNotice && amending.line == 5)
    }

    @Test("a calendar file keeps its comments through parse and text")
    func calendarFileRoundTrip() throws {
        let path = ScratchConfig.repoRoot.appendingPathComponent("config/calendar/2020.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let file = try CalendarFile.parse(text, file: path)
        #expect(file.header.first == "2020年部分节假日安排 — 国务院办公厅关于2020年部分节假日安排的通知")
        #expect(file.holidayComments[1]?.hasPrefix("原定至1月30日") == true)
        #expect(file.makeupComments[CivilDate(year: 2020, month: 4, day: 26)!] == "劳动节 (星期日上班)")
        #expect(try CalendarFile.parse(file.text, file: path) == file)
        #expect(CalendarFile(arrangement: HolidayArrangement(year: 2020, holidays: [], makeupWorkdays: [], source: "a: b")).text.contains("source: \"a: b\""))
    }
}
