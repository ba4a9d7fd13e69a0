/// A rule's own notice text (config key `notice`), with placeholders filled per notice:
/// `{label}` (提醒/今日到期/逾期/日期调整), `{entity}`, `{entity_name}`, `{rule}`, `{title}`,
/// `{period}`, `{due}`, `{done}`, `{required}`, `{days_overdue}`, `{citation}`.
public enum NoticeTemplate {
    public static let placeholders: Set<String> = [
        "label", "entity", "entity_name", "rule", "title", "period", "due", "done", "required", "days_overdue", "citation",
    ]

    /// Placeholders in `template` that are not known (a configuration error).
    public static func unknownPlaceholders(in template: String) -> [String] {
        var unknown: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if !placeholders.contains(name) { unknown.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return unknown
    }

    public static func render(_ template: String, values: [String: String]) -> String {
        var out = template
        for (k, v) in values { out = out.replacingOccurrences(of: "{\(k)}", with: v) }
        return out
    }
}

extension String {
    /// Plain substring replacement on Unicode scalars (the core does not import Foundation).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        let t = Array(target.unicodeScalars)
        guard !t.isEmpty else { return self }
        let s = Array(unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if i + t.count <= s.count, s[i] == t[0], Array(s[i..<(i + t.count)]) == t {
                out.append(contentsOf: replacement.unicodeScalars)
                i += t.count
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }
}
