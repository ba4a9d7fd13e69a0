import ArgumentParser
import Foundation
import InspectControl
import Varlink

/// `inspectctl plan`: the year's plan, managers' planned dates and waivers, and sample draws.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: Help.text("The year's plan: every obligation with its due and planned dates; planning; sample draws.", "年度计划：每项检查义务的到期日和计划日期；安排检查；随机抽查。"),
        subcommands: [PlanYear.self, PlanSet.self, PlanWaive.self, PlanClear.self, PlanDraw.self, PlanVerify.self, PlanDraws.self, PlanShow.self,
                      PlanPropose.self, PlanVisits.self, PlanVisit.self, PlanCapacity.self, PlanExplainVisit.self],
        defaultSubcommand: PlanYear.self)
    @OptionGroup var connection: ConnectionOptions
}

/// `inspectctl plan YEAR`: obligations per month and entity, as a table, JSON or CSV.
struct PlanYear: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year",
        abstract: Help.text("Show a year's plan: every obligation due in it, by month, with planned dates and waivers.", "显示某年的计划：当年到期的每项检查义务，按月列出，附计划日期和豁免。"),
        discussion: Help.text("A planned date after the legal due date is flagged (!), never hidden. --csv writes a spreadsheet (UTF-8 with BOM).", "计划日期晚于法定到期日的标为（!），从不隐藏。--csv 输出电子表格（UTF-8 编码，带 BOM）。"))

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The year, e.g. 2026.", "年份，例如 2026。")) var year: Int
    @Option(help: ArgumentHelp("Only entities of this jurisdiction (辖区).", "只列该辖区的监管对象。", valueName: "NAME")) var jurisdiction: String?
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
    @Flag(help: ArgumentHelp("Print CSV for a spreadsheet.", "以 CSV 输出，供电子表格使用。")) var csv = false

    func validate() throws {
        if json && csv { throw ValidationError(Messages.pick("--json and --csv exclude each other", "--json 与 --csv 不能同时给出")) }
    }

    func run() throws {
        try reportingFailures {
            let request = Control.GetPlanRequest(year: year, jurisdiction: jurisdiction)
            // A CSV is written as the pages come, each item's columns read from the daemon's text.
            if csv {
                print(CSVText.bom + CSVText.row(Self.csvColumns), terminator: "")
                try connection.streamRaw(qualified: ControlInterface.Method.getPlan.qualified, request) { reply in
                    print(try Self.csv(reply), terminator: "")
                }
                return
            }
            // Page after page (`more`).
            var plan = Control.Plan(year: year, today: "", obligations: [])
            try connection.stream(.getPlan, request, as: Control.Plan.self) { page in
                plan.obligations += page.obligations
                plan.today = page.today
            }
            // The year's sample draws (双随机) with their seeds: periods that meet the year.
            var draws: [Control.DrawSummary] = []
            try connection.stream(qualified: Control.SamplingMethod.listDraws.qualified, Control.ListDrawsRequest(), as: Control.DrawList.self) { page in
                draws += page.draws.filter { $0.period.hasPrefix("\(year)") || $0.period.contains("+\(year)") }
            }
            if json {
                // With their drawn entities, each draw's in one streamed call.
                var full: [Control.Draw] = []
                for summary in draws {
                    var d = Control.Draw(summary, entities: [])
                    try connection.stream(qualified: Control.SamplingMethod.getDraw.qualified, Control.GetDrawRequest(id: summary.id),
                                          as: Control.DrawReply.self) { d.entities += $0.draw.entities }
                    full.append(d)
                }
                try printJSON(YearPlan(year: plan.year, today: plan.today, obligations: plan.obligations, draws: full))
                return
            }

            if plan.obligations.isEmpty { print(Messages.say(.noObligationsInYear, "\(year)")); return }
            var month = ""
            var table: TextTable?
            func flush() { if let t = table { print(t.render()); print("") } }
            for o in plan.obligations {
                let m = String(o.due.prefix(7))
                if m != month {
                    flush()
                    month = m
                    print("== \(m) ==")
                    table = TextTable(["DUE", "PLANNED", "STATUS", "RULE", "PERIOD", "ENTITY", "NAME", "DONE", "SUPERVISOR"])
                }
                let planned = o.planned.map { $0 + (o.plannedAfterDue ? "!" : "") } ?? "—"
                let status = o.waivedReason.map { "\(Messages.status("waived")): \($0)" } ?? Messages.status(o.status)
                table?.add([o.due + (o.provisional ? "*" : ""), planned, status, o.rule, o.period, o.entity, o.entityName,
                            "\(o.done)/\(o.required)", o.supervisor ?? "—"])
            }
            flush()
            if !draws.isEmpty {
                print(Messages.pick("== sample draws ==", "== 抽查 =="))
                var t = TextTable(["DRAW", "RULE", "PERIOD", "SEED", "DRAWN", "OF", "DIGEST"])
                for d in draws { t.add([d.id, d.rule, d.period, "\(d.seed)", "\(d.size)", "\(d.populationSize)", d.populationDigest]) }
                print(t.render())
                print("")
            }
            let late = plan.obligations.filter(\.plannedAfterDue).count
            print(Messages.say(.planSummary, "\(plan.obligations.count)", "\(year)", plan.today) + (late > 0 ? Messages.say(.plannedLate, "\(late)") : ""))
        }
    }

    static let csvColumns = ["key", "due", "planned", "planned_after_due", "status", "waived_reason", "rule", "title", "period",
                             "window_start", "window_end", "entity", "entity_name", "jurisdiction", "supervisor", "required", "done", "provisional"]

    /// The CSV rows of a page of the plan (`Control.Plan`) as the daemon sent it: each item's
    /// columns read from its JSON text, nothing else (issue 26: a province's year is 180,000
    /// rows; who planned each, `planned_by`, is not a column and is not read).
    static func csv(_ reply: VarlinkRawReply) throws -> String {
        guard let parameters = reply.parameters else { return "" }
        let frame = reply.frame
        var out = ""
        for m in try JSONScan.members(of: frame, in: parameters) where JSONScan.key(m, in: frame, is: "obligations") {
            for item in try JSONScan.elements(of: frame, in: m.value) {
                let o = try JSONObjectText(frame, item)
                func yesNo(_ key: String) throws -> String { try o.bool(key) == true ? "yes" : "no" }
                let row = [try o.required("key"), try o.required("due"), try o.string("planned") ?? "", try yesNo("planned_after_due"),
                           try o.required("status"), try o.string("waived_reason") ?? "", try o.required("rule"), try o.required("title"),
                           try o.required("period"), try o.required("window_start"), try o.required("window_end"), try o.required("entity"),
                           try o.required("entity_name"), try o.required("jurisdiction"), try o.string("supervisor") ?? "",
                           "\(try o.int("required") ?? 0)", "\(try o.int("done") ?? 0)", try yesNo("provisional")]
                out += CSVText.row(row)
            }
        }
        return out
    }
}

