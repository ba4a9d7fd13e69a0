/// Terminal display width of text: East Asian wide and fullwidth characters (汉字, fullwidth
/// punctuation such as （）) take two columns, combining marks none. Tables align on this, not on
/// character counts, so that Chinese institution names line up.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        // Most cells are ASCII (ids, dates, codes, counts): a column per printable byte, with no
        // Unicode property looked up (the look-up was half of a province's table's time).
        var columns = 0
        for b in text.utf8 {
            guard b < 0x80 else { return text.unicodeScalars.reduce(0) { $0 + of($1) } }
            if b >= 0x20 && b != 0x7F { columns += 1 }
        }
        return columns
    }

    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        // Printable ASCII; CJK ideographs, Hangul syllables and fullwidth forms, among which is
        // no mark: without the property look-up of `general` (the same widths: tested).
        if v >= 0x20 && v < 0x7F { return 1 }
        if (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xFF01...0xFF60).contains(v) {
            return 2
        }
        return general(s)
    }

    /// The width by the general rule: control characters, combining marks and format characters
    /// none; East Asian wide and fullwidth two; the rest one.
    static func general(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Width W or F (Unicode 15, UAX #11), by range.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
             0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
             0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
             0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF,
             0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E,      // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
             0x3041...0x33FF,      // Hiragana … CJK compatibility
             0x3400...0x4DBF,      // CJK extension A
             0x4E00...0x9FFF,      // CJK unified ideographs
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF,      // CJK compatibility ideographs
             0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60,      // fullwidth forms
             0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` padded with spaces to `width` columns.
    public static func pad(_ text: String, to width: Int) -> String {
        let w = of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }
}
