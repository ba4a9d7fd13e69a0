import ArgumentParser
import Foundation

/// The help of every command in both languages, side by side where the command declares it:
/// `Help.text("English", "中文")` for an abstract or a discussion, `ArgumentHelp("English", "中文")`
/// for an option or an argument. The language is the caller's (`Language.current`), chosen when
/// ArgumentParser first reads a command's configuration and builds its options, which is after
/// the process started: the environment is all there is to read.
enum Help {
    /// The caller's language, but English for what other programs read: the command tree of
    /// `--experimental-dump-help` (scripts/man makes inspectctl(1) from it) and the completion
    /// scripts the package ships, which must not depend on the packager's locale.
    static let language: Language = isMachineReadable(CommandLine.arguments) ? .english : Language.current

    static func isMachineReadable(_ arguments: [String]) -> Bool {
        arguments.contains { $0 == "--experimental-dump-help" || $0.hasPrefix("--generate-completion-script") }
    }

    /// One text of the help in the caller's language.
    static func text(_ english: String, _ chinese: String) -> String {
        language == .chinese ? chinese : english
    }
}

extension ArgumentHelp {
    /// An option's or argument's help in the caller's language; `valueName` as ArgumentParser
    /// shows it in both (a format such as YYYY-MM-DD, or a word `ChineseHelp` translates).
    init(_ english: String, _ chinese: String, valueName: String? = nil) {
        self.init(Help.text(english, chinese), valueName: valueName)
    }
}

extension Help {
    /// The values an option takes, each with its meaning in Chinese: `supervisor（主监管员）、
    /// office（机关）`. The values stay as they are typed.
    static func valueList(_ values: [String]) -> String {
        values.map { v in (valueMeanings[v] ?? Messages.words[v]).map { "\(v)（\($0)）" } ?? v }.joined(separator: "、")
    }

    /// Meanings of typed values that are not words of the shared vocabulary (`Messages.words`):
    /// the report's groupings and the inspection kinds only the help names.
    static let valueMeanings: [String: String] = [
        "supervisor": "按主监管员", "office": "按机关", "rule": "按规则", "kind": "按类别", "jurisdiction": "按辖区", "month": "按月",
        "offsite": "非现场检查", "review": "审查",
    ]
}
