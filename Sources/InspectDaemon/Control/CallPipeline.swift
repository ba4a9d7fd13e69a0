import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging
import Varlink

/// Who made a call, as a method's body sees it.
struct ControlCall: Sendable {
    /// The caller's uid (`SO_PEERCRED`): who recorded what.
    let uid: UInt32
    /// The caller asked for more than one reply (`more`): a list streams every page.
    let more: Bool
    /// Who the caller is, as the access rules see them.
    let caller: Caller
}

/// Where a method's body runs, relative to the state queue.
enum ControlAccess: Sendable {
    /// On the state queue alone (a barrier): it may change the state.
    case change
    /// On the state queue beside other queries: it changes nothing.
    case query
    /// Off the state queue: it takes what it needs itself (work that takes seconds at a
    /// province's size — a draw, an import's parts, a report — or that touches no state).
    case unqueued
}

/// The one path every control call takes, in order, as Hummingbird's middleware chain:
///
/// 1. limits and decoding: bounded, printable text and representable numbers, the offending
///    field named, before anything is decoded;
/// 2. the caller: login, groups, person and role, resolved off the queue (the user database
///    may be LDAP);
/// 3. authorization, on the state queue before the body (``AccessPolicy``), so that a refused
///    call writes nothing;
/// 4. the audit entry: a write's goes into the transaction of its first write, any other
///    outcome (a refusal, a failure) is appended after the call;
/// 5. the body, as its ``ControlAccess`` says; a write that finds the database busy, or held by
///    a long write of the daemon's own, waits and tries again off the queue;
/// 6. failures as the interface's typed errors;
/// 7. a list asked for with `more`: every page in turn, each read on its own and sent as it is made.
final class CallPipeline: Sendable {
    /// How long a call waits for a database another process holds locked, before it fails with
    /// `StorageFailed` (`busy`).
    static let lockedDatabasePatience = Duration.seconds(5)
    /// How much longer a write waits behind a long write of the daemon's own (`exclusively`).
    static let heldOffPatience = Duration.seconds(55)

    /// A write held off the queue while a long write of the daemon's own is under way.
    struct HeldOff: Error {}

    let state: StateQueue<DaemonState>
    let store: FactStore
    let audit: AuditTrail
    let logger: Logger
    let metrics: Metrics
    /// Told of each call, so memory is given back only when the daemon is idle.
    let memory: IdleMemoryTrim?

    init(state: StateQueue<DaemonState>, store: FactStore, audit: AuditTrail, logger: Logger, metrics: Metrics, memory: IdleMemoryTrim? = nil) {
        self.state = state
        self.store = store
        self.audit = audit
        self.logger = logger
        self.metrics = metrics
        self.memory = memory
    }

    /// A body, as its access runs it.
    enum Body {
        case change((inout DaemonState) throws -> any Encodable)
        case query((DaemonState) throws -> any Encodable)
        case unqueued(() throws -> any Encodable)
    }

    /// The handler of `method`: `body` decodes nothing and authorizes nothing itself.
    func handler<Request: Decodable & Sendable>(_ method: some ControlMethod, _ request: Request.Type,
                                     _ body: @escaping @Sendable (Request, ControlCall) -> Body) -> VarlinkMethodHandler {
        measured(method, unmeasured(method, request, body))
    }

    /// Counts each call of `method` by its outcome (`ok`, or the error replied) and times it
    /// (a list's first page), for the metrics.
    private func measured(_ method: some ControlMethod, _ handler: @escaping VarlinkMethodHandler) -> VarlinkMethodHandler {
        let name = "\(ControlInterface.name).\(method.name)"
        return { [metrics, memory] call, peer in
            CallPhases.begin()
            memory?.callBegan()
            let started = ContinuousClock.now
            do {
                let reply = try handler(call, peer)
                metrics.call(name, outcome: "ok", took: ContinuousClock.now - started)
                CallPhases.mark("metrics")
                return reply
            } catch {
                let replied = (error as? VarlinkError)?.name.split(separator: ".").last.map(String.init) ?? "InternalError"
                metrics.call(name, outcome: replied, took: ContinuousClock.now - started)
                CallPhases.mark("metrics")
                throw error
            }
        }
    }

    private func unmeasured<Request: Decodable & Sendable>(_ method: some ControlMethod, _ request: Request.Type,
                                                          _ body: @escaping @Sendable (Request, ControlCall) -> Body) -> VarlinkMethodHandler {
        { [self] call, peer in
            let req = try Self.checkedParameters(call, Request.self)
            let configuration = state.read { $0.configuration }
            CallPhases.mark("configuration")  // the state queue (behind a barrier, if one waits)
            let caller = Caller.resolve(uid: peer.uid, configuration)
            CallPhases.mark("caller")
            let subject = subject(method, call.parameters)
            let audited = method.requirement != .read
            // A write's entry goes into the transaction of its first write (store.withAudit).
            let context = audited ? AuditContext(audit.entry(method, caller, subject, ("ok", nil))) : nil
            var outcome: (String, String?) = ("ok", nil)
            defer { if audited || outcome.0 == "refused" { audit.record(method, caller, subject, outcome, context: context) } }
            do {
                let work = body(req, ControlCall(uid: peer.uid, more: call.more, caller: caller))
                return try run(method, caller, subject, audited: context, work)
            } catch {
                outcome = Self.outcome(of: error)
                throw typed(error, method, peer)
            }
        }
    }

