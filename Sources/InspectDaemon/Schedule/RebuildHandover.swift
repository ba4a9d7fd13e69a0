/// The hand-over of a schedule rebuilt aside (the new day, a reload, a large import): while a
/// copy is recomputed off the queue, the live schedule notes which entities writes recompute, so
/// that the copy computes them again before it is swapped in and no write made meanwhile is lost.
/// A state machine of its own, apart from the queues that drive it (the rebuild queue begins and
/// ends it; writes note into it in their barriers).
struct RebuildHandover: Sendable, Equatable {
    /// Entities written since the rebuild began (or since the last `take`); nil when no rebuild
    /// is under way, and writes note nothing.
    private(set) var written: Set<String>?

    var isTracking: Bool { written != nil }

    /// A rebuild took its copy: from now on writes are noted. One rebuild at a time (the rebuild
    /// queue is serial); a second `begin` would forget what the first has not taken.
    mutating func begin() {
        precondition(written == nil, "a rebuild began while another was under way")
        written = []
    }

    /// A write recomputed these entities.
    mutating func note(_ entity: String) {
        written?.insert(entity)
    }

    /// The entities written since the rebuild began or since the last `take`; noting goes on
    /// (what is written after this is recomputed in the swap's barrier).
    mutating func take() -> Set<String> {
        defer { if written != nil { written = [] } }
        return written ?? []
    }

    /// The rebuild is swapped in, or dropped: noting stops; returns what was not taken.
    @discardableResult
    mutating func end() -> Set<String> {
        defer { written = nil }
        return written ?? []
    }
}
