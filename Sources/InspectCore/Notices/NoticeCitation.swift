/// How a digest line cites the law (issue 26): the document and the article, taken from the basis
/// text the notice carries (the notice log's `basis`: the citation before the first `：`, then the
/// quoted provision). `《临沂市金融工作办公室责任清单》（2015年7月）三(三)四(三)〔对民间融资服务公司的监督管理·实行现场检查〕：“……”`
/// is cited `《临沂市金融工作办公室责任清单》三(三)四(三)`: the edition or decree number after the title
/// and the section's heading in 〔〕 are what a reader of a daily list can do without; the notice
/// log, the notice's own text and the e-mail's HTML table (as a tooltip) keep them.
public enum NoticeCitation {
    /// The citation part of a basis text: what comes before the quoted provision (before the first
    /// `：`); a basis without one is cited whole, or its first 60 characters. Nil when empty.
    public static func full(_ basis: String) -> String? {
        let text = basis.trimmingSpaces
        guard !text.isEmpty else { return nil }
        if let i = text.firstIndex(of: "：") { return String(text[..<i]) }
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    /// The document (`《…》`, empty when the basis names none) and the article (`三(三)四(三)`,
    /// `第六条`; empty when the basis cites the document as a whole).
    public static func parts(_ basis: String) -> (document: String, article: String)? {
        guard let citation = full(basis) else { return nil }
        guard let open = citation.firstIndex(of: "《"), let close = citation[open...].firstIndex(of: "》") else {
            return ("", withoutBrackets(citation, "〔", "〕"))
        }
        let document = String(citation[open...close])
        var rest = Substring(citation[citation.index(after: close)...])
        // The edition or number right after the title: （2015年7月）, （国务院令第654号）, （国市监信发〔2022〕6号）.
        if rest.first == "（", let end = matching(rest, "（", "）") { rest = rest[rest.index(after: end)...] }
        return (document, withoutBrackets(String(rest), "〔", "〕").trimmingSpaces)
    }

    /// `《document》article`: what a digest line ends with after 依据. Nil when the basis is empty.
    public static func short(_ basis: String) -> String? {
        parts(basis).map { $0.document + $0.article }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The index of the bracket that closes the one `text` starts with (nested pairs counted).
    private static func matching(_ text: Substring, _ open: Character, _ close: Character) -> Substring.Index? {
        var depth = 0
        for i in text.indices {
            if text[i] == open { depth += 1 } else if text[i] == close { depth -= 1; if depth == 0 { return i } }
        }
        return nil
    }

    /// `text` without its `open … close` groups (a heading: 〔对小额贷款公司的监督检查·现场检查〕).
    private static func withoutBrackets(_ text: String, _ open: Character, _ close: Character) -> String {
        var out = ""
        var depth = 0
        for c in text {
            if c == open { depth += 1 } else if c == close, depth > 0 { depth -= 1 } else if depth == 0 { out.append(c) }
        }
        return out
    }
}

extension String {
    /// Without leading and trailing spaces and newlines (the core does not import Foundation).
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
