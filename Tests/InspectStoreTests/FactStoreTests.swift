import Foundation
import InspectCore
@testable import InspectStore
import Testing

@Suite struct FactStoreTests {
    let dir = NSTemporaryDirectory() + "inspectd-store-\(UUID().uuidString)"
    var path: String { dir + "/state.sqlite" }

    init() throws { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }

    let entity = Entity(id: "LS-1", name: "汇通", kind: "microloan", jurisdiction: "兰山区",
                        approvedOn: CivilDate(iso: "2020-01-02"), grade: "I", supervisor: "S01", industry: "金融")

    @Test(arguments: StoreBackend.allCases) func migratesAnEmptyDatabase(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        // Both engines at the same versions, in the same order (versioned together).
        #expect(try store.appliedMigrations() == StoreSchema.migrations.map(\.identifier))
        #expect(try store.journalMode() == (backend == .sqlite ? "wal" : nil))
        #expect(try store.entityCount() == 0)
        // Opening again applies nothing twice.
        let again = try place.open()
        #expect(try again.appliedMigrations() == (try store.appliedMigrations()))
    }

    /// A large directory is read in two halves side by side: every row once, in id order, each
    /// column in its place.
    @Test(arguments: StoreBackend.allCases) func aLargeDirectoryIsReadWholeAndInOrder(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        var rng = SystemRandomNumberGenerator()
        var written: [Entity] = []
        for i in 0..<30_001 {
            let id = "E" + String(i * 7919 % 30_001, radix: 36)
            let approved: CivilDate? = i % 3 == 0 ? nil : CivilDate(dayNumber: Int32(19_000 + i % 500))
            let grade: String? = i % 5 == 0 ? nil : "A"
            let supervisor: String? = i % 4 == 0 ? nil : "S0" + String(i % 9)
            let industry: String? = i % 6 == 0 ? nil : "金融"
            written.append(Entity(id: id, name: "企业" + String(i), kind: i % 2 == 0 ? "employer" : "microloan", jurisdiction: "兰山区",
                                  approvedOn: approved, grade: grade, supervisor: supervisor, industry: industry))
        }
        written.shuffle(using: &rng)
        try store.importEntities(written, file: "big.csv", by: 0, at: 0)
        let read = try store.entities()
        #expect(read == written.sorted { $0.id < $1.id })
    }

    @Test(arguments: StoreBackend.allCases) func factsSurviveAReopen(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        do {
            let store = try place.open()
            let r = try store.importEntities([entity], file: "a.csv", by: 1000, at: 1_700_000_000)
            #expect(r.added == 1 && r.updated == 0)
            let saved = try store.record(Inspection(entityID: "LS-1", date: try #require(CivilDate(iso: "2026-03-02")), kind: "onsite",
                                                    authority: .county, inspectors: ["A", "B"], note: "首次"), by: 1000, at: 1_700_000_100).inspection
            #expect(saved.id != nil)
        }
        let reopened = try place.open()
        #expect(try reopened.entity(id: "LS-1") == entity)
        let inspections = try reopened.inspections(of: "LS-1")
        #expect(inspections.count == 1)
        #expect(inspections[0].inspectors == ["A", "B"])
        #expect(inspections[0].note == "首次")
        #expect(inspections[0].date.iso == "2026-03-02")
    }

    @Test(arguments: StoreBackend.allCases) func reimportUpdatesInPlace(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        try store.importEntities([entity], file: "a.csv", by: 0, at: 1)
        var changed = entity
        changed.grade = "V(1)"
        let r = try store.importEntities([changed], file: "b.csv", by: 0, at: 2)
        #expect(r.added == 0 && r.updated == 1)
        #expect(try store.entity(id: "LS-1")?.grade == "V(1)")
        #expect(try store.entityCount() == 1)
    }

