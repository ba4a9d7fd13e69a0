import Foundation
import InspectConfig
import InspectCore
import Testing

/// Paths and the shipped calendar, shared by the calendar tests.
enum CalendarFixtures {
    /// The repository root: three levels up from this file (Tests/InspectCoreTests/<file>).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `config/` of the repository (the shipped configuration directory).
    static var configDirectory: String { repoRoot.appendingPathComponent("config").path }

    /// `../shared/golden/workdays.tsv`, next to the repository.
    static var goldenFile: String {
        repoRoot.deletingLastPathComponent().appendingPathComponent("shared/golden/workdays.tsv").path
    }

    /// The shipped `config/calendar`, loaded through `CalendarLoader`.
    static let shipped: Result<[HolidayArrangement], any Error> = Result {
        try CalendarLoader.load(configDirectory: configDirectory)
    }

    static func arrangements() throws -> [HolidayArrangement] { try shipped.get() }
    static func calendar() throws -> WorkCalendar { WorkCalendar(arrangements: try arrangements()) }
}

/// `CivilDate(iso:)` that fails the test instead of returning nil.
func day(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CivilDate {
    try #require(CivilDate(iso: iso), "bad date literal \(iso)", sourceLocation: sourceLocation)
}

/// The definition, one day at a time: the reference the fast tables are checked against.
enum NaiveCalendar {
    static func addWorkingDays(_ n: Int, to d: CivilDate, in cal: WorkCalendar) -> CivilDate {
        var x = d, left = n
        while left > 0 { x = x.adding(days: 1); if cal.isWorkingDay(x) { left -= 1 } }
        while left < 0 { x = x.adding(days: -1); if cal.isWorkingDay(x) { left += 1 } }
        return x
    }

    /// Working day by the definition (weekend / holiday / make-up), straight from the arrangements.
    static func isWorkingDay(_ d: CivilDate, _ arrangements: [HolidayArrangement]) -> Bool {
        if arrangements.contains(where: { $0.makeupWorkdays.contains(d) }) { return true }
        if arrangements.contains(where: { $0.holiday(containing: d) != nil }) { return false }
        return !d.isWeekend
    }
}
