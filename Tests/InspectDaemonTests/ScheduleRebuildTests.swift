import Foundation
import InspectConfig
import InspectCore
@testable import InspectDaemon
import Testing

/// A schedule recomputed aside and swapped in (`adopt(writesOf:_:)`) must equal the schedule recomputed in
/// place from the facts as they are at the swap: every write made while it was built is kept.
@Suite("schedule built aside")
struct ScheduleRebuildTests {
    let index = OpenObligationIndexTests()

    func same(_ a: ScheduleSnapshot, _ b: ScheduleSnapshot, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.today == b.today, sourceLocation: sourceLocation)
        #expect(a.obligations == b.obligations, sourceLocation: sourceLocation)
        #expect(a.open() == b.open(), sourceLocation: sourceLocation)
        #expect(a.tally == b.tally, sourceLocation: sourceLocation)
        #expect(a.entities.values.map(\.id) == b.entities.values.map(\.id), sourceLocation: sourceLocation)
    }

    /// An import recomputes only the entities `mayRecompute` names: what it leaves out (a new
    /// name, a new industry) must not change any obligation, nor where the index files it.
    @Test("an import that renames entities changes no obligation; one that regrades them does")
    func whatAnImportRecomputes() throws {
        let (live, configuration) = try index.snapshot(today: "2026-03-30")
        let renamed = live.entities.values.map { e in
            var n = e
            n.name += "（新）"
            n.industry = "新行业"
            return n
        }
        #expect(!zip(live.entities.values, renamed).contains { ScheduleSnapshot.mayRecompute($0, $1) })
        var fresh = live
        fresh.entities = EntityDirectory(renamed)
        fresh.recomputeAll(configuration)
        same(fresh, live)
        index.check(fresh, configuration)
        // The fields it names do change obligations: the check would bite.
        let moved = live.entities.values.map { e in
            var n = e
            n.kind = "pawnshop" == e.kind ? "microloan" : "pawnshop"
            return n
        }
        #expect(zip(live.entities.values, moved).allSatisfy { ScheduleSnapshot.mayRecompute($0, $1) })
        var other = live
        other.entities = EntityDirectory(moved)
        other.recomputeAll(configuration)
        #expect(other.obligations != live.obligations)
    }

    @Test("writes during a rebuild for the new day are kept, and recomputed for that day")
    func writesDuringTheRebuildAreKept() throws {
        var (live, configuration) = try index.snapshot(today: "2026-03-30")
        let base = live
        live.beginTracking()
        // Writes while the copy is recomputed: an inspection on three entities that owe one.
        let owing = Array(Set(live.open().map(\.entityID)).sorted().prefix(3))
        #expect(owing.count == 3)
        for (i, id) in owing.enumerated() {
            live.inspections[id, default: []].append(Inspection(entityID: id, date: CivilDate(iso: "2026-03-2\(i + 5)")!, kind: "onsite", authority: .county, inspectors: ["甲", "乙"]))
            live.recompute(entity: id, configuration)
        }
        var fresh = base
        fresh.today = CivilDate(iso: "2026-03-31")!
        fresh.recomputeAll(configuration)
        var adopted = fresh
        adopted.adopt(writesOf: live, configuration)

        var expected = live
        expected.endTracking()
        expected.today = fresh.today
        expected.recomputeAll(configuration)
        same(adopted, expected)
        #expect(!adopted.handover.isTracking)
        // Without the writes' entities recomputed, the swap would have lost them: the check bites.
        #expect(fresh.obligations != expected.obligations)
        index.check(adopted, configuration)
    }

    @Test("an import applied to the copy is kept, with the writes made meanwhile")
    func anImportAppliedAsideIsKept() throws {
        var (live, configuration) = try index.snapshot(today: "2026-03-30")
        let base = live
        live.beginTracking()
        let someone = try #require(live.open().first?.entityID)
        live.inspections[someone, default: []].append(Inspection(entityID: someone, date: CivilDate(iso: "2026-03-27")!, kind: "onsite", authority: .county, inspectors: ["甲", "乙"]))
        live.recompute(entity: someone, configuration)

        // The import: a new entity, and an existing one moved to another supervisor.
        var fresh = base
        var moved = try #require(fresh.entities[someone])
        moved.supervisor = configuration.supervisors.map(\.id).first { $0 != moved.supervisor }
        fresh.entities[someone] = moved
        var added = moved
        added.id = "AAA-NEW-001"
        fresh.entities[added.id] = added
        fresh.recomputeAll(configuration)
        var adopted = fresh
        adopted.adopt(writesOf: live, configuration)

        var expected = live
        expected.endTracking()
        expected.entities = fresh.entities
        expected.recomputeAll(configuration)
        same(adopted, expected)
        #expect(adopted.entities[someone]?.supervisor == moved.supervisor)
        index.check(adopted, configuration)
    }

    /// The catch-up before the swap: writes made before it are computed off the queue, writes made
    /// after it (one of them to an entity written before) at the swap; the result is the same.
    @Test func writesBeforeAndAfterTheCatchUpAreKept() throws {
        var (live, configuration) = try index.snapshot(today: "2026-03-30")
        let base = live
        live.beginTracking()
        let owing = Array(Set(live.open().map(\.entityID)).sorted().prefix(4))
        #expect(owing.count == 4)
        func write(_ id: String, _ day: String) {
            live.inspections[id, default: []].append(Inspection(entityID: id, date: CivilDate(iso: day)!, kind: "onsite", authority: .county, inspectors: ["甲", "乙"]))
            live.recompute(entity: id, configuration)
        }
        write(owing[0], "2026-03-25")
        write(owing[1], "2026-03-26")
        var fresh = base
        fresh.today = CivilDate(iso: "2026-03-31")!
        fresh.recomputeAll(configuration)
        let written = live.takeWritten()
        #expect(written == Set(owing[0...1]))
        fresh.catchUp(with: live.writtenFacts, entities: written, configuration)
        write(owing[1], "2026-03-02")
        write(owing[2], "2026-03-27")
        #expect(live.handover.written == Set(owing[1...2]))
        var adopted = fresh
        adopted.adopt(writesOf: live, configuration)

        var expected = live
        expected.endTracking()
        expected.today = fresh.today
        expected.recomputeAll(configuration)
        same(adopted, expected)
        index.check(adopted, configuration)
    }
}
