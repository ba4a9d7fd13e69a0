import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// ArgumentParser's own words in a help page or a usage error, in Chinese, and the page laid out
/// by display width. The commands' own texts are already Chinese (`Help.text`); what is left is
/// ArgumentParser's frame: the section headings (OVERVIEW, USAGE, ARGUMENTS, OPTIONS,
/// SUBCOMMANDS), its `--help` and `--version` lines, "(default: …)", the placeholders it derives
/// from property names (`<entity>`), and its error sentences (`UsageErrorText`).
///
/// ArgumentParser wraps by character count, so a line of 汉字 would run to twice the terminal's
/// width: the page is taken unwrapped (`unwrapped` columns) and wrapped here by display columns,
/// between any two 汉字 as well as at spaces, never before a closing mark (，。）) nor after an
/// opening one (（“).
///
/// The English help is laid out the same way (`render(_:width:language:)` with `.english`),
/// untranslated: its texts name the office's Chinese terms (supervisor (主监管员)), which
/// ArgumentParser counts as one column each, and it does not wrap a usage line at all.
enum ChineseHelp {
    /// Wide enough that ArgumentParser breaks no line: each element, abstract and paragraph whole.
    static let unwrapped = 100_000

    /// Where an option's or subcommand's help starts, as ArgumentParser lays it out.
    static let labelColumn = 26

    /// The terminal's width as ArgumentParser takes it: COLUMNS, else the terminal's, else 80.
    static var screenWidth: Int {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// A whole message of ArgumentParser (a help page, or an error with its usage and hints),
    /// rendered unwrapped, in Chinese and wrapped to `width` display columns.
    static func render(_ text: String, width: Int, language: Language = .chinese) -> String {
        if language == .english { return renderEnglish(text, width: width) }
        var out: [String] = []
        // Within an error message (until its usage), further lines are ArgumentParser's too.
        var inError = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if raw.isEmpty { out.append(""); continue }
            if raw.hasPrefix("OVERVIEW: ") {
                out += wrap("概述：" + translated(String(raw.dropFirst("OVERVIEW: ".count))), width: width, indent: 0)
            } else if raw.hasPrefix("USAGE: ") || raw.hasPrefix("Usage: ") {
                inError = false
                out += wrap("用法：" + placeholders(String(raw.dropFirst("USAGE: ".count))), width: width, indent: 6)
            } else if raw.hasPrefix("Error: ") {
                inError = true
                out += wrap("错误：" + UsageErrorText.chinese(String(raw.dropFirst("Error: ".count))), width: width, indent: 6)
            } else if raw.hasPrefix("Help:  ") {
                out += helpLine(String(raw.dropFirst("Help:  ".count)), width: width)
            } else if let heading = sectionHeadings[raw] {
                out.append(heading)
            } else if let see = seeAlso(raw) {
                out += wrap(see, width: width, indent: 2)
            } else if let (label, abstract) = element(raw) {
                out += renderElement(label: placeholders(label).replacingOccurrences(of: " (default)", with: "（默认）"), abstract: translated(abstract), width: width)
            } else if raw.hasPrefix("  -") || raw.hasPrefix("  <") {
                // A label too long for its column: its help follows on the next line.
                out.append(placeholders(raw).replacingOccurrences(of: " (default)", with: "（默认）"))
            } else if raw.hasPrefix(String(repeating: " ", count: labelColumn)) {
                out += wrap(String(repeating: " ", count: labelColumn) + translated(raw.trimmingCharacters(in: .whitespaces)),
                            width: width, indent: labelColumn)
            } else {
                // A paragraph of a discussion, an abstract's own line, an error's further line.
                let indent = raw.prefix { $0 == " " }.count
                let body = String(raw.dropFirst(indent))
                out += wrap(String(repeating: " ", count: indent) + (inError ? UsageErrorText.chinese(body) : body), width: width, indent: min(indent, width / 2))
            }
        }
        return out.joined(separator: "\n")
    }

