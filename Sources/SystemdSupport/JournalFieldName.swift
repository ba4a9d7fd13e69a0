/// The rules journald applies to field names, which it enforces by silently dropping offenders.
///
/// A valid name is 1…64 characters of `A`–`Z`, `0`–`9` and `_`, and does not start with a digit
/// or with `_` (leading underscores are reserved for the trusted fields journald adds itself).
public enum JournalFieldName {
    /// The longest name journald accepts.
    public static let maximumLength = 64

    /// Why `name` is not a field name journald accepts, or `nil` when it is valid.
    public static func problem(with name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "it is empty" }
        if bytes.count > maximumLength {
            return "it is longer than \(maximumLength) characters"
        }
        if bytes[0] == UInt8(ascii: "_") {
            return "it starts with \"_\" (reserved for trusted fields that journald adds)"
        }
        if isDigit(bytes[0]) { return "it starts with a digit" }
        if let bad = bytes.first(where: { !isAllowed($0) }) {
            let shown = bad < 0x80 ? "\"\(Character(Unicode.Scalar(bad)))\"" : "a non-ASCII character"
            return "it contains \(shown); only uppercase A-Z, digits 0-9 and \"_\" are allowed"
        }
        return nil
    }

    /// Whether journald keeps a field of this name.
    public static func isValid(_ name: String) -> Bool {
        problem(with: name) == nil
    }

    /// Turns an arbitrary key (for example swift-log metadata such as `"entity"` or
    /// `"request-id"`) into a valid field name: a key that is already valid and not in `reserved`
    /// is kept; anything else is uppercased, every character outside `[A-Z0-9_]` becomes `_`,
    /// leading underscores are dropped, `prefix` is prepended and the result is cut at 64.
    ///
    /// `sanitized("entity")` is `INSPECTD_ENTITY`, `sanitized("INSPECTD_RULE")` stays as it is.
    public static func sanitized(
        _ key: String, prefix: String = "INSPECTD_", reserved: Set<String> = []
    ) -> String {
        if isValid(key) && !reserved.contains(key) { return key }
        var body = String(key.uppercased().unicodeScalars.map { scalar -> Character in
            scalar.isASCII && isAllowed(UInt8(scalar.value)) ? Character(scalar) : "_"
        })
        while body.hasPrefix("_") { body.removeFirst() }
        if body.isEmpty { body = "FIELD" }
        var name = prefix + body
        if !isValid(name) { name = "INSPECTD_" + body }
        return String(name.prefix(maximumLength))
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || isDigit(byte) || byte == UInt8(ascii: "_")
    }
}
