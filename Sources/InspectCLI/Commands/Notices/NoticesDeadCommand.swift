import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl notices-dead`: the notices the command hooks (`notices.hook`, `notices.hooks`) gave up on.
struct NoticesDeadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices-dead",
        abstract: Help.text("List the notices a command hook failed to deliver after all retries (dead letters), with the hook's name.", "列出命令通道重试用尽仍未投递的通知（投递失败的通知），附通道名称。"))
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var page: PageOptions
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func run() throws {
        try reportingFailures {
            try page.pager.show(connection, Control.HookMethod.listDeadLetters, Control.ListDeadLettersRequest(), as: Control.DeadLetterList.self, json: json, table: { list in
                var t = TextTable(["DEAD SINCE", "HOOK", "KEY", "ENTITY", "RULE", "DUE", "SUPERVISOR", "ATTEMPTS", "LAST ERROR"])
                for d in list {
                    t.add([d.deadAt, d.hook, d.key, d.entity, d.rule, d.due, d.supervisor ?? "—", String(d.attempts), d.lastError.map { Self.lastError($0) } ?? "—"])
                }
                return t.render()
            }, command: "inspectctl notices-dead", empty: "No dead letters.")
        }
    }

    /// A hook's failure as the daemon records it (`exit status 1: gateway down`): how it ended in
    /// the caller's language, the hook's own first line of standard error as it wrote it.
    static func lastError(_ text: String, in language: Language = Language.current) -> String {
        guard language == .chinese else { return text }
        let (how, said) = text.firstRange(of: ": ").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? (text, nil)
        let words = how.split(separator: " ")
        let chinese: String?
        if how.hasPrefix("exit status "), let n = words.last { chinese = "退出状态 \(n)" }
        else if how.hasPrefix("killed by signal "), let n = words.last { chinese = "被信号 \(n) 终止" }
        else if how.hasPrefix("timed out after "), words.count > 3 { chinese = "超过 \(words[3]) 秒未结束，已终止" }
        else { chinese = nil }
        guard let chinese else { return text }
        return said.map { "\(chinese)：\($0)" } ?? chinese
    }
}
