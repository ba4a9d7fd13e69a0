import Foundation

/// The parsing of an import's parts and the workers of a full recompute run at a lower CPU
/// priority than the calls: on two cores, with both busy, a `status` call waited up to 78 ms for
/// a CPU slice while a million rows were imported (no query may wait more than 50 ms). Such work
/// is batch work that may take a second longer; a call is a person or a monitor waiting. Linux
/// keeps a nice value per thread, so the calls' threads keep theirs.
///
/// Work that another daemon waits for to see a write (its bulk write read back, a full catch-up,
/// the rebuild's work on its copy) keeps the normal priority: lowered too, at 1,000,000 entities
/// on two CPUs with three daemons and twelve clients calling without pause
/// (`scripts/bench-platform`, BENCHMARKS.md), an import reached the others 12.2 s after its commit
/// instead of 8.2–10.3 s, and the calls' worst wait did not improve: what had made calls wait at
/// the start of an import was every daemon counting its outbox again, not the CPU the bulk work took.
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
}
