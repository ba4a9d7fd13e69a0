import InspectCore

/// A yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) as read from its text:
/// one item per numbered paragraph, each with its holiday and the make-up working days it names.
///
/// Kept per item (rather than as a `HolidayArrangement` straight away) because the calendar
/// file says for each make-up working day which festival moved it (`# 春节 (星期六上班)`):
/// that is what a person compares with the notice.
public struct HolidayNotice: Hashable, Sendable {
    /// One item of the notice, e.g. `二、春节：1月28日至2月4日放假调休，共8天。1月26日（周日）、2月8日（周六）上班。`
    public struct Item: Hashable, Sendable {
        /// The festival(s) as the notice names them: `春节`, `中秋节、国庆节`.
        public var name: String
        public var first: CivilDate
        public var last: CivilDate
        /// The weekend days this item makes working days (上班), in the notice's order.
        public var makeupWorkdays: [CivilDate]
        /// The item's line in the text.
        public var line: Int
    }

    /// The year the notice arranges (its title and introduction name it).
    public var year: Int
    public var identification: NoticeIdentification
    public var items: [Item]

    /// `国务院办公厅关于YYYY年部分节假日安排的通知`: the title, when the text does not carry it.
    public var standardTitle: String { "国务院办公厅关于\(year)年部分节假日安排的通知" }

    /// The arrangement the calendar loader would read from the file written for this notice.
    public var arrangement: HolidayArrangement {
        HolidayArrangement(
            year: year,
            holidays: items.map { .init(name: $0.name, first: $0.first, last: $0.last) },
            makeupWorkdays: items.flatMap(\.makeupWorkdays).sorted(),
            source: identification.source(fallbackTitle: standardTitle))
    }

    /// The comment of each make-up working day: the item that names it and the weekday, as in the
    /// shipped files (`春节 (星期日上班)`).
    public var makeupComments: [CivilDate: String] {
        var notes: [CivilDate: String] = [:]
        for item in items {
            for d in item.makeupWorkdays { notes[d] = "\(item.name) (\(Self.weekdayNames[d.isoWeekday - 1])上班)" }
        }
        return notes
    }

    static let weekdayNames = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
}
