/// What a text that a caller or a file supplies may contain (issue 10): a bounded number of
/// characters and no control characters — a NUL inside an entity name would cut it short in C
/// APIs (the journal) and a stray escape would garble a supervisor's terminal. Tabs are allowed;
/// line breaks only in free text (notes, findings, reasons).
public enum TextRules {
    /// Identifiers: entity, supervisor, rule and request ids, kinds, levels.
    public static let identifierLength = 128
    /// One-line texts: names, jurisdictions, inspectors, industries.
    public static let lineLength = 256
    /// Free text: notes, findings, reasons (line breaks allowed).
    public static let freeTextLength = 4000

    /// Why `text` is not acceptable, or `nil`: longer than `maxLength` characters, or holding a
    /// control character (C0 other than tab — and line feed and carriage return when
    /// `multiline` —, DEL, C1).
    public static func problem(with text: String, maxLength: Int, multiline: Bool = false) -> String? {
        issue(with: text, maxLength: maxLength, multiline: multiline)?.description
    }

    /// What is wrong with a text, for a caller to say in its own words.
    public enum Issue: Hashable, Sendable, CustomStringConvertible {
        /// Its code point, as `U+` shows it (`000A`).
        case controlCharacter(String)
        case tooLong(count: Int, maxLength: Int)

        public var description: String {
            switch self {
            case .controlCharacter(let hex): "contains the control character U+\(hex)" + (hex == "000A" ? " (a line break; this field is one line)" : "")
            case .tooLong(let count, let maxLength): "is \(count) characters long (at most \(maxLength))"
            }
        }
    }

    /// As ``problem(with:maxLength:multiline:)``, the issue itself.
    public static func issue(with text: String, maxLength: Int, multiline: Bool = false) -> Issue? {
        var count = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v)
            if control && !(v == 0x09 || (multiline && (v == 0x0A || v == 0x0D))) {
                return .controlCharacter(String(v, radix: 16, uppercase: true).leftPadded(to: 4))
            }
            count += 1
        }
        if count > maxLength, text.count > maxLength { return .tooLong(count: text.count, maxLength: maxLength) }
        return nil
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
