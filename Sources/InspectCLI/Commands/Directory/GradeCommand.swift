import ArgumentParser
import Foundation
import InspectControl

struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade", abstract: Help.text("Grades (分类评级, 信用等级): set, show, history, and the risk score (RULES.md G01–G05).", "等级（分类评级、信用等级）：评定、查看、历史及风险评分（RULES.md G01–G05）。"),
        subcommands: [Set.self, Show.self, History.self, Explain.self])
    @OptionGroup var connection: ConnectionOptions

    /// A line of the daemon's grade explanation (`proposed G02 grade: I (score ≥ 0)`) in the caller's language.
    static func localized(_ line: String) -> String {
        guard Language.current == .chinese else { return line }
        if let m = line.wholeMatch(of: /proposed (\S+) grade: (\S+) \(score ≥ (-?\d+)\)/) {
            return "按 \(m.1) 建议等级：\(m.2)（得分 ≥ \(m.3)）"
        }
        return line
    }

    static func table(_ entries: [Control.GradeEntry]) -> String {
        var t = TextTable(["ID", "SCALE", "LEVEL", "EFFECTIVE", "STATUS", "BY", "RECORDED BY", "RULE", "CAUSES", "REASON"])
        for e in entries {
            t.add(["\(e.id)", e.scale, e.level, e.effective, Messages.word(e.status), assignerText(e.assignedBy), e.recordedBy.map(personText) ?? "—", e.rule ?? "—",
                   e.causes.map(String.init).joined(separator: ","), e.reason])
        }
        return t.render()
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Assign a grade; the cadence rules of the new grade apply at once.", "评定等级；新等级的检查频次规则立即适用。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Argument(help: ArgumentHelp("The level, e.g. V(1), II, 良好.", "等级，例如 V(1)、II、良好。")) var level: String
        @Option(help: ArgumentHelp("The scale (default: the one of the entity's kind).", "等级体系（默认：该对象类别所用的）。")) var scale: String?
        @Option(help: ArgumentHelp("Effective from (default today).", "生效日期（默认今天）。", valueName: "YYYY-MM-DD")) var effective: String?
        @Option(help: ArgumentHelp("Why.", "理由。")) var reason: String
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                let id = ConnectionOptions.newRequestID()
                let r = try connection.callRetrying(qualified: Control.GradeMethod.setGrade.qualified,
                                                    Control.SetGradeRequest(entity: entity, level: level, scale: scale, effective: effective,
                                                                            reason: reason, requestID: id),
                                                    requestID: id, as: Control.SetGradeResult.self)
                if json { try printJSON(r.entry); return }
                print(Messages.pick("\(entity): \(r.entry.scale) \(r.entry.level) from \(r.entry.effective) (assignment \(r.entry.id)).",
                                    "\(entity)：\(r.entry.scale) \(r.entry.level)，自 \(r.entry.effective) 起（评定 #\(r.entry.id)）。"))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("The grades in force.", "现行等级。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                let grades = try connection.call(.getGrades, Control.EntityRequest(entity: entity), as: Control.Grades.self)
                if json { try printJSON(grades.current); return }
                guard grades.current.isEmpty else { print(GradeCommand.table(grades.current)); return }
                // Nothing assigned: the directory's grade is the one in force, so name it.
                let directory = try connection.call(.getEntity, Control.GetEntityRequest(id: entity), as: Control.EntityDetail.self).entity.grade
                print(directory.map { Messages.say(.directoryGrade, entity, $0) } ?? Messages.say(.noGradeAtAll, entity))
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("Every grade assignment, escalations included, with reasons and causes.", "全部等级评定记录（含升级），附理由和原因事件。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                let history = try connection.call(.getGrades, Control.EntityRequest(entity: entity), as: Control.Grades.self).history
                if json { try printJSON(history); return }
                print(history.isEmpty ? Messages.say(.noGradeAssignments, entity) : GradeCommand.table(history))
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: Help.text("The risk score: each signal's contribution and the grade it proposes.", "风险评分：各项信号的分值及据此建议的等级。"))
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
        @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
        func run() throws {
            try reportingFailures {
                let r = try connection.call(.explainGrade, Control.EntityRequest(entity: entity), as: Control.GradeExplanation.self)
                if json { try printJSON(r); return }
                print(Messages.pick("\(entity): score \(r.score); current \(r.current ?? "—"); proposed \(r.proposed ?? "—")" + (r.scale.map { " on \($0)" } ?? ""),
                                    "\(entity)：得分 \(r.score)；现行等级 \(r.current ?? "—")；建议等级 \(r.proposed ?? "—")" + (r.scale.map { "（\($0)）" } ?? "")))
                var t = TextTable(["SIGNAL", "COUNT", "WEIGHT", "POINTS", "TITLE"])
                for c in r.contributions { t.add([Language.current == .chinese ? c.title : c.signal, "\(c.count)", "\(c.weight)", "\(c.points)", c.title]) }
                print(t.render())
                // The explanation's first lines are the table's rows again, one per signal, and
                // its "score:" line the heading's: only what neither says (the threshold reached,
                // signals ignored) follows.
                for line in r.explanation.dropFirst(r.contributions.count) where !line.hasPrefix("score:") { print("  " + GradeCommand.localized(line)) }
            }
        }
    }
}
