/// Will the year fit? Month by month and jurisdiction by jurisdiction: the inspector-visits the
/// obligations need (after combining an entity's needs into visits, as the planner does) against
/// what the inspectors can make (working days × visits a day, less leave) — the question a
/// manager answers every December.
public enum VisitCapacity {
    /// One month of one jurisdiction.
    public struct Row: Hashable, Sendable, Codable {
        public var month: String
        public var jurisdiction: String
        /// Visits needed (a visit that may go in any of several months counts for each in part).
        public var visits: Double
        /// Inspector-visits needed: each visit takes its team.
        public var needed: Double
        /// Inspector-visits the inspectors covering the jurisdiction can make (an inspector who
        /// covers several jurisdictions is counted in each in part).
        public var capacity: Double
        public var short: Double { max(0, needed - capacity) }
    }

    /// The forecast of `year`: `input.needs` are the year's needs, `input.inspectors` the pool with
    /// leave; `from`, `to` and `today` are ignored (the whole year is counted).
    public static func forecast(year: Int, _ input: VisitPlanningInput) -> [Row] {
        var whole = input
        whole.from = CivilDate.firstOfMonth(year: year, month: 1)
        whole.to = CivilDate.lastOfMonth(year: year, month: 12)
        whole.today = whole.from
        whole.kept = []
        var unplaced: [UnplacedObligation] = []
        let demands = VisitPlanner.demands(whole, unplaced: &unplaced)
        // Only visits that can still be planned count; needs that could not be placed at all
        // (nobody covers them, their dates passed) are the planner's to report, not capacity.
        var need: [String: (visits: Double, needed: Double)] = [:]
        let jurisdictions = Set(input.entities.values.map(\.jurisdiction)).sorted()
        for d in demands {
            let months = monthsBetween(d.lo, d.hi)
            let share = 1.0 / Double(max(1, months.count))
            for m in months {
                let key = "\(m)\u{1}\(d.entity.jurisdiction)"
                need[key, default: (0, 0)].visits += share
                need[key, default: (0, 0)].needed += share * Double(d.team)
            }
        }
        var rows: [Row] = []
        for month in 1...12 {
            let first = CivilDate.firstOfMonth(year: year, month: month), last = CivilDate.lastOfMonth(year: year, month: month)
            let label = String(first.iso.prefix(7))
            var capacity: [String: Double] = [:]
            for i in input.inspectors where i.active {
                var slots = 0
                var day = first
                while day <= last {
                    if input.calendar.isWorkingDay(day) && !i.isOnLeave(day) { slots += i.visitsPerDay }
                    day = day.adding(days: 1)
                }
                let covered = i.jurisdictions.map { Array($0).filter(jurisdictions.contains) } ?? jurisdictions
                for j in covered { capacity[j, default: 0] += Double(slots) / Double(max(1, covered.count)) }
            }
            for j in jurisdictions {
                let n = need["\(label)\u{1}\(j)"] ?? (0, 0)
                rows.append(Row(month: label, jurisdiction: j, visits: n.visits, needed: n.needed, capacity: capacity[j] ?? 0))
            }
        }
        return rows
    }

    /// The months (`YYYY-MM`) from `lo` through `hi`.
    static func monthsBetween(_ lo: CivilDate, _ hi: CivilDate) -> [String] {
        var out: [String] = []
        let (y, m, _) = lo.components
        var month = CivilDate.firstOfMonth(year: y, month: m)
        while month <= hi {
            out.append(String(month.iso.prefix(7)))
            month = month.addingMonths(1)
        }
        return out
    }
}
