import Foundation
import Testing
@testable import Varlink

@Suite("Varlink messages, framing and JSON values")
struct MessageTests {
    @Test func jsonValueKeepsIntegersExact() throws {
        let value = try JSONValue(jsonData: Data(#"{"big": 9007199254740993, "max": 9223372036854775807, "neg": -5, "f": 1.5, "s": "x", "b": true, "n": null, "a": [1, "2"]}"#.utf8))
        #expect(value["big"] == .int(9_007_199_254_740_993))
        #expect(value["max"]?.int64Value == Int64.max)
        #expect(value["neg"] == -5)
        #expect(value["f"] == .double(1.5))
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["n"]?.isNull == true)
        #expect(value["a"]?[1] == "2")
        #expect(try JSONValue(jsonData: value.jsonData()) == value)
        #expect(String(decoding: try JSONValue.int(9_007_199_254_740_993).jsonData(), as: UTF8.self) == "9007199254740993")
    }

    @Test func jsonValueConvertsCodables() throws {
        struct Point: Codable, Equatable { var x: Int; var label: String? }
        let value = try JSONValue(encoding: Point(x: 3, label: nil))
        #expect(value == ["x": 3])
        #expect(try value.decode(Point.self) == Point(x: 3, label: nil))
    }

    @Test func callWireFormat() throws {
        let call = VarlinkCall(method: "org.example.test.Record", parameters: ["value": "a"], oneway: true)
        let bytes = try VarlinkMessage.call(call).encoded()
        #expect(bytes.last == 0)
        #expect(bytes.dropLast().contains(0) == false)
        let json = try JSONValue(jsonData: Data(bytes.dropLast()))
        #expect(json == ["method": "org.example.test.Record", "parameters": ["value": "a"], "oneway": true])
        #expect(try VarlinkMessage(frame: bytes.dropLast()) == .call(call))
        #expect(call.interfaceName == "org.example.test")
        #expect(call.methodName == "Record")

        // As the Python client sends it: no parameters at all.
        let bare = try VarlinkMessage(frame: Array(#"{"method":"org.varlink.service.GetInfo"}"#.utf8))
        #expect(bare == .call(VarlinkCall(method: "org.varlink.service.GetInfo")))
    }

    @Test func replyWireFormat() throws {
        let error = VarlinkReply(error: VarlinkError(name: "org.example.test.NotFound", parameters: ["id": "7"]))
        #expect(error.jsonValue == ["error": "org.example.test.NotFound", "parameters": ["id": "7"]])
        #expect(error.varlinkError == VarlinkError(name: "org.example.test.NotFound", parameters: ["id": "7"]))
        let streamed = try VarlinkMessage(frame: Array(#"{"parameters":{"n":1},"continues":true}"#.utf8))
        #expect(streamed == .reply(VarlinkReply(parameters: ["n": 1], continues: true)))
        #expect(throws: VarlinkConnectionError.malformedMessage("not valid JSON")) {
            try VarlinkMessage(frame: Array("{".utf8))
        }
        #expect(throws: VarlinkConnectionError.self) {
            try VarlinkMessage(frame: Array(#"{"method": 3}"#.utf8))
        }
    }

    @Test func callDecodeNamesTheBadParameter() throws {
        struct Parameters: Decodable { var id: String; var dates: [String] }
        let call = VarlinkCall(method: "x.y.Z", parameters: ["id": "a", "dates": ["2026-01-01", 5]])
        #expect(throws: VarlinkError.invalidParameter("dates[1]")) { try call.decode(Parameters.self) }
        #expect(throws: VarlinkError.invalidParameter("id")) {
            try VarlinkCall(method: "x.y.Z", parameters: ["dates": []]).decode(Parameters.self)
        }
    }

    @Test func frameReaderSplitsAndJoins() throws {
        var reader = VarlinkFrameReader(maxMessageSize: 16)
        reader.append(Array("ab".utf8))
        #expect(try reader.nextMessage() == nil)
        reader.append(Array("c\0de\0".utf8) + [0] + Array("f".utf8))
        #expect(try reader.nextMessage() == Array("abc".utf8))
        #expect(try reader.nextMessage() == Array("de".utf8))
        #expect(try reader.nextMessage() == [])
        #expect(try reader.nextMessage() == nil)
        #expect(reader.pendingByteCount == 1)
        reader.append(Array(repeating: UInt8(ascii: "g"), count: 16))
        #expect(throws: VarlinkConnectionError.messageTooLarge(limit: 16)) { try reader.nextMessage() }
    }
}

@Suite("Varlink interface definitions")
struct InterfaceDefinitionTests {
    @Test func parsesTheTestAndServiceInterfaces() throws {
        let test = try VarlinkInterfaceDefinition(parsing: testIDL)
        #expect(test.name == "org.example.test")
        #expect(test.methods["Ping"] == ["ping"])
        #expect(test.methods["Echo"] == ["item"])
        #expect(test.methods["WhoAmI"] == [])
        #expect(test.errors == ["NotFound"])
        #expect(test.types == ["Item"])

        let service = try VarlinkInterfaceDefinition(parsing: VarlinkServiceInterface.description)
        #expect(service.name == "org.varlink.service")
        #expect(Set(service.methods.keys) == ["GetInfo", "GetInterfaceDescription"])
        #expect(service.errors.count == 4)
    }

    @Test func parsesTheWholeGrammar() throws {
        let idl = """
            interface org.example.more-names.v2
            type Kind (a, b, c)
            type Nested (x: ?[]?Kind, y: [string](p: int, q: (r, s)), z: [string](), o: object)
            method M(a_b: ?Nested, c: []float) -> (d: [string]bool)
            error E ()
            """
        let definition = try VarlinkInterfaceDefinition(parsing: idl)
        #expect(definition.methods["M"] == ["a_b", "c"])
    }

    @Test func reportsErrorsWithTheirLine() {
        #expect(throws: VarlinkInterfaceDefinition.SyntaxError(line: 1, message: "'org' is not a valid interface name")) {
            try VarlinkInterfaceDefinition(parsing: "interface org\n")
        }
        #expect(throws: VarlinkInterfaceDefinition.SyntaxError(line: 3, message: "'ping' is not a valid member name")) {
            try VarlinkInterfaceDefinition(parsing: "# doc\ninterface a.b\nmethod ping() -> ()\n")
        }
        #expect(throws: VarlinkInterfaceDefinition.SyntaxError(line: 2, message: "'due__date' is not a valid field name")) {
            try VarlinkInterfaceDefinition(parsing: "interface a.b\nmethod P(due__date: string) -> ()\n")
        }
        #expect(throws: VarlinkInterfaceDefinition.SyntaxError(line: 2, message: "'date' is not a type")) {
            try VarlinkInterfaceDefinition(parsing: "interface a.b\nmethod P(d: date) -> ()\n")
        }
    }

    @Test func serverRefusesInconsistentInterfaces() {
        let handler: VarlinkMethodHandler = { _, _ in VarlinkEmpty() }
        #expect(throws: VarlinkServerError.invalidInterface(name: "org.example.other", reason: "the IDL declares interface org.example.test")) {
            try VarlinkServer(info: testInfo, interfaces: [VarlinkInterface(name: "org.example.other", description: testIDL, methods: [:])])
        }
        #expect(throws: VarlinkServerError.invalidInterface(name: "org.example.test", reason: "a handler for Pong, which the IDL does not declare")) {
            try VarlinkServer(info: testInfo, interfaces: [VarlinkInterface(name: "org.example.test", description: testIDL, methods: ["Pong": handler])])
        }
        #expect(throws: VarlinkServerError.invalidInterface(name: "org.example.test", reason: "the name is already taken")) {
            try VarlinkServer(info: testInfo, interfaces: [makeTestInterface(), makeTestInterface()])
        }
    }
}
