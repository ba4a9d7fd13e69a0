import InspectCore
import Testing

/// Digests (issue 13): one message per addressee, in reading order, with the counts at the top;
/// urgent notices (deadlines in hours) never wait for one.
@Suite struct NoticeDigestTests {
    static let day = CivilDate(year: 2026, month: 3, day: 25)!

    static func notice(_ key: String, _ kind: NoticeKind, supervisor: String?, due: Int = 0, urgent: Bool = false) -> Notice {
        var n = Notice(key: key, kind: kind, stage: kind.rawValue, entityID: "E-\(key)", entityName: "单位\(key)", ruleID: "C01", source: ["C01"],
                       period: "2026-03", due: CivilDate(dayNumber: day.dayNumber + Int32(due)), supervisor: supervisor, day: day,
                       message: "m", basis: "b")
        if urgent { n.urgent = true }
        return n
    }

    @Test func oneDigestPerAddresseeInReadingOrderWithCounts() {
        let notices = [
            Self.notice("a", .reminder, supervisor: "S01", due: 10), Self.notice("b", .overdue, supervisor: "S01", due: -3),
            Self.notice("c", .due, supervisor: "S01"), Self.notice("d", .overdue, supervisor: "S01", due: -9),
            Self.notice("e", .reminder, supervisor: "S02", due: 5), Self.notice("f", .escalated, supervisor: nil),
        ]
        let digests = NoticeDigest.group(notices, channel: "mail", daily: true)
        #expect(digests.count == 3)
        let s01 = digests.first { $0.addressee == "S01" }!
        #expect(s01.notices.map(\.key) == ["d", "b", "c", "a"], "overdue (oldest due first), due today, reminders")
        #expect(s01.countsLine == "今日：逾期 2 项，今日到期 1 项，提醒 1 项")
        #expect(s01.sections.map(\.label) == ["逾期", "今日到期", "提醒"])
        let none = digests.first { $0.addressee == nil }!
        #expect(none.countsLine == "今日：逾期 0 项，今日到期 0 项，提醒 0 项，其他 1 项")
        // Every notice in exactly one digest; keys unique.
        #expect(digests.flatMap { $0.notices.map(\.key) }.sorted() == notices.map(\.key).sorted())
        #expect(Set(digests.map(\.key)).count == digests.count)
    }

    /// Issue 26: a daily digest lists the new overdue notices; its counts say how many are
    /// overdue in all, and how many of those are new.
    @Test func theCountsSayAllOverdueAndHowManyAreNew() {
        var d = NoticeDigest(key: "k", addressee: "S01", notices: [Self.notice("a", .overdue, supervisor: "S01"), Self.notice("b", .overdue, supervisor: "S01"),
                                                                   Self.notice("c", .reminder, supervisor: "S01")])
        #expect(d.countsLine == "今日：逾期 2 项，今日到期 0 项，提醒 1 项")
        d.overdueTotal = 8
        #expect(d.earlierOverdue == 6)
        #expect(d.countsLine == "今日：逾期 8 项（新增 2 项），今日到期 0 项，提醒 1 项")
        d.overdueTotal = 2
        #expect(d.countsLine == "今日：逾期 2 项，今日到期 0 项，提醒 1 项")
        d.overdueTotal = 1  // one was met since the run: the list still counts
        #expect(d.countsLine.hasPrefix("今日：逾期 2 项，") && d.earlierOverdue == 0)
        d.notices.removeFirst(2)
        d.overdueTotal = 6
        #expect(d.countsLine == "今日：逾期 6 项（无新增），今日到期 0 项，提醒 1 项")
    }

    @Test func urgentNoticesAndEachModeGoAlone() {
        let notices = [Self.notice("a", .reminder, supervisor: "S01"), Self.notice("b", .due, supervisor: "S01", urgent: true),
                       Self.notice("c", .overdue, supervisor: "S01")]
        let daily = NoticeDigest.group(notices, channel: "mail", daily: true)
        #expect(daily.map { $0.notices.map(\.key) }.sorted { $0.count < $1.count } == [["b"], ["c", "a"]])
        let each = NoticeDigest.group(notices, channel: "oa", daily: false)
        #expect(each.map { $0.notices.map(\.key) } == [["a"], ["b"], ["c"]])
    }

    static let basis = "《临沂市金融工作办公室责任清单》（2015年7月）三(三)四(三)〔对民间融资服务公司的监督管理·实行现场检查〕：“……县（市）区金融办对辖区内民间融资服务公司现场检查每月每机构不少于1次。”"

    /// Issue 26: a line names the rule's title and cites the law by document and article, as the
    /// notice log's `basis` gives them — not the rule id twice.
    @Test func aLineCarriesEntityRuleTitlePeriodDueAndBasis() {
        var n = Self.notice("x", .overdue, supervisor: "S01", due: -1)
        n.basis = Self.basis
        let line = NoticeDigest.line(n, ruleTitle: "县区金融办对民间融资服务公司现场检查（每月）")
        #expect(line == "[逾期] 单位x（E-x） C01 县区金融办对民间融资服务公司现场检查（每月） 2026-03，到期 2026-03-24，依据《临沂市金融工作办公室责任清单》三(三)四(三)")
        // A basis with no text: the source ids, as before.
        n.basis = ""
        #expect(NoticeDigest.line(n, ruleTitle: nil).hasSuffix("到期 2026-03-24，依据 C01"))
        #expect(NoticeDigest.line(n, ruleTitle: nil, citation: "①三(三)").hasSuffix("依据①三(三)"))
    }

    /// The citations of the shipped rules' bases: the document and the article, without the
    /// edition or decree number and the section's heading.
    @Test func citationsAreDocumentAndArticle() {
        #expect(NoticeCitation.short(Self.basis) == "《临沂市金融工作办公室责任清单》三(三)四(三)")
        #expect(NoticeCitation.full(Self.basis) == "《临沂市金融工作办公室责任清单》（2015年7月）三(三)四(三)〔对民间融资服务公司的监督管理·实行现场检查〕")
        #expect(NoticeCitation.short("《企业信息公示暂行条例》（国务院令第654号）第六条：“前款规定的企业信息……”") == "《企业信息公示暂行条例》第六条")
        let opinion = "《市场监管总局关于推进企业信用风险分类管理进一步提升监管效能的意见》（国市监信发〔2022〕6号）：“……”"
        #expect(NoticeCitation.parts(opinion)?.document == "《市场监管总局关于推进企业信用风险分类管理进一步提升监管效能的意见》")
        #expect(NoticeCitation.parts(opinion)?.article == "")
        #expect(NoticeCitation.short("《淄博市博山区人力资源和社会保障局责任清单》三(二)五(一)1：“制定监督方案……”") == "《淄博市博山区人力资源和社会保障局责任清单》三(二)五(一)1")
        #expect(NoticeCitation.short("") == nil)
        #expect(NoticeCitation.short("本办规定") == "本办规定")
    }
}
