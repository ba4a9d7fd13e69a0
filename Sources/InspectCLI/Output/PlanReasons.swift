import InspectControl
import InspectCore

/// The visit planner's reasons (why a visit has its day and team, why an obligation is not
/// placed) in the caller's language: the daemon sends each reason as clauses, a code with its
/// values (InspectCore's `PlanReason`), beside the English sentence; each code has its Chinese here.
enum PlanReasons {
    /// A visit's or an unplaced obligation's reason: from its clauses in Chinese, else the sentence
    /// (a daemon that sends no clauses, or a clause of a code this CLI does not know).
    static func localized(_ english: String, _ clauses: [Control.PlanReasonClause]?, in language: Language = Language.current) -> String {
        guard language == .chinese, let clauses, !clauses.isEmpty else { return english }
        let known = clauses.compactMap(\.clause)
        guard known.count == clauses.count else { return english }
        return known.map { chinese($0) }.joined(separator: "；")
    }

    static func chinese(_ r: PlanReason) -> String {
        Refusal.fill(template(r.code), r.values)
    }

    /// `{0}`, `{1}` … take the values, as in the English (`PlanReason.Code.english`).
    static func template(_ code: PlanReason.Code) -> String {
        switch code {
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
