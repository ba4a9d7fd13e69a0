import Foundation
import Testing
@testable import Varlink

/// `JSONWriter` (inspectd issue 26): values written by hand come out as `JSONEncoder` writes them
/// with `.withoutEscapingSlashes`, so that a type writing its keys in sorted order sends the very
/// bytes the sorted-key encoder sent.
@Suite("JSON written by hand")
struct JSONWriterTests {
    func encoded<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    func written(_ body: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        body(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func stringsAreEscapedAsJSONEncoderEscapesThem() throws {
        // Every ASCII character alone and inside text, then Chinese, full-width punctuation,
        // characters outside the BMP, the line separators JavaScript chokes on, and DEL.
        var strings = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
        strings += (0..<128).map { "a\(UnicodeScalar(UInt8($0)))b" }
        strings += ["", "临沂市兰山区金融工作办公室（演示）", "企业E10010", "「引号」\"和\"\\反斜杠\\", "/path/to/file", "😀 emoji 𠀀",
                    "\u{2028}\u{2029}", "\u{7F}", "tab\tnew\nline\r\u{0B}\u{0C}\u{08}\u{1F}\u{00}", "é (e\u{301})", String(repeating: "长", count: 300)]
        #expect(written { w in w.beginArray(); for s in strings { w.string(s) }; w.endArray() } == (try encoded(strings)))
        for s in strings {
            #expect(written { $0.string(s) } == (try encoded([s])).dropFirst().dropLast(), "\(s.unicodeScalars.map { $0.value })")
        }
    }

    @Test func numbersAndBooleansAsJSONEncoderWritesThem() throws {
        let ints = [0, 1, -1, 9, 10, 99, 100, 12_345, -98_765, Int(Int32.max), Int.max, Int.min, Int.min + 1]
        #expect(written { w in w.beginArray(); for n in ints { w.int(n) }; w.endArray() } == (try encoded(ints)))
        #expect(written { w in w.beginArray(); w.bool(true); w.bool(false); w.endArray() } == (try encoded([true, false])))
    }

    /// Members in sorted order, absent optionals left out, nesting: the bytes of the sorted-key encoder.
    @Test func anObjectInSortedKeyOrderIsTheSortedEncodersBytes() throws {
        struct Item: Encodable {
            var a: Int; var b: String?; var c: [String]?; var d: Bool?
            enum CodingKeys: String, CodingKey { case a, b, c = "c_list", d }
        }
        struct Page: Encodable { var items: [Item]; var next: String? }
        let items = [Item(a: 1, b: "x\"y", c: ["甲", "乙\n"], d: true), Item(a: -2, b: nil, c: [], d: nil), Item(a: 0, b: "", c: nil, d: false)]
        for page in [Page(items: items, next: "k/1"), Page(items: [], next: nil)] {
            let text = written { w in
                w.beginObject()
                w.key("items")
                w.beginArray()
                for i in page.items {
                    w.beginObject()
                    w.member("a", i.a); w.member("b", i.b); w.member("c_list", i.c); w.member("d", i.d)
                    w.endObject()
                }
                w.endArray()
                w.member("next", page.next)
                w.endObject()
            }
            #expect(text == (try encoded(page)))
        }
    }

    /// The server sends what a `JSONWritable` writes, in its own order (here not sorted), where any
    /// other result goes through the sorted-key encoder.
    @Test func theServerSendsWhatAWritableTypeWrites() throws {
        struct Unsorted: JSONWritable {
            var z = "last key first", a = 1
            func writeJSON(to w: inout JSONWriter) { w.beginObject(); w.member("z", z); w.member("a", a); w.endObject() }
        }
        struct Plain: Encodable { var z = "last key first", a = 1 }
        #expect(try VarlinkServer.encodeReply(Unsorted()) == Array(#"{"parameters":{"z":"last key first","a":1}}"#.utf8) + [0])
        #expect(try VarlinkServer.encodeReply(Unsorted(), continues: true) == Array(#"{"continues":true,"parameters":{"z":"last key first","a":1}}"#.utf8) + [0])
        #expect(try VarlinkServer.encodeReply(Plain()) == Array(#"{"parameters":{"a":1,"z":"last key first"}}"#.utf8) + [0])
    }
}
