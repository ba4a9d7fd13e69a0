import Foundation
import InspectControl
import Varlink

extension Daemon {
    /// Command hook methods of `io.inspectd.Control`.
    func hookMethods() -> [String: VarlinkMethodHandler] {
        [
            Control.HookMethod.listDeadLetters.rawValue: method(Control.Empty.self) { d, _, _ in try d.listDeadLetters() },
        ]
    }

    func listDeadLetters() throws -> Control.DeadLetterList {
        let f = ISO8601DateFormatter()
        f.timeZone = clock.timeZone
        f.formatOptions = [.withInternetDateTime]
        return Control.DeadLetterList(deadLetters: try store.hookDeadLetters().map {
            Control.DeadLetter($0.notice, hook: $0.hook, attempts: $0.attempts, lastError: $0.lastError,
                               deadAt: f.string(from: Date(timeIntervalSince1970: TimeInterval($0.deadAt ?? 0))))
        })
    }
}
