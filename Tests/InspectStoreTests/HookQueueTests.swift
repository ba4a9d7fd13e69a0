import Foundation
import GRDB
import InspectCore
@testable import InspectStore
import Testing

/// The command hooks' queues (`notices.hook`, `notices.hooks`): one per hook name, each with its
/// own attempts, back-off and dead letters.
@Suite struct HookQueueTests {
    let dir = NSTemporaryDirectory() + "inspectd-hooks-\(UUID().uuidString)"
    var path: String { dir + "/state.sqlite" }

    init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

    func notice(_ key: String) throws -> Notice {
        let d = try #require(CivilDate(iso: "2026-03-31"))
        return Notice(key: key, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01", source: ["C01"],
                      period: "2026-03", due: d, supervisor: "S01", day: d, message: "m", basis: "b")
    }

    @Test(arguments: StoreBackend.allCases) func eachHookHasItsOwnQueueAttemptsAndDeadLetters(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        _ = try store.enqueueNew([notice("a"), notice("b")], at: 1)
        try store.queueForHook(["a", "b"], hooks: ["sms", "oa"], at: 1)
        try store.queueForHook(["a"], hooks: ["sms"], at: 2)  // again: keeps its state
        // Not delivered yet: no hook sees them.
        #expect(try store.pendingForHook("sms", now: 10).isEmpty)
        try store.markDelivered(["a", "b"], at: 3)
        #expect(try store.pendingForHook("sms", now: 10).map(\.notice.key) == ["a", "b"])
        #expect(try store.pendingForHook("oa", now: 10).map(\.notice.key) == ["a", "b"])

        try store.recordHookSuccess("a", hook: "oa", at: 10)
        #expect(try store.recordHookFailure("a", hook: "sms", error: "down", at: 10, retries: 1, backoff: 5) == .retryAt(15))
        #expect(try store.pendingForHook("oa", now: 10).map(\.notice.key) == ["b"])
        #expect(try store.pendingForHook("sms", now: 10).map(\.notice.key) == ["b"])
        #expect(try store.nextHookAttempt("sms") == 0)  // b is due at once
        #expect(try store.nextHookAttempt("oa") == 0)
        #expect(try store.recordHookFailure("a", hook: "sms", error: "down", at: 15, retries: 1, backoff: 5) == .dead(attempts: 2))
        let dead = try store.hookDeadLetters()
        #expect(dead.map { "\($0.hook)/\($0.notice.key)/\($0.attempts)" } == ["sms/a/2"])
        #expect(try store.pendingForHook("other", now: 100).isEmpty)
    }

    /// One daemon at a time runs a channel's queue (issue 16): the lease is renewed by its
    /// holder, refused to another while it runs, taken over once it has run out, given back; on
    /// PostgreSQL also taken over at once when its holder has no session left.
    @Test(arguments: StoreBackend.allCases) func aChannelsQueueIsLeasedToOneDaemonAtATime(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        // The daemons "a" and "b": on PostgreSQL each with its own sessions (its pool), as daemons are.
        func open(_ instance: String) throws -> FactStore {
            guard case .postgresql(var settings) = place.location else { return try place.open() }
            settings.instance = instance
            return try FactStore(.postgresql(settings))
        }
        var a: FactStore? = try open("a")
        let b = try open("b")
        #expect(try a!.leaseHook("mail", holder: "a", now: 100, seconds: 120))
        #expect(try !b.leaseHook("mail", holder: "b", now: 150, seconds: 120))
        #expect(try b.leaseHook("sms", holder: "b", now: 150, seconds: 120), "each channel its own lease")
        #expect(try a!.leaseHook("mail", holder: "a", now: 200, seconds: 120), "renewed by its holder")
        #expect(try !b.leaseHook("mail", holder: "b", now: 300, seconds: 120), "renewed until 320")
        #expect(try b.leaseHook("mail", holder: "b", now: 321, seconds: 120), "run out: taken over")
        try a!.releaseHook("mail", holder: "a")  // not a's any more: nothing changes
        #expect(try !a!.leaseHook("mail", holder: "a", now: 322, seconds: 120))
        try b.releaseHook("mail", holder: "b")
        #expect(try a!.leaseHook("mail", holder: "a", now: 323, seconds: 120), "given back: free at once")
        if backend == .postgresql {
            a = nil  // daemon a is gone: its sessions end
            let deadline = Date().addingTimeInterval(5)
            var taken = false
            while !taken && Date() < deadline {
                taken = try b.leaseHook("mail", holder: "b", now: 324, seconds: 120)
                if !taken { Thread.sleep(forTimeInterval: 0.05) }
            }
            #expect(taken, "a lease without a session behind it is taken over at once")
        }
    }

