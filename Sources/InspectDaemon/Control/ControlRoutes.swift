import InspectControl
import Varlink

/// A group of control methods by concern (directory, inspections, lifecycle, grades, planning,
/// sampling, notices, reports, platform), as Hummingbird's controllers: each is given only what
/// it needs and registers its methods; the ``CallPipeline`` does the rest.
protocol ControlController: Sendable {
    func register(in routes: inout ControlRoutes)
}

/// The methods of `io.inspectd.Control` being registered, by name, each wrapped by the pipeline.
/// What a method needs to be called is declared with it (``ControlMethod/requirement``).
struct ControlRoutes {
    let pipeline: CallPipeline
    private(set) var handlers: [String: VarlinkMethodHandler] = [:]

    init(pipeline: CallPipeline) { self.pipeline = pipeline }

    private mutating func add(_ method: some ControlMethod, _ handler: @escaping VarlinkMethodHandler) {
        precondition(handlers[method.name] == nil, "\(method.name) is registered twice")
        handlers[method.name] = handler
    }

    /// A method that changes state: its body runs on the state queue alone.
    mutating func change<Request: Decodable & Sendable>(_ method: some ControlMethod, _ request: Request.Type,
                                             _ body: @escaping @Sendable (inout DaemonState, Request, ControlCall) throws -> any Encodable) {
        add(method, pipeline.handler(method, request) { r, call in .change { s in try body(&s, r, call) } })
    }

    /// A method that only reads state: its body runs on the state queue beside other queries.
    mutating func query<Request: Decodable & Sendable>(_ method: some ControlMethod, _ request: Request.Type,
                                            _ body: @escaping @Sendable (DaemonState, Request, ControlCall) throws -> any Encodable) {
        add(method, pipeline.handler(method, request) { r, call in .query { s in try body(s, r, call) } })
    }

    /// A method whose body runs off the state queue and takes what it needs itself.
    mutating func unqueued<Request: Decodable & Sendable>(_ method: some ControlMethod, _ request: Request.Type,
                                               _ body: @escaping @Sendable (Request, ControlCall) throws -> any Encodable) {
        add(method, pipeline.handler(method, request) { r, call in .unqueued { try body(r, call) } })
    }

    /// A paged list (a query): a page per call, or with `more` every page in turn.
    mutating func list<Request: PagedRequest, Page: PageOfList>(_ method: some ControlMethod, _ request: Request.Type,
                                                                _ page: @escaping @Sendable (DaemonState, Request) throws -> Page) {
        add(method, pipeline.list(method, request, page))
    }
}
