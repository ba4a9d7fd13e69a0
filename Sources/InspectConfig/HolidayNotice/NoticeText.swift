/// The text of a notice as the reader sees it: numbered lines, each normalised the same way.
///
/// Text pasted from a web page is not always what gov.cn shows: copies carry ASCII `,:();`
/// instead of the full-width `，：（）；`, full-width digits, or spaces and no-break spaces inside a
/// line. Normalising once here lets every pattern of the reader be written in one form.
struct NoticeText {
    struct Line {
        /// 1-based, as an editor shows it.
        var number: Int
        var text: String
    }

    var lines: [Line]

    init(_ raw: String) {
        var out: [Line] = []
        var n = 0
        for piece in raw.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            n += 1
            let t = Self.normalise(piece)
            if !t.isEmpty { out.append(Line(number: n, text: t)) }
        }
        lines = out
    }

    static func normalise(_ s: some StringProtocol) -> String {
        var r = ""
        for c in s {
            switch c {
            case " ", "\t", "\u{00A0}", "\u{3000}", "\u{FEFF}", "\u{200B}": continue
            case "(": r.append("（")
            case ")": r.append("）")
            case ":": r.append("：")
            case ",": r.append("，")
            case ";": r.append("；")
            case "[", "［": r.append("〔")
            case "]", "］": r.append("〕")
            default:
                if let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1, (0xFF10...0xFF19).contains(v) {
                    r.append(Character(Unicode.Scalar(v - 0xFF10 + 0x30)!))
                } else {
                    r.append(c)
                }
            }
        }
        return r
    }

    /// Splits at any of `separators` outside parentheses: `（农历正月初九，星期日）` stays whole.
    static func split(_ s: some StringProtocol, at separators: Set<Character>) -> [Substring] {
        let s = Substring(s)
        var parts: [Substring] = []
        var depth = 0
        var start = s.startIndex
        for i in s.indices {
            switch s[i] {
            case "（": depth += 1
            case "）": depth = max(0, depth - 1)
            default:
                if depth == 0, separators.contains(s[i]) {
                    parts.append(s[start..<i])
                    start = s.index(after: i)
                }
            }
        }
        parts.append(s[start...])
        return parts.filter { !$0.isEmpty }
    }
}
