#if canImport(Glibc)
import Glibc
#endif

/// How the daemon's memory goes back to the system (glibc's allocator).
///
/// glibc serves a large block (above its mmap threshold, 128 KiB at start) by mapping pages of
/// its own and unmaps them when the block is freed — but the first such free raises the
/// threshold to that block's size (up to 32 MiB), so from then on large blocks come from the
/// heap and stay with malloc when freed. A daemon that took 40 half-sent 8 MiB messages held
/// 151 MB for a 64 MiB bound, and 91 MB of it after the connections closed; after a burst of
/// streaming at a province's size it stayed above 1 GB. A fixed threshold turns the dynamic one
/// off: a block of 1 MiB or more (a message being received, a page of a list, a rebuild's
/// arrays) is mapped on its own and returned the moment it is freed.
enum MemoryPolicy {
    /// Blocks at least this large are mapped on their own and unmapped when freed.
    static let mmapThreshold: Int32 = 1 << 20

    /// Sets the allocator's policy; called first thing at start-up, before any thread is made.
    /// `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=…` set by an operator wins.
    static func configure(environment: [String: String]) {
        #if canImport(Glibc)
        if environment["GLIBC_TUNABLES"]?.contains("mmap_threshold") == true { return }
        _ = glibcMallopt(mOptionMmapThreshold, mmapThreshold)
        #endif
    }

    /// Gives the memory malloc holds free back to the system (`malloc_trim`). It locks each arena
    /// while it walks it, so calls allocating meanwhile wait: at start-up before any query, and
    /// when the daemon has been idle for a while (``IdleMemoryTrim``).
    static func returnFreedMemory() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if canImport(Glibc)
/// `M_MMAP_THRESHOLD` of `<malloc.h>`.
private let mOptionMmapThreshold: Int32 = -3

/// glibc's `mallopt(3)` and `malloc_trim(3)` (in `<malloc.h>`, which the Glibc module does not export).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
