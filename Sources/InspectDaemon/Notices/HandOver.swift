import InspectConfig
import InspectStore
import Logging

/// A message a channel's runner handed over (a digest given to libcurl, a notice to a command
/// hook's program) with its outcome, until the outcome is in the store.
///
/// The hand-over cannot be taken back, so its outcome is kept until it is written: when the
/// database refuses the write (its write lock held past the timeout by a long write, a lost
/// daemon's transaction, a server out of reach), the runner records it again before it hands
/// anything else over — it does not find the message unsent at its next pass and send it a
/// second time. Only a daemon that dies with an outcome unrecorded leaves that one message to be
/// sent again, by whoever runs the channel next.
struct HandOver: Sendable {
    enum Result: Sendable {
        case accepted
        /// Refused or failed; `retries` is what the channel allows (0: dead at once).
        case failed(String, retries: Int)
    }

    /// What it is called in the daemon's log: the digest's key, or the notice's for a hook run.
    var name: String
    /// The notices it carried.
    var keys: [String]
    var result: Result
    /// When it ended (the daemon's clock, unix time).
    var at: Int64
    /// The attempt it was (from 1), for the log.
    var attempt: Int
    /// Digests of a built-in channel (`channel NAME … sent KEY`), or runs of a command hook.
    var isDigest: Bool

    /// Writes the outcome (idempotent: an acceptance another daemon recorded first stays).
    func record(in store: FactStore, hook: NoticeHook, logger: Logger) throws {
        let channel = hook.name
        switch result {
        case .accepted:
            try store.recordHookSuccess(keys, hook: channel, at: at)
            if isDigest { logger.info("channel \(channel) (\(hook.kind.rawValue)) sent \(name): \(keys.count) notice(s)") }
        case .failed(let why, let retries):
            switch try store.recordHookFailure(keys, hook: channel, error: why, at: at, retries: retries, backoff: hook.backoff,
                                               maxBackoff: NoticeHook.maxBackoff) {
            case .retryAt(let t):
                logger.warning(isDigest
                    ? "channel \(channel) could not send \(name) (attempt \(attempt) of \(hook.retries + 1)), retrying in \(t - at) s: \(why)"
                    : "notice hook \(channel) failed for \(name) (attempt \(attempt) of \(hook.retries + 1)), retrying in \(t - at) s: \(why)")
            case .dead(let attempts):
                if isDigest {
                    logger.error("channel \(channel) gave up on \(name) (\(keys.count) notice(s)) after \(attempts) attempt(s); dead-lettered (inspectctl notices-dead): \(why)",
                                 metadata: ["hook": "\(channel)", "digest": "\(name)"])
                } else {
                    logger.error("notice hook \(channel) gave up on \(name) after \(attempts) attempts; dead-lettered (inspectctl notices-dead): \(why)",
                                 metadata: ["notice_key": "\(name)", "hook": "\(channel)"])
                }
            }
        }
    }
}
