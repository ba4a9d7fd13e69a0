import Dispatch
import Foundation
import Locking
import Logging

/// SIGHUP reloads, SIGTERM and SIGINT stop. The signals are blocked from the first line of
/// `main` (``blockHandledSignals()``) and read through dispatch sources, so that one sent while
/// the daemon starts waits for them instead of killing it.
final class SignalService: Sendable {
    private let queue = DispatchQueue(label: "inspectd.signals")
    private let sources = Locked<[DispatchSourceHandle]>([])
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    /// Blocks the signals the daemon handles in this thread and so in every thread started after
    /// it; call first thing, before any thread exists.
    ///
    /// libdispatch reads a signal source's signal through a signalfd on its manager thread, which
    /// sees a signal only while it is pending — blocked; it registers the source asynchronously.
    /// Blocked from the start, a SIGTERM sent while the daemon starts or before its sources are
    /// registered waits for them instead of killing it or, ignored, being lost.
    static func blockHandledSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Starts handling the signals; returns once every source is registered (a signal pending
    /// meanwhile is then delivered to it), so that READY=1 is only sent once SIGTERM stops the
    /// daemon cleanly. No SIG_IGN: it would discard a signal already pending.
    func start(reload: @escaping @Sendable () -> Void, stop: @escaping @Sendable (Int32) -> Void) {
        let registered = DispatchGroup()
        for sig in [SIGHUP, SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            source.setEventHandler { sig == SIGHUP ? reload() : stop(sig) }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            let handle = DispatchSourceHandle(source: source)
            sources.withLock { $0.append(handle) }
        }
        if registered.wait(timeout: .now() + 10) == .timedOut {
            logger.warning("the signal handlers were not registered within 10 s; a SIGTERM before they are may stop the daemon abruptly")
        }
    }

    /// No further signal is handled (the daemon is stopping).
    func stop() {
        for s in sources.exchange([]) { s.cancel() }
    }
}