    @Test(arguments: StoreBackend.allCases) func theOutboxTakesEachNoticeKeyOnceAndRemembersDelivery(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        let d = try #require(CivilDate(iso: "2026-03-31"))
        func notice(_ key: String) -> Notice {
            Notice(key: key, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01", source: ["C01"],
                   period: "2026-03", due: d, supervisor: "S01", day: d, message: "m", basis: "b")
        }
        #expect(try store.enqueueNew([notice("k1"), notice("k2")], at: 1).map(\.key) == ["k1", "k2"])
        #expect(try store.enqueueNew([notice("k1"), notice("k3")], at: 2).map(\.key) == ["k3"])
        #expect(try store.undelivered().map(\.key) == ["k1", "k2", "k3"])
        try store.markDelivered(["k2"], at: 3)
        let reopened = try place.open()
        #expect(try reopened.undelivered().map(\.key) == ["k1", "k3"])
        #expect(try reopened.notices(supervisor: "S01").count == 3)
        #expect(try reopened.notices(since: d.adding(days: 1)).isEmpty)
    }

    @Test(arguments: StoreBackend.allCases) func eachDeliveryStepIsRememberedAcrossAReopen(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        let d = try #require(CivilDate(iso: "2026-03-31"))
        let notices = ["a", "b", "c", "d"].map {
            Notice(key: $0, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01", source: ["C01"],
                   period: "2026-03", due: d, supervisor: "S01", day: d, message: "m", basis: "b")
        }
        _ = try store.enqueueNew(notices, at: 1)
        try store.markLogStarted(["b", "c", "d"], at: 2)
        try store.markLogged(["c", "d"], at: 3)
        try store.markDelivered(["d"], at: 4)
        // A second mark of a step does not move its time (the first one is what happened).
        try store.markLogStarted(["b"], at: 9)
        let reopened = try place.open()
        let pending = try reopened.undelivered()
        #expect(pending.map(\.key) == ["a", "b", "c"])
        #expect(pending.map(\.progress) == [.decided, .logStarted, .logged])
    }

    @Test(arguments: StoreBackend.allCases) func aRequestIDRecordsItsFactOnce(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        try store.importEntities([entity], file: "a.csv", by: 0, at: 1)
        let fact = Inspection(entityID: "LS-1", date: try #require(CivilDate(iso: "2026-03-02")), kind: "onsite", authority: .county, inspectors: ["A", "B"])
        let first = try store.record(fact, by: 0, at: 2, requestID: "r1")
        let again = try store.record(fact, by: 0, at: 3, requestID: "r1")
        #expect(first.isNew && !again.isNew)
        #expect(again.inspection.id == first.inspection.id)
        _ = try store.record(fact, by: 0, at: 4)  // no id: always a new fact
        #expect(try store.inspections(of: "LS-1").count == 2)
        #expect(try store.inspection(requestID: "r1")?.id == first.inspection.id)
        #expect(try store.inspection(requestID: "r2") == nil)

        let at = try #require(LocalDateTime(iso: "2026-03-02T10:00"))
        let event = try store.append(LifecycleEvent(subject: "R-2026-1", entityID: "LS-1", kind: "rectification.ordered", at: at), by: 0, at: 5, requestID: "e1")
        #expect(try store.event(requestID: "e1")?.id == event.id)
        // The database refuses a second event with the same request id.
        #expect(throws: (any Error).self) {
            try store.append(LifecycleEvent(subject: "R-2026-2", entityID: "LS-1", kind: "rectification.ordered", at: at), by: 0, at: 6, requestID: "e1")
        }
    }

    /// A daemon starting drops the imports in parts it left; on a shared PostgreSQL store, not
    /// another daemon's import under way (issue 16).
    @Test(arguments: StoreBackend.allCases) func aDaemonStartingDropsOnlyItsOwnStagedImports(_ backend: StoreBackend) throws {
        let store = try StorePlace(backend).open()
        try store.stage([(line: 2, entity: entity)], importID: "a/1")
        try store.stage([(line: 2, entity: entity)], importID: "b/1")
        try store.discardStaged(ownedBy: "a/")
        #expect(try store.stagedCount(importID: "a/1") == 0)
        #expect(try store.stagedCount(importID: "b/1") == (backend == .postgresql ? 1 : 0))
    }