    /// The English page as ArgumentParser words it, wrapped by display width: the usage and an
    /// error's lines after their label (`USAGE: `, `Error: `), an element's help at the label
    /// column, a paragraph at its own indentation.
    static func renderEnglish(_ text: String, width: Int) -> String {
        var out: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            // A line that fits is as ArgumentParser would print it (the two spaces of `Help:  `).
            if DisplayWidth.of(raw) <= width { out.append(raw); continue }
            if let label = ["USAGE: ", "Usage: ", "Error: ", "Help:  "].first(where: { raw.hasPrefix($0) }) {
                out += wrap(raw, width: width, indent: label.count)
            } else if let (label, abstract) = element(raw) {
                out += renderElement(label: label, abstract: abstract, width: width)
            } else if raw.hasPrefix("  -") || raw.hasPrefix("  <") {
                out.append(raw)
            } else {
                let indent = raw.prefix { $0 == " " }.count
                out += wrap(raw, width: width, indent: min(indent, width / 2))
            }
        }
        return out.joined(separator: "\n")
    }

    static let sectionHeadings: [String: String] = [
        "ARGUMENTS:": "参数：", "OPTIONS:": "选项：", "SUBCOMMANDS:": "子命令：",
    ]

    /// `  See 'inspectctl help <subcommand>' for detailed help.` and an error's `  See
    /// 'inspectctl plan --help' for more information.`: the command to type, in a Chinese sentence.
    static func seeAlso(_ line: String) -> String? {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("See '"), let end = t.range(of: "' for ", options: .backwards) else { return nil }
        let command = placeholders(String(t[t.index(t.startIndex, offsetBy: 5)..<end.lowerBound]))
        let lead = String(line.prefix { $0 == " " })
        return t.hasSuffix("for detailed help.") ? lead + "各子命令的详细说明：\(command)" : lead + "详见：\(command)"
    }

    /// An option's, argument's or subcommand's line: its label (`--entity <entity>`, `status`)
    /// padded to the label column, and its help after it; nil for any other line.
    static func element(_ line: String) -> (String, String)? {
        let chars = Array(line)
        guard chars.count > labelColumn, line.hasPrefix("  "), chars[2] != " ", chars[labelColumn - 1] == " ", chars[labelColumn] != " " else {
            return nil
        }
        return (String(chars[2..<labelColumn - 1]).trimmingCharacters(in: .whitespaces), String(chars[labelColumn...]))
    }

    static func renderElement(label: String, abstract: String, width: Int) -> [String] {
        let padded = "  " + label
        let lines = wrap(String(repeating: " ", count: labelColumn) + abstract, width: width, indent: labelColumn)
        if DisplayWidth.of(padded) < labelColumn {
            return [DisplayWidth.pad(padded, to: labelColumn) + lines[0].dropFirst(labelColumn)] + lines.dropFirst()
        }
        return [padded] + lines
    }

    /// An error's `Help:` line: the option and its help, as ArgumentParser gives them.
    static func helpLine(_ text: String, width: Int) -> [String] {
        guard let gap = text.range(of: "  ") else { return wrap("帮助：" + translated(text), width: width, indent: 6) }
        return wrap("帮助：" + placeholders(String(text[..<gap.lowerBound])) + "  " + translated(String(text[gap.upperBound...])),
                    width: width, indent: 6)
    }

    /// An element's help: the command's own text (Chinese already), ArgumentParser's fixed ones
    /// and its "(default: …)" in Chinese.
    static func translated(_ abstract: String) -> String {
        // ArgumentParser appends " (default: X)", " (values: a, b)" or both ("(values: a, b;
        // default: X)") to the help: after a Chinese sentence, a sentence of its own (默认：X。).
        guard abstract.hasSuffix(")"), let open = abstract.range(of: " (", options: .backwards) else { return fixedAbstracts[abstract] ?? abstract }
        let parts = abstract[open.upperBound...].dropLast().components(separatedBy: "; ")
        var chinese: [String] = []
        for part in parts {
            guard let (english, word) = suffixWords.first(where: { part.hasPrefix($0.0) }) else { return fixedAbstracts[abstract] ?? abstract }
            chinese.append(word + part.dropFirst(english.count))
        }
        let help = String(abstract[..<open.lowerBound])
        return (fixedAbstracts[help] ?? help) + chinese.joined(separator: "；") + "。"
    }

    static let suffixWords: [(String, String)] = [("values: ", "取值："), ("default as flag: ", "作为标志时默认："), ("default: ", "默认：")]

    /// ArgumentParser's own options and its help command.
    static let fixedAbstracts: [String: String] = [
        "Show help information.": "显示帮助信息。", "Show the version.": "显示版本。",
        "Show subcommand help information.": "显示子命令的帮助信息。",
    ]

    /// The placeholders in a label, a usage line or an error (`<entity>`, `<PATH>`,
    /// `<subcommand>`) in Chinese where they are words; formats (`<YYYY-MM-DD>`) and ids stay.
    static func placeholders(_ text: String) -> String {
        guard text.contains("<") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            out += "<" + (placeholderNames[name] ?? name) + ">"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Placeholder words, as ArgumentParser prints them (from a `valueName` or a property's name);
    /// formats (YYYY-MM-DD, N, ID, URL) and DIR, which the texts use in paths, are not words to
    /// translate. A new option's English placeholder fails ChineseHelpTests until it is here.
    static let placeholderNames: [String: String] = [
        "subcommand": "子命令", "options": "选项",
        // Given as value names.
        "PATH": "路径", "FILE": "文件", "NAME": "名称", "KIND": "类别", "REASON": "理由", "RULE": "规则", "PERIOD": "期间",
        "GROUPING": "分组", "TIME": "时间", "KEY=VALUE": "键=值", "J": "辖区", "CURSOR": "游标", "STATUS": "状态", "OFFICE": "机关",
        "SPAN": "时长", "DATE": "日期", "NOTICE": "通知", "LOGIN": "登录名", "KEY": "键", "city|county|…": "层级", "FILE.csv": "文件", "A,B": "甲,乙",
        // From the properties' names.
        "entity": "对象编号", "reason": "理由", "note": "备注", "name": "姓名", "office": "机关", "inspector": "检查人员编号",
        "subject": "事项编号", "approval": "批准文号", "findings": "检查发现", "kind": "类别", "level": "等级", "scale": "等级体系",
        "key": "键", "id": "编号", "year": "年份", "period": "期间", "rule": "规则", "to": "接收机关", "directory": "配置目录",
    ]

    /// `text` broken into lines of at most `width` display columns, each line after the first
    /// indented by `indent` spaces (the first keeps its own). A run of Latin letters and digits
    /// (an option, an id, a date) is never broken; 汉字 may be broken between any two.
    static func wrap(_ text: String, width: Int, indent: Int) -> [String] {
        let lead = text.prefix { $0 == " " }.count
        let units = breakUnits(String(text.dropFirst(lead)))
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = String(repeating: " ", count: lead), used = lead, empty = true
        for unit in units {
            let gap = (unit.spaceBefore && !empty) ? 1 : 0
            if !empty && used + gap + unit.width > width {
                lines.append(line)
                line = margin; used = indent; empty = true
            }
            if unit.spaceBefore && !empty { line += " "; used += 1 }
            line += unit.text; used += unit.width; empty = false
        }
        lines.append(line)
        return lines
    }

    struct Unit { var text: String; var width: Int; var spaceBefore: Bool }

    /// Marks that may not begin a line (a line is not broken before them) and marks that may not
    /// end one (not broken after them).
    static let closing: Set<Character> = ["，", "。", "、", "；", "：", "）", "」", "』", "”", "’", "！", "？", "》", "】", "…", ",", ".", ";", ":", ")", "]", "!", "?", "%"]
    static let opening: Set<Character> = ["（", "「", "『", "“", "‘", "《", "【", "(", "["]

    static func breakUnits(_ text: String) -> [Unit] {
        var units: [Unit] = []
        var pendingSpace = false
        var inPlaceholder = false  // <理由>: one word, as the option it belongs to
        for ch in text {
            if ch == " " && !inPlaceholder { pendingSpace = true; continue }
            defer { if ch == "<" { inPlaceholder = true } else if ch == ">" { inPlaceholder = false } }
            let w = ch.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) }
            let wide = w >= 2
            if var last = units.last, !pendingSpace {
                let lastChar = last.text.last!
                let lastWide = DisplayWidth.of(String(lastChar)) >= 2
                // Glued: a closing mark to what it closes, an opening mark to what it opens, and a
                // run of Latin characters (no break inside a word, an option or an id).
                if inPlaceholder || closing.contains(ch) || opening.contains(lastChar) || (!wide && !lastWide) {
                    last.text.append(ch); last.width += w
                    units[units.count - 1] = last
                    continue
                }
            }
            // An option and its placeholder (`--office <机关>`) stay on one line, as in the usage,
            // a placeholder with the `...` that repeats it, and a number with the word after it
            // (731 天, 73 无法创建…).
            if pendingSpace, var last = units.last,
               (ch == "<" && (last.text.hasPrefix("-") || last.text.hasPrefix("[-"))) || (ch == "." && last.text.hasSuffix(">"))
                || (wide && last.text.last!.isASCII && last.text.last!.isNumber) {
                last.text += " " + String(ch); last.width += 1 + w
                units[units.count - 1] = last
                pendingSpace = false
                continue
            }
            units.append(Unit(text: String(ch), width: w, spaceBefore: pendingSpace))
            pendingSpace = false
        }
        return units
    }
}
