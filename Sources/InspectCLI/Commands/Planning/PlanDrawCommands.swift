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
        abstract: "Draw the random sample of a sampling rule for a period (双随机) and record it.",
        discussion: """
        Draws the entities (or industries) from the eligible directory and, for each entity, at least two
        inspectors from the pool whose jurisdictions and kinds cover it (inspector add --jurisdiction
        --kind), never one with a declared conflict (回避), least loaded first. The seed
        (given, or chosen by the daemon) and the directory snapshot are recorded, so anyone can re-run the
        draw: inspectctl plan verify DRAW-ID. PERIOD is a label of the rule's period: 2026, 2026-Q1,
        2026-H1, 2026-03, 2026+2027. A second draw of the same rule and period is refused.
        """)
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The sampling rule id, e.g. S01.") var rule: String
    @Argument(help: "The period label, e.g. 2026.") var period: String
    @Option(help: ArgumentHelp("The seed (a non-negative integer); default: chosen by the daemon and recorded.", valueName: "N")) var seed: Int64?
    @Flag(help: "Print JSON.") var json = false

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
        abstract: "Show a recorded sample draw: its seed, then its drawn entities in draw order, page by page.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The draw id, e.g. D-2026-S01-1.") var id: String
    @OptionGroup var page: PageOptions
    @Flag(help: "Print JSON (the draw, with the entities shown).") var json = false

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
        abstract: "Re-run a recorded sample draw on its recorded seed and snapshot, and compare.",
        discussion: "Exit status 0 and \"verified\" when the re-run gives the recorded result; 1 with the differences otherwise. Also tells whether today's directory differs from the recorded snapshot (that does not change the verdict).")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The draw id, e.g. D-2026-S01-1.") var id: String
    @Flag(help: "Print JSON.") var json = false

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
                    for d in r.differences { print("  \(d)") }
                }
                switch r.directoryChanged {
                case true?:
                    print(Messages.pick("The directory has changed since the draw (snapshot \(r.recordedDigest), today \(r.currentDigest ?? "?")):", "抽查以来名录已变化（快照 \(r.recordedDigest)，今天 \(r.currentDigest ?? "?")）："))
                    for c in r.directoryChanges { print("  \(c)") }
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
    static let configuration = CommandConfiguration(commandName: "draws", abstract: "List the recorded sample draws (without their entities: plan show DRAW-ID).")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only draws of this period label, e.g. 2026.", valueName: "PERIOD")) var period: String?
    @Option(help: ArgumentHelp("Only draws of this sampling rule.", valueName: "RULE")) var rule: String?
    @OptionGroup var page: PageOptions
    @Flag(help: "Print JSON (an array of draws without their entities; plan show DRAW-ID lists those).") var json = false

    func run() throws {
        try reportingFailures {
            let last = try page.pager.show(connection, Control.SamplingMethod.listDraws, Control.ListDrawsRequest(period: period, rule: rule),
                                           as: Control.DrawList.self, json: json, table: { list in
                var t = TextTable(["ID", "RULE", "PERIOD", "SEED", "DRAWN", "ENTITIES", "DRAWN AT"])
                for d in list {
                    t.add([d.id, d.rule, d.period, "\(d.seed)", "\(d.size) of \(d.populationSize)" + (d.unit == "industry" ? " industries" : ""),
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
    print("… \(r.remaining.map { "\($0) more entities" } ?? "more entities"): inspectctl plan show \(id) --after \(next)   (or --all)")
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
