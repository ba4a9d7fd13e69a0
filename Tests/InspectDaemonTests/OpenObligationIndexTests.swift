import Foundation
import InspectConfig
import InspectCore
@testable import InspectDaemon
import Testing

/// The index behind every list and `status` (issue 11) must say exactly what a scan of every
/// obligation says, however the facts change: checked against the scan after each of many
/// random writes on the shipped rules and demo directory.
@Suite("open obligations index")
struct OpenObligationIndexTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func snapshot(today: String) throws -> (ScheduleSnapshot, Configuration) {
        let configuration = try ConfigurationLoader.load(directory: Self.root.appendingPathComponent("config").path)
        let csv = Self.root.appendingPathComponent("config/demo/entities.csv").path
        let entities = try EntityDirectoryCSV.parse(try String(contentsOfFile: csv, encoding: .utf8), file: csv,
                                                    supervisors: Set(configuration.supervisors.map(\.id)))
        var s = ScheduleSnapshot(today: try #require(CivilDate(iso: today)), entities: entities, inspections: [], plans: [:])
        s.recomputeAll(configuration)
        return (s, configuration)
    }

    /// What the index must agree with: a scan and a sort of everything.
    func scanned(_ s: ScheduleSnapshot, supervisor: String? = nil) -> [Obligation] {
        s.obligations.values.joined().filter { o in
            o.status.isOpen && (supervisor.map { s.entities[o.entityID]?.supervisor ?? "" == $0 } ?? true)
        }.sorted { OpenObligationIndex.Ref($0) < OpenObligationIndex.Ref($1) }
    }

    func check(_ s: ScheduleSnapshot, _ configuration: Configuration, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(s.open() == scanned(s), sourceLocation: sourceLocation)
        for sup in configuration.supervisors.map(\.id) + [""] {
            var viaIndex: [Obligation] = []
            s.index.days(supervisor: sup).walk(after: nil, through: nil) { viaIndex.append(s.obligation($0)!); return true }
            #expect(viaIndex == scanned(s, supervisor: sup), "supervisor \(sup)", sourceLocation: sourceLocation)
        }
        // Every other dimension, each value, against the scan.
        let openInOrder = scanned(s)
        let facets: [(OpenObligationIndex.Dimension, (Obligation) -> String)] = [
            (.jurisdiction, { s.entities[$0.entityID]!.jurisdiction }), (.kind, { s.entities[$0.entityID]!.kind }), (.rule, { $0.ruleID }),
        ]
        for (d, value) in facets {
            for v in Set(openInOrder.map(value)) {
                var viaIndex: [Obligation] = []
                s.index.days(d, v).walk(after: nil, through: nil) { viaIndex.append(s.obligation($0)!); return true }
                #expect(viaIndex == openInOrder.filter { value($0) == v }, "\(d) \(v)", sourceLocation: sourceLocation)
            }
        }
        let all = Array(s.obligations.values.joined())
        let open = all.filter(\.status.isOpen)
        let c = s.counts()
        #expect(c.total == all.count && c.open == open.count, sourceLocation: sourceLocation)
        #expect(c.overdue == open.filter { $0.status == .overdue }.count, sourceLocation: sourceLocation)
        #expect(c.dueSoon == open.filter { $0.status == .dueSoon || $0.status == .due }.count, sourceLocation: sourceLocation)
        let next = open.filter { $0.due >= s.today }.min { OpenObligationIndex.Ref($0) < OpenObligationIndex.Ref($1) }
        #expect(c.nextDue == next, sourceLocation: sourceLocation)
    }

