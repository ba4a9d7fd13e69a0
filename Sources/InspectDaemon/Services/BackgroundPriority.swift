import Dispatch
import Foundation

/// Bulk work (a rebuild aside, an import's parts, another daemon's bulk write read back) runs at a
/// lower CPU priority than the calls: on two cores, with both busy, a `status` call waited up to
/// 78 ms for a CPU slice while a million rows were imported (issue 11: no query waits more than
/// 50 ms). An import or a catch-up is batch work that may take a second longer; a call is a person
/// or a monitor waiting. Linux keeps a nice value per thread, so the calls' threads keep theirs.
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

    /// Runs `body` on a thread of its own at ``niceValue`` and waits for it (the caller, a queue's
    /// thread that others share, keeps its priority). For work of a second or more — a thread
    /// costs some tens of microseconds.
    static func run<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let work = Handoff(body)
            let thread = Thread {
                lowerThisThread()
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
