import Foundation
import Testing
@testable import Varlink

/// `JSONScan` and `VarlinkRawReply` (inspectd issue 26): a reply's items found in its text, the
/// rest read without building values.
@Suite("JSON scanned as text")
struct JSONScanTests {
    func text(_ bytes: [UInt8], _ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

    @Test func membersAndElementsFollowStringsEscapesAndNesting() throws {
        let json = Array(#" { "a" : [1, {"x":"]}\"\\"}, "兰山\u0022区", [[]], -2.5e3, true, null] , "b\"c":{"d":"}"} ,"e":""} "#.utf8)
        let members = try JSONScan.members(of: json, in: json.indices)
        #expect(members.map { text(json, $0.key) } == [#""a""#, #""b\"c""#, #""e""#])
        #expect(JSONScan.key(members[0], in: json, is: "a") && !JSONScan.key(members[1], in: json, is: "b\"c"))
        #expect(text(json, members[1].value) == #"{"d":"}"}"#)
        #expect(text(json, members[2].value) == #""""#)
        let elements = try JSONScan.elements(of: json, in: members[0].value)
        #expect(elements.map { text(json, $0) } == ["1", #"{"x":"]}\"\\"}"#, #""兰山\u0022区""#, "[[]]", "-2.5e3", "true", "null"])
        // Each element is JSON of its own, as it was written.
        #expect(try JSONSerialization.jsonObject(with: Data(json[elements[1]])) as? [String: String] == ["x": "]}\"\\"])
        #expect(try JSONScan.elements(of: Array("[ ]".utf8), in: 0..<3).isEmpty)
        #expect(try JSONScan.members(of: Array("{}".utf8), in: 0..<2).isEmpty)
    }

    @Test func textCutShortOrOutOfShapeIsRefused() {
        for bad in [#"{"a":[1,2}"#, #"{"a":"x}"#, #"{"a" 1}"#, #"{"a":1,}"#, #"{"a":1} x"#, #"{a:1}"#, "", "[1,2]", #"{"a":}"#] {
            let bytes = Array(bad.utf8)
            #expect(throws: VarlinkConnectionError.self, "\(bad)") { try JSONScan.members(of: bytes, in: bytes.indices) }
        }
    }

    @Test func aRawReplySaysWhetherMoreFollowAndDecodesItsParameters() throws {
        struct Page: Decodable, Equatable { var items: [String]; var next: String? }
        let more = try VarlinkRawReply(frame: Array(#"{"continues":true,"parameters":{"items":["a","b"],"next":"c"}}"#.utf8))
        #expect(more.continues && !more.isError)
        #expect(try more.decode(Page.self) == Page(items: ["a", "b"], next: "c"))
        let last = try VarlinkRawReply(frame: Array(#"{"parameters":{"items":[]}}"#.utf8))
        #expect(!last.continues && last.parameters != nil)
        let error = try VarlinkRawReply(frame: Array(#"{"error":"org.example.Nope","parameters":{"id":"E1"}}"#.utf8))
        #expect(try error.varlinkError() == VarlinkError(name: "org.example.Nope", parameters: ["id": "E1"]))
        #expect(throws: VarlinkConnectionError.self) { try last.decode([String: Int].self) }
    }
}