    @Test(arguments: ["2026-03-25", "2026-06-30", "2026-12-31"])
    func agreesWithAScanAfterEveryWrite(today: String) throws {
        var (s, configuration) = try snapshot(today: today)
        check(s, configuration)
        var rng = SystemRandomNumberGenerator()
        let ids = s.entities.values.map(\.id)
        let kinds = ["onsite", "offsite", "audit", "annual-review", "filing", "meeting"]
        let supervisors = configuration.supervisors.map(\.id) + [nil]
        for step in 0..<120 {
            let id = ids.randomElement(using: &rng)!
            if step % 10 == 9 {
                // A directory change: the entity moves to another supervisor and jurisdiction.
                s.entities[id]?.supervisor = supervisors.randomElement(using: &rng)!
                s.entities[id]?.jurisdiction = ["兰山区", "罗庄区", "河东区"].randomElement(using: &rng)!
            } else {
                let day = s.today.adding(days: -Int.random(in: 0...200, using: &rng))
                s.inspections[id, default: []].append(Inspection(entityID: id, date: day, kind: kinds.randomElement(using: &rng)!,
                                                                  authority: [.county, .city].randomElement(using: &rng)!, inspectors: ["甲", "乙"]))
            }
            s.recompute(entity: id, configuration)
            if step % 20 == 0 { check(s, configuration) }
        }
        check(s, configuration)
    }

    /// An import recomputes many entities in one pass (one sort per day touched).
    @Test func agreesWithAScanAfterBatchChanges() throws {
        var (s, configuration) = try snapshot(today: "2026-06-30")
        var rng = SystemRandomNumberGenerator()
        let ids = s.entities.values.map(\.id)
        let supervisors = configuration.supervisors.map(\.id) + [nil]
        for _ in 0..<4 {
            let batch = Array(ids.shuffled(using: &rng).prefix(40))
            for id in batch {
                s.entities[id]?.supervisor = supervisors.randomElement(using: &rng)!
                let day = s.today.adding(days: -Int.random(in: 0...150, using: &rng))
                s.inspections[id, default: []].append(Inspection(entityID: id, date: day, kind: "onsite", authority: .county, inspectors: ["甲", "乙"]))
            }
            s.recompute(entities: batch, configuration)
            check(s, configuration)
        }
    }

    @Test func pagesFollowOneAnotherWithoutGapsOrRepeats() throws {
        let (s, _) = try snapshot(today: "2026-03-25")
        let everything = s.open().map(OpenObligationIndex.Ref.init)
        #expect(everything.count > 20)
        var cursor: OpenObligationIndex.Ref?
        var seen: [OpenObligationIndex.Ref] = []
        repeat {
            var page: [OpenObligationIndex.Ref] = []
            s.index.all.walk(after: cursor, through: nil) { page.append($0); return page.count < 7 }
            // The cursor survives its round trip through text.
            cursor = page.last.flatMap { OpenObligationIndex.Ref(cursor: $0.cursor) }
            seen += page
            if let c = cursor { #expect(s.index.all.position(through: c) == seen.count) }
        } while cursor != nil && seen.count < everything.count
        #expect(seen == everything)
        #expect(OpenObligationIndex.Ref(cursor: "o1.bm90IGpzb24") == nil)
        #expect(OpenObligationIndex.Ref(cursor: "") == nil)
    }

    /// An office's list is its supervisors' sets walked as one: in order, from any cursor, and
    /// equal to a scan of the office's entities.
    @Test func severalSetsWalkAsOne() throws {
        let (s, configuration) = try snapshot(today: "2026-03-25")
        let everything = scanned(s).map(OpenObligationIndex.Ref.init)
        let offices = Set(configuration.supervisors.map(\.office))
        #expect(offices.count > 1)
        for office in offices {
            let ids = configuration.supervisors.filter { $0.office == office }.map(\.id)
            let sets = ids.map { s.index.days(.supervisor, $0) }
            let expected = everything.filter { ids.contains(s.entities[$0.entity]?.supervisor ?? "") }
            #expect(!expected.isEmpty, "\(office)")
            var walked: [OpenObligationIndex.Ref] = []
            OpenObligationIndex.walk(sets, after: nil, through: nil) { walked.append($0); return true }
            #expect(walked == expected, "\(office)")
            // From a cursor in the middle, and only through a day.
            for cut in [0, expected.count / 3, expected.count - 1] {
                let lastDay = expected[expected.count / 2].due
                var rest: [OpenObligationIndex.Ref] = []
                OpenObligationIndex.walk(sets, after: expected[cut], through: lastDay) { rest.append($0); return true }
                #expect(rest == Array(expected[(cut + 1)...]).filter { $0.due <= lastDay }, "\(office) after \(cut)")
            }
        }
    }
}