    /// A digest's members go into it once, are marked together, and a late failure report (a
    /// second runner after a reload) never turns an accepted member into a dead letter.
    @Test(arguments: StoreBackend.allCases) func digestsAssignOnceAndMarksNeverUndoAnAcceptance(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        _ = try store.enqueueNew([notice("a"), notice("b"), notice("c")], at: 1)
        try store.queueForHook(["a", "b", "c"], hooks: ["mail"], at: 1)
        try store.markDelivered(["a", "b", "c"], at: 2)
        try store.assignDigests([("mail/d1", ["a", "b"])], hook: "mail")
        try store.assignDigests([("mail/d2", ["a", "c"])], hook: "mail")  // a is in d1 already
        #expect(try store.digestMembers("mail/d1", hook: "mail").map(\.notice.key) == ["a", "b"])
        #expect(try store.digestMembers("mail/d2", hook: "mail").map(\.notice.key) == ["c"])
        try store.recordHookSuccess(["a", "b"], hook: "mail", at: 5)
        #expect(try store.digestMembers("mail/d1", hook: "mail").isEmpty)
        try store.recordHookFailure(["a", "b"], hook: "mail", error: "late report", at: 6, retries: 0, backoff: 1)
        #expect(try store.hookDeadLetters().isEmpty, "accepted members stay accepted")
        #expect(try store.pendingForHook("mail", now: 10).map(\.notice.key) == ["c"])
    }

    /// Issue 26: `status` counts messages beside notices — a digest once, however many notices
    /// it carries; a notice sent alone once — on both engines.
    @Test(arguments: StoreBackend.allCases) func messagesAreCountedByDigest(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        let keys = ["a", "b", "c", "d", "e", "f"]
        _ = try store.enqueueNew(try keys.map(notice), at: 1)
        try store.queueForHook(keys, hooks: ["mail", "sms"], at: 1)
        try store.markDelivered(keys, at: 2)
        try store.assignDigests([("mail/d1", ["a", "b", "c"]), ("mail/d2", ["d", "e"]), ("mail/d3", ["f"])], hook: "mail")
        try store.recordHookSuccess(["a", "b", "c"], hook: "mail", at: 5)
        try store.recordHookSuccess(["d", "e"], hook: "mail", at: 5)
        try store.recordHookFailure(["f"], hook: "mail", error: "refused", at: 5, retries: 0, backoff: 1)
        for k in ["a", "b", "c"] { try store.recordHookSuccess(k, hook: "sms", at: 6) }  // a command hook: one run per notice
        let counts = try store.hookCounts()
        let mail = try #require(counts.first { $0.hook == "mail" })
        #expect(mail == HookCounts(hook: "mail", waiting: 0, retrying: 0, accepted: 5, dead: 1, acceptedMessages: 2, deadMessages: 1))
        let sms = try #require(counts.first { $0.hook == "sms" })
        #expect(sms == HookCounts(hook: "sms", waiting: 3, retrying: 0, accepted: 3, dead: 0, acceptedMessages: 3, deadMessages: 0))
    }

