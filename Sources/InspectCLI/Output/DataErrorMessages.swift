import InspectConfig
import InspectControl

/// Problems in files — the configuration, a calendar file, an imported directory — in the
/// caller's language: each carries a code and its values (InspectConfig's `ConfigProblem`, whose
/// templates hold both languages), whether it was found here (`config check`, the offline
/// calendar commands) or by the daemon (`InvalidData`, `ConfigInvalid`). The file, line and key
/// stay as they are: the reader looks them up.
enum DataErrorMessages {
    /// A problem found here.
    static func text(_ e: ConfigError, in language: Language = Language.current) -> String {
        language == .chinese ? e.chinese : e.description
    }

    /// A problem the daemon sent. English: its sentence, as before. Chinese: from its code; from a
    /// daemon that sends none (or a code this inspectctl does not know), its sentence in a Chinese frame.
    static func text(_ p: Control.InvalidData, in language: Language = Language.current) -> String {
        if language == .chinese, let code = p.code.flatMap(ConfigProblem.Code.init(rawValue:)) {
            return ConfigError(file: p.file, line: p.line, key: p.field, ConfigProblem(code: code, values: p.values ?? [])).chinese
        }
        var place = p.file
        if let l = p.line { place += ":\(l)" }
        if let f = p.field { place += language == .chinese ? "：\(f)" : ": \(f)" }
        return language == .chinese ? "\(place)：数据有误（\(p.reason)）" : "\(place): \(p.reason)"
    }

    /// A refused configuration's problems, one after another.
    static func text(_ p: Control.ConfigInvalid, in language: Language = Language.current) -> String {
        guard language == .chinese, let problems = p.problems, !problems.isEmpty else { return p.errors.joined(separator: "; ") }
        return problems.map { text($0, in: language) }.joined(separator: "；")
    }

    /// What a refused part does to an import in parts (the daemon's English sentence says it already).
    static func importDropped(in language: Language = Language.current) -> String? {
        language == .chinese ? "（导入已放弃：未导入任何内容）" : nil
    }
}
