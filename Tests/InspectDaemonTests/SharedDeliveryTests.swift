import Foundation
import InspectConfig
import InspectCore
@testable import InspectDaemon
import InspectStore
import Locking
import Logging
import Testing

/// Several daemons on one store (issue 16): a notice whose delivery another daemon began is left
/// to it while it is alive to finish it, and taken over once it is gone; a notice another daemon
/// claimed first is never sent here.
@Suite struct SharedDeliveryTests {
    let directory = NSTemporaryDirectory() + "inspectd-shared-\(UUID().uuidString)"

    func notice(_ key: String) throws -> Notice {
        let d = try #require(CivilDate(iso: "2026-03-31"))
        return Notice(key: key, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01", source: ["C01"],
                      period: "2026-03", due: d, supervisor: "S01", day: d, message: "今日到期", basis: "依据")
    }

    @Test func aDeliveryAnotherLiveDaemonBeganIsLeftToItThenTakenOver() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try FactStore(path: directory + "/state.sqlite")
        let configuration = try ConfigurationLoader.load(directory: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config").path)
        _ = try store.enqueueNew([try notice("a"), try notice("b")], at: 1)
        #expect(try store.markLogStarted(["a"], at: 2, by: "other") == ["a"])
        #expect(try store.undelivered().map(\.deliveredBy) == ["other", nil])

        var delivery = NoticeDelivery(log: NoticeLog(path: directory + "/notices.jsonl"), useJournal: false, logger: Logger(label: "test"))
        delivery.instance = "me"
        let other = Locked("alive")
        delivery.isAlive = { name in name == "other" && other.value == "alive" }
        try delivery.deliver(try store.undelivered(), store: store, configuration: configuration, now: { 3 })
        #expect(try store.undelivered().map(\.key) == ["a"], "b delivered here, a left to the daemon that began it")
        // A second claim of b (a daemon that also believed it led) marks nothing.
        #expect(try store.markLogStarted(["b"], at: 4, by: "third").isEmpty)

        other.exchange("gone")
        try delivery.deliver(try store.undelivered(), store: store, configuration: configuration, now: { 5 })
        #expect(try store.undelivered().isEmpty)
        let keys = try String(contentsOfFile: directory + "/notices.jsonl", encoding: .utf8).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["key"] as? String
        }
        #expect(keys == ["b", "a"], "each notice once in this daemon's log")
    }
}
