import Foundation
import InspectControl
import InspectCore
import Testing
import Varlink

/// A page of obligations as the daemon sends it (issue 26): written by hand with its keys in a
/// fixed order (`ObligationList+JSON.swift`), it is byte for byte what `JSONEncoder` with
/// `.sortedKeys` wrote before — every optional present or absent, escapes, Chinese text.
@Suite("obligation pages written by hand")
struct ObligationListJSONTests {
    func sortedEncoder(_ page: Control.ObligationList) throws -> [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return Array(try e.encode(page))
    }

    func written(_ page: Control.ObligationList) -> [UInt8] {
        var w = JSONWriter()
        page.writeJSON(to: &w)
        return w.bytes
    }

    /// Obligations with every combination of the optional fields, from varied texts.
    static func obligations() -> [Control.Obligation] {
        let texts = ["LS-PFS-002", "企业E10010", "临沂市兰山区“放心消费”示范店（二）", "quote \" and \\ and / slash", "line\nbreak\ttab\u{1}",
                     "😀 𠀀 \u{2028}", ""]
        var rng = SystemRandomNumberGenerator()
        var out: [Control.Obligation] = []
        for mask in 0..<128 {
            func text() -> String { texts.randomElement(using: &rng)! }
            let entity = Entity(id: text(), name: text(), kind: "employer", jurisdiction: "兰山区", supervisor: mask & 1 == 0 ? nil : text())
            let due = CivilDate(year: 2026, month: 11, day: 1 + mask % 28)!
            let period = ObligationWindow(start: due.adding(days: -30), end: due, label: ["2026-11", "2026-Q4", "2026", "after-2026-03-02"][mask % 4])
            let o = Obligation(ruleID: text(), entityID: entity.id, period: period, due: due, remindFrom: due.adding(days: -5), required: mask % 3,
                               done: mask % 2, lastDone: nil, status: [.pending, .dueSoon, .due, .overdue][mask % 4], provisional: mask & 64 != 0)
            var v = Control.Obligation(o, entity: entity, title: text(), supervisorName: mask & 2 == 0 ? nil : text(),
                                       notice: mask & 4 == 0 ? nil : ["reminder-5wd", "due", "overdue-2"][mask % 3])
            if mask & 8 != 0 { v.reminders = (0..<(mask % 3)).map { _ in "2026-11-\(10 + mask % 9)" } }
            if mask & 16 != 0 { v.visit = "2026-12-0\(1 + mask % 9)"; v.visitInspectors = mask & 32 == 0 ? [text(), text()] : [] }
            if mask & 32 != 0 { v.noticePending = mask & 1 == 0 }
            out.append(v)
        }
        return out
    }

    @Test func aPageIsTheSortedEncodersBytes() throws {
        let all = Self.obligations()
        let pages = [
            Control.ObligationList(today: "2026-11-30", obligations: all, next: "2026-11-30/企业E10010/C01/2026-11", remaining: 180_000),
            Control.ObligationList(today: "2026-11-30", obligations: Array(all.prefix(1)), next: nil, remaining: nil),
            Control.ObligationList(today: "2026-11-30", obligations: [], next: nil, remaining: 0),
        ]
        for page in pages {
            let bytes = written(page)
            #expect(bytes == (try sortedEncoder(page)), "\(String(decoding: bytes.prefix(400), as: UTF8.self))")
            // And it reads back as the same page.
            let back = try JSONDecoder().decode(Control.ObligationList.self, from: Data(bytes))
            #expect(back.obligations == page.obligations && back.next == page.next && back.remaining == page.remaining)
        }
    }

    /// Every field of an obligation is written: a field added to `Control.Obligation` and not to
    /// its writer fails here (the encoder would write it, the writer would not).
    @Test func everyFieldIsWritten() throws {
        let full = Self.obligations().first { $0.supervisor != nil && $0.supervisorName != nil && $0.notice != nil && $0.reminders != nil
            && $0.visit != nil && $0.noticePending != nil }!
        let keys = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(full)) as? [String: Any]).keys
        let page = Control.ObligationList(today: "2026-11-30", obligations: [full])
        let item = try #require((try JSONSerialization.jsonObject(with: Data(written(page))) as? [String: Any])?["obligations"] as? [[String: Any]]).first
        #expect(Set(item?.keys.map { $0 } ?? []) == Set(keys))
        // A stored property added to the type changes this count: add it to the writer (and here).
        #expect(Mirror(reflecting: full).children.count == 17 && keys.count == 17)
    }
}
