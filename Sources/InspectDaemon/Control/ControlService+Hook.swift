import Foundation
import InspectControl
import Varlink

extension Daemon {
    /// Command hook methods of `io.inspectd.Control`.
    func hookMethods() -> [String: VarlinkMethodHandler] {
        [
            Control.HookMethod.listDeadLetters.rawValue: list(Control.ListDeadLettersRequest.self) { d, r in try d.listDeadLetters(r) },
            Control.HookMethod.retryDeadLetters.rawValue: method(Control.RetryDeadLettersRequest.self) { d, r, _ in
                guard (r.keys?.isEmpty == false) != (r.all == true) else {
                    throw ControlFailure.invalidArgument(field: "keys", reason: "give the keys of the dead letters, or all")
                }
                if let h = r.hook, !d.configuration.hooks.contains(where: { $0.name == h }) {
                    throw ControlFailure.invalidArgument(field: "hook", reason: "no hook '\(h)' is configured")
                }
                let n = try d.store.requeueDeadLetters(keys: r.all == true ? nil : r.keys, hook: r.hook, at: d.clock.unixTime())
                d.logger.notice("\(n) dead letter(s) put back in their hook's queue")
                d.triggerHooks()
                d.statusChanged()
                return Control.RetryDeadLettersResult(requeued: n)
            },
        ]
    }

    /// A page of the dead letters, oldest first (issue 11: every list has a limit and a cursor).
    func listDeadLetters(_ r: Control.ListDeadLettersRequest) throws -> Control.DeadLetterList {
        let limit = try ControlFailure.pageSize(r.limit)
        var after: (deadAt: Int64, notice: Int64, hook: String)?
        if let a = r.after {
            guard let p = PageCursor.parts("x1.", a, count: 3), let dead = Int64(p[0]), let notice = Int64(p[1]) else {
                throw ControlFailure.invalidArgument(field: "after", reason: "not a cursor of this list (use the `next` of the page before)")
            }
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
}
