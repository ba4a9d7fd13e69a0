import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Varlink

/// `io.inspectd.Control` on the daemon: decodes each call, runs it on the daemon queue and maps
/// refusals to the interface's typed errors.
extension Daemon {
    public static var version: String { BuildInfo.version }
    /// How long a call waits for a database another process holds locked, before it fails
    /// with `StorageFailed` (`busy`).
    static let lockedDatabasePatience = Duration.seconds(5)
    /// How much longer a write waits behind a long write of the daemon's own (`exclusively`).
    static let heldOffPatience = Duration.seconds(55)

    /// A write held off the queue while a long write of the daemon's own is under way.
    struct HeldOff: Error {}

    /// How a handler's body runs.
    enum Access {
        /// On the daemon queue alone (a barrier): it may change state.
        case change
        /// On the daemon queue beside other queries: it changes nothing.
        case query
        /// Off the daemon queue: it touches only what guards itself (a directory import's
        /// parts: parsed and staged without holding anybody up).
        case unqueued
    }

    /// A method that changes state: see ``handler(_:_:_:)``.
    func method<Request: Decodable>(_ request: Request.Type, _ body: @escaping @Sendable (Daemon, Request, VarlinkPeer) throws -> any Encodable) -> VarlinkMethodHandler {
        handler(.change, request, body)
    }

    /// A method that only reads state: see ``handler(_:_:_:)``.
    func query<Request: Decodable>(_ request: Request.Type, _ body: @escaping @Sendable (Daemon, Request, VarlinkPeer) throws -> any Encodable) -> VarlinkMethodHandler {
        handler(.query, request, body)
    }

    /// A method handler: checks and decodes the call's parameters, runs `body` as `access` says
    /// and maps `ControlFailure` and storage failures to the interface's typed errors.
    func handler<Request: Decodable>(_ access: Access, _ request: Request.Type, _ body: @escaping @Sendable (Daemon, Request, VarlinkPeer) throws -> any Encodable) -> VarlinkMethodHandler {
        { [unowned self] call, peer in
            let req = try Self.checkedParameters(call, Request.self)
            // Who is calling, resolved off the queue (the user and group databases may be LDAP),
            // then checked against the access rules on it, before the body (issue 12).
            let caller = Caller.resolve(uid: peer.uid, read { configuration })
            let subject = AccessPolicy.Subject(call.parameters)
            let audited = AccessPolicy.requirements[call.methodName] != .read
            var outcome: (String, String?) = ("ok", nil)
            // A write's entry goes into the transaction of its first write (store.withAudit).
            let context = audited ? AuditContext(auditEntry(call, caller, subject, ("ok", nil))) : nil
            defer { if audited || outcome.0 == "refused" { audit(call, caller, subject, outcome, context: context) } }
            do {
                return try run(access, call, peer, caller, subject) {
                    guard let context else { return try body(self, req, peer) }
                    return try store.withAudit(context) { try body(self, req, peer) }
                }
            } catch {
                outcome = Self.outcome(of: error)
                throw error
            }
        }
    }

