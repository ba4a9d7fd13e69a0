import ArgumentParser
import Foundation
import InspectConfig
import InspectControl

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: Help.text("The rules the daemon runs, with their RULES.md sources and legal basis.", "守护进程执行的规则，附其在 RULES.md 中的出处和法律依据。"),
        subcommands: [List.self, Show.self])
    @OptionGroup var connection: ConnectionOptions

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("List the rules.", "列出规则。"))
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                let r = try connection.call(.listRules, as: Control.RuleList.self)
                if json { try printJSON(r.rules); return }
                if Language.current == .chinese {
                    // The demand is a summary generated in English; the rule's title says it in Chinese.
                    var t = TextTable(["ID", "TYPE", "SOURCE", "ON", "WHO", "TITLE"])
                    for x in r.rules {
                        t.add([x.id, Messages.word(x.type), x.source.joined(separator: ","), Messages.word(x.enabled ? "yes" : "no"),
                               Messages.word(x.who), x.title])
                    }
                    print(t.render())
                    return
                }
                var t = TextTable(["ID", "TYPE", "SOURCE", "ON", "WHO", "DEMAND", "TITLE"])
                for x in r.rules {
                    t.add([x.id, x.type, x.source.joined(separator: ","), x.enabled ? "yes" : "no", x.who, x.demand, x.title])
                }
                print(t.render())
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Show one rule.", "显示一条规则。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The rule id.", "规则编号。")) var id: String
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                let r = try connection.call(.getRule, Control.GetRuleRequest(id: id), as: Control.RuleDetail.self).rule
                if json { try printJSON(r); return }
                guard Language.current == .chinese else {
                    let rows: [(String, String)] = [
                        ("ID", r.id), ("Type", r.type), ("Title", r.title), ("Source", r.source.joined(separator: ", ")),
                        ("Enabled", r.enabled ? "yes" : "no"), ("Who", r.who), ("About", r.about.joined(separator: ", ")),
                        ("Demand", r.demand), ("Basis", r.basis),
                    ]
                    for (k, v) in rows { print(DisplayWidth.pad(k, to: 8) + ": " + v) }
                    return
                }
                // The title says the demand in Chinese; the generated summary (demand) is English, so it is left out here.
                let rows: [(String, String)] = [
                    ("编号", r.id), ("类型", Messages.word(r.type)), ("标题", r.title), ("来源", r.source.joined(separator: "、")),
                    ("启用", r.enabled ? "是" : "否"), ("实施主体", Messages.word(r.who)),
                    ("对象", r.about.map { Messages.word($0) }.joined(separator: "、")), ("依据", r.basis),
                ]
                for (k, v) in rows { print(DisplayWidth.pad(k, to: 8) + "：" + v) }
            }
        }
    }
}
