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
        var last: Page?
        guard let wanted else {
            var r = request
            r.limit = nil
            r.after = after
            try connection.stream(qualified: method.qualified, r, as: Page.self) { page in
                try each(page)
                last = page
            }
            return last
        }
        var shown = 0
        var cursor = after
        repeat {
            var r = request
            r.limit = min(Control.ParameterLimits.defaultPageSize, wanted - shown)
            r.after = cursor
            let page = try connection.call(qualified: method.qualified, r, as: Page.self)
            try each(page)
            shown += page.items.count
            last = page
            cursor = page.next
        } while cursor != nil && shown < wanted
        return last
    }

    /// Prints the pages of `request` as they come — tables (`table`), or one JSON array — then
    /// `empty(last page)` when there was nothing, or the "N more" line with `command` and the
    /// cursor that continues. Returns the last page.
    @discardableResult
    func show<Request: PagedRequest, Page: ControlPage>(_ connection: ConnectionOptions, _ method: some ControlMethod, _ request: Request,
                                                         as type: Page.Type, json: Bool, table: @escaping ([Page.Item]) -> String,
                                                         command: String, empty: (Page?) -> String) throws -> Page? {
        var printer = PagePrinter<Page.Item>(json: json, table: table)
        let last = try pages(connection, method, request, as: type) { try printer.emit($0.items) }
        printer.finish(last, command: command, empty: empty(last))
        return last
    }

    /// `show` with a fixed sentence for an empty list.
    @discardableResult
    func show<Request: PagedRequest, Page: ControlPage>(_ connection: ConnectionOptions, _ method: some ControlMethod, _ request: Request,
                                                        as type: Page.Type, json: Bool, table: @escaping ([Page.Item]) -> String,
                                                        command: String, empty: String) throws -> Page? {
        try show(connection, method, request, as: type, json: json, table: table, command: command, empty: { _ in empty })
    }
}
