import ArgumentParser
import InspectControl

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade", abstract: "Grades (分类评级, 信用等级): set, show, history, and the risk score (RULES.md G01–G05).",
        subcommands: [Set.self, Show.self, History.self, Explain.self])
    @OptionGroup var connection: ConnectionOptions

    static func table(_ entries: [Control.GradeEntry]) -> String {
        var t = TextTable(["ID", "SCALE", "LEVEL", "EFFECTIVE", "STATUS", "BY", "RECORDED BY", "RULE", "CAUSES", "REASON"])
        for e in entries {
            t.add(["\(e.id)", e.scale, e.level, e.effective, e.status, e.assignedBy, e.recordedBy.map(personText) ?? "—", e.rule ?? "—",
                   e.causes.map(String.init).joined(separator: ","), e.reason])
        }
        return t.render()
    }

    /// The entity's grade entries that `pick` selects, as a table or JSON.
    static func printEntries(_ connection: ConnectionOptions, entity: String, json: Bool, empty: String,
                             pick: (Control.Grades) -> [Control.GradeEntry]) throws {
        let entries = pick(try connection.call(.getGrades, Control.EntityRequest(entity: entity), as: Control.Grades.self))
        if json { try printJSON(entries); return }
        print(entries.isEmpty ? empty : table(entries))
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign a grade; the cadence rules of the new grade apply at once.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The entity id.") var entity: String
        @Argument(help: "The level, e.g. V(1), II, 良好.") var level: String
        @Option(help: "The scale (default: the one of the entity's kind).") var scale: String?
        @Option(help: ArgumentHelp("Effective from (default today).", valueName: "YYYY-MM-DD")) var effective: String?
        @Option(help: "Why.") var reason: String
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                let id = ConnectionOptions.newRequestID()
                let r = try connection.callRetrying(qualified: Control.GradeMethod.setGrade.qualified,
                                                    Control.SetGradeRequest(entity: entity, level: level, scale: scale, effective: effective,
                                                                            reason: reason, requestID: id),
                                                    requestID: id, as: Control.SetGradeResult.self)
                if json { try printJSON(r.entry); return }
                print("\(entity): \(r.entry.scale) \(r.entry.level) from \(r.entry.effective) (assignment \(r.entry.id)).")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The grades in force.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The entity id.") var entity: String
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                try GradeCommand.printEntries(connection, entity: entity, json: json, empty: "\(entity): no grade assigned (the directory's grade applies).") { $0.current }
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every grade assignment, escalations included, with reasons and causes.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The entity id.") var entity: String
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                try GradeCommand.printEntries(connection, entity: entity, json: json, empty: "\(entity): no grade assignments.") { $0.history }
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The risk score: each signal's contribution and the grade it proposes.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The entity id.") var entity: String
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                let r = try connection.call(.explainGrade, Control.EntityRequest(entity: entity), as: Control.GradeExplanation.self)
                if json { try printJSON(r); return }
                print("\(entity): score \(r.score); current \(r.current ?? "—"); proposed \(r.proposed ?? "—")" + (r.scale.map { " on \($0)" } ?? ""))
                var t = TextTable(["SIGNAL", "COUNT", "WEIGHT", "POINTS", "TITLE"])
                for c in r.contributions { t.add([c.signal, "\(c.count)", "\(c.weight)", "\(c.points)", c.title]) }
                print(t.render())
                for line in r.explanation { print("  " + line) }
            }
        }
    }
}
