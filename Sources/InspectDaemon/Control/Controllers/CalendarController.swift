import Foundation
import InspectConfig
import InspectControl
import InspectCore
import Locking
import Varlink

/// The holiday calendar: what next year's arrangement would move before it is loaded (`calendar
/// diff`). The State Council publishes it late in the year; until it is loaded, the year's due
/// dates are provisional (weekends only), and an operator must see what the file moves — a
/// mistyped make-up day shifts every working-day deadline after it — before reloading.
struct CalendarController: ControlController {
    let state: StateQueue<DaemonState>
    let clock: DaemonClock

    func register(in routes: inout ControlRoutes) {
        // Every open obligation computed again under the other calendar: off the queue, from a copy.
        routes.unqueued(Control.CalendarMethod.previewCalendar, Control.PreviewCalendarRequest.self) { r, call in
            try preview(r, more: call.more)
        }
    }

    func preview(_ r: Control.PreviewCalendarRequest, more: Bool) throws -> any Encodable {
        guard r.yaml.utf8.count <= Control.ParameterLimits.calendarFileBytes else {
            throw ControlFailure.invalid("yaml", ControlReason(.calendarFileTooLarge, "\(r.yaml.utf8.count)", "\(Control.ParameterLimits.calendarFileBytes)"))
        }
        let name = (r.fileName as NSString).lastPathComponent
        guard name == r.fileName, name.hasSuffix(".yaml") || name.hasSuffix(".yml") else {
            throw ControlFailure.invalid("file_name", ControlReason(.notACalendarFileName, r.fileName))
        }
        let limit = try ControlFailure.pageSize(r.limit)
        let cursor = try r.after.map { text -> (Int32, String, String) in
            guard let p = PageCursor.parts("c1.", text, count: 3), let day = Int32(p[0]) else { throw PageCursor.notACursor }
            return (day, p[1], p[2])
        }
        let s = state.read { $0 }
        let running = s.configuration
        var fresh = running
        let year: Int
        do {
            let arrangement = try CalendarLoader.parse(r.yaml, file: name)
            year = arrangement.year
            fresh.calendar = WorkCalendar(arrangements: try CalendarLoader.replacing(Array(running.calendar.arrangements.values), with: arrangement, file: name))
        } catch let e as ConfigErrors {
            throw ControlFailure.configInvalid(e.errors)
        } catch let e as ConfigError {
            throw ControlFailure.configInvalid([e])
        }
        let changes = Self.changes(s, under: fresh, now: clock.localNow())
        var counts: [String: Control.DueDateChangeCount] = [:]
        var views: [Control.DueDateChange] = []
        views.reserveCapacity(changes.count)
        for c in changes {
            let entity = s.snapshot.entities[c.entityID]
            let office = running.responsibleOffice(of: entity?.supervisor)
            counts["\(c.ruleID)\u{1}\(office)", default: .init(rule: c.ruleID, office: office, moved: 0, confirmed: 0)].moved += c.moved ? 1 : 0
            counts["\(c.ruleID)\u{1}\(office)"]!.confirmed += c.confirmed ? 1 : 0
            views.append(Control.DueDateChange(subject: c.subject.rawValue, key: c.key, entity: c.entityID, entityName: entity?.name ?? c.entityID,
                                               rule: c.ruleID, office: office, dueBefore: c.before.iso, dueAfter: c.after.iso,
                                               provisionalBefore: c.provisionalBefore, provisionalAfter: c.provisionalAfter))
        }
        let head = Control.CalendarPreview(
            year: year, source: fresh.calendar.arrangements[year]?.source ?? "", replaces: running.calendar.arrangements[year]?.source,
            counts: counts.values.sorted { ($0.office, $0.rule) < ($1.office, $1.rule) },
            moved: changes.count { $0.moved }, confirmed: changes.count { $0.confirmed }, changes: [])
        func cursorText(_ c: DueDateChange) -> String { PageCursor.text("c1.", [String(c.before.dayNumber), c.entityID, c.key]) }
        var start = 0
        if let cursor {
            start = changes.firstIndex { ($0.before.dayNumber, $0.entityID, $0.key) > cursor } ?? changes.count
        }
        if more {
            // Every page in turn from one computation: the counts in the first part.
            var next = start
            var first = true
            return VarlinkReplyStream {
                guard first || next < views.count else { return nil }
                var part = first ? head : Control.CalendarPreview(year: head.year, source: head.source, replaces: head.replaces, counts: [],
                                                                  moved: head.moved, confirmed: head.confirmed, changes: [])
                first = false
                let end = min(views.count, next + limit)
                part.changes = Array(views[next..<end])
                part.next = end < views.count ? cursorText(changes[end - 1]) : nil
                part.remaining = views.count - end
                next = end
                return part
            }
        }
        var page = head
        let end = min(views.count, start + limit)
        page.changes = Array(views[start..<end])
        page.next = end < views.count && end > start ? cursorText(changes[end - 1]) : nil
        page.remaining = views.count - end
        return page
    }

    /// The open obligations and running deadlines whose due date or provisional flag differ
    /// under `fresh`, in the lists' order. Each entity with open obligations is computed again
    /// (on every core but one: the queries go on meanwhile).
    static func changes(_ s: DaemonState, under fresh: Configuration, now: LocalDateTime) -> [DueDateChange] {
        let schedule = fresh.schedule
        let ids = Array(s.snapshot.obligations.keys)
        let chunks = max(1, min(64, ids.count / 500))
        let found = Locked<[[DueDateChange]]>(Array(repeating: [], count: chunks))
        let snapshot = s.snapshot
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            var part: [DueDateChange] = []
            for id in ids[ids.count * c / chunks..<ids.count * (c + 1) / chunks] {
                guard let e = snapshot.entities[id] else { continue }
                let before = (snapshot.obligations[id] ?? []).filter { $0.status.isOpen }.map(due)
                guard !before.isEmpty else { continue }
                part += DueDateChange.changes(.obligation, before: before, after: snapshot.compute(e, schedule).filter { $0.status.isOpen }.map(due))
            }
            found.withLock { $0[c] = part }
        }
        var all = found.withLock { Array($0.joined()) }
        let before = s.deadlines(now: now).filter { $0.state.isOpen }.map(due)
        let after = s.lifecycle.deadlines(fresh.noticePolicy.tracker, now: now).filter { $0.state.isOpen }.map(due)
        all += DueDateChange.changes(.deadline, before: before, after: after)
        return all.sorted(by: <)
    }

    static func due(_ o: Obligation) -> DueDateChange.Due {
        .init(key: o.key, entityID: o.entityID, ruleID: o.ruleID, due: o.due, provisional: o.provisional)
    }

    static func due(_ d: TrackedDeadline) -> DueDateChange.Due {
        .init(key: d.key, entityID: d.entityID, ruleID: d.ruleID, due: d.due, provisional: d.deadline.provisional)
    }
}
