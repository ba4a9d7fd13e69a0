/// Finds the members of a JSON object and the elements of a JSON array in JSON text, as byte
/// ranges, without building values: for a client that passes a long reply's items on as they came
/// (inspectd issue 26: `inspectctl … --json` writes the daemon's items untouched, at the rate the
/// daemon sends them, where decoding each into a struct and encoding it again took ten times as
/// long as receiving it).
///
/// It follows strings (with their escapes) and nesting, and skips whitespace; it is not a
/// validator: what lies inside a member's value is not checked beyond its brackets and strings
/// (numbers and literals are taken as the bytes up to the next `,`, `}`, `]` or whitespace).
/// Text cut short or out of shape throws ``VarlinkConnectionError/malformedMessage(_:)``.
public enum JSONScan {
    /// One member of an object: its key as written (with the quotes, escapes not undone) and its value.
    public struct Member: Sendable, Hashable {
        public var key: Range<Int>
        public var value: Range<Int>
    }

    /// The members of the object that `range` of `bytes` holds (whitespace around it allowed), in order.
    public static func members(of bytes: [UInt8], in range: Range<Int>) throws -> [Member] {
        try bytes.withUnsafeBufferPointer { b in
            var s = Cursor(b, range)
            var members: [Member] = []
            var more = try s.begin(UInt8(ascii: "{"), close: UInt8(ascii: "}"))
            while more {
                let keyStart = s.i
                guard s.peek == UInt8(ascii: "\"") else { throw s.malformed("a key") }
                try s.skipString()
                let key = keyStart..<s.i
                s.skipWhitespace()
                guard s.peek == UInt8(ascii: ":") else { throw s.malformed("':'") }
                s.i += 1
                s.skipWhitespace()
                let valueStart = s.i
                try s.skipValue()
                members.append(Member(key: key, value: valueStart..<s.i))
                more = try s.following(close: UInt8(ascii: "}"))
            }
            try s.finish()
            return members
        }
    }

    /// The elements of the array that `range` of `bytes` holds (whitespace around it allowed), in order.
    public static func elements(of bytes: [UInt8], in range: Range<Int>) throws -> [Range<Int>] {
        try bytes.withUnsafeBufferPointer { b in
            var s = Cursor(b, range)
            var elements: [Range<Int>] = []
            var more = try s.begin(UInt8(ascii: "["), close: UInt8(ascii: "]"))
            while more {
                let start = s.i
                try s.skipValue()
                elements.append(start..<s.i)
                more = try s.following(close: UInt8(ascii: "]"))
            }
            try s.finish()
            return elements
        }
    }

    /// Whether the key of `member` is `name` (written without escapes, as JSON encoders write
    /// plain ASCII keys).
    public static func key(_ member: Member, in bytes: [UInt8], is name: String) -> Bool {
        let k = bytes[member.key]
        return k.count == name.utf8.count + 2 && k.dropFirst().prefix(name.utf8.count).elementsEqual(name.utf8)
    }

    /// A position in the text, within `end`.
    private struct Cursor {
        let b: UnsafeBufferPointer<UInt8>
        var i: Int
        let end: Int

        init(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            self.b = b
            self.i = range.lowerBound
            self.end = min(range.upperBound, b.count)
        }

        var peek: UInt8? { i < end ? b[i] : nil }

        func malformed(_ expected: String) -> VarlinkConnectionError {
            .malformedMessage(i < end ? "JSON: expected \(expected) at byte \(i)" : "JSON: cut short (expected \(expected))")
        }

        mutating func skipWhitespace() {
            while i < end, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        /// Past `open` (and whitespace): whether a member or element follows rather than `close`.
        mutating func begin(_ open: UInt8, close: UInt8) throws -> Bool {
            skipWhitespace()
            guard peek == open else { throw malformed("'\(Character(Unicode.Scalar(open)))'") }
            i += 1
            skipWhitespace()
            guard peek == close else { return true }
            i += 1
            return false
        }

        /// After a member or element: past a comma (true: another follows) or `close` (false).
        mutating func following(close: UInt8) throws -> Bool {
            skipWhitespace()
            let c = peek
            if c == UInt8(ascii: ",") {
                i += 1
                skipWhitespace()
                return true
            }
            guard c == close else { throw malformed("',' or '\(Character(Unicode.Scalar(close)))'") }
            i += 1
            return false
        }

        /// Only whitespace may follow the object or array within the range.
        mutating func finish() throws {
            skipWhitespace()
            guard i == end else { throw malformed("the end") }
        }

        /// From the opening quote to just after the closing one; a backslash takes the next byte
        /// with it (`\"`, `\\`; `\uXXXX` needs nothing more). Bytes of multi-byte UTF-8 characters
        /// are all ≥ 0x80, never a quote or a backslash.
        mutating func skipString() throws {
            i += 1
            while i < end {
                switch b[i] {
                case UInt8(ascii: "\""): i += 1; return
                case UInt8(ascii: "\\"): i += 2
                default: i += 1
                }
            }
            throw malformed("the end of a string")
        }

        /// One value: a string, an object or array (to its matching bracket), or a number or literal.
        mutating func skipValue() throws {
            guard let c = peek else { throw malformed("a value") }
            switch c {
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < end {
                    switch b[i] {
                    case UInt8(ascii: "\""): try skipString(); continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { i += 1; return }
                    default: break
                    }
                    i += 1
                }
                throw malformed("the end of \(c == UInt8(ascii: "{") ? "an object" : "an array")")
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ":"):
                throw malformed("a value")
            default:
                let start = i
                while i < end {
                    let d = b[i]
                    if d == UInt8(ascii: ",") || d == UInt8(ascii: "}") || d == UInt8(ascii: "]") || d == 0x20 || d == 0x0A || d == 0x0D || d == 0x09 { break }
                    i += 1
                }
                if i == start { throw malformed("a value") }
            }
        }
    }
}