    /// An import's parts are staged in bulk (one COPY per transaction on PostgreSQL); an id
    /// given twice — in one part or in an earlier one — is refused naming both lines, and
    /// nothing of the refused part is staged.
    @Test(arguments: StoreBackend.allCases) func stagingRefusesAnIdGivenTwiceNamingItsLines(_ backend: StoreBackend) throws {
        let store = try StorePlace(backend).open()
        func e(_ id: String, _ name: String) -> Entity { Entity(id: id, name: name, kind: "employer", jurisdiction: "兰山区", industry: "制\t造\\业") }
        let first = (0..<12_000).map { (line: $0 + 2, entity: e("E-\($0)", "企业\($0)")) }
        try store.stage(first, importID: "x/1")
        #expect(try store.stagedCount(importID: "x/1") == 12_000)
        do {
            try store.stage([(line: 12_002, entity: e("N-1", "新")), (line: 12_003, entity: e("E-7", "重复"))], importID: "x/1")
            Issue.record("an id staged by an earlier part was taken")
        } catch let dup as FactStore.DuplicateID {
            #expect(dup.id == "E-7" && dup.firstLine == 9 && dup.line == 12_003)
        }
        do {
            try store.stage([(line: 2, entity: e("A", "甲")), (line: 3, entity: e("B", "乙")), (line: 4, entity: e("A", "丙"))], importID: "x/2")
            Issue.record("an id given twice in one part was taken")
        } catch let dup as FactStore.DuplicateID {
            #expect(dup.id == "A" && dup.firstLine == 2 && dup.line == 4)
        }
        #expect(try store.stagedCount(importID: "x/2") == 0, "nothing of the refused part")
        // What was staged is what the commit imports (by id), awkward text and all; moved in
        // ranges of ids (3 here), every row once, and the staging area emptied.
        let committed = try store.commitStaged(importID: "x/1", file: "x.csv", by: 1000, at: 1, rangeSize: 5_000)
        let expected = first.map(\.entity).sorted { $0.id < $1.id }
        #expect(committed.added == 12_000 && committed.updated == 0 && committed.entities == expected)
        #expect(try store.entities() == expected)
        #expect(try store.stagedCount(importID: "x/1") == 0)
        #expect(FactStore.idRanges(expected.map(\.id), size: 5_000).map { [$0.lo, $0.hi] } == [[nil, "E-3699"], ["E-3699", "E-8199"], ["E-8199", nil]])
        #expect(FactStore.idRanges([], size: 5_000).count == 1, "no ids: one range, open at both ends")
    }

    /// A reload freezes the closed periods' obligations in bulk (COPY and a statement per chunk
    /// on PostgreSQL): a key frozen earlier keeps its first record, of a key given twice the
    /// first is kept, and the count is of the newly frozen; the others read them by time.
    @Test(arguments: StoreBackend.allCases) func freezingKeepsTheFirstRecordOfEachKey(_ backend: StoreBackend) throws {
        let store = try StorePlace(backend).open()
        let d = try #require(CivilDate(iso: "2026-03-31"))
        func frozen(_ key: String, required: Int) -> FrozenObligation {
            FrozenObligation(Obligation(ruleID: "C01", entityID: "LS-\(key)", period: ObligationWindow(start: d.adding(days: -30), end: d, label: "2026-03"),
                                        due: d, remindFrom: d.adding(days: -7), required: required, done: 0, lastDone: nil, status: .overdue, provisional: false))
        }
        #expect(try store.freeze([frozen("1", required: 1)], at: 100) == 1)
        let list = (1...7).map { frozen("\($0)", required: 2) } + [frozen("3", required: 3)]
        #expect(try store.freeze(list, at: 200, chunk: 3) == 6, "LS-1 was frozen before; LS-3's second record is not")
        let byTime = try store.frozenObligations(frozenAt: 200)
        #expect(byTime.keys.sorted() == (2...7).map { "LS-\($0)" })
        #expect(byTime["LS-3"]?.map(\.required) == [2])
        #expect(try store.frozenObligations()["LS-1"]?.map(\.required) == [1])
        #expect(try store.freeze(list, at: 300, chunk: 3) == 0)
    }
}
