import InspectCore
@testable import InspectDaemon
import Testing

/// The sorted array that holds the directory must behave as the dictionary it replaced: after
/// any mix of single sets, removals and batch upserts (duplicates within a batch included, the
/// later one kept), the same entities, in id order, each found by its id.
@Suite("entity directory")
struct EntityDirectoryTests {
    @Test func behavesAsADictionaryKeptInOrder() {
        var rng = SystemRandomNumberGenerator()
        func entity(_ n: Int, _ tag: Int) -> Entity {
            Entity(id: "E\(n)", name: "企业\(n)-\(tag)", kind: "employer", jurisdiction: "兰山区")
        }
        var directory = EntityDirectory((0..<50).map { entity($0 * 3, 0) }.shuffled(using: &rng))
        var oracle = Dictionary(uniqueKeysWithValues: (0..<50).map { ("E\($0 * 3)", entity($0 * 3, 0)) })
        for step in 1...400 {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0:
                let n = Int.random(in: 0..<200, using: &rng)
                directory["E\(n)"] = entity(n, step)
                oracle["E\(n)"] = entity(n, step)
            case 1:
                let n = Int.random(in: 0..<200, using: &rng)
                directory["E\(n)"] = nil
                oracle["E\(n)"] = nil
            case 2:
                // By id, as the store reads an import: merged without a sort.
                let ids = Set((0..<Int.random(in: 0..<30, using: &rng)).map { _ in Int.random(in: 0..<200, using: &rng) })
                let batch = ids.map { entity($0, step) }.sorted { $0.id < $1.id }
                directory.upsert(batch)
                for e in batch { oracle[e.id] = e }
            default:
                let batch = (0..<Int.random(in: 0..<30, using: &rng)).map { k in entity(Int.random(in: 0..<200, using: &rng), step * 100 + k) }
                directory.upsert(batch)
                for e in batch { oracle[e.id] = e }
            }
            #expect(directory.values == oracle.values.sorted { $0.id < $1.id }, "step \(step)")
            #expect(directory.count == oracle.count)
            for n in 0..<200 { #expect(directory["E\(n)"] == oracle["E\(n)"]) }
            let cut = "E\(Int.random(in: 0..<200, using: &rng))"
            #expect(directory.upperBound(cut) == directory.values.filter { $0.id <= cut }.count)
        }
    }

    /// What an import changes: the ids that are new or differ as the caller judges, whether the
    /// import comes by id (one walk) or in any order.
    @Test func anImportsChangedEntitiesAreFound() {
        func entity(_ n: Int, grade: String? = nil) -> Entity {
            Entity(id: "E\(n)", name: "企业\(n)", kind: "employer", jurisdiction: "兰山区", grade: grade)
        }
        let directory = EntityDirectory((0..<100).filter { $0 % 2 == 0 }.map { entity($0) })
        let incoming = (0..<100).map { n in n % 10 == 0 ? entity(n, grade: "A") : entity(n) }
        let expected = (0..<100).filter { $0 % 2 == 1 || $0 % 10 == 0 }.map { "E\($0)" }
        let byID = incoming.sorted { $0.id < $1.id }
        #expect(directory.changed(byID) { $0 != $1 } == expected.sorted())
        #expect(Set(directory.changed(incoming.reversed()) { $0 != $1 }) == Set(expected))
        #expect(directory.changed(byID) { _, _ in false }.count == 50, "only the new ones")
    }
}
