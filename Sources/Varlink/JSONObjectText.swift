/// One JSON object of a reply read from its text (``JSONScan``), its values decoded only when
/// asked for: a client printing a few fields of each of a province's list items (a table, a CSV)
/// reads those and skips the rest, where `JSONDecoder` would build every field of every item
/// (inspectd issue 26).
public struct JSONObjectText {
    let bytes: [UInt8]
    let members: [JSONScan.Member]

    /// The object that `range` of `bytes` holds.
    ///
    /// - Throws: ``VarlinkConnectionError/malformedMessage(_:)`` if it is not an object.
    public init(_ bytes: [UInt8], _ range: Range<Int>) throws {
        self.bytes = bytes
        self.members = try JSONScan.members(of: bytes, in: range)
    }

    /// Where the value of `key` lies; nil when the object has no such member or it is `null`.
    func value(_ key: String) -> Range<Int>? {
        guard let m = members.first(where: { JSONScan.key($0, in: bytes, is: key) }) else { return nil }
        return bytes[m.value].elementsEqual("null".utf8) ? nil : m.value
    }

    func malformed(_ key: String, _ expected: String) -> VarlinkConnectionError {
        .malformedMessage("member \(key) is not \(expected)")
    }

    /// A string member (escapes undone); nil when absent or `null`.
    public func string(_ key: String) throws -> String? {
        guard let r = value(key) else { return nil }
        guard let s = JSONScan.string(bytes, r) else { throw malformed(key, "a string") }
        return s
    }

    /// A string member that must be there.
    public func required(_ key: String) throws -> String {
        guard let s = try string(key) else { throw VarlinkConnectionError.malformedMessage("member \(key) is missing") }
        return s
    }

    /// An integer member; nil when absent or `null`.
    public func int(_ key: String) throws -> Int? {
        guard let r = value(key) else { return nil }
        guard let n = Int(String(decoding: bytes[r], as: UTF8.self)) else { throw malformed(key, "an integer") }
        return n
    }

    /// A boolean member; nil when absent or `null`.
    public func bool(_ key: String) throws -> Bool? {
        guard let r = value(key) else { return nil }
        if bytes[r].elementsEqual("true".utf8) { return true }
        if bytes[r].elementsEqual("false".utf8) { return false }
        throw malformed(key, "true or false")
    }

    /// An array of strings; nil when absent or `null`.
    public func strings(_ key: String) throws -> [String]? {
        guard let r = value(key) else { return nil }
        return try JSONScan.elements(of: bytes, in: r).map { e in
            guard let s = JSONScan.string(bytes, e) else { throw malformed(key, "an array of strings") }
            return s
        }
    }
}

extension JSONScan {
    /// The text of the JSON string that `range` of `bytes` holds (with its quotes), escapes
    /// undone; nil if it is not a string.
    public static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        guard range.count >= 2, bytes[range.lowerBound] == UInt8(ascii: "\""), bytes[range.upperBound - 1] == UInt8(ascii: "\"") else { return nil }
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        guard bytes[inner].contains(UInt8(ascii: "\\")) else { return String(decoding: bytes[inner], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(inner.count)
        var i = inner.lowerBound
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= inner.upperBound else { return nil }
            return UInt32(String(decoding: bytes[at..<(at + 4)], as: UTF8.self), radix: 16)
        }
        while i < inner.upperBound {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\") else { out.append(c); i += 1; continue }
            guard i + 1 < inner.upperBound else { return nil }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(i) else { return nil }
                i += 4
                // A surrogate pair: `\uD83D\uDE00`.
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= inner.upperBound, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                   let low = hex4(i + 2), (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
