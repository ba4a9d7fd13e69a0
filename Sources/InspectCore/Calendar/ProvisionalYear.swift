/// Next year's holiday arrangement is not loaded yet, late in the year (RULES.md §8): the State
/// Council publishes it between late October and mid-November, and until an operator loads it
/// every due date in that year is provisional (weekends only) and working-day deadlines across
/// New Year may be wrong by days. From 1 November the office is told — in `status`, and once a
/// week in the managers' digest — how many due dates wait for it and how to load it.
public struct ProvisionalYear: Sendable, Hashable {
    /// The year whose arrangement is missing.
    public var year: Int
    /// Open obligations whose due dates wait for that year's arrangement (provisional).
    public var dueDates: Int

    public init(year: Int, dueDates: Int) {
        self.year = year
        self.dueDates = dueDates
    }

    /// The first day the office is told: 1 November, about when the notice is published.
    public static let fromMonth = 11

    /// Next year's arrangement is missing on `today` (from 1 November); nil otherwise.
    /// `waiting` counts the provisional due dates that wait for a year's arrangement.
    public static func missing(today: CivilDate, calendar: WorkCalendar, waiting: (Int) -> Int) -> ProvisionalYear? {
        let next = today.year + 1
        guard today.month >= fromMonth, calendar.arrangements[next] == nil else { return nil }
        return ProvisionalYear(year: next, dueDates: waiting(next))
    }

    /// Once a week is enough: the first working day of each ISO week (Monday, or the first
    /// working day after a holiday).
    public static func isReminderDay(_ day: CivilDate, calendar: WorkCalendar) -> Bool {
        guard calendar.isWorkingDay(day) else { return false }
        var d = day.adding(days: -1)
        while d.isoWeekday < day.isoWeekday {
            if calendar.isWorkingDay(d) { return false }
            d = d.adding(days: -1)
        }
        return true
    }

    /// The digest's line.
    public var digestLine: String {
        "\(year) 年节假日安排尚未加载：\(dueDates) 个到期日有待 \(year) 年安排，暂按周末计算。"
            + "国务院办公厅通知发布后，请用 inspectctl calendar import 生成 \(year).yaml，用 inspectctl calendar diff 核对变动，放入配置的 calendar/ 目录后重新加载（inspectctl reload）。"
    }
}
