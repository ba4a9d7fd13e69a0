import Foundation
import ArgumentParser
import InspectControl

/// A span of days for `--within`: `30d`, `2w`, or a plain number of days, at most ten years
/// (`Control.ParameterLimits.withinDays`, the daemon's own bound).
struct DaySpan: ExpressibleByArgument {
    var days: Int
    init?(argument: String) {
        let n: Int?
        if argument.hasSuffix("d") { n = Int(argument.dropLast()) }
        else if argument.hasSuffix("w") { n = Int(argument.dropLast()).flatMap { $0 <= 1000 ? $0 * 7 : nil } }
        else { n = Int(argument) }
        guard let n, Control.ParameterLimits.withinDays.contains(n) else { return nil }
        days = n
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

func obligationTable(_ list: [Control.Obligation]) -> String {
    var t = TextTable(["DUE", "STATUS", "NOTICE", "RULE", "PERIOD", "ENTITY", "NAME", "DONE", "SUPERVISOR"])
    for o in list {
        t.add([o.due + (o.provisional ? "*" : ""), Messages.status(o.status), o.notice.map { Messages.noticeStage($0) } ?? "—", o.rule, o.period, o.entity, o.entityName, "\(o.done)/\(o.required)",
               o.supervisorName.map { "\($0) (\(o.supervisor ?? ""))" } ?? (o.supervisor ?? "—")])
    }
    var s = t.render()
    if list.contains(where: \.provisional) { s += "\n* provisional: that year's holiday arrangement is not loaded yet" }
    return s
}

/// `--limit`, `--after`, `--all`: a list in pages (issue 11). On a terminal one page of 100 is
/// shown, with how many more and the command for the next; otherwise (a pipe, a script) every page
/// is fetched in turn and printed as it comes, so neither side holds a province's list at once.
struct PageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("At most this many (default: 100 on a terminal, else all).", valueName: "N")) var limit: Int?
    @Option(help: ArgumentHelp("Continue after this cursor (printed at the end of a page).", valueName: "CURSOR")) var after: String?
    @Flag(help: "Everything, page after page (the default when the output is not a terminal).") var all = false

    func validate() throws {
        if let limit, !(1...1_000_000).contains(limit) { throw ValidationError("--limit must be 1…1000000") }
        if all && limit != nil { throw ValidationError("give --limit or --all, not both") }
    }

    /// How many to show in all; nil: everything.
    var wanted: Int? { pager.wanted }

    var pager: Pager { Pager(limit: limit, after: after, all: all) }

    func pages<Page: ControlPage>(_ fetch: (_ limit: Int, _ after: String?) throws -> Page,
                                  stream: ((_ each: (Page) throws -> Void) throws -> Void)? = nil,
                                  _ emit: ([Page.Item]) throws -> Void) throws -> (shown: Int, last: Page?) {
        try pager.pages(fetch, stream: stream, emit)
    }
}

/// The paging of `PageOptions`, for commands whose own flags say how much (`deadlines`).
struct Pager {
    var limit: Int?
    var after: String?
    var all = false

    /// How many to show in all; nil: everything.
    var wanted: Int? {
        if all { return nil }
        if let limit { return limit }
        return isatty(STDOUT_FILENO) == 1 ? 100 : nil
    }

    /// Fetches pages of `fetch(limit, after)` until `wanted` items came or the list ended, handing
    /// each page to `emit`; returns the last page's reply (its `next` and `remaining` say what is left).
    /// When everything is wanted, `stream` (a `more` call) gets the pages in one call instead.
    func pages<Page: ControlPage>(_ fetch: (_ limit: Int, _ after: String?) throws -> Page,
                                  stream: ((_ each: (Page) throws -> Void) throws -> Void)? = nil,
                                  _ emit: ([Page.Item]) throws -> Void) throws -> (shown: Int, last: Page?) {
        if wanted == nil, let stream {
            var shown = 0
            var last: Page?
            try stream { page in
                try emit(page.items)
                shown += page.items.count
                last = page
            }
            return (shown, last)
        }
        var shown = 0
        var cursor = after
        var last: Page?
        repeat {
            let size = min(Control.ParameterLimits.defaultPageSize, wanted.map { $0 - shown } ?? Int.max)
            let page = try fetch(size, cursor)
            try emit(page.items)
            shown += page.items.count
            last = page
            cursor = page.next
        } while cursor != nil && (wanted.map { shown < $0 } ?? true)
        return (shown, last)
    }
}

/// `--rule`, `--jurisdiction`, `--kind`, `--status`: narrow a list of obligations (each through an
/// index of the daemon's).
struct ObligationFilters: ParsableArguments {
    @Option(help: ArgumentHelp("Only this rule's obligations.", valueName: "RULE")) var rule: String?
    @Option(help: ArgumentHelp("Only entities of this jurisdiction (辖区).", valueName: "NAME")) var jurisdiction: String?
    @Option(help: ArgumentHelp("Only entities of this kind.", valueName: "KIND")) var kind: String?
    @Option(help: ArgumentHelp("Only this status: pending, due-soon, due, overdue.", valueName: "STATUS")) var status: String?
    @Option(help: ArgumentHelp("Only entities this office (its supervisors) is responsible for.", valueName: "OFFICE")) var office: String?

