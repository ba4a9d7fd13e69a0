import Foundation

/// The visit planner's reasons (why a visit has its day and team, why an obligation is not
/// placed) in Chinese. The core writes them as English sentences of a few fixed shapes
/// (`VisitPlanner`); each shape has its Chinese here. A sentence of another shape stays as it is.
enum PlanReasons {
    /// A visit's reason, or an unplaced obligation's, in the caller's language.
    static func localized(_ english: String, in language: Language = Language.current) -> String {
        guard language == .chinese else { return english }
        // A visit's reason is a first clause and optional extra clauses, joined by "; ".
        return english.components(separatedBy: "; ").map(clause).joined(separator: "；")
    }

    static let shapes: [(pattern: String, chinese: @Sendable ([String]) -> String)] = [
        (#"^due (\S+)$"#, { "到期 \($0[0])" }),
        (#"^a working day in its window \((\S+)–(\S+)\) with the least loaded team$"#,
         { "在其期间（\($0[0])–\($0[1])）内选工作日，检查组负担最轻" }),
        (#"^planned for (\S+) by a manager \(plan set\)$"#, { "负责人已定于 \($0[0])（plan set）" }),
        (#"^the draw's inspectors \(双随机\)$"#, { _ in "沿用抽查确定的检查人员（双随机）" }),
        (#"^one visit for (\d+) obligations$"#, { "一次检查满足 \($0[0]) 项义务" }),
        (#"^(\S+) is not in the directory$"#, { "\($0[0]) 不在名录中" }),
        (#"^its planned date (\S+) \(plan set\) has passed$"#, { "计划日期 \($0[0])（plan set）已过" }),
        (#"^set a new one or clear it$"#, { _ in "请重新设定或清除" }),
        (#"^its planned date (\S+) \(plan set\) is not a working day$"#, { "计划日期 \($0[0])（plan set）不是工作日" }),
        (#"^due (\S+), before the first day that can be planned \((\S+)\): a visit can only be late$"#,
         { "到期日 \($0[0]) 早于可安排的第一天（\($0[1])）：检查只能逾期" }),
        (#"^no working day from (\S+) to (\S+) on which a visit would count and be on time$"#,
         { "\($0[0]) 至 \($0[1]) 没有既能计入又不逾期的工作日" }),
        (#"^no capacity left: the (\d+) inspectors who may visit (\S+) \((.+)\) are fully booked or away on every working day from (\S+) to (\S+)$"#,
         { "检查力量不足：可检查 \($0[1])（\($0[2])）的 \($0[0]) 名检查人员在 \($0[3]) 至 \($0[4]) 的每个工作日都已排满或休假" }),
        (#"^capacity short in that window by (\d+) visits?$"#, { "该期间缺少 \($0[0]) 次检查" }),
        (#"^the draw's inspectors (.+) may not visit (\S+) \(inactive, not covering (.+) or (\S+), or in conflict\)$"#,
         { "抽查确定的检查人员 \($0[0]) 不能检查 \($0[1])（停用、不负责 \($0[2]) 或 \($0[3])，或须回避）" }),
        (#"^no active inspector covers jurisdiction (.+) and kind (\S+)$"#, { "没有在用的检查人员负责辖区 \($0[0]) 和类别 \($0[1])" }),
        (#"^every inspector covering (.+) \((.+)\) has declared a conflict with (\S+)$"#,
         { "负责 \($0[0]) 的检查人员（\($0[1])）都已申报与 \($0[2]) 回避" }),
        (#"^needs (\d+) inspectors on site, only (\d+) may visit (\S+) \((.*)\)$"#,
         { "现场须 \($0[0]) 名检查人员，只有 \($0[1]) 名可检查 \($0[2])（\($0[3])）" }),
    ]

    /// The shapes' patterns, compiled once (a month's proposal has thousands of reasons).
    static let compiled: [NSRegularExpression?] = shapes.map { try? NSRegularExpression(pattern: $0.pattern) }

    static func clause(_ text: String) -> String {
        for (shape, re) in zip(shapes, compiled) {
            guard let re, let m = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { continue }
            let groups = (1..<m.numberOfRanges).map { i in Range(m.range(at: i), in: text).map { String(text[$0]) } ?? "" }
            return shape.chinese(groups)
        }
        return text
    }
}
