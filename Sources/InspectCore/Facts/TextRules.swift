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
        var count = 0
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let control = v < 0x20 || (0x7F...0x9F).contains(v)
            if control && !(v == 0x09 || (multiline && (v == 0x0A || v == 0x0D))) {
                return "contains the control character U+\(String(v, radix: 16, uppercase: true).leftPadded(to: 4))"
                    + (v == 0x0A ? " (a line break; this field is one line)" : "")
            }
            count += 1
        }
        if count > maxLength, text.count > maxLength { return "is \(text.count) characters long (at most \(maxLength))" }
        return nil
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