    /// The handler of a paged list (a query): one page per call; with `more`, every page in turn
    /// from the request's `after` on, each read on its own and sent as it is made, until one has
    /// no `next`. A refused list is audited like any refused call.
    func list<Request: PagedRequest, Page: PageOfList>(_ method: some ControlMethod, _ request: Request.Type,
                                                       _ page: @escaping @Sendable (DaemonState, Request) throws -> Page) -> VarlinkMethodHandler {
        let single = unmeasured(method, request) { r, _ in .query { s in try page(s, r) } }
        return measured(method) { [self] call, peer in
            guard call.more else { return try single(call, peer) }
            var request = try Self.checkedParameters(call, Request.self)
            let caller = Caller.resolve(uid: peer.uid, state.read { $0.configuration })
            let subject = subject(method, call.parameters)
            do {
                try state.read { s in try authorize(method, subject, caller, s) }
            } catch {
                let outcome = Self.outcome(of: error)
                if outcome.0 == "refused" { audit.record(method, caller, subject, outcome) }
                throw typed(error, method, peer)
            }
            var done = false
            return VarlinkReplyStream {
                if done { return nil }
                do {
                    let p = try self.state.read { s in try page(s, request) }
                    request.after = p.next
                    done = p.next == nil
                    return p
                } catch { throw self.typed(error, method, peer) }
            }
        }
    }

