import Foundation

/// What a Chinese reader should not have to read in English: one rule for the integration tests
/// (every line `inspectctl` prints under zh_CN) and the unit tests (every coded sentence's Chinese).
public enum ChineseText {
    /// Latin words a Chinese reader is expected to meet: commands and options to type, product
    /// and storage names, units of legal time (5wd), the ids the office itself uses.
    public static let allowed: Set<String> = ["inspectctl", "inspectd", "sqlite", "postgresql", "wd", "uid", "root", "json", "csv", "ics", "html", "xlsx", "yaml", "UTF",
                                              "Excel", "systemd",
                                              // The name of the office's one channel (`hook:`), as `notices retry --hook` takes it.
                                              "default"]

    /// The Latin words of `text` that are not ids, paths, options, cursors or allowed names.
    public static func englishWords(_ text: String) -> [String] {
        var found: [String] = []
        // A command to type (`inspectctl upcoming --after …`) is what the reader types, not reads.
        let text = text.replacingOccurrences(of: #"inspectctl(?!:)[^（）；\n]*"#, with: "", options: .regularExpression)
            // A table of the database by its name (storage copy), as a database administrator looks it up.
            .replacingOccurrences(of: #"表 [a-z_]+"#, with: "", options: .regularExpression)
        for token in text.split(whereSeparator: { $0.isWhitespace || "，。：；（）、“”【】《》()[],;:'\"|<>…*→←".contains($0) }) {
            let t = String(token)
            // An id (LS-PFS-001, C01, CASE-2026-1, D-2026-3), a path, an option, a cursor, a date.
            if t.hasPrefix("--") || t.hasPrefix("/") || t.hasPrefix(".") || t.contains("/") || t.contains("@") { continue }
            if t.range(of: #"^[A-Z0-9][A-Z0-9_.+-]*$"#, options: .regularExpression) != nil { continue }
            // A request id (`--request-id`, a UUID): an id to type back.
            if t.range(of: #"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"#, options: .regularExpression) != nil { continue }
            // A digest (the population's, a draw's snapshot): hexadecimal, an id.
            if t.range(of: #"^[0-9a-f]{8,}$"#, options: .regularExpression) != nil { continue }
            // An event's attribute (rule=D01): its name is an id of the interface.
            if t.range(of: #"^[a-z_]+=\S*$"#, options: .regularExpression) != nil { continue }
            // A method of the control interface (RecordInspection in the audit trail): a name, like an id.
            if t.range(of: #"^[A-Z][a-z]+([A-Z][a-z]+)+$"#, options: .regularExpression) != nil { continue }
            // A file's name (2026.yaml, YYYY.yaml): a name, like a path.
            if t.range(of: #"^[A-Za-z0-9_-]+\.(yaml|yml|csv|ics|html|xlsx|json|txt)$"#, options: .regularExpression) != nil { continue }
            // A key of the configuration (directory.bootstrap): a name to look up in inspectd.yaml.
            if t.range(of: #"^[a-z_]+(\.[a-z_]+)+$"#, options: .regularExpression) != nil { continue }
            // A rule id with its variant (C05-county, C09-report): the office's own ids.
            if t.range(of: #"^[A-Z][A-Z0-9]*(-[a-z0-9]+)+\*?$"#, options: .regularExpression) != nil { continue }
            if t.range(of: #"^(o1|n|a|d1|c1|v1|l1)\.?[A-Za-z0-9_=-]+$"#, options: .regularExpression) != nil && t.count > 12 { continue }
            if t.range(of: #"^[0-9]"#, options: .regularExpression) != nil { continue }
            let letters = t.filter { $0.isASCII && $0.isLetter }
            guard letters.count >= 3 else { continue }
            if allowed.contains(t.trimmingCharacters(in: .punctuationCharacters)) { continue }
            found.append(t)
        }
        return found
    }

    /// A problem's line without what the reader looks up in the file: the place (`FILE:LINE：KEY：`),
    /// the values it quotes (“…”) and the values it lists as allowed (应为以下之一：…).
    public static func withoutFileWords(_ line: String) -> String {
        line.replacingOccurrences(of: #"[^\s：]+:[0-9]+：([A-Za-z0-9_.\[\]-]+：)?"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"“[^”]*”"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"(以下之一|已知|已定义|其类别)：[^）]*"#, with: "", options: .regularExpression)
    }
}