    /// The options again, for the "N more" line.
    var arguments: String {
        [("rule", rule), ("jurisdiction", jurisdiction), ("kind", kind), ("status", status), ("office", office)].compactMap { k, v in v.map { " --\(k) \($0)" } }.joined()
    }

    func request(_ r: Control.ListObligationsRequest) -> Control.ListObligationsRequest {
        var r = r
        r.rule = rule; r.jurisdiction = jurisdiction; r.kind = kind; r.status = status; r.office = office
        return r
    }
}

/// Prints a list page by page: one JSON array, or tables (`table`) with "N more" at the end.
struct PagePrinter<Item: Encodable> {
    var json: Bool
    var table: ([Item]) -> String
    private var first = true
    init(json: Bool, table: @escaping ([Item]) -> String) { self.json = json; self.table = table }

    mutating func emit(_ list: [Item]) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            for o in list {
                let text = String(decoding: try encoder.encode(o), as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
                print(first ? "[\n  " + text : ",\n  " + text, terminator: "")
                first = false
            }
        } else if !list.isEmpty {
            print(table(list))
            first = false
        }
    }

    /// Closes the JSON array, or says what is left and how to see it.
    func finish(_ last: (any ControlPage)?, command: String, empty: String) {
        if json { print(first ? "[]" : "\n]"); return }
        if first { print(Messages.sentence(empty)) }
        if let last, let next = last.next {
            print(Messages.say(.more, last.remaining.map(String.init) ?? "?", command, next))
        }
    }
}

struct UpcomingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upcoming",
        abstract: "List open obligations due within a span of days (overdue ones included), soonest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("How far ahead: 30d, 2w or a number of days (at most 3660).", valueName: "SPAN")) var within: DaySpan = DaySpan(argument: "30d")!
    @Option(help: ArgumentHelp("Only the entities of this supervisor (主监管员) id.", valueName: "ID")) var supervisor: String?
    @OptionGroup var filters: ObligationFilters
    @OptionGroup var page: PageOptions
    @Flag(help: "With each obligation's reminder days (in the JSON: reminders).") var reminders = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let own = try OwnView.scope(connection, explicit: supervisor != nil || filters.office != nil || page.all)
            own.announce(json: json)
            var printer = PagePrinter<Control.Obligation>(json: json, table: obligationTable)
            func request(limit: Int?, after: String?) -> Control.ListObligationsRequest {
                var r = own.narrow(filters.request(Control.ListObligationsRequest(withinDays: within.days, supervisor: supervisor, limit: limit, after: after)))
                if reminders { r.reminders = true }
                return r
            }
            let (_, last) = try page.pages({ limit, after in
                try connection.call(.listObligations, request(limit: limit, after: after), as: Control.ObligationList.self)
            }, stream: { each in try connection.stream(.listObligations, request(limit: nil, after: page.after), as: Control.ObligationList.self, each: each) },
            { try printer.emit($0) })
            printer.finish(last, command: "inspectctl upcoming --within \(within.days)d" + (supervisor.map { " --supervisor \($0)" } ?? "") + filters.arguments + own.arguments,
                           empty: Messages.say(.nothingDue, "\(within.days)", last?.today ?? "today"))
        }
    }
}

struct OverdueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "overdue", abstract: "List overdue obligations (逾期), oldest first.")

    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only the entities of this supervisor id.", valueName: "ID")) var supervisor: String?
    @OptionGroup var filters: ObligationFilters
    @OptionGroup var page: PageOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let own = try OwnView.scope(connection, explicit: supervisor != nil || filters.office != nil || page.all)
            own.announce(json: json)
            var printer = PagePrinter<Control.Obligation>(json: json, table: obligationTable)
            func request(limit: Int?, after: String?) -> Control.ListObligationsRequest {
                own.narrow(filters.request(Control.ListObligationsRequest(supervisor: supervisor, overdueOnly: true, limit: limit, after: after)))
            }
            let (_, last) = try page.pages({ limit, after in
                try connection.call(.listObligations, request(limit: limit, after: after), as: Control.ObligationList.self)
            }, stream: { each in try connection.stream(.listObligations, request(limit: nil, after: page.after), as: Control.ObligationList.self, each: each) },
            { try printer.emit($0) })
            printer.finish(last, command: "inspectctl overdue" + (supervisor.map { " --supervisor \($0)" } ?? "") + filters.arguments + own.arguments,
                           empty: Messages.say(.nothingOverdue, last?.today ?? "today"))
        }
    }
}
