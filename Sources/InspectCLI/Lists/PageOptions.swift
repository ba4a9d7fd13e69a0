import Foundation
import ArgumentParser
import InspectControl

/// `--limit`, `--after`, `--all`: a list in pages (issue 11). On a terminal one page of 100 is
/// shown, with how many more and the command for the next; otherwise (a pipe, a script) every page
/// is fetched in turn and printed as it comes, so neither side holds a province's list at once.
struct PageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("At most this many (default: 100 on a terminal, else all).", "最多列出这么多项（默认：终端上 100 项，否则全部）。", valueName: "N")) var limit: Int?
    @Option(help: ArgumentHelp("Continue after this cursor (printed at the end of a page).", "从该游标之后继续（游标印在每页末尾）。", valueName: "CURSOR")) var after: String?
    @Flag(help: ArgumentHelp("Everything, page after page (the default when the output is not a terminal).", "全部，一页接一页（输出不是终端时的默认方式）。")) var all = false

    func validate() throws {
        if let limit, !(1...1_000_000).contains(limit) { throw ValidationError(Messages.pick("--limit must be 1…1000000", "--limit 须为 1…1000000")) }
        if all && limit != nil { throw ValidationError(Messages.pick("give --limit or --all, not both", "请给出 --limit 或 --all，不能同时给出")) }
    }

    var pager: Pager { Pager(limit: limit, after: after, all: all) }
}
