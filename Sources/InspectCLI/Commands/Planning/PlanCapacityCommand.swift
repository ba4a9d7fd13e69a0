import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl plan capacity YEAR [--office O]`: will the year fit? Month by month and by
/// jurisdiction, the inspector-visits the obligations need against what the inspectors can make.
struct PlanCapacity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Will the year fit? The inspector-visits needed month by month and by jurisdiction, against the capacity.",
        discussion: """
        NEEDED counts inspector-visits: each visit takes its team (P01: two). A visit that may go in any of
        several months (a yearly inspection) counts in each in part. CAPACITY is what the inspectors covering
        the jurisdiction can make: working days × visits a day, less leave; an inspector covering several
        jurisdictions counts in each in part. SHORT is what is missing.
        """)
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The year.") var year: Int
    @Option(help: "Only the entities of this office's supervisors.") var office: String?
    @Flag(help: "Print JSON.") var json = false

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
        commandName: "explain", abstract: "Why a planned visit has that day and that team: due dates, capacity, leave, conflicts, draw, pin.")
    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The visit's id (plan visits).") var id: Int64
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.explainVisit, Control.ExplainVisitRequest(id: id), as: Control.ExplainVisitReply.self)
            if json { try printJSON(r); return }
            for line in r.lines { print(line) }
        }
    }
}
