import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl calendar diff FILE`: asks the daemon what a calendar file would move before it
/// is loaded — the open obligations and running deadlines whose due date changes, or stays and
/// stops being provisional — counted by rule and office, then the list. Changes nothing.
struct CalendarDiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: Help.text("What a year's calendar file would move, before it is loaded (asks the daemon; changes nothing).", "某年日历文件加载前，预览它会使哪些日期变动（询问守护进程；不作任何改变）。"),
        discussion: Help.text("""
            FILE is checked as a reload would check it (its name must be YYYY.yaml). The daemon computes every open
            obligation and running deadline again under its calendar with FILE added (or in place of that year's):
            the counts by rule and office, then each due date that changes (MOVED) or stays and is no longer
            provisional (CONFIRMED). Put the file in the calendar directory and reload to apply it; each moved due
            date is then announced once (rescheduled).
            """, """
            <文件> 按重新加载时的方式检查（文件名必须为 YYYY.yaml）。守护进程在加入 <文件>（或以其替换该年的日历）后，重新计算每项未完成的检查义务和进行中的期限：先按规则和机关列出数量，再列出每个变动的到期日（MOVED，变动）或不变且不再是暂定的到期日（CONFIRMED，确定）。将文件放入日历目录并重新加载即生效；每个变动的到期日随后通知一次（日期调整）。
            """))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The calendar file (YYYY.yaml), e.g. from `calendar import`.", "日历文件（YYYY.yaml），例如由 inspectctl calendar import 生成。", valueName: "FILE")) var file: String
    @OptionGroup var page: PageOptions
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func run() throws {
        try reportingFailures {
            guard let data = FileManager.default.contents(atPath: file), let yaml = String(data: data, encoding: .utf8) else {
                throw CLIFailure(Messages.say(.invalid, file, Language.current == .chinese ? "无法读取（须为 UTF-8 文本）" : "cannot read it (UTF-8 text expected)"),
                                 code: CLIFailure.dataError)
            }
            let request = Control.PreviewCalendarRequest(fileName: (file as NSString).lastPathComponent, yaml: yaml)
            var head: Control.CalendarPreview?
            var changes: [Control.DueDateChange] = []
            let last = try page.pager.pages(connection, Control.CalendarMethod.previewCalendar, request, as: Control.CalendarPreview.self) { p in
                if head == nil { head = p }
                changes += p.changes
            }
            guard let head else { return }
            if json {
                var all = head
                all.changes = changes
                all.next = last?.next
                all.remaining = last?.remaining
                try printJSON(all)
                return
            }
            let name = "\(head.year).yaml"
            if head.moved + head.confirmed == 0 {
                print(Messages.say(.calendarPreviewNothing, name, head.source))
                return
            }
            print(Messages.say(.calendarPreview, name, head.source, "\(head.moved)", "\(head.confirmed)"))
            print()
            var counts = TextTable(["OFFICE", "RULE", "MOVED", "CONFIRMED"])
            for c in head.counts { counts.add([c.office, c.rule, "\(c.moved)", "\(c.confirmed)"]) }
            print(counts.render())
            print()
            var list = TextTable(["KEY", "ENTITY", "BEFORE", "AFTER"])
            let provisional = Language.current == .chinese ? "（暂定）" : " (provisional)"
            for c in changes {
                list.add([c.key, c.entityName, c.dueBefore + (c.provisionalBefore ? provisional : ""), c.dueAfter + (c.provisionalAfter ? provisional : "")])
            }
            print(list.render())
            if let next = last?.next, let remaining = last?.remaining, remaining > 0 {
                print(Messages.say(.more, "\(remaining)", "inspectctl calendar diff \(file)", next))
            }
        }
    }
}
