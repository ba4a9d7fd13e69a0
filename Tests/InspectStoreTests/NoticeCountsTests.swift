import Foundation
import InspectCore
import InspectStore
import Testing

/// `noticeCounts` (every `status`) counts again only after the outbox or a hook queue changed,
/// and never shows a stale figure after a change.
@Suite struct NoticeCountsTests {
    let path = NSTemporaryDirectory() + "inspectd-counts-\(UUID().uuidString).sqlite"

    func notice(_ key: String) throws -> Notice {
        let d = try #require(CivilDate(iso: "2026-03-31"))
        return Notice(key: key, kind: .due, stage: "due", entityID: "E1", entityName: "甲", ruleID: "C01", source: ["C01"],
                      period: "2026-03", due: d, supervisor: "S01", day: d, message: "今日到期", basis: "依据")
    }

    @Test(arguments: StoreBackend.allCases) func followsEveryChange(_ backend: StoreBackend) throws {
        let place = try StorePlace(backend)
        let store = try place.open()
        #expect(try store.noticeCounts() == (0, 0, 0, 0))
        _ = try store.enqueueNew([try notice("a"), try notice("b"), try notice("c")], at: 1)
        #expect(try store.noticeCounts() == (0, 3, 0, 0))
        #expect(try store.noticeCounts() == (0, 3, 0, 0))  // cached, the same
        try store.markDelivered(["a", "b"], at: 2)
        #expect(try store.noticeCounts() == (2, 1, 0, 0))
        try store.queueForHook(["a", "b"], hooks: ["sms"], at: 3)
        #expect(try store.noticeCounts() == (2, 1, 2, 0))
        try store.recordHookSuccess("a", hook: "sms", at: 4)
        #expect(try store.noticeCounts() == (2, 1, 1, 0))
    }
}
