import ArgumentParser
import Foundation
@testable import InspectCLI
import Testing

/// The Chinese help's layout (`ChineseHelp`): lines by display columns, broken where Chinese text
/// may break, the help of an option at ArgumentParser's column.
@Suite struct ChineseHelpLayoutTests {
    static let samples = [
        "期间：--month 2026-03、--quarter 2026-Q1、--year 2026，或 --from/--to（最多 731 天）；默认为本季度。分组：--by supervisor（按主监管员，默认）、office（按机关）、rule（按规则）。",
        "用法：inspectctl inspector set [--socket <路径>] <编号> [--name <姓名>] [--office <机关>] [--jurisdiction <辖区> ...] [--kind <类别> ...] [--visits-per-day <N>]",
        "从符合条件的名录中抽取监管对象（或行业），并为每个监管对象从检查人员库中抽取至少两名辖区和类别覆盖该对象的检查人员（inspector add --jurisdiction --kind），从不抽取已登记回避的，负担最轻的优先。",
        "退出状态：0 正常，1 错误，64 用法错误，65 输入数据有误，69 无法连接守护进程，73 无法创建或写入输出文件，74 守护进程的数据库出错，75 请稍后重试，77 无权操作。",
    ]

    @Test(arguments: [40, 50, 80])
    func wrapsByDisplayColumnsWhereChineseMayBreak(width: Int) {
        for sample in Self.samples {
            let lines = ChineseHelp.wrap(sample, width: width, indent: 6)
            #expect(lines.count > 1, "\(sample) at \(width)")
            for (i, line) in lines.enumerated() {
                #expect(DisplayWidth.of(line) <= width, "\(line)")
                let body = line.drop { $0 == " " }
                if i > 0 {
                    #expect(line.prefix(6) == "      " && body.count == line.count - 6, "indented by 6: \(line)")
                    #expect(!ChineseHelp.closing.contains(body.first!), "a line begins with a closing mark: \(line)")
                }
                if i < lines.count - 1 { #expect(!ChineseHelp.opening.contains(line.last!), "a line ends with an opening mark: \(line)") }
            }
            // Nothing lost or added but the spaces at the breaks; no Latin word, option or
            // placeholder broken.
            #expect(lines.joined().filter { !$0.isWhitespace } == sample.filter { !$0.isWhitespace })
            let words = sample.split(whereSeparator: { $0.isWhitespace || DisplayWidth.of(String($0)) == 2 })
            for word in words where word.count > 1 { #expect(lines.contains { $0.contains(word) }, "\(word) broken at \(width)") }
            for placeholder in ["<路径>", "<姓名>", "<辖区>", "--office <机关>", "--visits-per-day <N>"] where sample.contains(placeholder) {
                #expect(lines.contains { $0.contains(placeholder) }, "\(placeholder) broken at \(width)")
            }
        }
    }

    @Test func theHelpOfAnOptionStartsAtTheLabelColumn() {
        let page = ChineseHelp.render("""
            OPTIONS:
              --entity <entity>       监管对象编号。
              --within <SPAN>         向后看多久：30d、2w 或天数（最多 3660）。 (default: 30d)
              --authority <city|county|…>
                                      实施检查的层级（默认：本机关的层级）。
              -h, --help              Show help information.

              See 'inspectctl help <subcommand>' for detailed help.
            """, width: 80)
        #expect(page == """
            选项：
              --entity <对象编号>     监管对象编号。
              --within <时长>         向后看多久：30d、2w 或天数（最多 3660）。默认：30d。
              --authority <层级>
                                      实施检查的层级（默认：本机关的层级）。
              -h, --help              显示帮助信息。

              各子命令的详细说明：inspectctl help <子命令>
            """, "\(page)")
    }
}

/// ArgumentParser's own sentences for a command line it refuses, in Chinese (`UsageErrorText`):
/// each taken from ArgumentParser itself, so that a release that rewords one fails here.
@Suite struct UsageErrorTextTests {
    @Test(arguments: [
        ["inspection", "record", "--date", "2026-03-01"], ["entity", "show"], ["upcoming", "--foo"], ["upcoming", "--withn", "3"],
        ["upcoming", "-x"], ["upcoming", "--within"], ["upcoming", "--within", "soon"], ["entity", "list", "--limit", "many"],
        ["inspector", "leave", "withdraw", "first", "--reason", "x"], ["status", "extra"], ["status", "one", "two"], ["upcoming", "--json=yes"],
    ])
    func everySentenceOfArgumentParserIsChinese(arguments: [String]) throws {
        var english = ""
        do { _ = try Inspectctl.parseAsRoot(arguments) } catch { english = Inspectctl.fullMessage(for: error, columns: ChineseHelp.unwrapped) }
        let sentence = try #require(english.split(separator: "\n").first.flatMap { $0.hasPrefix("Error: ") ? $0.dropFirst(7) : nil }, "\(english)")
        let chinese = UsageErrorText.chinese(String(sentence))
        #expect(chinese != String(sentence))
        // Left of it in Latin letters: only what it quotes (an option, a value typed) and placeholders.
        let unquoted = chinese.replacingOccurrences(of: #"“[^”]*”"#, with: "", options: .regularExpression)
        #expect(unquoted.range(of: "[A-Za-z]", options: .regularExpression) == nil, "\(english) → \(chinese)")
        // The whole message: its frame in Chinese, nothing of ArgumentParser's English left.
        let page = ChineseHelp.render(english, width: 80)
        for word in ["Error", "Usage", "Help:", "See '", "for more information", "Missing", "Unknown", "Unexpected", "invalid", "<options>"] {
            #expect(!page.contains(word), "\(word) in \(page)")
        }
    }

    @Test func aSentenceOfOurOwnStaysAsItIs() {
        #expect(UsageErrorText.chinese("--overdue、--lapsed、--closed、--all 最多给出一个") == "--overdue、--lapsed、--closed、--all 最多给出一个")
        #expect(UsageErrorText.chinese("  - supervisor") == "  - supervisor")
    }
}
