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
        inspectors from the pool, never one with a declared conflict (回避), least loaded first. The seed
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
        if let seed, seed < 0 { throw ValidationError("--seed must not be negative") }
    }

    func run() throws {
        try reportingFailures {
            let id = ConnectionOptions.newRequestID()
            let r = try connection.callRetrying(qualified: Control.SamplingMethod.drawSample.qualified,
                                                Control.DrawSampleRequest(rule: rule, period: period, seed: seed, requestID: id), requestID: id,
                                                as: Control.DrawReply.self)
            if json { try printJSON(r.draw); return }
            printDraw(r.draw)
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
                    print("\(r.id): verified (the recorded seed and snapshot give the recorded result)")
                } else {
                    print("\(r.id): NOT verified")
                    for d in r.differences { print("  \(d)") }
                }
                switch r.directoryChanged {
                case true?:
                    print("The directory has changed since the draw (snapshot \(r.recordedDigest), today \(r.currentDigest ?? "?")):")
                    for c in r.directoryChanges { print("  \(c)") }
                case false?: print("Today's directory matches the recorded snapshot (\(r.recordedDigest)).")
                case nil: print("The rule is no longer configured: today's directory cannot be compared (snapshot \(r.recordedDigest)).")
                }
            }
            if !r.verified { throw ExitCode(CLIFailure.error) }
        }
    }
}

/// `inspectctl plan draws [--period P]`.
struct PlanDraws: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "draws", abstract: "List the recorded sample draws.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("Only draws of this period label, e.g. 2026.", valueName: "PERIOD")) var period: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.listDraws, Control.ListDrawsRequest(period: period), as: Control.DrawList.self)
            if json { try printJSON(r.draws); return }
            if r.draws.isEmpty { print("No sample draws recorded."); return }
            var t = TextTable(["ID", "RULE", "PERIOD", "SEED", "DRAWN", "ENTITIES", "DRAWN AT"])
            for d in r.draws {
                t.add([d.id, d.rule, d.period, "\(d.seed)", "\(d.size) of \(d.populationSize)" + (d.unit == "industry" ? " industries" : ""),
                       d.entities.map(\.entity).joined(separator: ","), d.drawnAt])
            }
            print(t.render())
        }
    }
}

/// A draw for people: the seed, then each drawn entity with its name and inspectors.
func printDraw(_ d: Control.Draw) {
    print("\(d.id): \(d.rule) \(d.title), \(d.period)")
    print("Seed: \(d.seed)")
    let unit = d.unit == "industry" ? "industries" : "entities"
    print("Drawn: \(d.size) of \(d.populationSize) \(unit) (population digest \(d.populationDigest))")
    if !d.industries.isEmpty { print("Industries: \(d.industries.joined(separator: ", "))") }
    if d.entities.isEmpty { print("No entity drawn."); return }
    var t = TextTable(["#", "ENTITY", "NAME", "GRADE", "INSPECTORS"])
    for (i, e) in d.entities.enumerated() {
        let inspectors = zip(e.inspectors, e.inspectorNames).map { $0 == $1 ? $0 : "\($0) \($1)" }.joined(separator: ", ")
        t.add(["\(i + 1)", e.entity, e.entityName, e.grade ?? "—", inspectors])
    }
    print(t.render())
}

extension ConnectionOptions {
    /// Calls a method of the sampling part of `io.inspectd.Control`, mapping errors to exit codes.
    func call<P: Encodable, R: Decodable>(_ method: Control.SamplingMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }
}
