import Foundation
import InspectControl
import InspectCore
import InspectStore
import Logging
import Varlink

/// Notices: the pages of those sent, the channels' dead letters and their retry, and `simulate`,
/// the notice runs of days to come replayed on the current facts.
struct NoticeController: ControlController {
    let state: StateQueue<DaemonState>
    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    let status: StatusService
    let notices: NoticeService

    func register(in routes: inout ControlRoutes) {
        routes.list(ControlInterface.Method.listNotices, Control.ListNoticesRequest.self) { s, r in try listNotices(s, r) }
        routes.list(Control.HookMethod.listDeadLetters, Control.ListDeadLettersRequest.self) { _, r in try listDeadLetters(r) }
        routes.change(Control.HookMethod.retryDeadLetters, Control.RetryDeadLettersRequest.self) { s, r, _ in try retryDeadLetters(r, &s) }
        // Off the queue: a month for a province recomputes a million entities per working day,
        // tens of seconds that must not hold up anything that goes through the queue.
        routes.unqueued(ControlInterface.Method.simulate, Control.SimulateRequest.self) { r, call in try simulate(r, call) }
    }

    func listNotices(_ s: DaemonState, _ r: Control.ListNoticesRequest) throws -> Control.NoticeList {
        let since = try r.since.map { try ControlFailure.date($0, field: "since") }
        let limit = try ControlFailure.pageSize(r.limit)
        let after = try PageCursor.id("n", r.after)
        let office = try r.office.map { try s.officeMembers($0) }
        let page = try store.noticePage(since: since, supervisor: r.supervisor, supervisors: office, after: after, limit: limit)
        return Control.NoticeList(notices: page.notices.map { Control.Notice($0.notice) },
                                  next: page.remaining > 0 ? page.notices.last.map { "n\($0.id)" } : nil, remaining: page.remaining)
    }

    /// A page of the dead letters, oldest first.
    func listDeadLetters(_ r: Control.ListDeadLettersRequest) throws -> Control.DeadLetterList {
        let limit = try ControlFailure.pageSize(r.limit)
        var after: (deadAt: Int64, notice: Int64, hook: String)?
        if let a = r.after {
            guard let p = PageCursor.parts("x1.", a, count: 3), let dead = Int64(p[0]), let notice = Int64(p[1]) else { throw PageCursor.notACursor }
            after = (dead, notice, p[2])
        }
        let page = try store.hookDeadLetterPage(after: after, limit: limit)
        let letters = page.letters.map { l in
            Control.DeadLetter(l.record.notice, hook: l.record.hook, attempts: l.record.attempts, lastError: l.record.lastError,
                               deadAt: clock.iso(unixTime: l.record.deadAt ?? 0))
        }
        let next = page.remaining > 0 ? page.letters.last.map { PageCursor.text("x1.", [String($0.record.deadAt ?? 0), String($0.notice), $0.record.hook]) } : nil
        return Control.DeadLetterList(deadLetters: letters, next: next, remaining: page.remaining)
    }

    func retryDeadLetters(_ r: Control.RetryDeadLettersRequest, _ s: inout DaemonState) throws -> Control.RetryDeadLettersResult {
        guard (r.keys?.isEmpty == false) != (r.all == true) else {
            throw ControlFailure.invalid("keys", ControlReason(.deadLetterKeys))
        }
        if let h = r.hook, !s.configuration.hooks.contains(where: { $0.name == h }) {
            throw ControlFailure.invalid("hook", ControlReason(.noHook, "\(h)"))
        }
        let n = try store.requeueDeadLetters(keys: r.all == true ? nil : r.keys, hook: r.hook, at: clock.unixTime())
        logger.notice("\(n) dead letter(s) put back in their hook's queue")
        notices.triggerChannels(s)
        status.changed()
        return Control.RetryDeadLettersResult(requeued: n)
    }

    /// The replay: the outbox's keys are read and the state copied beside the queries (value
    /// types: copy-on-write, no copy made); it runs on the caller's connection thread. With
    /// `more`, a reply per day (the last one may be empty), so that neither side holds a
    /// province's month of notices.
    func simulate(_ r: Control.SimulateRequest, _ call: ControlCall) throws -> any Encodable {
        let from = try ControlFailure.date(r.from, field: "from")
        let to = try ControlFailure.date(r.to, field: "to")
        guard from <= to else { throw ControlFailure.invalid("to", ControlReason(.before, "\(r.to)", "\(r.from)")) }
        guard from.days(to: to) <= 366 else { throw ControlFailure.invalid("to", ControlReason(.simulateAYear)) }
        let sent = try store.noticeKeys()
        let simulation = NoticeSimulation(from: from, to: to, state: state.read { $0 }, sent: sent)
        guard call.more else { return Control.NoticeList(notices: simulation.run().map(Control.Notice.init)) }
        var replay = NoticeSimulation.Replay(simulation)
        return VarlinkReplyStream {
            replay.next().map { Control.NoticeList(notices: $0.1.map(Control.Notice.init)) }
        }
    }
}
