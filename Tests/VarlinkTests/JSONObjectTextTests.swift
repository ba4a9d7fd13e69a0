import Foundation
import Testing
@testable import Varlink

/// `JSONObjectText` (inspectd issue 26): the members a table prints, read from an item's text,
/// are the values `JSONDecoder` reads — escapes undone, Chinese text, absent and null members.
@Suite("JSON object members read from the text")
struct JSONObjectTextTests {
    struct Item: Codable, Equatable {
        var s: String; var o: String?; var n: Int; var m: Int?; var b: Bool; var c: Bool?; var list: [String]?
    }

    @Test func membersReadAsJSONDecoderReadsThem() throws {
        let texts = ["", "临沂市兰山区“放心消费”示范店（二）", "quote \" back \\ slash / tab\t nl\n cr\r \u{8}\u{C}\u{1}\u{1F}", "😀 𠀀 \u{2028}\u{7F}", "é e\u{301}"]
        var items: [Item] = []
        for (i, t) in texts.enumerated() {
            items.append(Item(s: t, o: i % 2 == 0 ? nil : t, n: i - 2, m: i % 3 == 0 ? nil : Int.max - i, b: i % 2 == 0, c: i % 3 == 1 ? nil : true,
                              list: i % 2 == 0 ? [t, "甲"] : nil))
        }
        // As a Swift encoder writes them, and with \u escapes for everything, as other clients may.
        var encodings = [Array(try JSONEncoder().encode(items))]
        let escaped = String(decoding: encodings[0], as: UTF8.self).unicodeScalars.map { u -> String in
            guard u.value >= 0x80 else { return String(u) }
            return String(String(u).utf16.map { String(format: "\\u%04X", $0) }.joined())
        }.joined()
        encodings.append(Array(escaped.utf8))
        for bytes in encodings {
            let elements = try JSONScan.elements(of: bytes, in: bytes.indices)
            #expect(elements.count == items.count)
            for (e, item) in zip(elements, items) {
                let o = try JSONObjectText(bytes, e)
                let read = Item(s: try o.required("s"), o: try o.string("o"), n: try #require(try o.int("n")), m: try o.int("m"),
                                b: try #require(try o.bool("b")), c: try o.bool("c"), list: try o.strings("list"))
                #expect(read == item)
            }
        }
    }

    @Test func nullIsAbsentAndAWrongTypeIsRefused() throws {
        let bytes = Array(#"{"a":null,"s":1,"n":"x","b":"true","l":[1]}"#.utf8)
        let o = try JSONObjectText(bytes, bytes.indices)
        #expect(try o.string("a") == nil && o.string("missing") == nil)
        #expect(throws: VarlinkConnectionError.self) { try o.required("a") }
        #expect(throws: VarlinkConnectionError.self) { try o.string("s") }
        #expect(throws: VarlinkConnectionError.self) { try o.int("n") }
        #expect(throws: VarlinkConnectionError.self) { try o.bool("b") }
        #expect(throws: VarlinkConnectionError.self) { try o.strings("l") }
    }
}
