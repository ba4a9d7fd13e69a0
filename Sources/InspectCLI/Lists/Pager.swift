import Foundation
import InspectControl

/// A request for one page of a list: at most `limit` items after the cursor `after`.
protocol PagedRequest: Encodable {
    var limit: Int? { get set }
    var after: String? { get set }
}

extension Control.ListObligationsRequest: PagedRequest {}
extension Control.ListEntitiesRequest: PagedRequest {}
extension Control.ListInspectionsRequest: PagedRequest {}
extension Control.ListEventsRequest: PagedRequest {}
extension Control.ListDeadlinesRequest: PagedRequest {}
extension Control.ListAuditRequest: PagedRequest {}
extension Control.ListNoticesRequest: PagedRequest {}
extension Control.ListDeadLettersRequest: PagedRequest {}
extension Control.ListDrawsRequest: PagedRequest {}
extension Control.GetDrawRequest: PagedRequest {}
extension Control.ListLeaveRequest: PagedRequest {}
extension Control.PreviewCalendarRequest: PagedRequest {}
extension Control.ListVisitsRequest: PagedRequest {}

/// A method of `io.inspectd.Control`, of whichever part of the interface names it.
protocol ControlMethod { var qualified: String { get } }

extension ControlInterface.Method: ControlMethod {}
extension Control.LifecycleMethod: ControlMethod {}
extension Control.SamplingMethod: ControlMethod {}
extension Control.HookMethod: ControlMethod {}
extension Control.VisitMethod: ControlMethod {}
extension Control.CalendarMethod: ControlMethod {}

/// How much of a list to show: `--limit`, `--after`, `--all` (`PageOptions`), or a command's own
/// flags (`deadlines`, whose `--all` means every state). Every list command pages through here.
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

    /// Hands the pages of `request` to `each` and returns the last one (its `next` and `remaining`
    /// say what is left). When everything is wanted, one call with `more` streams every page, so
    /// neither side holds a province's list at once; otherwise pages of `request` are fetched in
    /// turn until `wanted` items came or the list ended.
    func pages<Request: PagedRequest, Page: ControlPage>(_ connection: ConnectionOptions, _ method: some ControlMethod, _ request: Request,
                                                         as type: Page.Type, each: (Page) throws -> Void) throws -> Page? {
        try walk(request, count: \.items.count, next: \.next,
                 one: { try connection.call(qualified: method.qualified, $0, as: Page.self) },
                 all: { try connection.stream(qualified: method.qualified, $0, as: Page.self, each: $1) }, each: each)
    }

    /// `pages` with each page's items left as the daemon's JSON text (`RawPage`), for `--json`.
    /// Returns the last page without its items.
    func rawPages<Request: PagedRequest, Page: ControlListPage>(_ connection: ConnectionOptions, _ method: some ControlMethod, _ request: Request,
                                                                as type: Page.Type, each: (RawPage<Page>) throws -> Void) throws -> Page? {
        try walk(request, count: \.items.count, next: \.rest.next,
                 one: { try RawPage(try connection.callRaw(qualified: method.qualified, $0)) },
                 all: { r, each in try connection.streamRaw(qualified: method.qualified, r) { try each(try RawPage($0)) } }, each: each)?.rest
    }

    /// The paging of `pages` for pages of any form: `one` fetches a page, `all` streams every page.
    private func walk<Request: PagedRequest, P>(_ request: Request, count: (P) -> Int, next: (P) -> String?,
                                                one: (Request) throws -> P, all: (Request, (P) throws -> Void) throws -> Void,
                                                each: (P) throws -> Void) throws -> P? {
        var last: P?
        guard let wanted else {
            var r = request
            r.limit = nil
            r.after = after
            // `all` only calls it while it runs (Swift cannot tell: one closure handed to another).
            try withoutActuallyEscaping(each) { each in
                try all(r) { page in
                    try each(page)
                    last = page
                }
            }
            return last
        }
        var shown = 0
        var cursor = after
        repeat {
            var r = request
            r.limit = min(Control.ParameterLimits.defaultPageSize, wanted - shown)
            r.after = cursor
            let page = try one(r)
            try each(page)
            shown += count(page)
            last = page
            cursor = next(page)
        } while cursor != nil && shown < wanted
        return last
    }

    /// Prints the pages of `request` as they come — tables (`table`), or one JSON array of the
    /// items as the daemon sent them (`RawPage`) — then `empty(last page)` when there was
    /// nothing, or the "N more" line with `command` and the cursor that continues. Returns the
    /// last page (for JSON without its items).
    @discardableResult
    func show<Request: PagedRequest, Page: ControlListPage>(_ connection: ConnectionOptions, _ method: some ControlMethod, _ request: Request,
                                                         as type: Page.Type, json: Bool, table: @escaping ([Page.Item]) -> String,
                                                         command: String, empty: (Page?) -> String) throws -> Page? {
        var printer = PagePrinter<Page.Item>(json: json, table: table)
        let last = json ? try rawPages(connection, method, request, as: type) { printer.emit($0) }
                        : try pages(connection, method, request, as: type) { try printer.emit($0.items) }
        printer.finish(last, command: command, empty: empty(last))
        return last
    }

    /// `show` for a table that prints a few fields of each item: `rows` reads them from each page's
    /// JSON text (`RawPage`) rather than the whole page being decoded (issue 26: a province's
    /// list as a table at the rate the daemon sends it). `--json` passes the items through.
    @discardableResult
    func show<Request: PagedRequest, Page: ControlListPage, Row>(_ connection: ConnectionOptions, _ method: some ControlMethod, _ request: Request,
                                                                as type: Page.Type, json: Bool, rows: @escaping (RawPage<Page>) throws -> [Row],
                                                                table: @escaping ([Row]) -> String, command: String, empty: (Page?) -> String) throws -> Page? {
        var printer = PagePrinter<Row>(json: json, table: table)
        let last = try rawPages(connection, method, request, as: type) { page in
            if json { printer.emit(page) } else { printer.emitTable(try rows(page)) }
        }
        printer.finish(last, command: command, empty: empty(last))
        return last
    }

    /// `show` with a fixed sentence for an empty list.
    @discardableResult
    func show<Request: PagedRequest, Page: ControlListPage>(_ connection: ConnectionOptions, _ method: some ControlMethod, _ request: Request,
                                                        as type: Page.Type, json: Bool, table: @escaping ([Page.Item]) -> String,
                                                        command: String, empty: String) throws -> Page? {
        try show(connection, method, request, as: type, json: json, table: table, command: command, empty: { _ in empty })
    }
}
