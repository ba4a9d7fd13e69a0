import Foundation

/// Bulk work (a rebuild aside, an import's parts) runs at a lower CPU priority than the queries:
/// on two cores, with both busy, a `status` call waited up to 78 ms for a CPU slice while a
/// million rows were imported (issue 11: no query waits more than 50 ms).
enum BackgroundPriority {
    /// Raises this thread's nice value by 10 (Linux sets it per thread). Only for threads that end
    /// with the work: an unprivileged service cannot lower it again.
    static func lowerThisThread() {
        #if os(Linux)
        // `who` 0 is the calling thread: under NPTL the nice value is a thread's (setpriority(2), BUGS).
        errno = 0
        let current = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        guard errno == 0, current < 10 else { return }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }
}
