import Foundation
import InspectCore
@testable import InspectStore
import PostgresTestSupport
import Testing

/// A daemon whose listener lost its connection catches up from the store's change feed: the
/// writes it missed, not every fact (at a province's size, seconds of CPU and a rebuild); and
/// reads everything when the feed no longer reaches back to its last write heard.
@Suite(.serialized) struct ChangeFeedTests {
    @Test func payloadCarriesTheFeedID() {
        let (from, changes, id) = StoreChange.parseFeed(StoreChange.payload(instance: "a", [.inspection(3), .outbox]) + "\t41")
        #expect(from == "a" && Set(changes) == [.inspection(3), .outbox] && id == 41)
        #expect(StoreChange.parseFeed(StoreChange.payload(instance: "a", [.plan("C01/LS-1/2026-03")])).feedID == nil, "a daemon before the feed")
        #expect(StoreChange.parse("a\tevent:2\t9").changes == [.event(2)], "the id is not a change")
    }

    /// A platform of two: `listener` hears `writer`'s writes.
    struct Platform {
        let writer: FactStore
        let listening: PostgresEngine
        let heard = Heard()
        let resumed = Resumptions()
        let listener: PostgresListener

        init() throws {
            let database = try PostgresServer.shared().createDatabase()
            writer = try FactStore(.postgresql(PostgresSettings(connection: database, instance: "writer")))
            listening = try PostgresEngine(settings: PostgresSettings(connection: database, instance: "listener"))
            let (heard, resumed) = (heard, resumed)
            listener = PostgresListener(engine: listening, onChange: { heard.add($0, $1) }, onReconnect: { resumed.add($0) })
            listener.start(waitingUpTo: 5)
        }

        /// Ends the listener's session on the server (as a restart or a cut would); returns once
        /// the listener has noticed (its next poll), before it connects again (a second later).
        func cutListener() throws {
            let ended = try writer.engine.read { db in
                try db.values(as: Bool.self, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'inspectd/listener/listen' AND datname = current_database()")
            }
            #expect(ended == [true], "one listening session ended")
        }

        func waitForResumption() -> ListenerResumption? {
            let deadline = Date().addingTimeInterval(15)
            while resumed.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            return resumed.all.first
        }

        func feed() throws -> (first: Int64?, last: Int64?) {
            try writer.engine.read { db in
                let r = try db.row("SELECT min(id) AS first, max(id) AS last FROM store_change")
                return (r.flatMap { $0["first"] as Int64? }, r.flatMap { $0["last"] as Int64? })
            }
        }
    }

    @Test func reconnectAppliesTheWritesMissedFromTheFeed() throws {
        let p = try Platform()
        defer { p.listener.stop() }
        let d = try #require(CivilDate(iso: "2026-03-02"))
        // One write heard live: the listener's position.
        try p.writer.importEntities([Entity(id: "LS-1", name: "甲", kind: "employer", jurisdiction: "兰山区")], file: "a.csv", by: 0, at: 1)
        var deadline = Date().addingTimeInterval(5)
        while p.heard.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(p.heard.all.flatMap(\.changes) == [.directoryImport(1)])
        p.heard.clear()

        // Cut; every kind of write while the listener is away (its NOTIFYs are lost to it).
        try p.cutListener()
        var expected: Set<StoreChange> = []
        try p.writer.importEntities([Entity(id: "LS-2", name: "乙", kind: "employer", jurisdiction: "兰山区")], file: "b.csv", by: 0, at: 2)
        expected.insert(.directoryImport(2))
        let inspection = try #require(try p.writer.record(Inspection(entityID: "LS-1", date: d, kind: "onsite", authority: .county, inspectors: ["A"]),
                                                          by: 0, at: 3).inspection.id)
        expected.insert(.inspection(inspection))
        try p.writer.recordPlan(ObligationPlan(key: "C01/LS-1/2026-03", planned: d), by: 0, at: 4)
        expected.insert(.plan("C01/LS-1/2026-03"))
        let at = try #require(LocalDateTime(iso: "2026-03-02T10:00"))
        let event = try #require(try p.writer.append(LifecycleEvent(subject: "R-1", entityID: "LS-1", kind: "rectification.ordered", at: at), by: 0, at: 5).id)
        expected.insert(.event(event))
        let population = (0..<4).map { SampleMember(id: "E\($0)", grade: "A", industry: "制造业") }
        let input = SampleDrawInput(parameters: SampleParameters(rule: "S01", size: .range(min: 2, max: 2)), seed: 9, population: population,
                                    inspectors: ["I1", "I2", "I3"], conflicts: [], workload: [:])
        let draw = try p.writer.recordDraw(rule: "S01", period: "2026", input: input, result: try SampleDrawing.draw(input), by: 0, at: 6)
        expected.insert(.draw(draw.id))
        try p.writer.freeze([], at: 7)
        expected.insert(.frozen(7))
        let n = Notice(key: "k", kind: .due, stage: "due", entityID: "LS-1", entityName: "甲", ruleID: "C01", source: ["C01"],
                       period: "2026-03", due: d, supervisor: nil, day: d, message: "m", basis: "b")
        _ = try p.writer.enqueueNew([n], at: 8)
        expected.insert(.outbox)

