import Foundation
import InspectConfig
import InspectCore
@testable import InspectDaemon
import InspectStore
import Locking
import Logging
import Testing

/// Several daemons on one store: the leader takes over a delivery another daemon began (that
/// daemon led before, and its lease stopped it before its next step), marking what it repeats
/// with the instance that began it; a notice another daemon claimed first is never sent here;
/// and a leader whose lease ran out stops before the next step of its delivery.
@Suite struct SharedDeliveryTests {
    let directory = NSTemporaryDirectory() + "inspectd-shared-\(UUID().uuidString)"

    func notice(_ key: String) throws -> Notice {
        let d = try #require(CivilDate(iso: "2026-03-31"))
        return Notice(key: key, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01", source: ["C01"],
                      period: "2026-03", due: d, supervisor: "S01", day: d, message: "今日到期", basis: "依据")
    }

    func configuration() throws -> Configuration {
        try ConfigurationLoader.load(directory: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config").path)
    }

    func logLines() throws -> [[String: Any]] {
        ((try? String(contentsOfFile: directory + "/notices.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func aDeliveryAnotherDaemonBeganIsTakenOverAndMarked() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try FactStore(path: directory + "/state.sqlite")
        _ = try store.enqueueNew([try notice("a"), try notice("b")], at: 1)
        #expect(try store.markLogStarted(["a"], at: 2, by: "other") == ["a"])
        #expect(try store.undelivered().map(\.deliveredBy) == ["other", nil])

        var delivery = NoticeDelivery(log: NoticeLog(path: directory + "/notices.jsonl"), useJournal: false, logger: Logger(label: "test"))
        delivery.instance = "me"
        try delivery.deliver(try store.undelivered(), store: store, configuration: try configuration(), now: { 3 })
        #expect(try store.undelivered().isEmpty)
        // A second claim of b (a daemon that also believed it led) marks nothing.
        #expect(try store.markLogStarted(["b"], at: 4, by: "third").isEmpty)
        let lines = try logLines()
        #expect(lines.map { $0["key"] as? String } == ["a", "b"], "each notice once in this daemon's log")
        #expect(lines.map { $0["repeat_of"] as? String } == ["other", nil], "a, begun by the other daemon, is marked as its repeat")
    }

    @Test func aLeaseThatRunsOutStopsTheDeliveryBeforeItsNextStep() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try FactStore(path: directory + "/state.sqlite")
        _ = try store.enqueueNew([try notice("a"), try notice("b")], at: 1)
        var delivery = NoticeDelivery(log: NoticeLog(path: directory + "/notices.jsonl"), useJournal: false, logger: Logger(label: "test"))
        delivery.instance = "me"

        // No lease at all: nothing claimed, nothing written.
        delivery.mayAct = { false }
        #expect(throws: NoticeDelivery.LeaseLost.self) {
            try delivery.deliver(try store.undelivered(), store: store, configuration: try configuration(), now: { 2 })
        }
        #expect(try store.undelivered().map(\.progress) == [.decided, .decided])
        #expect(try logLines().isEmpty)

        // The lease runs out once the log step wrote its lines (however often it checked on the
        // way): the journal step is not taken.
        let log = directory + "/notices.jsonl"
        delivery.mayAct = { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count < 2 }
        #expect(throws: NoticeDelivery.LeaseLost.self) {
            try delivery.deliver(try store.undelivered(), store: store, configuration: try configuration(), now: { 3 })
        }
        #expect(try store.undelivered().map(\.progress) == [.logged, .logged], "logged, not delivered: the next leader sends them on")
        #expect(try logLines().count == 2)
    }
}

