import Dispatch
import Foundation

/// Bulk work off the threads that answer calls. The parsing of an import's parts and the workers
/// of a full recompute run at a lower CPU priority than the calls: on two cores, with both busy, a
/// `status` call waited up to 78 ms for a CPU slice while a million rows were imported (no query
/// may wait more than 50 ms). Such work is batch work that may take a second longer; a call is a
/// person or a monitor waiting. Linux keeps a nice value per thread, so the calls' threads keep
/// theirs. Work that another daemon waits for to see a write (see ``run(lowered:_:)``) keeps the
/// normal priority on a thread of its own.
enum BackgroundPriority {
    /// The nice value of bulk work: a nice-0 thread that wakes gets about nine tenths of a CPU
    /// against one (weights 1024 and 110), and is run at once (its virtual time is far behind).
    static let niceValue: Int32 = 10

    /// Raises this thread's nice value to ``niceValue``. Only for threads that end with the work:
    /// an unprivileged service cannot lower it again.
    static func lowerThisThread() {
        #if os(Linux)
        // `who` 0 is the calling thread: under NPTL the nice value is a thread's (setpriority(2), BUGS).
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        guard errno == 0, current < niceValue else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceValue)
        #endif
    }

    /// Runs `body` on a thread of its own and waits for it, so that the caller's thread — a queue's
    /// thread that others share — is not the one a second of work holds. For work of a second or
    /// more (a thread costs some tens of microseconds).
    ///
    /// `lowered` runs it at ``niceValue``. The rebuild and another daemon's bulk write read back
    /// run without it: at 1,000,000 entities on two CPUs, with three daemons and twelve clients
    /// calling without pause (`scripts/bench-platform`, BENCHMARKS.md), lowering them made the
    /// import reach the others 12.2 s after its commit instead of 8.2–8.4 s, and the calls' worst
    /// wait did not improve (25–32 ms either way): what had made calls wait at the start of an
    /// import was every daemon counting its outbox again, not the CPU the bulk work took.
    static func run<T>(lowered: Bool = false, _ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let work = Handoff(body)
            let thread = Thread {
                if lowered { lowerThisThread() }
                work.run()
            }
            thread.name = "inspectd.bulk"
            thread.stackSize = 8 << 20  // as the queues' threads: the work is the same code
            thread.start()
            return try work.wait()
        }
    }

    /// A body handed to another thread and its result handed back; the semaphore orders the two.
    private final class Handoff<T>: @unchecked Sendable {
        // @unchecked Sendable: `body` runs on the bulk thread while the caller waits on `done`;
        // `result` is written before `done` is signalled and read after.
        private var body: (() throws -> T)?
        private var result: Result<T, any Error>?
        private let done = DispatchSemaphore(value: 0)

        init(_ body: @escaping () throws -> T) { self.body = body }

        func run() {
            result = Result { try body!() }
            // Let go of the body before the caller goes on: it did not escape (the caller's
            // `withoutActuallyEscaping` checks), though the thread may outlive this a moment.
            body = nil
            done.signal()
        }

        func wait() throws -> T {
            done.wait()
            return try result!.get()
        }
    }
}