    @Test func rowsOfTheSingleHookMoveToTheHookNamedDefault() throws {
        // A database as version 7 left it, with a notice queued for `notices.hook`.
        try SQLiteEngine(path: path, busyTimeout: 5).migrate(StoreSchema.migrations(through: "v7: per-sink notice delivery marks"))
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO notice (key, kind, entity_id, rule_id, due, supervisor, day, body, decided_at, delivered_at)
                VALUES ('k', 'due', 'LS-1', 'C01', 0, 'S01', 0, ?, 1, 2);
                INSERT INTO notice_hook (key, queued_at, attempts, last_error, next_attempt_at) VALUES ('k', 1, 2, 'down', 50);
                """, arguments: [String(decoding: try JSONEncoder().encode(notice("k")), as: UTF8.self)])
        }
        try queue.close()
        let store = try FactStore(path: path)
        let pending = try store.pendingForHook("default", now: 60)
        #expect(pending.map { "\($0.hook)/\($0.notice.key)/\($0.attempts)/\($0.lastError ?? "")" } == ["default/k/2/down"])
        #expect(try store.pendingForHook("sms", now: 60).isEmpty)
    }
}

/// A fact and the notice it calls for (an escalation's) are written in one transaction.
@Suite struct FactWithNoticeTests {
    let dir = NSTemporaryDirectory() + "inspectd-fact-\(UUID().uuidString)"

    @Test(arguments: StoreBackend.allCases) func theEventAndItsNoticeAreStoredTogether(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        try store.importEntities([Entity(id: "LS-1", name: "汇通", kind: "microloan", jurisdiction: "兰山区", supervisor: "S03")],
                                 file: "a.csv", by: 0, at: 1)
        let d = try #require(CivilDate(iso: "2026-05-13"))
        let at = try #require(LocalDateTime(iso: "2026-05-13T09:00"))
        let notice = Notice(key: "G01-V1/LS-1/G01-V(1)-2026-05-13", kind: .escalated, stage: "escalated", entityID: "LS-1", entityName: "汇通",
                            ruleID: "G01-V1", source: ["G01-V1"], period: "G01", due: d, supervisor: "S03", day: d, message: "m", basis: "b")
        let saved = try store.append(LifecycleEvent(subject: "GRADE-LS-1-G01", entityID: "LS-1", kind: "grade.assigned", at: at),
                                     by: 0, at: 1, announcing: [notice])
        #expect(saved.id != nil)
        let reopened = try place.open()
        #expect(try reopened.lifecycleEvents().map(\.id) == [saved.id])
        #expect(try reopened.undelivered().map(\.key) == [notice.key])
        // The event id is the event's, not the notice row's.
        #expect(try reopened.lifecycleEvents().first?.kind == "grade.assigned")
    }
}

/// Upgrading a database of the version before per-sink marks (v6).
@Suite struct DeliveryMarkMigrationTests {
    let dir = NSTemporaryDirectory() + "inspectd-v6-\(UUID().uuidString)"

    @Test func anUndeliveredNoticeOfAnOlderVersionIsLookedForInTheLogFirst() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/state.sqlite"
        try SQLiteEngine(path: path, busyTimeout: 5).migrate(StoreSchema.migrations(through: "v6: notice hook attempts and dead letters"))
        let queue = try DatabaseQueue(path: path)
        let d = try #require(CivilDate(iso: "2026-03-31"))
        func body(_ key: String) throws -> String {
            String(decoding: try JSONEncoder().encode(Notice(key: key, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01",
                                                              source: ["C01"], period: "2026-03", due: d, supervisor: "S01", day: d,
                                                              message: "m", basis: "b")), as: UTF8.self)
        }
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO notice (key, kind, entity_id, rule_id, due, supervisor, day, body, decided_at, delivered_at)
                VALUES ('sent', 'due', 'LS-1', 'C01', 0, 'S01', 0, ?, 1, 2), ('pending', 'due', 'LS-1', 'C01', 0, 'S01', 0, ?, 1, NULL)
                """, arguments: [try body("sent"), try body("pending")])
        }
        try queue.close()
        let store = try FactStore(path: path)
        #expect(try store.undelivered().map { "\($0.key) \($0.progress)" } == ["pending logStarted"])
    }
}
