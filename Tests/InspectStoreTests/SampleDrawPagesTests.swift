import Foundation
import GRDB
import InspectCore
@testable import InspectStore
import Testing

/// Issue 11: a draw's summary and entities are read without decoding its population (v16), and
/// two draws made side by side cannot both be recorded.
@Suite struct SampleDrawPagesTests {
    let dir = NSTemporaryDirectory() + "inspectd-store-\(UUID().uuidString)"
    var path: String { dir + "/state.sqlite" }

    init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

    /// A draw of `n` entities out of `2n`, grades alternating.
    func draw(_ n: Int) throws -> (SampleDrawInput, SampleDraw) {
        let population = (0..<(2 * n)).map { SampleMember(id: "E\($0)", grade: $0 % 2 == 0 ? "A" : "B", industry: "制造业") }
        let input = SampleDrawInput(parameters: SampleParameters(rule: "S01", size: .range(min: n, max: n)), seed: 9, population: population,
                                    inspectors: ["I1", "I2", "I3"], conflicts: [], workload: [:])
        return (input, try SampleDrawing.draw(input))
    }

    @Test(arguments: StoreBackend.allCases) func entitiesInPagesInDrawOrderWithTheirRecordedGrade(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        let (input, result) = try draw(250)
        let record = try store.recordDraw(rule: "S01", period: "2026", input: input, result: result, by: 7, at: 100)
        let summary = try #require(try store.drawSummary(id: record.id))
        #expect(summary.entityCount == 250 && summary.size == 250 && summary.populationSize == 500 && summary.unit == "entity")
        var seen: [DrawnEntityRecord] = []
        var after: Int?
        repeat {
            let page = try store.drawnEntities(of: record.id, after: after, limit: 40)
            seen += page.entities
            after = page.remaining > 0 ? page.entities.last?.order : nil
            #expect(page.remaining == 250 - seen.count)
        } while after != nil
        #expect(seen.map(\.entity) == result.entities.map(\.entity))
        #expect(seen.map(\.inspectors) == result.entities.map(\.inspectors))
        let grades = Dictionary(uniqueKeysWithValues: input.population.map { ($0.id, $0.grade) })
        #expect(seen.allSatisfy { $0.grade == grades[$0.entity] ?? nil })
        #expect(try store.drawnFor().count == 250)
        // Workload per inspector: every assignment of the draw, counted once.
        let assigned = try store.drawAssignments()
        #expect(assigned.reduce(0) { $0 + $1.count } == result.entities.reduce(0) { $0 + $1.inspectors.count })

        // A second draw of the rule and period is refused in the transaction.
        #expect(throws: SamplingStoreError.self) { try store.recordDraw(rule: "S01", period: "2026", input: input, result: result, by: 7, at: 101) }
        #expect(try store.drawSummaries().draws.count == 1)
    }

    @Test(arguments: StoreBackend.allCases) func summariesInPagesOldestFirst(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        let (input, result) = try draw(3)
        for (i, period) in ["2024", "2025", "2026", "2027", "2028"].enumerated() {
            _ = try store.recordDraw(rule: "S01", period: period, input: input, result: result, by: 0, at: Int64(10 - i % 2))
        }
        let first = try store.drawSummaries(limit: 2)
        #expect(first.remaining == 3)
        let rest = try store.drawSummaries(after: first.last, limit: 10)
        #expect(rest.remaining == 0)
        let order = (first.draws + rest.draws).map(\.period)
        #expect(order == ["2025", "2027", "2024", "2026", "2028"], "by time drawn, then as recorded")
        #expect(try store.drawSummaries(period: "2026").draws.map(\.id) == ["D-2026-S01-1"])
    }

    @Test func migrationV16FillsTheRowsOfDrawsRecordedBefore() throws {
        let (input, result) = try draw(20)
        // A database as version 15 left it, with a draw recorded.
        do {
            try SQLiteEngine(path: path, busyTimeout: 5).migrate(StoreSchema.migrations(through: "v15: the audit trail"))
            let queue = try DatabaseQueue(path: path)
            let json = { (v: any Encodable) in String(decoding: try JSONEncoder().encode(v), as: UTF8.self) }
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO sample_draw (id, rule, period, seed, population_digest, population, inspectors, parameters, result, drawn_at, drawn_by)
                    VALUES ('D-2026-S01-1', 'S01', '2026', 9, ?, ?, ?, ?, ?, 5, 0)
                    """, arguments: [result.populationDigest, try json(input.population),
                                     #"{"pool":["I1","I2","I3"],"conflicts":[],"workload":{}}"#, try json(input.parameters), try json(result)])
            }
        }
        let store = try FactStore(path: path)
        let summary = try #require(try store.drawSummary(id: "D-2026-S01-1"))
        #expect(summary.entityCount == 20 && summary.size == 20 && summary.populationSize == 40)
        #expect(try store.drawnEntities(of: "D-2026-S01-1").entities.map(\.entity) == result.entities.map(\.entity))
    }
}
