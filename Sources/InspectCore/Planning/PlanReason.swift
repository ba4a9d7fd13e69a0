/// One clause of why the visit planner gave a visit its day and team, or left an obligation
/// unplaced: a code with its values, for a client to say in its user's language, and the English
/// clause. A visit's reason is its clauses joined by "; " (`ProposedVisit.reason`, as clients have
/// always read it); the codes go on the wire beside it.
public struct PlanReason: Hashable, Sendable, Codable {
    public enum Code: String, CaseIterable, Sendable, Codable {
        /// A visit: its due date; the day chosen in its window; a manager's date; the draw's team;
        /// several obligations met at once.
        case due
        case leastLoadedDay = "least_loaded_day"
        case pinned
        case drawnTeam = "drawn_team"
        case combined
        /// An obligation left unplaced.
        case notInDirectory = "not_in_directory"
        case pinPassed = "pin_passed"
        case pinNotWorkingDay = "pin_not_working_day"
        case dueBeforeFirstDay = "due_before_first_day"
        case noOnTimeDay = "no_on_time_day"
        case noCapacity = "no_capacity"
        case capacityShort = "capacity_short"
        case drawnTeamBarred = "drawn_team_barred"
        case nobodyCovers = "nobody_covers"
        case allInConflict = "all_in_conflict"
        case teamTooSmall = "team_too_small"

        /// `{0}`, `{1}` … take the values.
        public var english: String {
            switch self {
            case .due: "due {0}"
            case .leastLoadedDay: "a working day in its window ({0}–{1}) with the least loaded team"
            case .pinned: "planned for {0} by a manager (plan set)"
            case .drawnTeam: "the draw's inspectors (双随机)"
            case .combined: "one visit for {0} obligations"
            case .notInDirectory: "{0} is not in the directory"
            case .pinPassed: "its planned date {0} (plan set) has passed; set a new one or clear it"
            case .pinNotWorkingDay: "its planned date {0} (plan set) is not a working day"
            case .dueBeforeFirstDay: "due {0}, before the first day that can be planned ({1}): a visit can only be late"
            case .noOnTimeDay: "no working day from {0} to {1} on which a visit would count and be on time"
            case .noCapacity: "no capacity left: the {0} inspectors who may visit {1} ({2}) are fully booked or away on every working day from {3} to {4}"
            case .capacityShort: "capacity short in that window by {0} visits"
            case .drawnTeamBarred: "the draw's inspectors {0} may not visit {1} (inactive, not covering {2} or {3}, or in conflict)"
            case .nobodyCovers: "no active inspector covers jurisdiction {0} and kind {1}"
            case .allInConflict: "every inspector covering {0} ({1}) has declared a conflict with {2}"
            case .teamTooSmall: "needs {0} inspectors on site, only {1} may visit {2} ({3})"
            }
        }
    }

    public var code: Code
    public var values: [String]

    public init(_ code: Code, _ values: String...) { self.code = code; self.values = values }
    public init(code: Code, values: [String]) { self.code = code; self.values = values }

    /// The English clause (one visit short: "1 visit").
    public var english: String {
        if code == .capacityShort, values.first == "1" { return "capacity short in that window by 1 visit" }
        return Refusal.fill(code.english, values)
    }

    /// Clauses as one English sentence.
    public static func sentence(_ clauses: [PlanReason]) -> String { clauses.map(\.english).joined(separator: "; ") }
}
