import Testing
@testable import InspectDaemon

/// When the daemon gives freed memory back: once after each burst, only when idle.
@Suite struct IdleMemoryTrimTests {
    @Test func trimsOnceAfterABurstOnlyWhenIdleForAWholeTick() {
        var a = IdleMemoryTrim.Activity()
        do { let t = a.tick(work: 0, busy: false); #expect(!t, "nothing done since start (start-up trimmed already)") }
        a.calls = 40
        do { let t = a.tick(work: 40, busy: false); #expect(!t, "calls came during the last tick: not idle yet") }
        do { let t = a.tick(work: 40, busy: false); #expect(t, "a whole tick without a call: trim") }
        do { let t = a.tick(work: 40, busy: false); #expect(!t, "once per burst") }
        do { let t = a.tick(work: 41, busy: false); #expect(!t) }
        do { let t = a.tick(work: 41, busy: true); #expect(!t, "a connection open or work under way: not now") }
        do { let t = a.tick(work: 41, busy: false); #expect(t) }
    }

    @Test func aStreamLongerThanATickKeepsItBusy() {
        var a = IdleMemoryTrim.Activity()
        do { let t = a.tick(work: 1, busy: true); #expect(!t) }
        do { let t = a.tick(work: 1, busy: true); #expect(!t, "the call's connection is still open") }
        do { let t = a.tick(work: 1, busy: false); #expect(t) }
    }
}
