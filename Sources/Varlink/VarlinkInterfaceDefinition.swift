/// What the server needs to know from an interface's IDL text: its name, its methods with
/// their input fields, and its errors.
///
/// The parser follows the grammar of varlink.org (`interface`, `type`, `method`, `error`;
/// `bool int float string object`, `?T`, `[]T`, `[string]T`, structs and enums, `#` comments)
/// and is as strict as the Python `varlink` package about names, so IDL text that passes here
/// is IDL text that `varlink.Client.open()` can load.
public struct VarlinkInterfaceDefinition: Sendable, Hashable {
    /// The interface name, e.g. `org.example.test`.
    public var name: String
    /// Each method's name mapped to the names of its input struct's top-level fields.
    public var methods: [String: [String]]
    /// The names of the interface's errors (unqualified, e.g. `NotFound`).
    public var errors: Set<String>
    /// The names of the interface's types.
    public var types: Set<String>

    /// A syntax error in IDL text, with its 1-based line.
    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// A definition with the given parts.
    public init(name: String, methods: [String: [String]] = [:], errors: Set<String> = [], types: Set<String> = []) {
        self.name = name
        self.methods = methods
        self.errors = errors
        self.types = types
    }

    /// Parses IDL text.
    public init(parsing text: String) throws {
        var parser = Parser(text: text)
        self = try parser.parseInterface()
    }
}

extension VarlinkInterfaceDefinition {
    fileprivate struct Token: Equatable {
        var text: String
        var line: Int
    }

    fileprivate struct Parser {
        var tokens: [Token] = []
        var position = 0
        var lastLine = 1

        init(text: String) {
            var line = 1
            var current = ""
            var currentLine = 1
            var inComment = false
            func flush() {
                if !current.isEmpty { tokens.append(Token(text: current, line: currentLine)); current = "" }
            }
            var scalars = Array(text.unicodeScalars)
            scalars.append("\n")
            var i = 0
            while i < scalars.count {
                let c = scalars[i]
                if inComment {
                    if c == "\n" { inComment = false; line += 1 }
                    i += 1
                    continue
                }
                switch c {
                case "#":
                    flush(); inComment = true
                case "\n":
                    flush(); line += 1
                case " ", "\t":
                    flush()
                case "(", ")", ",", ":", "?", "[", "]":
                    flush(); tokens.append(Token(text: String(c), line: line))
                case "-" where i + 1 < scalars.count && scalars[i + 1] == ">":
                    flush(); tokens.append(Token(text: "->", line: line)); i += 1
                default:
                    if current.isEmpty { currentLine = line }
                    current.unicodeScalars.append(c)
                }
                i += 1
            }
            lastLine = line
        }

        func fail(_ message: String) -> SyntaxError {
            SyntaxError(line: position < tokens.count ? tokens[position].line : lastLine, message: message)
        }

        var peek: String? { position < tokens.count ? tokens[position].text : nil }

        mutating func next(_ what: String) throws -> String {
            guard let token = peek else { throw fail("expected \(what), found the end of the text") }
            position += 1
            return token
        }

        mutating func expect(_ literal: String) throws {
            let token = try next("'\(literal)'")
            guard token == literal else { position -= 1; throw fail("expected '\(literal)', found '\(token)'") }
        }

        mutating func accept(_ literal: String) -> Bool {
            if peek == literal { position += 1; return true }
            return false
        }

        mutating func parseInterface() throws -> VarlinkInterfaceDefinition {
            try expect("interface")
            let name = try next("an interface name")
            guard Self.isInterfaceName(name) else { position -= 1; throw fail("'\(name)' is not a valid interface name") }
            var definition = VarlinkInterfaceDefinition(name: name, methods: [:], errors: [], types: [])
            var members: Set<String> = []
            while let keyword = peek {
                position += 1
                guard ["type", "method", "error"].contains(keyword) else {
                    position -= 1
                    throw fail("expected 'type', 'method' or 'error', found '\(keyword)'")
                }
                let member = try next("a member name")
                guard Self.isMemberName(member) else { position -= 1; throw fail("'\(member)' is not a valid member name") }
                guard members.insert(member).inserted else { position -= 1; throw fail("'\(member)' is defined twice") }
                switch keyword {
                case "type":
                    try parseType()
                    definition.types.insert(member)
                case "method":
                    let fields = try parseStruct()
                    try expect("->")
                    _ = try parseStruct()
                    definition.methods[member] = fields
                default:
                    _ = try parseStruct()
                    definition.errors.insert(member)
                }
            }
            return definition
        }

        /// Parses `( … )`, a struct or an enum; returns the struct's field names (or the enum's values).
        mutating func parseStruct() throws -> [String] {
            try expect("(")
            var names: [String] = []
            var isEnum: Bool?
            if accept(")") { return names }
            repeat {
                let name = try next("a field name")
                guard Self.isFieldName(name) else { position -= 1; throw fail("'\(name)' is not a valid field name") }
                names.append(name)
                if isEnum == nil { isEnum = peek != ":" }
                if isEnum == false {
                    try expect(":")
                    try parseType()
                }
            } while accept(",")
            try expect(")")
            return names
        }

        mutating func parseType(afterMaybe: Bool = false) throws {
            if accept("?") {
                guard !afterMaybe else { position -= 1; throw fail("double '??'") }
                try parseType(afterMaybe: true)
                return
            }
            if accept("[") {
                if !accept("]") {
                    try expect("string")
                    try expect("]")
                    if peek == "(", position + 1 < tokens.count, tokens[position + 1].text == ")" {
                        position += 2   // [string]() — a set
                        return
                    }
                }
                try parseType()
                return
            }
            if peek == "(" {
                _ = try parseStruct()
                return
            }
            let word = try next("a type")
            guard ["bool", "int", "float", "string", "object"].contains(word) || Self.isMemberName(word) else {
                position -= 1
                throw fail("'\(word)' is not a type")
            }
        }

        static func isInterfaceName(_ name: String) -> Bool {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 2, let first = parts.first, !first.isEmpty,
                  first.unicodeScalars.allSatisfy({ isLetter($0) }) else { return false }
            for part in parts.dropFirst() {
                let scalars = Array(part.unicodeScalars)
                guard let head = scalars.first, let tail = scalars.last,
                      isAlnum(head), isAlnum(tail),
                      scalars.allSatisfy({ isAlnum($0) || $0 == "-" }) else { return false }
            }
            return true
        }

        static func isMemberName(_ name: String) -> Bool {
            let scalars = Array(name.unicodeScalars)
            guard let head = scalars.first, ("A"..."Z").contains(head) else { return false }
            return scalars.allSatisfy(isAlnum)
        }

        static func isFieldName(_ name: String) -> Bool {
            let scalars = Array(name.unicodeScalars)
            guard let head = scalars.first, isLetter(head), let tail = scalars.last, tail != "_" else { return false }
            for (index, scalar) in scalars.enumerated() where !isAlnum(scalar) {
                guard scalar == "_", index > 0, scalars[index - 1] != "_" else { return false }
            }
            return true
        }

        static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        static func isAlnum(_ c: Unicode.Scalar) -> Bool { isLetter(c) || ("0"..."9").contains(c) }
    }
}
