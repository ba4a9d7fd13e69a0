import Foundation
import InspectConfig
import InspectControl
import InspectCore
import Varlink

extension Daemon {
    /// Lifecycle events and deadlines of `io.inspectd.Control`.
    func lifecycleMethods() -> [String: VarlinkMethodHandler] {
        [
            Control.LifecycleMethod.recordEvent.rawValue: method(Control.RecordEventRequest.self) { d, r, peer in try d.recordEvent(r, uid: peer.uid) },
            Control.LifecycleMethod.listEvents.rawValue: list(Control.ListEventsRequest.self) { d, r in try d.listEvents(r) },
            Control.LifecycleMethod.listDeadlines.rawValue: list(Control.ListDeadlinesRequest.self) { d, r in try d.listDeadlines(r) },
            Control.LifecycleMethod.listInspections.rawValue: list(Control.ListInspectionsRequest.self) { d, r in try d.listInspections(r) },
            Control.LifecycleMethod.withdrawInspection.rawValue: method(Control.WithdrawInspectionRequest.self) { d, r, peer in try d.withdrawInspection(r, uid: peer.uid) },
        ]
    }

    var deadlineTracker: DeadlineTracker { DeadlineTracker(rules: configuration.rules.deadlines, calendar: configuration.calendar) }

    /// Every deadline the recorded events started, now.
    func trackedDeadlines(now: LocalDateTime) -> [TrackedDeadline] {
        let tracker = deadlineTracker
        return lifecycle.values.flatMap { tracker.deadlines(of: $0, now: now) }.sorted { DeadlineCursor($0) < DeadlineCursor($1) }
    }

    func view(_ d: TrackedDeadline) -> Control.TrackedDeadlineView {
        Self.deadlineView(d, snapshot: snapshot, configuration: configuration, now: clock.localNow())
    }

    /// A deadline as the interface shows it, from the given state (also off the queue, on a copy).
    static func deadlineView(_ d: TrackedDeadline, snapshot: ScheduleSnapshot, configuration: Configuration, now: LocalDateTime) -> Control.TrackedDeadlineView {
        let rule = configuration.rules.deadlines.first { $0.id == d.ruleID }
        let entity = snapshot.entities[d.entityID]
        // The stage the notice run announces (issue 6: the lists reflect the notice stages).
        let stage = rule.flatMap { r in entity.flatMap { e in
            NoticePlanner.notice(for: d, rule: r, entity: e, calendar: configuration.calendar, now: now,
                                 repeatOverdueEvery: configuration.repeatOverdueEvery)?.stage
        } }
        var v = Control.TrackedDeadlineView(d, entity: entity, rule: rule, notice: stage)
        if let rule, !rule.remind.isEmpty { v.reminders = rule.remind.map { $0.start(before: d.deadline.end, in: configuration.calendar).iso } }
        return v
    }

    /// `R-2026-3` for the third rectification order opened in 2026.
    func newSubjectID(kind: String, on date: CivilDate) -> String {
        let prefix: String
        switch DeadlineTracker.prefix(of: kind) {
        case "rectification": prefix = "R"
        case "case": prefix = "CASE"
        case "report", "audit": prefix = "REP"
        case "grade": prefix = "GRADE"
        default: prefix = "EV"
        }
        let stem = "\(prefix)-\(date.year)-"
        let n = lifecycle.keys.filter { $0.hasPrefix(stem) }.compactMap { Int($0.dropFirst(stem.count)) }.max() ?? 0
        return stem + "\(n + 1)"
    }