/// `plan YEAR --json`: the obligations and the sample draws of the year.
struct YearPlan: Encodable {
    var year: Int
    var today: String
    var obligations: [Control.PlannedObligation]
    var draws: [Control.Draw]
}

func printPlanned(_ o: Control.PlannedObligation) {
    guard Language.current == .chinese else {
        var s = "\(o.key): due \(o.due), status \(o.status)"
        if let p = o.planned { s += ", planned \(p)" + (o.plannedAfterDue ? " (after the legal due date!)" : "") }
        if let w = o.waivedReason { s += ", waived: \(w)" }
        print(s)
        return
    }
    var s = "\(o.key)：\(o.due) 到期，\(Messages.status(o.status))"
    if let p = o.planned { s += "，计划 \(p)" + (o.plannedAfterDue ? "（晚于法定到期日！）" : "") }
    if let w = o.waivedReason { s += "，豁免理由：\(w)" }
    print(s)
}

struct PlanSet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: Help.text("Set or move the planned date of an obligation (KEY as shown by plan --json, e.g. C01/LS-PFS-001/2026-03).", "设定或变更一项检查义务的计划日期（<键> 即 plan --json 所示的键，例如 C01/LS-PFS-001/2026-03）。"))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The obligation key.", "检查义务的键。")) var key: String
    @Option(help: ArgumentHelp("The planned date.", "计划日期。", valueName: "YYYY-MM-DD")) var date: String
    func run() throws {
        try reportingFailures {
            printPlanned(try connection.call(.setPlan, Control.SetPlanRequest(key: key, planned: date), as: Control.SetPlanResult.self).obligation)
        }
    }
}

struct PlanWaive: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "waive", abstract: Help.text("Waive an obligation, with the reason (kept and shown).", "豁免一项检查义务，并说明理由（予以保存并显示）。"))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The obligation key.", "检查义务的键。")) var key: String
    @Option(help: ArgumentHelp("Why it is waived.", "豁免理由。")) var reason: String
    func run() throws {
        try reportingFailures {
            printPlanned(try connection.call(.setPlan, Control.SetPlanRequest(key: key, waiveReason: reason), as: Control.SetPlanResult.self).obligation)
        }
    }
}

struct PlanClear: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clear", abstract: Help.text("Clear the planned date and waiver of an obligation.", "清除一项检查义务的计划日期和豁免。"))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The obligation key.", "检查义务的键。")) var key: String
    func run() throws {
        try reportingFailures {
            printPlanned(try connection.call(.setPlan, Control.SetPlanRequest(key: key, clear: true), as: Control.SetPlanResult.self).obligation)
        }
    }
}