    /// Runs `body` as `access` says, after the access check, retrying off the queue while the
    /// database is busy.
    private func run(_ access: Access, _ call: VarlinkCall, _ peer: VarlinkPeer, _ caller: Caller, _ subject: AccessPolicy.Subject,
                     _ body: () throws -> any Encodable) throws -> any Encodable {
        do {
            // The database locked by another process: each attempt waits at most the store's short
            // busy timeout on the queue, then waits here, off the queue, so that other calls —
            // reads above all — go on meanwhile (issue 10, drill 7). Every attempt's transaction
            // was rolled back, and handlers change memory only after their write committed.
            // (A query never waits for a write lock: WAL readers are not blocked.)
            let clock = ContinuousClock()
            let deadline = clock.now + Daemon.lockedDatabasePatience
            var pause = Duration.milliseconds(10)
            while true {
                do {
                    switch access {
                    case .change: return try self.sync {
                        // A long write (a province's import) holds the database: wait for it off
                        // the queue (below), not on it, where every query would wait too.
                        if self.exclusiveWriteUnderWay { throw HeldOff() }
                        try authorize(call.methodName, subject, caller)
                        // Where a stall's time goes (issue 11): a write that holds the queue
                        // over 20 ms says so, and whether a notice run was under way (while it
                        // lists the open obligations it shares the schedule, and a write copies it).
                        let started = clock.now, sharing = noticeRunInFlight
                        defer {
                            writesApplied &+= 1  // a catch-up with the other daemons read before this write starts again
                            let held = clock.now - started
                            if held > .milliseconds(20) {
                                logger.info("write: \(call.methodName) held the queue \(held.components.attoseconds / 1_000_000_000_000_000 + held.components.seconds * 1000) ms\(sharing ? " during a notice run" : "")")
                            }
                        }
                        return try body()
                    }
                    case .query: return try self.read {
                        try authorize(call.methodName, subject, caller)
                        return try body()
                    }
                    case .unqueued:
                        try self.read { try authorize(call.methodName, subject, caller) }
                        return try body()
                    }
                } catch {
                    // Behind a long write of this daemon (a province's import commits for
                    // several seconds) a write waits longer than for another process's lock: it
                    // will end (inspectd-bench stalls: a write was refused after 5 s).
                    let heldOff = error is HeldOff
                    guard heldOff || (StorageFailure(error) == .busy && access != .query) else { throw error }
                    guard clock.now + pause < deadline + (heldOff ? Daemon.heldOffPatience : .zero) else {
                        throw heldOff ? StorageFailure.busy : error
                    }
                    Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18)
                    pause = min(pause * 2, .milliseconds(100))
                }
            }
        } catch {
            throw self.typed(error, call, peer)
        }
    }

    /// Throws `PermissionDenied` when the access rules do not let `caller` make the call; on the
    /// daemon queue (it looks the entity up).
    func authorize(_ method: String, _ subject: AccessPolicy.Subject, _ caller: Caller) throws {
        if let refusal = AccessPolicy.refusal(method: method, subject: subject, caller: caller, configuration: configuration,
                                              entityOf: { snapshot.entities[$0] },
                                              inspectionEntity: { id in snapshot.inspections.values.lazy.joined().first { $0.id == id }?.entityID }) {
            throw refusal
        }
    }

    /// `ok`, `refused` or `failed` with the error's name, for the audit trail.
    static func outcome(of error: any Error) -> (String, String?) {
        if case ControlFailure.permissionDenied(_, _, _, let reason) = error { return ("refused", reason) }
        if let v = error as? VarlinkError {
            if v.name == ControlInterface.ErrorName.permissionDenied.qualified { return ("refused", "\(v.parameters["reason"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? v.name)") }
            return ("failed", v.name)
        }
        return ("failed", "\(error)")
    }

    /// One validation at the entry, before decoding (issue 10): bounded, printable text and
    /// representable numbers, the offending field named.
    static func checkedParameters<Request: Decodable>(_ call: VarlinkCall, _ type: Request.Type) throws -> Request {
        if let p = Control.ParameterLimits.problem(in: call.parameters) {
            throw ControlFailure.invalidArgument(field: p.field, reason: p.reason).varlinkError
        }
        return try call.decode(Request.self)
    }

    /// A handler's failure as the caller sees it: a refusal as its typed error, and a database
    /// refusal (disk full, read-only, locked, corrupt) as itself, not as InternalError (issue 10).
    func typed(_ error: any Error, _ call: VarlinkCall, _ peer: VarlinkPeer) -> any Error {
        if let f = error as? ControlFailure { return f.varlinkError }
        guard let s = StorageFailure(error) else { return error }
        logger.error("\(call.method) from uid \(peer.uid): storage: \(s) (\(error))")
        return ControlFailure.storage(s).varlinkError
    }

    /// A list method (a query) in pages: one page per call; with `more`, every page in turn from
    /// the request's `after` on, each read on its own and sent as it is made, until one has no
    /// `next` (issue 11: `--all` streams).
    func list<Request: PagedRequest, Page: PageOfList>(_ request: Request.Type, _ page: @escaping @Sendable (Daemon, Request) throws -> Page) -> VarlinkMethodHandler {
        let single = query(request) { d, r, _ in try page(d, r) }
        return { [unowned self] call, peer in
            guard call.more else { return try single(call, peer) }
            var request = try Self.checkedParameters(call, Request.self)
            let caller = Caller.resolve(uid: peer.uid, read { configuration })
            do { try read { try authorize(call.methodName, AccessPolicy.Subject(call.parameters), caller) } } catch { throw typed(error, call, peer) }
            var done = false
            return VarlinkReplyStream {
                if done { return nil }
                do {
                    let p = try self.read { try page(self, request) }
                    request.after = p.next
                    done = p.next == nil
                    return p
                } catch { throw self.typed(error, call, peer) }
            }
        }
    }

    func controlInterface() -> VarlinkInterface {
        var methods = coreMethods()
        methods.merge(samplingMethods()) { a, _ in a }
        methods.merge(planningMethods()) { a, _ in a }
        methods.merge(lifecycleMethods()) { a, _ in a }
        methods.merge(gradeMethods()) { a, _ in a }
        methods.merge(hookMethods()) { a, _ in a }
        methods.merge(simulateMethods()) { a, _ in a }
        methods.merge(importMethods()) { a, _ in a }
        methods.merge(reportMethods()) { a, _ in a }
        return VarlinkInterface(name: ControlInterface.name, description: ControlInterface.description, methods: methods)
    }

    func coreMethods() -> [String: VarlinkMethodHandler] {
        [
            ControlInterface.Method.getStatus.rawValue: query(Control.Empty.self) { d, _, _ in try d.status() },
            ControlInterface.Method.listObligations.rawValue: list(Control.ListObligationsRequest.self) { d, r in try d.listObligations(r) },
            ControlInterface.Method.listEntities.rawValue: list(Control.ListEntitiesRequest.self) { d, r in try d.listEntities(r) },
            ControlInterface.Method.getEntity.rawValue: query(Control.GetEntityRequest.self) { d, r, _ in try d.entityDetail(r.id) },
            ControlInterface.Method.importEntities.rawValue: handler(.unqueued, Control.ImportRequest.self) { d, r, peer in try d.importEntities(r, uid: peer.uid) },
            ControlInterface.Method.recordInspection.rawValue: method(Control.RecordInspectionRequest.self) { d, r, peer in try d.recordInspection(r, uid: peer.uid) },
            ControlInterface.Method.reload.rawValue: handler(.unqueued, Control.Empty.self) { d, _, _ in
                let c = try d.reload()
                return Control.ReloadResult(rules: c.rules.count, supervisors: c.supervisors.count)
            },
            ControlInterface.Method.listNotices.rawValue: list(Control.ListNoticesRequest.self) { d, r in try d.listNotices(r) },
            ControlInterface.Method.whoAmI.rawValue: handler(.unqueued, Control.Empty.self) { d, _, peer in d.whoAmI(peer) },
            ControlInterface.Method.listAudit.rawValue: list(Control.ListAuditRequest.self) { d, r in try d.listAudit(r) },
        ]
    }

    func view(_ o: Obligation) -> Control.Obligation {
        Self.obligationView(o, snapshot: snapshot, configuration: configuration, lookups: lookups)
    }

    /// An obligation as the interface shows it, from the given state (also off the queue, on a
    /// copy); `reminders`: with its reminder days (calendar feeds ask for them: computing them for
    /// every item of a streamed province list cost a third of its rate).
    static func obligationView(_ o: Obligation, snapshot: ScheduleSnapshot, configuration: Configuration, lookups: ConfigurationLookups,
                               reminders: Bool = false) -> Control.Obligation {
        let entity = snapshot.entities[o.entityID] ?? Entity(id: o.entityID, name: o.entityID, kind: "", jurisdiction: "")
        // The same stage the notice run announces (issue 6: upcoming/overdue reflect the notice stages).
        let rule = lookups.rule(o.ruleID)
        let stage = rule.flatMap {
            NoticePlanner.stage(of: o, rule: $0, calendar: configuration.calendar, today: snapshot.today,
                                repeatOverdueEvery: configuration.repeatOverdueEvery)?.stage
        }
        var v = Control.Obligation(o, entity: entity, title: rule?.title ?? o.ruleID,
                                   supervisorName: lookups.supervisorName(entity.supervisor), notice: stage)
        if reminders, let rule, !rule.remind.isEmpty { v.reminders = rule.remind.map { $0.start(before: o.due, in: configuration.calendar).iso } }
        return v
    }

    func status() throws -> Control.Status {
        let c = snapshot.counts()
        let n = try store.noticeCounts()
        var s = Control.Status(
            office: configuration.office.name, now: clock.isoNow(), today: snapshot.today.iso,
            configDirectory: configuration.directory, rules: configuration.rules.count, entities: snapshot.entities.count,
            obligations: c.total, open: c.open, dueSoon: c.dueSoon, overdue: c.overdue, nextDue: c.nextDue?.due.iso,
            noticesSent: n.sent, noticesPending: n.pending, hookPending: n.hookPending, hookDead: n.hookDead)
        s.lastNoticeRun = lastNoticeRun?.at
        s.lastNoticeRunDecided = lastNoticeRun?.decided
        s.backgroundWork = background.names
        s.noticeTime = String(format: "%02d:%02d", configuration.noticeMinute / 60, configuration.noticeMinute % 60)
        s.version = BuildInfo.version
        s.commit = BuildInfo.commit
        s.storage = store.dialect.rawValue
        s.instance = instance
        if let engine {
            s.leading = leads
            // Who leads is for display: while the database cannot be reached, nobody is named.
            s.leader = leads ? instance : (try? engine.leader()) ?? nil
        } else {
            s.leader = instance
            s.leading = true
        }
        // Every configured channel (with zeros before its first notice), then queues of channels
        // a reload removed.
        let counts = try store.hookCounts()
        let configured = configuration.hooks.map { h in
            let c = counts.first { $0.hook == h.name }
            return Control.ChannelCounts(hook: h.name, waiting: c?.waiting ?? 0, retrying: c?.retrying ?? 0, accepted: c?.accepted ?? 0,
                                         dead: c?.dead ?? 0, type: h.kind.rawValue, digest: h.digest.rawValue)
        }
        s.channels = configured + counts.filter { c in !configuration.hooks.contains { $0.name == c.hook } }.map {
            Control.ChannelCounts(hook: $0.hook, waiting: $0.waiting, retrying: $0.retrying, accepted: $0.accepted, dead: $0.dead)
        }
        return s
    }

    func listObligations(_ r: Control.ListObligationsRequest) throws -> Control.ObligationList {
        _ = try ControlFailure.withinDays(r.withinDays)
        if let s = r.supervisor, configuration.supervisor(s) == nil {
            throw ControlFailure.invalidArgument(field: "supervisor", reason: "unknown supervisor '\(s)'")
        }
        let limit = try ControlFailure.pageSize(r.limit)
        var cursor: OpenObligationIndex.Ref?
        if let a = r.after {
            guard let c = OpenObligationIndex.Ref(cursor: a) else { throw ControlFailure.invalidArgument(field: "after", reason: "not a cursor of this list (use the `next` of the page before)") }
            cursor = c
        }
        if let rule = r.rule, configuration.rule(rule) == nil { throw ControlFailure.noSuchRule(rule) }
        var status: ObligationStatus?
        if let s = r.status {
            guard let st = ObligationStatus(rawValue: s), st.isOpen else {
                throw ControlFailure.invalidArgument(field: "status", reason: "'\(s)' is not one of: pending, due-soon, due, overdue")
            }
            status = st
        }
        let today = snapshot.today
        // Overdue ones are due before today; within N days: due by today + N. A page reads the
        // index from the cursor on, never the whole list (issue 11). Of the filters given, the one
        // whose index is smallest is walked; the others are checked on the way.
        let lastDay = r.overdueOnly == true ? today.adding(days: -1) : r.withinDays.map { today.adding(days: $0) }
        // An office is the union of its supervisors' indexes (the daemon's own office also has
        // the entities without a supervisor, filed under "").
        let officeSupervisors = try r.office.map { try officeMembers($0) }.map { $0.ids + ($0.unassigned ? [""] : []) }
        var filters: [(OpenObligationIndex.Dimension, String)] = []
        if let v = r.supervisor { filters.append((.supervisor, v)) }
        if let v = r.jurisdiction { filters.append((.jurisdiction, v)) }
        if let v = r.kind { filters.append((.kind, v)) }
        if let v = r.rule { filters.append((.rule, v)) }
        let index = snapshot.index
        let walked = filters.min { index.days($0.0, $0.1).count < index.days($1.0, $1.1).count }
        let officeSets = officeSupervisors.map { $0.map { index.days(.supervisor, $0) } }
        // The office's sets are walked unless another filter's index is smaller than all of them.
        let walkOffice = officeSets.map { sets in walked.map { sets.reduce(0) { $0 + $1.count } <= index.days($0.0, $0.1).count } ?? true } ?? false
        let sets = walkOffice ? officeSets! : [walked.map { index.days($0.0, $0.1) } ?? index.all]
        let residual = filters.filter { f in walkOffice || (walked.map { $0.0 != f.0 } ?? true) }
        let residualOffice = walkOffice ? nil : officeSupervisors.map(Set.init)
        func keeps(_ o: Obligation) -> Bool {
            if let status, o.status != status { return false }
            guard !residual.isEmpty || residualOffice != nil, let e = snapshot.entities[o.entityID] else { return true }
            if let residualOffice, !residualOffice.contains(e.supervisor ?? "") { return false }
            for (d, v) in residual {
                switch d {
                case .supervisor: if (e.supervisor ?? "") != v { return false }
                case .jurisdiction: if e.jurisdiction != v { return false }
                case .kind: if e.kind != v { return false }
                case .rule: if o.ruleID != v { return false }
                }
            }
            return true
        }
        var page: [Obligation] = []
        var last: OpenObligationIndex.Ref?
        var full = false
        OpenObligationIndex.walk(sets, after: cursor, through: lastDay?.dayNumber) { ref in
            guard let o = snapshot.obligation(ref), keeps(o) else { return true }
            if page.count == limit { full = true; return false }
            page.append(o)
            last = ref
            return true
        }
        // How many follow is counted from the index when it alone decides; with a filter checked
        // on the way it is not known without reading on (nil).
        let exact = residual.isEmpty && residualOffice == nil && status == nil
        let remaining = !full ? 0 : exact ? sets.reduce(0) { n, days in
            n + days.count(from: nil, through: lastDay?.dayNumber) - (last.map(days.position(through:)) ?? 0)
        } : nil
        let withReminders = r.reminders == true
        let views = page.map { Self.obligationView($0, snapshot: snapshot, configuration: configuration, lookups: lookups, reminders: withReminders) }
        return Control.ObligationList(today: today.iso, obligations: views, next: full ? last?.cursor : nil, remaining: remaining)
    }

    /// Whom an office's lists cover (`office` of a list request); refused, naming the known
    /// offices, when nobody belongs to it.
    func officeMembers(_ office: String) throws -> (ids: [String], unassigned: Bool) {
        guard let m = configuration.members(ofOffice: office) else {
            throw ControlFailure.invalidArgument(field: "office", reason: "unknown office '\(office)' (known: \(configuration.offices.joined(separator: ", ")))")
        }
        return m
    }

    /// A page of the directory, by id.
    func listEntities(_ r: Control.ListEntitiesRequest) throws -> Control.EntityList {
        let limit = try ControlFailure.pageSize(r.limit)
        let order = snapshot.entities.values
        let start = r.after.map { snapshot.entities.upperBound($0) } ?? 0
        let end = min(order.count, start + limit)
        let page = order[start..<end].map { Control.Entity(snapshot.current($0)) }
        return Control.EntityList(entities: page, next: end < order.count ? order[end - 1].id : nil, remaining: order.count - end)
    }

    func entityDetail(_ id: String) throws -> Control.EntityDetail {
        guard let e = snapshot.entities[id] else { throw ControlFailure.noSuchEntity(id) }
        let obligations = (snapshot.obligations[id] ?? []).sorted { ($0.due, $0.ruleID) < ($1.due, $1.ruleID) }
        var detail = Control.EntityDetail(entity: Control.Entity(snapshot.current(e)), obligations: obligations.map(view),
                                          inspections: (snapshot.inspections[id] ?? []).map(view))
        if let imported = try store.entityImport(id: id) {
            detail.importedBy = people.person(imported.uid, configuration)
            detail.importedAt = clock.iso(unixTime: imported.at)
        }
        return detail
    }

    /// Off the daemon queue: parsed aside, written with the other writes held off
    /// (`exclusively`), adopted on the rebuild queue (a large import built aside).
    func importEntities(_ r: Control.ImportRequest, uid: UInt32) throws -> Control.ImportResult {
        let supervisors = read { Set(configuration.supervisors.map(\.id)) }
        let entities: [Entity]
        do {
            entities = try EntityDirectoryCSV.parse(r.csv, file: r.file, supervisors: supervisors)
        } catch let e as ConfigError {
            throw ControlFailure.invalidData(file: e.file, line: e.line, field: e.key, reason: e.reason)
        }
        return try rebuildQueue.sync {
            let (added, updated) = try exclusively { try store.importEntities(entities, file: r.file, by: uid, at: clock.unixTime()) }
            return try adoptImport(entities, from: r.file, added: added, updated: updated, uid: uid)
        }
    }

    func recordInspection(_ r: Control.RecordInspectionRequest, uid: UInt32) throws -> Control.RecordInspectionResult {
        // A retry of a request already recorded (its reply was lost): the first call's inspection,
        // before any check that the recorded inspection itself would now fail (a cap reached).
        if let id = r.requestID, let first = try store.inspection(requestID: id) {
            logger.info("request \(id) repeated: inspection \(first.id ?? 0) was recorded by the first call")
            return Control.RecordInspectionResult(inspection: view(first), obligations: (snapshot.obligations[first.entityID] ?? []).map(view))
        }
        guard snapshot.entities[r.entity] != nil else { throw ControlFailure.noSuchEntity(r.entity) }
        let date = try ControlFailure.date(r.date, field: "date")
        guard date <= snapshot.today else {
            throw ControlFailure.invalidArgument(field: "date", reason: "\(r.date) is in the future (today is \(snapshot.today.iso)): record an inspection once it has taken place")
        }
        guard Inspection.knownKinds.contains(r.kind) else {
            throw ControlFailure.invalidArgument(field: "kind", reason: "unknown kind '\(r.kind)' (expected one of: \(Inspection.knownKinds.sorted().joined(separator: ", ")))")
        }
        let inspectors = r.inspectors.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var authority = configuration.office.authority
        if let a = r.authority {
            guard let parsed = Authority(rawValue: a) else {
                throw ControlFailure.invalidArgument(field: "authority", reason: "'\(a)' is not one of: \(Authority.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            authority = parsed
        }
        let exception = r.exceptionReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        var fact = Inspection(entityID: r.entity, date: date, kind: r.kind, authority: authority, inspectors: inspectors,
                              note: r.note, exceptionReason: exception?.isEmpty == false ? exception : nil)
        if let n = r.advanceNotice {
            let d = try ControlFailure.date(n, field: "advance_notice")
            guard d <= date else { throw ControlFailure.invalidArgument(field: "advance_notice", reason: "the notice (\(n)) is after the inspection (\(r.date))") }
            fact.advanceNotice = d
        }
        fact.findings = r.findings
        // Procedural rules (P01: at least two inspectors on site; 行政处罚法 第四十二条).
        for p in configuration.rules.procedures {
            if let refusal = p.refusal(fact, entity: snapshot.entities[r.entity]) { throw ControlFailure.invalidArgument(field: refusal.field, reason: refusal.reason) }
        }
        // Caps (K01/K02) and quota maxima (C09): refused beyond the limit unless an exception reason is given.
        if fact.exceptionReason == nil, let entity = snapshot.entities[r.entity] {
            let existing = snapshot.inspections[r.entity] ?? []
            for cap in configuration.rules.caps {
                if let already = cap.excess(adding: fact, to: existing, entity: entity) {
                    throw ControlFailure.invalidArgument(field: "exception", reason: "\(cap.id) \(cap.title): at most \(cap.atMost) per \(cap.per.rawValue), \(already) already recorded in \(CalendarPeriod(unit: cap.per, containing: date).label); give --exception with the reason (\(cap.exception))")
                }
            }
            for o in snapshot.obligations[r.entity] ?? [] {
                guard let allowed = o.allowed, o.period.contains(date), o.done >= allowed,
                      let rule = configuration.rules.cadences.first(where: { $0.id == o.ruleID }), rule.counts(fact) else { continue }
                throw ControlFailure.invalidArgument(field: "exception", reason: "\(rule.id) \(rule.title): at most \(allowed) in \(o.period.label), \(o.done) already recorded; give --exception with the reason")
            }
        }
        let saved = try store.record(fact, by: uid, at: clock.unixTime(), requestID: r.requestID).inspection
        crashPoint.reach("after-record")
        // In date order, as they are read at start-up: the day an obligation was met is the day of
        // its required-th fact (a back-dated record goes before later ones).
        var facts = snapshot.inspections[r.entity] ?? []
        facts.insert(saved, at: facts.firstIndex { ($0.date, $0.id ?? 0) > (saved.date, saved.id ?? 0) } ?? facts.endIndex)
        snapshot.inspections[r.entity] = facts
        snapshot.recompute(entity: r.entity, configuration)
        logger.info("inspection \(saved.id ?? 0) of \(r.entity) on \(r.date) recorded by uid \(uid)")
        statusChanged()
        scheduleChanged = true
        return Control.RecordInspectionResult(inspection: view(saved), obligations: (snapshot.obligations[r.entity] ?? []).map(view))
    }

    func listNotices(_ r: Control.ListNoticesRequest) throws -> Control.NoticeList {
        var since: CivilDate?
        if let s = r.since {
            since = try ControlFailure.date(s, field: "since")
        }
        let limit = try ControlFailure.pageSize(r.limit)
        var after: Int64?
        if let a = r.after {
            guard a.hasPrefix("n"), let id = Int64(a.dropFirst()) else { throw ControlFailure.invalidArgument(field: "after", reason: "not a cursor of this list (use the `next` of the page before)") }
            after = id
        }
        let office = try r.office.map { try officeMembers($0) }
        let page = try store.noticePage(since: since, supervisor: r.supervisor, supervisors: office, after: after, limit: limit)
        return Control.NoticeList(notices: page.notices.map { Control.Notice($0.notice) },
                                  next: page.remaining > 0 ? page.notices.last.map { "n\($0.id)" } : nil, remaining: page.remaining)
    }
}

extension ControlFailure {
    var varlinkError: VarlinkError {
        let e: VarlinkError?
        switch self {
        case .noSuchEntity(let id):
            e = try? VarlinkError(name: ControlInterface.ErrorName.noSuchEntity.qualified, encoding: Control.NoSuchEntity(id: id))
        case .invalidArgument(let field, let reason):
            e = try? VarlinkError(name: ControlInterface.ErrorName.invalidArgument.qualified, encoding: Control.InvalidArgument(field: field, reason: reason))
        case .invalidData(let file, let line, let field, let reason):
            e = try? VarlinkError(name: ControlInterface.ErrorName.invalidData.qualified,
                                  encoding: Control.InvalidData(file: file, line: line, field: field, reason: reason))
        case .configInvalid(let errors):
            e = try? VarlinkError(name: ControlInterface.ErrorName.configInvalid.qualified, encoding: Control.ConfigInvalid(errors: errors))
        case .storage(let s):
            e = try? VarlinkError(name: ControlInterface.ErrorName.storageFailed.qualified, encoding: Control.StorageFailed(cause: s.cause, reason: s.description))
        case .noSuchRule(let id):
            e = try? VarlinkError(name: ControlInterface.ErrorName.noSuchRule.qualified, encoding: Control.NoSuchEntity(id: id))
        case .permissionDenied(let method, let role, let needed, let reason):
            e = try? VarlinkError(name: ControlInterface.ErrorName.permissionDenied.qualified,
                                  encoding: Control.PermissionDenied(method: method, role: role, needed: needed, reason: reason))
        }
        return e ?? VarlinkError.internalError
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
extension Control.DrawList: PageOfList {}
extension Control.GetDrawRequest: PagedRequest {}
extension Control.DrawReply: PageOfList {}
extension Control.InspectionList: PageOfList {}
extension Control.ListEventsRequest: PagedRequest {}
extension Control.EventList: PageOfList {}
extension Control.ListAuditRequest: PagedRequest {}
extension Control.ListDeadLettersRequest: PagedRequest {}
extension Control.DeadLetterList: PageOfList {}
extension Control.AuditList: PageOfList {}
extension Control.ObligationList: PageOfList {}
extension Control.EntityList: PageOfList {}
extension Control.NoticeList: PageOfList {}
extension Control.DeadlineList: PageOfList {}
extension Control.Plan: PageOfList {}
