import Foundation
import InspectCore
@testable import InspectStore
import PostgresTestSupport
import Testing

/// What a write announces to the other daemons on a shared PostgreSQL store (issue 16): each
/// write names the fact it wrote, so that they apply that fact alone.
@Suite struct StoreChangeTests {
    @Test func payloadsRoundTrip() {
        let changes: [StoreChange] = [.inspection(12), .event(7), .plan("C01/LS-1/2026-03"), .draw("D-2026-S01-1"), .outbox,
                                      .directoryImport(3), .frozen(1_764_000_000)]
        let (from, parsed) = StoreChange.parse(StoreChange.payload(instance: "a", changes))
        #expect(from == "a" && Set(parsed) == Set(changes))
        #expect(StoreChange.parse(StoreChange.payload(instance: "a", changes + [.scratch])).changes.count == changes.count,
                "scratch rows beside a fact are not named")
        #expect(!StoreChange.announced([.scratch, .scratch]) && StoreChange.announced([]) && StoreChange.announced([.scratch, .outbox]))
        #expect(StoreChange.parse(StoreChange.payload(instance: "a", [])).changes == [.everything], "a write that noted nothing is everything")
        #expect(StoreChange.parse(StoreChange.payload(instance: "a", [.inspection(1), .everything])).changes == [.everything])
        #expect(StoreChange.parse("b").changes == [.everything], "a payload of the name alone")
        #expect(StoreChange.parse("b\tinspection:x").changes == [.everything], "what cannot be read is everything")
        let many = (0..<2_000).map { StoreChange.inspection(Int64($0)) }
        #expect(StoreChange.parse(StoreChange.payload(instance: "a", many)).changes == [.everything], "too long for one notification")
    }

    @Test func eachWriteAnnouncesWhatItWrote() throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let listening = try PostgresEngine(settings: PostgresSettings(connection: database, instance: "listener"))
        let writer = try FactStore(.postgresql(PostgresSettings(connection: database, instance: "writer")))
        let heard = Heard()
        let listener = PostgresListener(engine: listening, onChange: { from, changes in heard.add(from, changes) }, onReconnect: { _ in })
        listener.start()
        defer { listener.stop() }
        Thread.sleep(forTimeInterval: 0.3)  // LISTEN issued

        func expectHeard(_ expected: [StoreChange], _ write: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
            heard.clear()
            try write()
            let deadline = Date().addingTimeInterval(5)
            while heard.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            #expect(heard.all.map(\.from) == ["writer"], sourceLocation: sourceLocation)
            #expect(Set(heard.all.flatMap(\.changes)) == Set(expected), sourceLocation: sourceLocation)
        }
        let d = try #require(CivilDate(iso: "2026-03-02"))
        // An import names itself; what it wrote is read back by its id (a row a later import
        // wrote again belongs to that one), whichever way it came in (whole or staged in parts).
        try expectHeard([.directoryImport(1)]) { try writer.importEntities([Entity(id: "LS-1", name: "甲", kind: "employer", jurisdiction: "兰山区")], file: "a.csv", by: 0, at: 1) }
        #expect(try writer.entities(ofImport: 1).map(\.name) == ["甲"])
        // Staging is announced to nobody (only the daemon that stages reads the rows, at its
        // commit), and is no change of the outbox for this daemon's own `status` either.
        heard.clear()
        let generation = writer.engine.changeGeneration
        try writer.stage([(2, Entity(id: "LS-2", name: "乙", kind: "employer", jurisdiction: "兰山区"))], importID: "w/1")
        try writer.engine.read { _ in }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(heard.all.isEmpty, "staged rows are announced to nobody")
        #expect(writer.engine.changeGeneration == generation)
        #expect(try writer.stagedCount(importID: "w/1") == 1)
        // An audit entry alone (a call that wrote nothing else, a refusal) neither: no daemon
        // holds the trail or counts it, and none counts its outbox again for it.
        try writer.appendAudit(AuditEntry(at: 1, uid: 0, login: "root", role: "admin", method: "BeginImport", entity: nil, key: nil,
                                          outcome: "ok", reason: nil, requestID: nil))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(heard.all.isEmpty, "an audit entry is announced to nobody")
        #expect(writer.engine.changeGeneration == generation)
        #expect(try writer.auditPage(after: nil, limit: 10).entries.map(\.method) == ["BeginImport"])
        try expectHeard([.directoryImport(2)]) { _ = try writer.commitStaged(importID: "w/1", file: "b.csv", by: 7, at: 1) }
        try expectHeard([.directoryImport(3)]) {
            try writer.importEntities([Entity(id: "LS-1", name: "甲改", kind: "employer", jurisdiction: "兰山区")], file: "c.csv", by: 0, at: 9)
        }
        #expect(try writer.entities(ofImport: 1).isEmpty)
        #expect(try writer.entities(ofImport: 2).map(\.name) == ["乙"])
        #expect(try writer.entities(ofImport: 3).map(\.name) == ["甲改"])
        heard.clear()
        try writer.engine.read { _ in }  // a read announces nothing
        Thread.sleep(forTimeInterval: 0.2)
        #expect(heard.all.isEmpty)
        let id = try writer.record(Inspection(entityID: "LS-1", date: d, kind: "onsite", authority: .county, inspectors: ["A"]), by: 0, at: 2).inspection.id
        var deadline = Date().addingTimeInterval(5)
        while heard.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(heard.all.flatMap(\.changes) == [.inspection(try #require(id))])
        try expectHeard([.plan("C01/LS-1/2026-03")]) { try writer.recordPlan(ObligationPlan(key: "C01/LS-1/2026-03", planned: d), by: 0, at: 3) }
        let at = try #require(LocalDateTime(iso: "2026-03-02T10:00"))
        heard.clear()
        let event = try writer.append(LifecycleEvent(subject: "R-1", entityID: "LS-1", kind: "rectification.ordered", at: at), by: 0, at: 4).id
        deadline = Date().addingTimeInterval(5)
        while heard.all.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(heard.all.flatMap(\.changes) == [.event(try #require(event))])
        try expectHeard([.outbox]) {
            let n = Notice(key: "k", kind: .due, stage: "due", entityID: "LS-1", entityName: "甲", ruleID: "C01", source: ["C01"],
                           period: "2026-03", due: d, supervisor: nil, day: d, message: "m", basis: "b")
            _ = try writer.enqueueNew([n], at: 5)
        }
    }
}

/// What a listener heard (its thread adds, the test reads).
final class Heard: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(from: String, changes: [StoreChange])] = []
    func add(_ from: String, _ changes: [StoreChange]) { lock.lock(); list.append((from, changes)); lock.unlock() }
    func clear() { lock.lock(); list = []; lock.unlock() }
    var all: [(from: String, changes: [StoreChange])] { lock.lock(); defer { lock.unlock() }; return list }
}
