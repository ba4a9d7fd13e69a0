import ArgumentParser
import Foundation
import InspectControl
import Varlink

// `inspectctl plan draw|verify|draws`: reproducible random sample draws (双随机、一公开, RULES.md §3).
// Registered as subcommands of `PlanCommand` (PlanCommand.swift).

/// `inspectctl plan draw RULE PERIOD [--seed N]`.
struct PlanDraw: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draw",
        abstract: Help.text("Draw the random sample of a sampling rule for a period (双随机) and record it.", "按抽查规则为某一期间随机抽取对象和检查人员（双随机）并记录。"),
        discussion: Help.text("""
        Draws the entities (or industries) from the eligible directory and, for each entity, at least two
        inspectors from the pool whose jurisdictions and kinds cover it (inspector add --jurisdiction
        --kind), never one with a declared conflict (回避), least loaded first. The seed
        (given, or chosen by the daemon) and the directory snapshot are recorded, so anyone can re-run the
        draw: inspectctl plan verify DRAW-ID. PERIOD is a label of the rule's period: 2026, 2026-Q1,
        2026-H1, 2026-03, 2026+2027. A second draw of the same rule and period is refused.
        """, """
        从符合条件的名录中抽取监管对象（或行业），并为每个监管对象从检查人员库中抽取至少两名辖区和类别覆盖该对象的检查人员（inspector add --jurisdiction --kind），从不抽取已登记回避的，负担最轻的优先。种子（给定的，或由守护进程选定）和名录快照都予以记录，任何人都可以重新抽取核对：inspectctl plan verify DRAW-ID。<期间> 是规则期间的标签：2026、2026-Q1、2026-H1、2026-03、2026+2027。同一规则、同一期间的第二次抽取将被拒绝。
        """))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The sampling rule id, e.g. S01.", "抽查规则编号，例如 S01。")) var rule: String
    @Argument(help: ArgumentHelp("The period label, e.g. 2026.", "期间标签，例如 2026。")) var period: String
    @Option(help: ArgumentHelp("The seed (a non-negative integer); default: chosen by the daemon and recorded.", "种子（非负整数）；默认由守护进程选定并记录。", valueName: "N")) var seed: Int64?
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func validate() throws {
        if let seed, seed < 0 { throw ValidationError(Messages.pick("--seed must not be negative", "--seed 不能为负数")) }
    }

    func run() throws {
        try reportingFailures {
            let id = ConnectionOptions.newRequestID()
            let r = try connection.callRetrying(qualified: Control.SamplingMethod.drawSample.qualified,
                                                Control.DrawSampleRequest(rule: rule, period: period, seed: seed, requestID: id), requestID: id,
                                                as: Control.DrawReply.self)
            if json { try printJSON(try Self.whole(r, connection)); return }
            printDraw(r.draw)
            printRest(r, of: r.draw.id)
        }
    }

    /// The draw with every entity (`--json`): the reply's first page, then the rest in one
    /// streamed `GetDraw` call.
    static func whole(_ first: Control.DrawReply, _ connection: ConnectionOptions) throws -> Control.Draw {
        var draw = first.draw
        guard let next = first.next else { return draw }
        try connection.stream(qualified: Control.SamplingMethod.getDraw.qualified, Control.GetDrawRequest(id: draw.id, after: next),
                              as: Control.DrawReply.self) { draw.entities += $0.draw.entities }
        return draw
    }
}

/// `inspectctl plan show DRAW-ID [--limit N] [--after CURSOR] [--all]`.
struct PlanShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: Help.text("Show a recorded sample draw: its seed, then its drawn entities in draw order, page by page.", "显示一次已记录的抽查：先是种子，然后按抽取顺序逐页列出抽中的监管对象。"))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The draw id, e.g. D-2026-S01-1.", "抽查编号，例如 D-2026-S01-1。")) var id: String
    @OptionGroup var page: PageOptions
    @Flag(help: ArgumentHelp("Print JSON (the draw, with the entities shown).", "以 JSON 输出（抽查及所显示的监管对象）。")) var json = false

    func run() throws {
        try reportingFailures {
            var header: Control.Draw?
            var entities: [Control.DrawEntity] = []
            // Not a table of items: the draw's header once, its entities from every page.
            let last = try page.pager.pages(connection, Control.SamplingMethod.getDraw, Control.GetDrawRequest(id: id), as: Control.DrawReply.self) { r in
                if header == nil { header = r.draw }
                entities += r.items
            }
            guard var d = header else { return }
            d.entities = entities
            if json { try printJSON(d); return }
            printDraw(d)
            if let last { printRest(last, of: id) }
        }
    }
}

