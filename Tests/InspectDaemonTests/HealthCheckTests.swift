import InspectCore
import Testing
@testable import InspectDaemon

/// What `status --check` reports to a monitor, rule by rule.
@Suite struct HealthCheckTests {
    static let monday = CivilDate(iso: "2026-11-30")!
    static func input(minute: Int = 9 * 60, lastRun: CivilDate? = monday, working: Bool = true) -> HealthCheck.Input {
        HealthCheck.Input(today: monday, minute: minute, isWorkingDay: working, noticeMinute: 8 * 60 + 30, lastRunDay: lastRun,
                          leads: true, sharedStore: false, leader: "host-a", deadLetters: 0, provisionalYear: nil)
    }
    static func level(_ name: String, _ i: HealthCheck.Input) -> HealthCheck.Level? {
        HealthCheck.evaluate(i).first { $0.name == name }?.level
    }

    @Test func aMissedNoticeRunIsCriticalHalfAnHourAfterTheNoticeHour() {
        #expect(Self.level("notice_run", Self.input()) == .ok)
        #expect(Self.level("notice_run", Self.input(minute: 8 * 60 + 59, lastRun: nil)) == .ok)  // not yet late
        #expect(Self.level("notice_run", Self.input(minute: 9 * 60, lastRun: nil)) == .critical)
        #expect(Self.level("notice_run", Self.input(minute: 9 * 60, lastRun: Self.monday.adding(days: -3))) == .critical)
        #expect(Self.level("notice_run", Self.input(minute: 12 * 60, lastRun: nil, working: false)) == .ok)  // no run on a rest day
        var follower = Self.input(lastRun: nil)
        follower.leads = false
        #expect(Self.level("notice_run", follower) == .ok)  // the leader runs it
    }

    @Test func deadLettersWarnAPlatformWithoutLeaderIsCritical() {
        var i = Self.input()
        i.deadLetters = 3
        #expect(Self.level("dead_letters", i) == .warning)
        i.sharedStore = true
        i.leads = false
        i.leader = nil
        #expect(Self.level("leader", i) == .critical)
        i.leader = "host-b"
        #expect(Self.level("leader", i) == .ok)
    }

    @Test func nextYearsCalendarWarnsInTheYearsLastThirtyDays() {
        var i = Self.input()
        i.provisionalYear = ProvisionalYear(year: 2027, dueDates: 12)
        #expect(Self.level("calendar", i) == .ok)  // 30 November: 31 days left
        i.today = CivilDate(iso: "2026-12-02")!
        i.lastRunDay = i.today
        #expect(Self.level("calendar", i) == .warning)
        i.provisionalYear = nil
        #expect(Self.level("calendar", i) == .ok)
    }
}
