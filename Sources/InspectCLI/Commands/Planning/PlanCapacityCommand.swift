import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl plan capacity YEAR [--office O]`: will the year fit? Month by month and by
/// jurisdiction, the inspector-visits the obligations need against what the inspectors can make.
struct PlanCapacity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: Help.text("Will the year fit? The inspector-visits needed month by month and by jurisdiction, against the capacity.", "全年能否完成？逐月、按辖区列出所需检查人次与可用人次的对比。"),
        discussion: Help.text("""
        NEEDED counts inspector-visits: each visit takes its team (P01: two). A visit that may go in any of
        several months (a yearly inspection) counts in each in part. CAPACITY is what the inspectors covering
        the jurisdiction can make: working days × visits a day, less leave; an inspector covering several
        jurisdictions counts in each in part. SHORT is what is missing.
        """, """
        NEEDED（所需人次）按检查人次计算：每次检查需要其检查组（P01：两人）。一次检查可以安排在几个月中任一个月的（如年度检查），按比例计入各月。CAPACITY（可用人次）是负责该辖区的检查人员所能完成的：工作日数 × 每日检查数，减去请假；负责几个辖区的检查人员按比例计入各辖区。SHORT（缺口）是差额。
        """))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The year.", "年份。")) var year: Int
    @Option(help: ArgumentHelp("Only the entities of this office's supervisors.", "只列该机关主监管员名下的监管对象。")) var office: String?
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.visitCapacity, Control.VisitCapacityRequest(year: year, office: office), as: Control.VisitCapacityReply.self)
            if json { try printJSON(r.months); return }
            func n(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%.1f", x) }
            var t = TextTable(["MONTH", "JURISDICTION", "VISITS", "NEEDED", "CAPACITY", "SHORT"])
            for m in r.months { t.add([m.month, m.jurisdiction, n(m.visits), n(m.needed), n(m.capacity), m.short > 0 ? n(m.short) : "—"]) }
            print(t.render())
            let short = r.months.filter { $0.short > 0 }
            print(short.isEmpty ? Messages.say(.capacityFits, "\(year)")
                  : Messages.say(.capacityShort, "\(year)", short.map { "\($0.month) \($0.jurisdiction) \(n($0.short))" }.joined(separator: "; ")))
        }
    }
}

/// `inspectctl plan explain VISIT-ID`: why that day and that team.
struct PlanExplainVisit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: Help.text("Why a planned visit has that day and that team: due dates, capacity, leave, conflicts, draw, pin.", "说明一次检查安排为何定在该日、由这些人检查：到期日、检查能力、请假、回避、抽查、指定日期。"))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The visit's id (plan visits).", "检查安排编号（见 plan visits）。")) var id: Int64
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.explainVisit, Control.ExplainVisitRequest(id: id), as: Control.ExplainVisitReply.self)
            if json { try printJSON(r); return }
            guard Language.current == .chinese, let details = r.details, details.count == r.lines.count else {
                for line in r.lines { print(line) }
                return
            }
            for (d, english) in zip(details, r.lines) { print(Self.chinese(d, visit: r.visit) ?? english) }
        }
    }

    /// A line of the explanation in Chinese from its code (nil: a code this CLI does not know).
    static func chinese(_ d: Control.ExplainLine, visit: Control.Visit) -> String? {
        let v = d.values
        func at(_ i: Int) -> String { i < v.count ? v[i] : "?" }
        switch d.code {
        case "visit":
            return "\(at(0)) \(at(1))（\(at(2))，\(Messages.word(at(3)))）\(at(4))，\(Messages.status(at(5)))；\(at(6)) 由 \(at(7)) 下达。"
        case "meets": return v.count > 1 ? "满足 \(at(0)) — \(at(1))（\(at(2))）" : "满足 \(at(0))"
        case "due_on_time": return "到期 \(at(0))：其各项义务中最早的到期日；本次检查按时。"
        case "due_after": return "到期 \(at(0))：其各项义务中最早的到期日；本次检查晚于到期日（调整理由：\(at(1))）。"
        case "moved_from": return "原定 \(at(0))：\(at(1))"
        case "why": return "理由：\(PlanReasons.localized(visit.reason, visit.reasons))"
        case "in_team": return "\(at(0)) \(at(1))：检查组成员（当日 \(at(2))/\(at(3)) 次检查）"
        case "inactive": return "\(at(0)) \(at(1))：停用"
        case "away": return "\(at(0)) \(at(1))：\(at(2))…\(at(3)) 不在岗（\(at(4))）"
        case "conflict": return "\(at(0)) \(at(1))：须回避（\(at(2))）"
        case "not_covering": return "\(at(0)) \(at(1))：不负责 \(at(2))/\(Messages.word(at(3)))"
        case "free": return "\(at(0)) \(at(1))：有空（当日 \(at(2))/\(at(3)) 次检查）"
        default: return nil
        }
    }
}
