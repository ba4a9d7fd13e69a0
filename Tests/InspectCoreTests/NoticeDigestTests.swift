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

    @Test func urgentNoticesAndEachModeGoAlone() {
        let notices = [Self.notice("a", .reminder, supervisor: "S01"), Self.notice("b", .due, supervisor: "S01", urgent: true),
                       Self.notice("c", .overdue, supervisor: "S01")]
        let daily = NoticeDigest.group(notices, channel: "mail", daily: true)
        #expect(daily.map { $0.notices.map(\.key) }.sorted { $0.count < $1.count } == [["b"], ["c", "a"]])
        let each = NoticeDigest.group(notices, channel: "oa", daily: false)
        #expect(each.map { $0.notices.map(\.key) } == [["a"], ["b"], ["c"]])
    }

    @Test func aLineCarriesEntityRulePeriodDueAndBasis() {
        let line = NoticeDigest.line(Self.notice("x", .overdue, supervisor: "S01", due: -1), ruleTitle: "现场检查")
        #expect(line == "[逾期] 单位x（E-x） C01 现场检查 2026-03，到期 2026-03-24，依据 C01")
    }
}