    /// Runs `body` as its access says, after the access check; while the database is busy (a
    /// write), or a long write of the daemon's own holds it, tries again off the queue.
    private func run(_ method: some ControlMethod, _ caller: Caller, _ subject: AccessPolicy.Subject, audited context: AuditContext?,
                     _ body: Body) throws -> any Encodable {
        // The database locked by another process: each attempt waits at most the store's short
        // busy timeout on the queue, then waits here, off the queue, so that other calls — reads
        // above all — go on meanwhile. Every attempt's transaction was rolled back, and bodies
        // change memory only after their write committed. (A query never waits for a write
        // lock: WAL readers are not blocked.)
        let clock = ContinuousClock()
        let deadline = clock.now + Self.lockedDatabasePatience
        var pause = Duration.milliseconds(10)
        func audited<T>(_ work: () throws -> T) throws -> T {
            guard let context else { return try work() }
            return try store.withAudit(context, work)
        }
        while true {
            do {
                switch body {
                case .change(let work):
                    CallPhases.mark("before")
                    defer { CallPhases.mark("body") }
                    return try state.write { s in
                        CallPhases.mark("queue")
                        // A long write (a province's import) holds the database: wait for it off
                        // the queue (below), not on it, where every query would wait too.
                        if s.exclusiveWriteUnderWay { throw HeldOff() }
                        try authorize(method, subject, caller, s)
                        // Where a stall's time goes: a write that holds the queue over 20 ms says
                        // so, and whether a notice run was under way (while it lists the open
                        // obligations it shares the schedule, and a write copies it).
                        let started = clock.now, sharing = s.notices.runInFlight
                        defer {
                            s.writesApplied &+= 1  // a catch-up that read before this write reads again
                            let held = clock.now - started
                            if held > .milliseconds(20) {
                                logger.info("write: \(method.name) held the queue \(held.components.attoseconds / 1_000_000_000_000_000 + held.components.seconds * 1000) ms\(sharing ? " during a notice run" : "")")
                            }
                        }
                        return try audited { try work(&s) }
                    }
                case .query(let work):
                    CallPhases.mark("before")
                    defer { CallPhases.mark("body") }
                    return try state.read { s in
                        CallPhases.mark("queue")
                        try authorize(method, subject, caller, s)
                        return try work(s)
                    }
                case .unqueued(let work):
                    CallPhases.mark("before")
                    try state.read { s in try authorize(method, subject, caller, s) }
                    CallPhases.mark("queue")
                    defer { CallPhases.mark("body") }
                    return try audited(work)
                }
            } catch {
                // Behind a long write of this daemon (a province's import commits for several
                // seconds) a write waits longer than for another process's lock: it will end.
                let heldOff = error is HeldOff
                guard heldOff || (StorageFailure(error) == .busy && !Self.isQuery(body)) else { throw error }
                guard clock.now + pause < deadline + (heldOff ? Self.heldOffPatience : .zero) else {
                    throw heldOff ? StorageFailure.busy : error
                }
                Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18)
                pause = min(pause * 2, .milliseconds(100))
            }
        }
    }

    private static func isQuery(_ body: Body) -> Bool { if case .query = body { true } else { false } }

    /// What the call is about, as the access rules and the audit trail see it. A withdrawal names
    /// only the inspection: its entity is looked up (before the withdrawal hides the inspection),
    /// so that the entry — done or refused — is found by `audit --entity`.
    private func subject(_ method: some ControlMethod, _ parameters: [String: JSONValue]) -> AccessPolicy.Subject {
        var subject = AccessPolicy.Subject(parameters)
        if subject.entity == nil, method as? Control.LifecycleMethod == .withdrawInspection, let id = subject.key.flatMap(Int64.init) {
            subject.entity = state.read { s in Self.entity(ofInspection: id, s) }
        }
        return subject
    }

    /// The entity of a recorded inspection.
    private static func entity(ofInspection id: Int64, _ s: DaemonState) -> String? {
        s.snapshot.inspections.values.lazy.joined().first { $0.id == id }?.entityID
    }

    /// Throws `PermissionDenied` when the access rules do not let `caller` make the call.
    private func authorize(_ method: some ControlMethod, _ subject: AccessPolicy.Subject, _ caller: Caller, _ s: DaemonState) throws {
        if let refusal = AccessPolicy.refusal(method, subject: subject, caller: caller, configuration: s.configuration,
                                              entityOf: { s.snapshot.entities[$0] },
                                              inspectionEntity: { Self.entity(ofInspection: $0, s) }) {
            throw refusal
        }
    }

    /// `ok`, `refused` or `failed` with the error's name, for the audit trail; a refused argument
    /// with its field and sentence, a missing entity or rule with its id (`NAME: FIELD: SENTENCE`,
    /// `NAME: ID`, which `inspectctl audit` says in the caller's language), not Swift's dump of
    /// the failure.
    static func outcome(of error: any Error) -> (String, String?) {
        if case ControlFailure.permissionDenied(_, _, _, let reason) = error { return ("refused", reason) }
        if let f = error as? ControlFailure {
            let name = f.varlinkError.name
            switch f {
            case .invalidArgument(let field, let reason, _): return ("failed", "\(name): \(field): \(reason)")
            case .noSuchEntity(let id), .noSuchRule(let id): return ("failed", "\(name): \(id)")
            default: return ("failed", name)
            }
        }
        if let v = error as? VarlinkError {
            if v.name == ControlInterface.ErrorName.permissionDenied.qualified {
                return ("refused", "\(v.parameters["reason"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? v.name)")
            }
            return ("failed", v.name)
        }
        return ("failed", "\(error)")
    }

    /// One validation at the entry, before decoding: bounded, printable text and representable
    /// numbers, the offending field named.
    static func checkedParameters<Request: Decodable & Sendable>(_ call: VarlinkCall, _ type: Request.Type) throws -> Request {
        if let p = Control.ParameterLimits.problem(in: call.parameters) {
            throw ControlFailure.invalid(p.field, p.reason).varlinkError
        }
        return try call.decode(Request.self)
    }

    /// A failure as the caller sees it: a refusal as its typed error, and a database refusal
    /// (disk full, read-only, locked, corrupt) as itself, not as InternalError.
    func typed(_ error: any Error, _ method: some ControlMethod, _ peer: VarlinkPeer) -> any Error {
        if let f = error as? ControlFailure {
            if let reason = Metrics.refusalReason(f) { metrics.refused(reason) }
            if case .storage(let s) = f { metrics.storageError(s) }
            return f.varlinkError
        }
        guard let s = StorageFailure(error) else { return error }
        metrics.storageError(s)
        logger.error("\(ControlInterface.name).\(method.name) from uid \(peer.uid): storage: \(s) (\(error))")
        return ControlFailure.storage(s).varlinkError
    }
}

/// A page of a list: `next` continues it, nil on the last.
protocol PageOfList: Encodable, Sendable { var next: String? { get } }

/// A request for a page of a list: `after` is the `next` of the page before.
protocol PagedRequest: Decodable, Sendable { var after: String? { get set } }
extension Control.ListObligationsRequest: PagedRequest {}
extension Control.ListEntitiesRequest: PagedRequest {}
extension Control.ListNoticesRequest: PagedRequest {}
extension Control.ListDeadlinesRequest: PagedRequest {}
extension Control.GetPlanRequest: PagedRequest {}
extension Control.ListInspectionsRequest: PagedRequest {}
extension Control.ListDrawsRequest: PagedRequest {}
extension Control.GetDrawRequest: PagedRequest {}
extension Control.ListEventsRequest: PagedRequest {}
extension Control.ListAuditRequest: PagedRequest {}
extension Control.ListDeadLettersRequest: PagedRequest {}
extension Control.DrawList: PageOfList {}
extension Control.DrawReply: PageOfList {}
extension Control.InspectionList: PageOfList {}
extension Control.EventList: PageOfList {}
extension Control.DeadLetterList: PageOfList {}
extension Control.AuditList: PageOfList {}
extension Control.ObligationList: PageOfList {}
extension Control.EntityList: PageOfList {}
extension Control.NoticeList: PageOfList {}
extension Control.DeadlineList: PageOfList {}
extension Control.Plan: PageOfList {}
extension Control.ListLeaveRequest: PagedRequest {}
extension Control.LeaveList: PageOfList {}
extension Control.ListVisitsRequest: PagedRequest {}
extension Control.VisitList: PageOfList {}
