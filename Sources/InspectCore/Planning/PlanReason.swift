/// One clause of why the visit planner gave a visit its day and team, or left an obligation
/// unplaced: a code with its values (a ``CodedSentence``), for a client to say in its user's
/// language, and the English clause. A visit's reason is its clauses joined by "; "
/// (`ProposedVisit.reason`, as clients have always read it); the codes go on the wire beside it.
public struct PlanReason: CodedSentence, Codable {
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

        /// The same places as the English.
        public var chinese: String {
            switch self {
            case .due: "到期 {0}"
            case .leastLoadedDay: "在其期间（{0}–{1}）内选工作日，检查组负担最轻"
            case .pinned: "负责人已定于 {0}（plan set）"
            case .drawnTeam: "沿用抽查确定的检查人员（双随机）"
            case .combined: "一次检查满足 {0} 项义务"
            case .notInDirectory: "{0} 不在名录中"
            case .pinPassed: "计划日期 {0}（plan set）已过；请重新设定或清除"
            case .pinNotWorkingDay: "计划日期 {0}（plan set）不是工作日"
            case .dueBeforeFirstDay: "到期日 {0} 早于可安排的第一天（{1}）：检查只能逾期"
            case .noOnTimeDay: "{0} 至 {1} 没有既能计入又不逾期的工作日"
            case .noCapacity: "检查力量不足：可检查 {1}（{2}）的 {0} 名检查人员在 {3} 至 {4} 的每个工作日都已排满或休假"
            case .capacityShort: "该期间缺少 {0} 次检查"
            case .drawnTeamBarred: "抽查确定的检查人员 {0} 不能检查 {1}（停用、不负责 {2} 或 {3}，或须回避）"
            case .nobodyCovers: "没有在用的检查人员负责辖区 {0} 和类别 {1}"
            case .allInConflict: "负责 {0} 的检查人员（{1}）都已申报与 {2} 回避"
            case .teamTooSmall: "现场须 {0} 名检查人员，只有 {1} 名可检查 {2}（{3}）"
            }
        }
    }

    public var code: Code
    public var values: [String]

    public init(_ code: Code, _ values: String...) { self.code = code; self.values = values }
    public init(code: Code, values: [String]) { self.code = code; self.values = values }

    public var englishTemplate: String { code.english }
    public var chineseTemplate: String { code.chinese }

    /// The English clause (one visit short: "1 visit").
    public var english: String {
        if code == .capacityShort, values.first == "1" { return "capacity short in that window by 1 visit" }
        return Self.fill(code.english, values)
    }

    /// Clauses as one English sentence.
    public static func sentence(_ clauses: [PlanReason]) -> String { clauses.map(\.english).joined(separator: "; ") }
}

extension PlanReason {
    /// The clauses of an English sentence the planner wrote, or nil when a clause is not one of
    /// its shapes. Visits applied before their clauses were stored (store v22) kept only the
    /// sentence; read back through this, they are said in the reader's language like the others.
    /// Each clause must come back to exactly its text (`english` of the parsed clause), so a
    /// sentence is never half-understood.
    public static func parse(sentence: String) -> [PlanReason]? {
        guard !sentence.isEmpty else { return nil }
        // A clause may itself hold "; " (pin_passed's "…has passed; set a new one or clear it"):
        // clauses are runs of the pieces between separators, tried shortest first.
        let pieces = sentence.split(separator: "; ", omittingEmptySubsequences: false).map(String.init)
        func clauses(from i: Int) -> [PlanReason]? {
            if i == pieces.count { return [] }
            for j in (i + 1)...pieces.count {
                guard let clause = parse(clause: pieces[i..<j].joined(separator: "; ")), let rest = clauses(from: j) else { continue }
                return [clause] + rest
            }
            return nil
        }
        return clauses(from: 0)
    }

    /// One clause: the most specific of the planner's shapes that reads it (so "due {0}" does not
    /// swallow "due {0}, before the first day …"), its values never holding the separator — what
    /// does is two clauses, not one.
    static func parse(clause text: String) -> PlanReason? {
        if text == "capacity short in that window by 1 visit" { return PlanReason(.capacityShort, "1") }
        return read(english: text) { values in !values.contains { $0.contains("; ") } }
    }
}
