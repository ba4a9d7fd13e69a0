import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl plan propose (--month YYYY-MM | --from D --to D) [--office O] [--seed N]`: the
/// visits the daemon proposes for a window — who goes where on which working day — changing nothing.
struct PlanPropose: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: Help.text("Propose the visits of a month: who inspects which entity on which working day. Changes nothing.", "为一个月建议检查安排：谁在哪个工作日检查哪个监管对象。不作任何改变。"),
        discussion: Help.text("""
        Each visit is one entity on one working day by a team of the procedure's inspectors (P01: two),
        meeting every open obligation of that entity an on-site inspection counts for, by their legal due
        dates. Inspectors are planned within their jurisdictions, kinds and visits a day, never on leave,
        never with a declared conflict (回避); a draw's inspectors stay the draw's, a date set with
        `plan set` stays. What cannot be placed is listed with the reason. The same facts and --seed give
        the same proposal.
        """, """
        每次检查安排是一个工作日由按程序组成的检查组（P01：两人）检查一个监管对象，在法定到期日前完成该对象所有现场检查可计入的未完成检查义务。检查人员只在其辖区、类别和每日检查数之内安排，请假期间和已登记回避的从不安排；抽查抽中的检查人员保持不变，用 plan set 设定的日期保持不变。无法安排的列出原因。事实和 --seed 相同，建议即相同。
        """))
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("The month to plan.", "要安排的月份。", valueName: "YYYY-MM")) var month: String?
    @Option(help: ArgumentHelp("The first day to plan (with --to; at most 92 days).", "安排的第一天（与 --to 同用；最多 92 天）。", valueName: "YYYY-MM-DD")) var from: String?
    @Option(help: ArgumentHelp("The last day to plan.", "安排的最后一天。", valueName: "YYYY-MM-DD")) var to: String?
    @Option(help: ArgumentHelp("Only the entities of this office's supervisors.", "只列该机关主监管员名下的监管对象。")) var office: String?
    @Option(help: ArgumentHelp("Breaks ties (default 0): the same facts and seed give the same proposal.", "用于打破平局（默认 0）：事实和种子相同，建议即相同。", valueName: "N")) var seed: Int64?
    @Flag(help: ArgumentHelp("Record the proposal as planned visits (managers, for their office).", "将建议记录为检查安排（负责人，限本机关）。")) var apply = false
    @Flag(help: ArgumentHelp("With --apply: cancel the visits applied before in the window (from today on) and plan them again.", "与 --apply 同用：取消此前在该时段（今天起）已采用的检查安排并重新安排。")) var replan = false
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
    @Flag(help: ArgumentHelp("Print the visits as CSV for a spreadsheet (UTF-8 with BOM).", "以 CSV 输出检查安排，供电子表格使用（UTF-8 编码，带 BOM）。")) var csv = false

    func validate() throws {
        if json && csv { throw ValidationError(Messages.pick("--json and --csv exclude each other", "--json 与 --csv 不能同时给出")) }
        if let seed, seed < 0 { throw ValidationError(Messages.pick("--seed must not be negative", "--seed 不能为负数")) }
        if replan && !apply { throw ValidationError(Messages.pick("--replan goes with --apply", "--replan 须与 --apply 同时给出")) }
        switch (month, from, to) {
        case (_?, nil, nil): _ = try window()
        case (nil, _?, _?): break
        default: throw ValidationError(Messages.pick("give --month YYYY-MM, or --from and --to", "请给出 --month YYYY-MM，或 --from 与 --to"))
        }
    }

    /// The window's first and last day.
    func window() throws -> (String, String) {
        if let from, let to { return (from, to) }
        let parts = (month ?? "").split(separator: "-").map { Int($0) }
        guard parts.count == 2, let y = parts[0], let m = parts[1], (2000...2099).contains(y), (1...12).contains(m) else {
            throw ValidationError(Messages.pick("--month: '\(month ?? "")' is not YYYY-MM", "--month：“\(month ?? "")”不是 YYYY-MM"))
        }
        let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return (String(format: "%04d-%02d-01", y, m), String(format: "%04d-%02d-%02d", y, m, days))
    }

    func run() throws {
        try reportingFailures {
            let (first, last) = try window()
            // In parts (`more`): a province's month is more than one message can carry.
            var p = Control.VisitProposalReply(visits: [], unplaced: [], load: [])
            let each: (Control.VisitProposalReply) -> Void = { part in
                p.visits += part.visits
                p.unplaced += part.unplaced
                p.load += part.load
                p.kept = part.kept ?? p.kept
                p.cancelled = part.cancelled ?? p.cancelled
            }
            if apply {
                try connection.stream(qualified: Control.VisitMethod.applyVisits.qualified,
                                      Control.ApplyVisitsRequest(from: first, to: last, office: office, seed: seed, replan: replan ? true : nil),
                                      as: Control.VisitProposalReply.self, each: each)
            } else {
                try connection.stream(qualified: Control.VisitMethod.proposeVisits.qualified,
                                      Control.ProposeVisitsRequest(from: first, to: last, office: office, seed: seed), as: Control.VisitProposalReply.self, each: each)
            }
            if json { try printJSON(p); return }
            if csv {
                var out = CSVText.bom + CSVText.row(["date", "entity", "entity_name", "jurisdiction", "inspectors", "inspector_names", "obligations", "due", "reason"])
                for v in p.visits {
                    out += CSVText.row([v.date, v.entity, v.entityName, v.jurisdiction, v.inspectors.joined(separator: " "),
                                        v.inspectorNames.joined(separator: " "), v.obligations.joined(separator: " "), v.due, PlanReasons.localized(v.reason, v.reasons)])
                }
                print(out, terminator: "")
                return
            }
            if !p.visits.isEmpty { print(visitTable(p.visits)) }
            if !p.unplaced.isEmpty {
                print("")
                var t = TextTable(["UNPLACED", "REASON"])
                for u in p.unplaced { t.add([u.obligation, PlanReasons.localized(u.reason, u.reasons)]) }
                print(t.render())
            }
            if !p.load.isEmpty {
                print("")
                var t = TextTable(["INSPECTOR", "NAME", "VISITS", "DAYS"])
                for l in p.load { t.add([l.inspector, l.name, "\(l.visits)", "\(l.days)"]) }
                print(t.render())
            }
            print(Messages.say(.proposalSummary, "\(p.visits.count)", "\(Set(p.visits.flatMap(\.obligations)).count)", "\(p.unplaced.count)"))
            if let kept = p.kept, kept > 0 { print(Messages.say(.visitsKept, "\(kept)")) }
            if let cancelled = p.cancelled, cancelled > 0 { print(Messages.say(.visitsReplanned, "\(cancelled)")) }
            if apply { print(Messages.say(.visitsApplied, "\(p.visits.count)")) }
        }
    }
}

/// Visits as a table: the planned ones with their id and state.
func visitTable(_ visits: [Control.Visit]) -> String {
    let planned = visits.contains { $0.id != nil }
    var t = TextTable((planned ? ["ID"] : []) + ["DATE", "ENTITY", "NAME", "JURISDICTION", "INSPECTORS", "OBLIGATIONS", "DUE"] + (planned ? ["STATUS"] : []))
    for v in visits {
        let date = v.date + (v.late == true ? " !" : "")
        t.add((planned ? [v.id.map { "\($0)" } ?? ""] : []) + [date, v.entity, v.entityName, v.jurisdiction, v.inspectorNames.joined(separator: "、"),
               v.obligations.joined(separator: " "), v.due] + (planned ? [Messages.status(v.status ?? "")] : []))
    }
    return t.render()
}
