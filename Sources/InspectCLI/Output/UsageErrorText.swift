import Foundation

/// ArgumentParser's own sentences for a command line it cannot take (swift-argument-parser 1.8,
/// `ErrorMessageGenerator`), in Chinese. A finite set: each is matched whole; what it quotes (an
/// option with its placeholder, the value typed) is kept, its placeholder in Chinese. A sentence
/// not in the set is one of our own commands' (Chinese already, from the catalogue) and stays.
enum UsageErrorText {
    /// An English sentence's pattern and its Chinese; `$1`, `$2` … take what the pattern quotes.
    static let sentences: [(pattern: String, chinese: String)] = [
        (#"^Missing expected argument '(.*)'$"#, "缺少必需的参数“$1”"),
        (#"^Missing one of: (.*)$"#, "缺少以下参数之一：$1"),
        (#"^Unknown option '(.*)'\. Did you mean '(.*)'\?$"#, "未知选项“$1”。是不是要用“$2”？"),
        (#"^Unknown option '(.*)'$"#, "未知选项“$1”"),
        (#"^or: Missing value for '(.*)' in '(.*)'$"#, "或：“$2”中的“$1”缺少取值"),
        (#"^Missing value for '(.*)'$"#, "选项“$1”缺少取值"),
        (#"^The option '(.*)' does not take any value, but '(.*)' was specified\.$"#, "选项“$1”不带取值，却给出了“$2”。"),
        (#"^Unexpected argument '(.*)'$"#, "多余的参数“$1”"),
        (#"^([0-9]+) unexpected arguments: (.*)$"#, "多余的参数 $1 个：$2"),
        (#"^Value to be set with (.*) had already been set with (.*)$"#, "$1 所设的值已由 $2 设定"),
        (#"^The value '(.*)' is invalid for '(.*)'\. Please provide one of the following:$"#, "取值“$1”对“$2”无效。请给出以下取值之一："),
        (#"^The value '(.*)' is invalid for '(.*)'\. Please provide one of (.*)\.$"#, "取值“$1”对“$2”无效。请给出以下取值之一：$3。"),
        (#"^The value '(.*)' is invalid for '(.*)': (.*)$"#, "取值“$1”对“$2”无效：$3"),
        (#"^The value '(.*)' is invalid for '(.*)'$"#, "取值“$1”对“$2”无效"),
        (#"^The value '(.*)' is invalid\.(.*)$"#, "取值“$1”无效。$2"),
        (#"^Invalid option: (.*)$"#, "无效的选项：$1"),
        (#"^Missing required subcommand\.$"#, "缺少子命令。"),
        (#"^Command '(.*)' is not a parent of the current command\.$"#, "命令“$1”不是当前命令的上级命令。"),
        (#"^Internal error\. (.*)$"#, "内部错误：解析命令行参数时出错。"),
        (#"^Can't autodetect a supported shell\.$"#, "无法识别所用的 shell。"),
        (#"^Can't generate completion scripts for '(.*)'\.$"#, "无法为“$1”生成补全脚本。"),
        (#"^Please use --generate-completion-script=<shell> with one of:$"#, "请用 --generate-completion-script=<shell>，取值之一："),
    ]

    static let compiled: [(NSRegularExpression, String)] = sentences.map { (try! NSRegularExpression(pattern: $0.pattern), $0.chinese) }

    /// One line of ArgumentParser's error in Chinese; a line it did not write, as it is.
    static func chinese(_ line: String) -> String {
        let lead = String(line.prefix { $0 == " " })
        let body = String(line.dropFirst(lead.count))
        let range = NSRange(body.startIndex..., in: body)
        for (regex, template) in compiled {
            guard let m = regex.firstMatch(in: body, range: range) else { continue }
            var out = template
            for i in stride(from: m.numberOfRanges - 1, through: 1, by: -1) {
                let value = Range(m.range(at: i), in: body).map { String(body[$0]) } ?? ""
                out = out.replacingOccurrences(of: "$\(i)", with: quoted(value))
            }
            return lead + out
        }
        return line
    }

    /// What a sentence quotes: `'a', 'b'` lists as “a”、“b”, `'a' and 'b'` / `or 'c'` with 和 / 或,
    /// `flag '--x'` as 标志“--x”; placeholders in Chinese.
    static func quoted(_ value: String) -> String {
        var v = ChineseHelp.placeholders(value)
        guard v.contains("'") else { return v }
        v = v.replacingOccurrences(of: "', '", with: "”、“").replacingOccurrences(of: "' and '", with: "”和“")
            .replacingOccurrences(of: ", or '", with: "或“").replacingOccurrences(of: " or '", with: "或“")
            .replacingOccurrences(of: "flag '", with: "标志“").replacingOccurrences(of: "position ", with: "位置 ")
        var result = ""
        var open = true
        for ch in v {
            if ch == "'" { result.append(open ? "“" : "”"); open.toggle() } else { result.append(ch) }
            if ch == "“" { open = false } else if ch == "”" { open = true }
        }
        return result
    }
}