    func recordEvent(_ r: Control.RecordEventRequest, uid: UInt32) throws -> Control.RecordEventResult {
        // A retry of a request already recorded (its reply was lost): the first call's event, not a
        // second one (nor a second new subject).
        if let id = r.requestID, let first = try store.event(requestID: id) {
            logger.info("request \(id) repeated: event \(first.id ?? 0) of \(first.subject) was recorded by the first call")
            let deadlines = deadlineTracker.deadlines(of: lifecycle[first.subject] ?? [], now: clock.localNow())
            return Control.RecordEventResult(event: view(first), deadlines: deadlines.map(view))
        }
        guard snapshot.entities[r.entity] != nil else { throw ControlFailure.noSuchEntity(r.entity) }
        // No `at`: today by the daemon's clock in office.timezone, as a date (00:00, like a `--date` day).
        let at = try ControlFailure.dateTime(r.at ?? clock.today().iso, field: "at")
        var subject = r.subject?.trimmingCharacters(in: .whitespaces) ?? ""
        if subject.isEmpty {
            guard LifecycleValidator.openingKinds.contains(r.kind) else {
                throw ControlFailure.invalidArgument(field: "subject", reason: "\(r.kind) belongs to an existing subject: give its id (e.g. R-2026-1)")
            }
            subject = newSubjectID(kind: r.kind, on: at.date)
        }
        guard !subject.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw ControlFailure.invalidArgument(field: "subject", reason: "'\(subject)' must not contain spaces or '/'")
        }
        if let c = r.corrects, !(lifecycle[subject]?.contains { $0.id == c } ?? false) {
            throw ControlFailure.invalidArgument(field: "corrects", reason: "\(subject) has no event \(c)")
        }
        let kind = r.corrects != nil ? "correction" : r.kind
        let event = LifecycleEvent(subject: subject, entityID: r.entity, kind: kind, at: at, attributes: r.attributes ?? [:],
                                   note: r.note, corrects: r.corrects)
        let now = clock.localNow()
        if r.kind == GradeAssignment.eventKind {
            throw ControlFailure.invalidArgument(field: "kind", reason: "grades are set with SetGrade (inspectctl grade set)")
        }
        if r.corrects == nil, let refusal = LifecycleValidator(tracker: deadlineTracker).refusal(with: event, after: lifecycle[subject] ?? [], now: now) {
            throw ControlFailure.invalidArgument(field: refusal.field, reason: refusal.reason)
        }
        let saved = try store.append(event, by: uid, at: clock.unixTime(), requestID: r.requestID)
        crashPoint.reach("after-record")
        lifecycle[subject, default: []].append(saved)
        if saved.corrects != nil { loadGradeHistories(); snapshot.recompute(entity: r.entity, configuration) }
        scheduleChanged = true
        tick()
        logger.info("event \(saved.id ?? 0) \(saved.kind) of \(subject) (\(r.entity)) at \(at.iso) recorded by uid \(uid)")
        let deadlines = deadlineTracker.deadlines(of: lifecycle[subject] ?? [], now: now)
        return Control.RecordEventResult(event: view(saved), deadlines: deadlines.map(view))
    }

    func listDeadlines(_ r: Control.ListDeadlinesRequest) throws -> Control.DeadlineList {
        _ = try ControlFailure.withinDays(r.withinDays)
        if let e = r.entity, snapshot.entities[e] == nil { throw ControlFailure.noSuchEntity(e) }
        if let s = r.state, !["lapsed", "closed"].contains(s) { throw ControlFailure.invalidArgument(field: "state", reason: "'\(s)' is not lapsed or closed") }
        let limit = try ControlFailure.pageSize(r.limit)
        var cursor: DeadlineCursor?
        if let a = r.after {
            guard let c = DeadlineCursor(a) else { throw ControlFailure.invalidArgument(field: "after", reason: "not a cursor of this list (use the `next` of the page before)") }
            cursor = c
        }
        if let s = r.supervisor, configuration.supervisor(s) == nil {
            throw ControlFailure.invalidArgument(field: "supervisor", reason: "unknown supervisor '\(s)'")
        }
        let now = clock.localNow()
        let list = trackedDeadlines(now: now).filter { d in
            if let e = r.entity, d.entityID != e { return false }
            if r.supervisor != nil || r.office != nil {
                let s = snapshot.entities[d.entityID]?.supervisor
                if let want = r.supervisor, s != want { return false }
                if let office = r.office, configuration.responsibleOffice(of: s) != office { return false }
            }
            if r.state == "lapsed" { return d.state == .lapsed }
            if r.state == "closed" { return !d.state.isOpen }
            if r.all == true { return true }
            guard d.state.isOpen else { return false }
            if r.overdueOnly == true { return d.state == .overdue }
            if let w = r.withinDays, d.state != .overdue, d.deadline.end > now.date.adding(days: w) { return false }
            return true
        }
        let start = cursor.map { c in list.firstIndex { DeadlineCursor($0) > c } ?? list.count } ?? 0
        let end = min(list.count, start + limit)
        return Control.DeadlineList(now: now.iso, deadlines: list[start..<end].map(view),
                                    next: end < list.count ? DeadlineCursor(list[end - 1]).text : nil, remaining: list.count - end)
    }

    /// A page of the recorded lifecycle events, by time then id (issue 11: every list has a
    /// limit and a cursor). The events are in memory; a page filters and orders those after the
    /// cursor (one subject's are looked up directly).
    func listEvents(_ r: Control.ListEventsRequest) throws -> Control.EventList {
        let limit = try ControlFailure.pageSize(r.limit)
        let after = try PageCursor.pair("v1.", r.after).map { (at: $0.0, id: $0.1) }
        let candidates = r.subject.map { lifecycle[$0] ?? [] } ?? Array(lifecycle.values.joined())
        let rest = candidates.filter { e in
            (r.entity == nil || e.entityID == r.entity) && after.map { (e.at.seconds, e.id ?? 0) > ($0.at, $0.id) } ?? true
        }.sorted { ($0.at.seconds, $0.id ?? 0) < ($1.at.seconds, $1.id ?? 0) }
        let page = rest.prefix(limit)
        let next = rest.count > limit ? page.last.map { PageCursor.text("v1.", [String($0.at.seconds), String($0.id ?? 0)]) } : nil
        return Control.EventList(events: page.map(view), next: next, remaining: rest.count - page.count)
    }

    /// A page of the recorded inspections, by date then id (issue 11: every list has a limit and a cursor).
    func listInspections(_ r: Control.ListInspectionsRequest) throws -> Control.InspectionList {
        if let e = r.entity, snapshot.entities[e] == nil { throw ControlFailure.noSuchEntity(e) }
        let limit = try ControlFailure.pageSize(r.limit)
        var after: (date: Int32, id: Int64)?
        if let (day, id) = try PageCursor.pair("i1.", r.after) {
            guard let date = Int32(exactly: day) else { throw PageCursor.notACursor }
            after = (date, id)
        }
        let page = try store.inspectionPage(of: r.entity, id: r.id, after: after, limit: limit)
        let withdrawn = withdrawnInspections()
        let list = page.inspections.map { i -> Control.Inspection in
            var v = view(i)
            v.withdrawn = withdrawn.contains(i.id ?? 0)
            return v
        }
        let next = page.remaining > 0 ? page.inspections.last.map { PageCursor.text("i1.", [String($0.date.dayNumber), String($0.id ?? 0)]) } : nil
        return Control.InspectionList(inspections: list, withdrawn: list.filter { $0.withdrawn == true }.map(\.id), next: next, remaining: page.remaining)
    }

    /// Inspections withdrawn by a correction (`inspection.withdrawn` events): kept, not counted.
    func withdrawnInspections() -> Set<Int64> {
        Set(lifecycle.values.joined().filter { $0.kind == "inspection.withdrawn" }.compactMap { $0.attributes["inspection"].flatMap { Int64($0) } })
    }

    /// Reloads the entity's inspections without the withdrawn ones.
    func reloadInspections(of entity: String) throws {
        let withdrawn = withdrawnInspections()
        snapshot.inspections[entity] = try store.inspections(of: entity).filter { !($0.id.map(withdrawn.contains) ?? false) }
        snapshot.recompute(entity: entity, configuration)
    }

    func withdrawInspection(_ r: Control.WithdrawInspectionRequest, uid: UInt32) throws -> Control.EventReply {
        guard let fact = try store.inspections().first(where: { $0.id == r.id }) else {
            throw ControlFailure.invalidArgument(field: "id", reason: "no inspection \(r.id)")
        }
        guard !withdrawnInspections().contains(r.id) else { throw ControlFailure.invalidArgument(field: "id", reason: "inspection \(r.id) is already withdrawn") }
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalidArgument(field: "reason", reason: "a correction needs a reason") }
        let event = LifecycleEvent(subject: "INS-\(r.id)", entityID: fact.entityID, kind: "inspection.withdrawn", at: clock.localNow(),
                                   attributes: ["inspection": "\(r.id)"], note: reason)
        let saved = try store.append(event, by: uid, at: clock.unixTime())
        lifecycle[saved.subject, default: []].append(saved)
        try reloadInspections(of: fact.entityID)
        scheduleChanged = true
        logger.info("inspection \(r.id) of \(fact.entityID) withdrawn by uid \(uid): \(reason)")
        return Control.EventReply(event: view(saved))
    }
}

/// Where a deadline sits in the lists' order (due day, entity, rule, key), and the text of a page
/// cursor after it.
struct DeadlineCursor: Comparable {
    var end: Int32, entity: String, rule: String, key: String

    init(_ d: TrackedDeadline) { end = d.deadline.end.dayNumber; entity = d.entityID; rule = d.ruleID; key = d.key }

    init?(_ text: String) {
        guard let parts = PageCursor.parts("d1.", text, count: 4), let end = Int32(parts[0]) else { return nil }
        self.end = end; entity = parts[1]; rule = parts[2]; key = parts[3]
    }

    var text: String { PageCursor.text("d1.", [String(end), entity, rule, key]) }

    static func < (a: DeadlineCursor, b: DeadlineCursor) -> Bool { (a.end, a.entity, a.rule, a.key) < (b.end, b.entity, b.rule, b.key) }
}
