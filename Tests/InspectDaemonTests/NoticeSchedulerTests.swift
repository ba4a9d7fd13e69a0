import InspectCore
@testable import InspectDaemon
import Locking
import Testing

/// When the notice run starts, as a state machine alone: no daemon, no socket, no store.
@Suite("notice scheduler")
struct NoticeSchedulerTests {
    let monday = CivilDate(iso: "2026-03-30")!
    var tuesday: CivilDate { monday.adding(days: 1) }

    @Test("today's notices count as announced once today's full run ended, or, on a follower, once the notice time passed")
    func announcedToday() {
        var leader = NoticeScheduler()
        #expect(!leader.announced(today: monday))
        _ = leader.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: false)  // 08:00: urgent only
        #expect(!leader.announced(today: monday))
        _ = leader.runEnded(day: monday, urgentOnly: true, recorded: true, at: "08:00", decided: 0)
        #expect(!leader.announced(today: monday), "an urgent-only run announces no day's notices")
        _ = leader.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true)
        _ = leader.runEnded(day: monday, urgentOnly: false, recorded: true, at: "08:30", decided: 5)
        #expect(leader.announced(today: monday) && !leader.announced(today: tuesday))
        var follower = NoticeScheduler()
        _ = follower.tick(today: monday, scheduleDay: monday, leads: false, noticeTime: false)
        #expect(!follower.announced(today: monday))
        _ = follower.tick(today: monday, scheduleDay: monday, leads: false, noticeTime: true)
        #expect(follower.announced(today: monday))
    }

    @Test("the first tick on the schedule's day at the notice time starts a full run")
    func firstTickRuns() {
        var m = NoticeScheduler()
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true) == .run(day: monday, urgentOnly: false))
        #expect(m.runInFlight)
        #expect(!m.scheduleChanged)
    }

    @Test("a tick while a run is under way is deferred, and comes once the run has ended")
    func aTickDuringARunComesAfterIt() {
        var m = NoticeScheduler()
        _ = m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true)
        m.changed()
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true) == .none)
        #expect(m.tickAfterRun)
        #expect(m.runEnded(day: monday, urgentOnly: false, recorded: true, at: "08:30", decided: 7) == true)
        #expect(!m.tickAfterRun && !m.runInFlight)
        #expect(m.lastRun?.decided == 7 && m.lastRunDay == monday)
        // The change made during the run is decided again.
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true) == .run(day: monday, urgentOnly: false))
    }

    @Test("without a change, the day's run is not repeated")
    func nothingChangedNothingRuns() {
        var m = NoticeScheduler()
        _ = m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true)
        #expect(m.runEnded(day: monday, urgentOnly: false, recorded: true, at: "08:30", decided: 0) == false)
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true) == .none)
        m.changed()
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true) == .run(day: monday, urgentOnly: false))
    }

    @Test("a run whose notices were not recorded is decided again at the next tick")
    func anUnrecordedRunIsRepeated() {
        var m = NoticeScheduler()
        _ = m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true)
        #expect(m.runEnded(day: monday, urgentOnly: false, recorded: false, at: "08:30", decided: 3) == false)
        #expect(m.lastRun == nil && m.scheduleChanged)
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true) == .run(day: monday, urgentOnly: false))
    }

    @Test("before the notice time or on a day off only urgent deadlines run, and the day's run still follows")
    func outsideTheNoticeTimeOnlyUrgent() {
        var m = NoticeScheduler()
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: false) == .run(day: monday, urgentOnly: true))
        #expect(m.scheduleChanged, "an urgent run leaves the day's full run to come")
        _ = m.runEnded(day: monday, urgentOnly: true, recorded: true, at: "07:00", decided: 0)
        #expect(m.lastRunDay == nil)
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true) == .run(day: monday, urgentOnly: false))
    }

    @Test("a new day is built aside once; its notices wait for it")
    func aNewDayIsRebuiltOnce() {
        var m = NoticeScheduler()
        #expect(m.tick(today: tuesday, scheduleDay: monday, leads: true, noticeTime: true) == .rebuildDay(tuesday))
        #expect(m.tick(today: tuesday, scheduleDay: monday, leads: true, noticeTime: true) == .none, "the rebuild is under way")
        m.dayRebuilt()
        #expect(m.tick(today: tuesday, scheduleDay: tuesday, leads: true, noticeTime: true) == .run(day: tuesday, urgentOnly: false))
    }

    @Test("a rebuild that gave up is asked for again")
    func aFailedRebuildIsRetried() {
        var m = NoticeScheduler()
        _ = m.tick(today: tuesday, scheduleDay: monday, leads: true, noticeTime: true)
        m.dayRebuilt(swapped: false)
        #expect(m.tick(today: tuesday, scheduleDay: monday, leads: true, noticeTime: true) == .rebuildDay(tuesday))
    }

    @Test("a daemon that does not lead follows the day and sends nothing")
    func followersDoNotRun() {
        var m = NoticeScheduler()
        #expect(m.tick(today: monday, scheduleDay: monday, leads: false, noticeTime: true) == .none)
        #expect(m.tick(today: tuesday, scheduleDay: monday, leads: false, noticeTime: true) == .rebuildDay(tuesday))
    }

    @Test("after stop nothing begins")
    func stoppedStartsNothing() {
        var m = NoticeScheduler()
        m.stop()
        #expect(m.tick(today: monday, scheduleDay: monday, leads: true, noticeTime: true) == .none)
        #expect(m.tick(today: tuesday, scheduleDay: monday, leads: true, noticeTime: true) == .none)
    }
}

/// The hand-over of a schedule rebuilt aside, alone.
@Suite("rebuild hand-over")
struct RebuildHandoverTests {
    @Test("writes are noted only while a rebuild is under way, taken in parts, and forgotten at its end")
    func notesWhileTracking() {
        var h = RebuildHandover()
        h.note("A")
        #expect(!h.isTracking && h.take().isEmpty)
        h.begin()
        h.note("A"); h.note("B")
        #expect(h.take() == ["A", "B"])
        h.note("C")
        #expect(h.isTracking)
        #expect(h.end() == ["C"])
        #expect(!h.isTracking)
        h.note("D")
        #expect(h.written == nil)
    }
}

/// The daemon's one kind of lock and its state's confinement.
@Suite("state confinement")
struct StateConfinementTests {
    @Test("a locked counter counts every increment made from many threads")
    func lockedCounts() async {
        let n = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { for _ in 0..<10_000 { n.withLock { $0 += 1 } } } }
        }
        #expect(n.value == 80_000)
        #expect(Locked(false).setIfClear() == true)
    }

    @Test("reads see every write before them, and no read runs while a write does")
    func writesAreAlone() async {
        struct Counters: Sendable { var value = 0; var writing = false }
        let queue = StateQueue(label: "test", Counters())
        let overlaps = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for t in 0..<8 {
                group.addTask {
                    for _ in 0..<500 {
                        if t % 2 == 0 {
                            queue.write { s in s.writing = true; s.value += 1; s.writing = false }
                        } else {
                            queue.read { s in if s.writing { overlaps.withLock { $0 += 1 } } }
                        }
                    }
                }
            }
        }
        #expect(queue.read { $0.value } == 2_000)
        #expect(overlaps.value == 0)
    }

}
