import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging

/// Rectification orders, cases and reports: recording their events (checked against the steps
/// the rules allow), and the pages of events and of the deadlines they started.
struct LifecycleController: ControlController {
    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    let people: People
    let notices: NoticeService
    let crashPoint: TestCrashPoint

    func register(in routes: inout ControlRoutes) {
        routes.change(Control.LifecycleMethod.recordEvent, Control.RecordEventRequest.self) { s, r, call in try record(r, uid: call.uid, &s) }
        routes.list(Control.LifecycleMethod.listEvents, Control.ListEventsRequest.self) { s, r in try listEvents(s, r) }
        routes.list(Control.LifecycleMethod.listDeadlines, Control.ListDeadlinesRequest.self) { s, r in try listDeadlines(s, r) }
    }

    func record(_ r: Control.RecordEventRequest, uid: UInt32, _ s: inout DaemonState) throws -> Control.RecordEventResult {
        let now = clock.localNow()
        // A retry of a request already recorded (its reply was lost): the first call's event, not a
        // second one (nor a second new subject).
        if let id = r.requestID, let first = try store.event(requestID: id) {
            logger.info("request \(id) repeated: event \(first.id ?? 0) of \(first.subject) was recorded by the first call")
            let deadlines = s.policy.tracker.deadlines(of: s.lifecycle[first.subject], now: now)
            return Control.RecordEventResult(event: s.view(first, people), deadlines: deadlines.map { s.view($0, now: now) })
        }
        guard s.snapshot.entities[r.entity] != nil else { throw ControlFailure.noSuchEntity(r.entity) }
        // No `at`: today by the daemon's clock in office.timezone, as a date (00:00, like a
        // `--date` day: an order recorded at 08:25 must not be later than a same-day step).
        let at = try ControlFailure.dateTime(r.at ?? clock.today().iso, field: "at")
        var subject = r.subject?.trimmingCharacters(in: .whitespaces) ?? ""
        if subject.isEmpty {
            guard LifecycleValidator.openingKinds.contains(r.kind) else {
                throw ControlFailure.invalid("subject", ControlReason(.subjectNeedsID, "\(r.kind)"))
            }
            subject = s.lifecycle.newSubjectID(kind: r.kind, on: at.date)
        }
        guard !subject.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw ControlFailure.invalid("subject", ControlReason(.subjectCharacters, "\(subject)"))
        }
        if let c = r.corrects, !s.lifecycle[subject].contains(where: { $0.id == c }) {
            throw ControlFailure.invalid("corrects", ControlReason(.noSuchEvent, "\(subject)", "\(c)"))
        }
        let kind = r.corrects != nil ? "correction" : r.kind
        let event = LifecycleEvent(subject: subject, entityID: r.entity, kind: kind, at: at, attributes: r.attributes ?? [:],
                                   note: r.note, corrects: r.corrects)
        if r.kind == GradeAssignment.eventKind {
            throw ControlFailure.invalid("kind", ControlReason(.gradeBySetGrade))
        }
        if r.corrects == nil, let refusal = LifecycleValidator(tracker: s.policy.tracker).refusal(with: event, after: s.lifecycle[subject], now: now) {
            throw ControlFailure.refused(refusal)
        }
        let saved = try store.append(event, by: uid, at: clock.unixTime(), requestID: r.requestID)
        crashPoint.reach("after-record")
        s.add(saved)
        s.notices.changed()
        notices.tick(&s)  // a deadline in hours (E04) is announced at once
        logger.info("event \(saved.id ?? 0) \(saved.kind) of \(subject) (\(r.entity)) at \(at.iso) recorded by uid \(uid)")
        let deadlines = s.policy.tracker.deadlines(of: s.lifecycle[subject], now: now)
        return Control.RecordEventResult(event: s.view(saved, people), deadlines: deadlines.map { s.view($0, now: now) })
    }

    func listDeadlines(_ s: DaemonState, _ r: Control.ListDeadlinesRequest) throws -> Control.DeadlineList {
        _ = try ControlFailure.withinDays(r.withinDays)
        if let e = r.entity, s.snapshot.entities[e] == nil { throw ControlFailure.noSuchEntity(e) }
        if let state = r.state, !["lapsed", "closed"].contains(state) { throw ControlFailure.invalid("state", ControlReason(.notLapsedOrClosed, "\(state)")) }
        let limit = try ControlFailure.pageSize(r.limit)
        var cursor: DeadlineCursor?
        if let a = r.after {
            guard let c = DeadlineCursor(a) else { throw PageCursor.notACursor }
            cursor = c
        }
        if let v = r.supervisor, s.configuration.supervisor(v) == nil {
            throw ControlFailure.invalid("supervisor", ControlReason(.unknownSupervisor, v))
        }
        let now = clock.localNow()
        let list = s.deadlines(now: now).filter { d in
            if let e = r.entity, d.entityID != e { return false }
            if r.supervisor != nil || r.office != nil {
                let supervisor = s.snapshot.entities[d.entityID]?.supervisor
                if let want = r.supervisor, supervisor != want { return false }
                if let office = r.office, s.configuration.responsibleOffice(of: supervisor) != office { return false }
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
        return Control.DeadlineList(now: now.iso, deadlines: list[start..<end].map { s.view($0, now: now) },
                                    next: end < list.count ? DeadlineCursor(list[end - 1]).text : nil, remaining: list.count - end)
    }

    /// A page of the recorded lifecycle events, by time then id. The events are in memory; a page
    /// filters and orders those after the cursor (one subject's are looked up directly).
    func listEvents(_ s: DaemonState, _ r: Control.ListEventsRequest) throws -> Control.EventList {
        let limit = try ControlFailure.pageSize(r.limit)
        let after = try PageCursor.pair("v1.", r.after).map { (at: $0.0, id: $0.1) }
        let candidates = r.subject.map { s.lifecycle[$0] } ?? Array(s.lifecycle.all)
        let rest = candidates.filter { e in
            (r.entity == nil || e.entityID == r.entity) && after.map { (e.at.seconds, e.id ?? 0) > ($0.at, $0.id) } ?? true
        }.sorted { ($0.at.seconds, $0.id ?? 0) < ($1.at.seconds, $1.id ?? 0) }
        let page = rest.prefix(limit)
        let next = rest.count > limit ? page.last.map { PageCursor.text("v1.", [String($0.at.seconds), String($0.id ?? 0)]) } : nil
        return Control.EventList(events: page.map { s.view($0, people) }, next: next, remaining: rest.count - page.count)
    }
}
