import Foundation
import InspectCore
@testable import InspectStore
import Testing

/// The claim on a notice and a channel's queue are fenced on the server (PostgreSQL): once daemons
/// elect a leader, only the holder of the lease, on the server's clock, claims a notice for
/// delivery or runs a channel — a leader that was frozen past its lease after its own check
/// claims and sends nothing when it wakes.
@Suite struct LeaderFenceTests {
    func notice(_ key: String) throws -> Notice {
        let d = try #require(CivilDate(iso: "2026-03-31"))
        return Notice(key: key, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01", source: ["C01"],
                      period: "2026-03", due: d, supervisor: "S01", day: d, message: "今日到期", basis: "依据")
    }

    @Test func onlyTheHolderOfTheLeaseClaimsANotice() throws {
        let store = try StorePlace(.postgresql).open()
        _ = try store.enqueueNew(try ["a", "b", "c", "d"].map(notice), at: 1)
        // Before any election (no lease table): claimed as before.
        #expect(try store.markLogStarted(["a"], at: 2, by: "me") == ["a"])

        func lease(_ holder: String, seconds: Int) throws {
            try store.engine.write { db in
                try db.executeScript("""
                    CREATE TABLE IF NOT EXISTS leader_lease (id INTEGER PRIMARY KEY, holder TEXT NOT NULL, until TIMESTAMPTZ NOT NULL, term BIGINT NOT NULL);
                    INSERT INTO leader_lease VALUES (1, '\(holder)', clock_timestamp() + make_interval(secs => \(seconds)), 1)
                      ON CONFLICT (id) DO UPDATE SET holder = excluded.holder, until = excluded.until
                    """)
            }
        }
        try lease("other", seconds: 60)
        #expect(try store.markLogStarted(["b"], at: 3, by: "me").isEmpty, "another daemon holds the lease")
        try lease("me", seconds: 60)
        #expect(try store.markLogStarted(["b", "c"], at: 4, by: "me") == ["b", "c"])
        try lease("me", seconds: -1)
        #expect(try store.markLogStarted(["d"], at: 5, by: "me").isEmpty, "its own lease ran out on the server's clock")
        #expect(try store.undelivered().map(\.deliveredBy) == ["me", "me", "me", nil])

        // A channel's queue likewise: taken and renewed only under the leader's lease.
        #expect(try !store.leaseHook("mail", holder: "me", now: 10, seconds: 120), "its lease ran out")
        try lease("me", seconds: 60)
        #expect(try store.leaseHook("mail", holder: "me", now: 11, seconds: 120))
        try lease("other", seconds: 60)
        #expect(try !store.leaseHook("mail", holder: "me", now: 12, seconds: 120), "another daemon leads now")
    }
}
