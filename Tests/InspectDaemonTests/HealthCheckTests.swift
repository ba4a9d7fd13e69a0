import InspectCore
import InspectStore
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

    /// Two versions on one platform (a rolling upgrade) warn until one is left; a daemon older
    /// than the schema warns that it writes nothing; SQLite has no such check.
    @Test func versionsThatDifferWarn() {
        let own = DaemonPresence(instance: "a", host: "h1", version: "1.0.0", schemaVersion: 24, feedVersion: 1)
        var i = Self.input()
        #expect(Self.level("versions", i) == nil)
        i.own = own
        #expect(Self.level("versions", i) == .ok)
        i.otherVersions = [DaemonPresence(instance: "b", host: "h2", version: "1.1.0", schemaVersion: 25, feedVersion: 1)]
        let differ = HealthCheck.evaluate(i).first { $0.name == "versions" }
        #expect(differ?.level == .warning && differ?.code == "versions_differ")
        #expect(differ?.detail == "b on h2 runs 1.1.0 (schema 25, feed 1); this daemon runs 1.0.0 (schema 24, feed 1)")
        #expect(differ?.values == ["1.0.0", "24", "1", "b", "h2", "1.1.0", "25", "1"])
        i.otherVersions = [DaemonPresence(instance: "c", host: nil, version: nil, schemaVersion: nil, feedVersion: nil)]
        #expect(HealthCheck.evaluate(i).first { $0.name == "versions" }?.detail == "c on ? runs unknown (older); this daemon runs 1.0.0 (schema 24, feed 1)")
        i.unknownMigrations = ["v25: later"]
        #expect(HealthCheck.evaluate(i).first { $0.name == "versions" }?.code == "schema_newer")
        #expect(Self.level("versions", i) == .warning)
    }
}