        // Back: each missed write handed on as if heard, and nothing says "read everything".
        #expect(p.waitForResumption() == .fromFeed(writes: 7))
        #expect(Set(p.heard.all.flatMap(\.changes)) == expected)
        #expect(p.heard.all.allSatisfy { $0.from == "writer" })

        // Heard live again afterwards, each write once (what the feed gave is not heard twice).
        p.heard.clear()
        try p.writer.recordPlan(ObligationPlan(key: "C01/LS-2/2026-03", planned: d), by: 0, at: 9)
        deadline = Date().addingTimeInterval(5)
        while p.heard.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(p.heard.all.flatMap(\.changes) == [.plan("C01/LS-2/2026-03")])
        #expect(p.resumed.all.count == 1)
    }

    @Test func aFeedPrunedPastTheLastWriteHeardMeansEverything() throws {
        let p = try Platform()
        defer { p.listener.stop() }
        let d = try #require(CivilDate(iso: "2026-03-02"))
        try p.writer.recordPlan(ObligationPlan(key: "C01/LS-1/2026-03", planned: d), by: 0, at: 1)
        var deadline = Date().addingTimeInterval(5)
        while p.heard.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let heardAt = try #require(try p.feed().last)
        // The next write is the 100th's multiple (pruning follows it), and what the listener
        // heard is older than the bound by then.
        let next = (heardAt / ChangeFeed.pruneEvery + 1) * ChangeFeed.pruneEvery
        // Outside a write (autocommit statements): a write would itself take the next id.
        try p.writer.engine.read { db in
            _ = try db.rows("SELECT setval('store_change_id_seq', ?)", [next - 1])
            try db.execute("UPDATE store_change SET at = at - make_interval(secs => ?)", [ChangeFeed.keepSeconds + 60])
        }
        try p.cutListener()
        try p.writer.recordPlan(ObligationPlan(key: "C01/LS-2/2026-03", planned: d), by: 0, at: 2)
        let feed = try p.feed()
        #expect(feed.last == next, "the write after the cut is the pruning one")
        #expect(try #require(feed.first) > heardAt + 1, "pruned past what the listener heard")

        #expect(p.waitForResumption() == .everything)
        // From the new head on, heard again as before.
        p.heard.clear()
        try p.writer.recordPlan(ObligationPlan(key: "C01/LS-3/2026-03", planned: d), by: 0, at: 3)
        deadline = Date().addingTimeInterval(5)
        while p.heard.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(p.heard.all.flatMap(\.changes) == [.plan("C01/LS-3/2026-03")])
    }

    @Test func pruningKeepsTheBoundAndTheNewestRow() throws {
        let p = try Platform()
        defer { p.listener.stop() }
        let d = try #require(CivilDate(iso: "2026-03-02"))
        for i in 0..<5 { try p.writer.recordPlan(ObligationPlan(key: "C01/LS-\(i)/2026-03", planned: d), by: 0, at: Int64(i)) }
        let before = try p.feed()
        // Rows within the hour stay whatever their number; aged ones go at the next multiple of 100.
        try p.writer.engine.read { db in
            _ = try db.rows("SELECT setval('store_change_id_seq', ?)", [ChangeFeed.pruneEvery * 3 - 2])
            try db.execute("UPDATE store_change SET at = at - make_interval(secs => ?) WHERE id <= ?", [ChangeFeed.keepSeconds + 60, try #require(before.first) + 1])
        }
        try p.writer.recordPlan(ObligationPlan(key: "C01/X/2026-03", planned: d), by: 0, at: 9)  // 299: no pruning
        #expect(try p.feed().first == before.first)
        try p.writer.recordPlan(ObligationPlan(key: "C01/Y/2026-03", planned: d), by: 0, at: 9)  // 300: pruning
        let after = try p.feed()
        #expect(after.first == (try #require(before.first)) + 2, "the two aged rows went, the rest of the hour stayed")
        #expect(after.last == ChangeFeed.pruneEvery * 3)
        // Beyond the row bound, by number alone.
        try p.writer.engine.read { db in _ = try db.rows("SELECT setval('store_change_id_seq', ?)", [ChangeFeed.keepRows + ChangeFeed.pruneEvery * 4 - 1]) }
        try p.writer.recordPlan(ObligationPlan(key: "C01/Z/2026-03", planned: d), by: 0, at: 9)
        #expect(try p.feed().first == ChangeFeed.keepRows + ChangeFeed.pruneEvery * 4, "only the newest row is within 100,000 of itself")
    }
}

/// How a listener caught up, each time (its thread adds, the test reads).
final class Resumptions: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [ListenerResumption] = []
    func add(_ r: ListenerResumption) { lock.lock(); list.append(r); lock.unlock() }
    var all: [ListenerResumption] { lock.lock(); defer { lock.unlock() }; return list }
}