/// `inspectctl plan verify DRAW-ID`.
struct PlanVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: Help.text("Re-run a recorded sample draw on its recorded seed and snapshot, and compare.", "按记录的种子和名录快照重新抽取一次已记录的抽查，并加以比对。"),
        discussion: Help.text("Exit status 0 and \"verified\" when the re-run gives the recorded result; 1 with the differences otherwise. Also tells whether today's directory differs from the recorded snapshot (that does not change the verdict).", "重新抽取的结果与记录相同时，打印“已核验”，退出状态为 0；否则列出差异，退出状态为 1。同时说明今天的名录是否与记录的快照不同（这不影响结论）。"))
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: ArgumentHelp("The draw id, e.g. D-2026-S01-1.", "抽查编号，例如 D-2026-S01-1。")) var id: String
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.verifyDraw, Control.VerifyDrawRequest(id: id), as: Control.VerifyDrawReply.self)
            if json {
                try printJSON(r)
            } else {
                if r.verified {
                    print(Messages.pick("\(r.id): verified (the recorded seed and snapshot give the recorded result)", "\(r.id)：已核验（按记录的种子和快照重抽，结果一致）"))
                } else {
                    print(Messages.pick("\(r.id): NOT verified", "\(r.id)：核验不通过"))
                    for d in r.differences { print("  " + DrawVerificationText.difference(d)) }
                }
                switch r.directoryChanged {
                case true?:
                    print(Messages.pick("The directory has changed since the draw (snapshot \(r.recordedDigest), today \(r.currentDigest ?? "?")):", "抽查以来名录已变化（快照 \(r.recordedDigest)，今天 \(r.currentDigest ?? "?")）："))
                    for c in r.directoryChanges { print("  " + DrawVerificationText.change(c)) }
                case false?: print(Messages.pick("Today's directory matches the recorded snapshot (\(r.recordedDigest)).", "今天的名录与记录的快照一致（\(r.recordedDigest)）。"))
                case nil: print(Messages.pick("The rule is no longer configured: today's directory cannot be compared (snapshot \(r.recordedDigest)).", "该规则已不在配置中：无法与今天的名录比较（快照 \(r.recordedDigest)）。"))
                }
            }
            if !r.verified { throw ExitCode(CLIFailure.error) }
        }
    }
}

/// `inspectctl plan draws [--period P]`.
struct PlanDraws: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "draws", abstract: Help.text("List the recorded sample draws (without their entities: plan show DRAW-ID).", "列出已记录的抽查（不含抽中的监管对象：见 plan show DRAW-ID）。"))
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only draws of this period label, e.g. 2026.", "只列该期间标签的抽查，例如 2026。", valueName: "PERIOD")) var period: String?
    @Option(help: ArgumentHelp("Only draws of this sampling rule.", "只列该抽查规则的抽查。", valueName: "RULE")) var rule: String?
    @OptionGroup var page: PageOptions
    @Flag(help: ArgumentHelp("Print JSON (an array of draws without their entities; plan show DRAW-ID lists those).", "以 JSON 输出（抽查的数组，不含抽中的监管对象；plan show DRAW-ID 列出它们）。")) var json = false

    func run() throws {
        try reportingFailures {
            let last = try page.pager.show(connection, Control.SamplingMethod.listDraws, Control.ListDrawsRequest(period: period, rule: rule),
                                           as: Control.DrawList.self, json: json, table: { list in
                var t = TextTable(["ID", "RULE", "PERIOD", "SEED", "DRAWN", "ENTITIES", "DRAWN AT"])
                for d in list {
                    t.add([d.id, d.rule, d.period, "\(d.seed)",
                           Messages.pick("\(d.size) of \(d.populationSize)" + (d.unit == "industry" ? " industries" : ""),
                                         "\(d.size)/\(d.populationSize)" + (d.unit == "industry" ? " 个行业" : "")),
                           "\(d.entityCount)", d.drawnAt])
                }
                return t.render()
            }, command: commandLine("inspectctl plan draws", ["period": period, "rule": rule]),
               empty: "No sample draws recorded.")
            if !json, last?.draws.isEmpty == false { print(Messages.pick("The drawn entities of a draw: inspectctl plan show DRAW-ID", "查看某次抽中的对象：inspectctl plan show DRAW-ID")) }
        }
    }
}

/// "… N more" after a page of a draw's entities, with the command that shows them.
func printRest(_ r: Control.DrawReply, of id: String) {
    guard let next = r.next else { return }
    print(Messages.pick("… \(r.remaining.map { "\($0) more entities" } ?? "more entities"): inspectctl plan show \(id) --after \(next)   (or --all)",
                        "…… 另有\(r.remaining.map { " \($0) 个" } ?? "")对象：inspectctl plan show \(id) --after \(next)（或 --all）"))
}

/// A draw for people: the seed, then each drawn entity (of this page) with its name and inspectors.
func printDraw(_ d: Control.Draw) {
    print("\(d.id): \(d.rule) \(d.title), \(d.period)")
    print(Messages.pick("Seed: \(d.seed)", "种子：\(d.seed)"))
    let unit = d.unit == "industry" ? "industries" : "entities"
    print(Messages.pick("Drawn: \(d.size) of \(d.populationSize) \(unit) (population digest \(d.populationDigest))",
                        "抽中：\(d.populationSize) 个\(d.unit == "industry" ? "行业" : "对象")中的 \(d.size) 个（总体摘要 \(d.populationDigest)）"))
    if !d.industries.isEmpty { print(Messages.pick("Industries: ", "行业：") + d.industries.joined(separator: ", ")) }
    if d.entities.isEmpty { print(Messages.pick("No entity drawn.", "没有抽中对象。")); return }
    var t = TextTable(["#", "ENTITY", "NAME", "GRADE", "INSPECTORS"])
    for (i, e) in d.entities.enumerated() {
        let inspectors = zip(e.inspectors, e.inspectorNames).map { $0 == $1 ? $0 : "\($0) \($1)" }.joined(separator: ", ")
        t.add(["\(i + 1)", e.entity, e.entityName, e.grade ?? "—", inspectors])
    }
    print(t.render())
}
