/// JSON text written by hand, member by member, for the replies a service sends by the hundred
/// thousand (inspectd issue 26: a province's list of open obligations streamed item by item).
/// Foundation's `JSONEncoder` builds a dictionary per item and, with `.sortedKeys`, sorts its keys
/// every time; a type that knows its keys writes them in a fixed order instead.
///
/// The values come out as `JSONEncoder` with `.withoutEscapingSlashes` writes them (a test
/// compares the two, escapes and Chinese text included): strings with `"`, `\` and the control
/// characters escaped (`\b \f \n \r \t`, others as `\u00XX`), everything else as UTF-8 (no
/// `\uXXXX` for non-ASCII); integers in decimal; `true`/`false`; absent optionals left out. A
/// writer that lists its keys in sorted order therefore writes the very bytes of a sorted-key
/// `JSONEncoder`.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// A value was just completed: a comma is due before the next member or element. (After a
    /// key or an opening bracket none is; after any value, one is — which is all JSON needs.)
    private var commaDue = false

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Room for `count` more bytes (a page's items at their usual size), so the text is not
    /// copied as it grows.
    public mutating func reserve(_ count: Int) { bytes.reserveCapacity(bytes.count + count) }

    /// `{`: members follow until `endObject`.
    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); commaDue = false }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); commaDue = true }
    /// `[`: elements follow until `endArray`.
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); commaDue = false }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); commaDue = true }

    /// A member's key (plain ASCII, as written in the type's coding keys); its value follows.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        commaDue = false
    }

    public mutating func string(_ s: String) {
        separate()
        Self.appendString(s, to: &bytes)
        commaDue = true
    }

    public mutating func int(_ n: Int) {
        separate()
        Self.appendInt(n, to: &bytes)
        commaDue = true
    }

    public mutating func bool(_ b: Bool) {
        separate()
        bytes.append(contentsOf: (b ? "true" : "false").utf8)
        commaDue = true
    }

    /// A member `"name":value`, left out when `value` is nil (as `encodeIfPresent`).
    public mutating func member(_ name: StaticString, _ value: String?) { if let value { key(name); string(value) } }
    public mutating func member(_ name: StaticString, _ value: Int?) { if let value { key(name); int(value) } }
    public mutating func member(_ name: StaticString, _ value: Bool?) { if let value { key(name); bool(value) } }
    public mutating func member(_ name: StaticString, _ value: [String]?) {
        guard let value else { return }
        key(name)
        beginArray()
        for s in value { string(s) }
        endArray()
    }

    /// Text written as it is (the envelope around a writable value).
    mutating func append(raw text: String) { bytes.append(contentsOf: text.utf8) }

    /// The comma before every member or element but the first of its object or array.
    private mutating func separate() {
        if commaDue { bytes.append(UInt8(ascii: ",")) }
    }

    /// A JSON string: `"`, `\` and control characters escaped as `JSONEncoder` escapes them.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            var plain = u.startIndex
            for i in u.indices {
                let c = u[i]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: u[plain..<i]))
                plain = i + 1
                out.append(UInt8(ascii: "\\"))
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(c)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(c >> 4)], hex[Int(c & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: u[plain..<u.endIndex]))
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendInt(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[19 - count] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                count += 1
            } while m > 0
            out.append(contentsOf: d[(20 - count)...])
        }
    }
}

/// A reply parameters type that writes its own JSON text (``JSONWriter``), in a fixed order of
/// keys, instead of going through `JSONEncoder`: the server sends what `writeJSON` writes.
public protocol JSONWritable: Encodable {
    func writeJSON(to w: inout JSONWriter)
}
