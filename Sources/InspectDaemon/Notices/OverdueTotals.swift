import InspectCore

/// Each addressee's overdue items as the state has them (issue 26): a daily digest lists only the
/// day's new overdue notices, and its counts say how many are overdue in all, so that a subject
/// never says "逾期 2 项" to a supervisor with eight. Keyed by supervisor id, "" for the entities
/// without one (the office's digest).
struct OverdueTotals: Sendable {
    struct Count: Sendable, Equatable {
        /// Open obligations past their due date (`inspectctl overdue`).
        var obligations = 0
        /// Deadlines of rectifications, cases and reports past their end (`inspectctl deadlines --overdue`).
        var deadlines = 0
        var total: Int { obligations + deadlines }
    }

    private var counts: [String: Count] = [:]

    /// Counted from the open-obligation index (a sum over due days, per supervisor) and one pass
    /// over the deadlines open now.
    init(_ s: DaemonState, now: LocalDateTime) {
        let index = s.snapshot.index
        let yesterday = s.today.adding(days: -1).dayNumber
        // Every supervisor id the entities name, configured or not (a digest goes to each).
        for (id, days) in index.by[.supervisor] ?? [:] {
            counts[id, default: Count()].obligations = days.count(from: nil, through: yesterday)
        }
        for d in s.deadlines(now: now) where d.state == .overdue {
            counts[s.snapshot.entities[d.entityID]?.supervisor ?? "", default: Count()].deadlines += 1
        }
    }

    func count(for addressee: String?) -> Count { counts[addressee ?? ""] ?? Count() }
}
