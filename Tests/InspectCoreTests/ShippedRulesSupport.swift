import Foundation
import InspectConfig
import InspectCore
import Testing

/// The shipped configuration (`config/`) and demo directory, loaded once for the ShippedRules tests:
/// every rule under test is taken from there by id, never built in the test.
enum Shipped {
    static let loaded: Result<Configuration, any Error> = Result {
        try ConfigurationLoader.load(directory: CalendarFixtures.configDirectory)
    }

    static func configuration() throws -> Configuration { try loaded.get() }

    /// `config/demo/entities.csv`, parsed with the shipped supervisors.
    static let directoryResult: Result<[Entity], any Error> = Result {
        let c = try loaded.get()
        let path = CalendarFixtures.configDirectory + "/demo/entities.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try EntityDirectoryCSV.parse(text, file: path, supervisors: Set(c.supervisors.map(\.id)))
    }

    static func directory() throws -> [Entity] { try directoryResult.get() }

    static func entity(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Entity {
        try #require(try directory().first { $0.id == id }, "no entity \(id) in the demo directory", sourceLocation: sourceLocation)
    }

    static func cadence(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CadenceRule {
        try #require(try configuration().rules.cadences.first { $0.id == id }, "no cadence rule \(id) shipped", sourceLocation: sourceLocation)
    }

    static func cap(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CapRule {
        try #require(try configuration().rules.caps.first { $0.id == id }, "no cap rule \(id) shipped", sourceLocation: sourceLocation)
    }

    static func sampling(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SamplingRule {
        try #require(try configuration().rules.samplings.first { $0.id == id }, "no sampling rule \(id) shipped", sourceLocation: sourceLocation)
    }

    static func procedure(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcedureRule {
        try #require(try configuration().rules.procedures.first { $0.id == id }, "no procedure rule \(id) shipped", sourceLocation: sourceLocation)
    }

    static func followUp(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> FollowUpRule {
        try #require(try configuration().rules.followUps.first { $0.id == id }, "no follow-up rule \(id) shipped", sourceLocation: sourceLocation)
    }

    /// The shipped rules and calendar, tracked from `since` (the shipped `schedule.since` when nil):
    /// the 2022–2024 holiday edges need an earlier start of tracking than the demo's 2026-01-01.
    static func schedule(since: String? = nil) throws -> ObligationSchedule {
        let c = try configuration()
        guard let since else { return c.schedule }
        return ObligationSchedule(rules: c.rules, calendar: c.calendar, since: try day(since))
    }

    /// The obligations of `entity` under the shipped rules, only those of rule `ruleID`, by period label.
    static func obligations(_ ruleID: String, of entityID: String, facts: [Inspection] = [], today: String,
                            since: String? = nil) throws -> [String: Obligation] {
        let list = try schedule(since: since).obligations(of: try entity(entityID), inspections: facts, plans: [:], today: try day(today))
        var byPeriod: [String: Obligation] = [:]
        for o in list where o.ruleID == ruleID { byPeriod[o.period.label] = o }
        return byPeriod
    }

    /// The ids of the rules that give `entityID` obligations on `today`.
    static func rulesOwed(by entityID: String, today: String) throws -> Set<String> {
        Set(try configuration().schedule.obligations(of: try entity(entityID), inspections: [], today: try day(today)).map(\.ruleID))
    }
}

/// A recorded fact of `kind` about `entity` on `date`, by two inspectors.
func fact(_ entity: String, _ date: String, _ kind: String, by authority: Authority = .county,
          inspectors: [String] = ["甲", "乙"], exceptionReason: String? = nil) throws -> Inspection {
    Inspection(entityID: entity, date: try day(date), kind: kind, authority: authority, inspectors: inspectors,
               exceptionReason: exceptionReason)
}

/// The inspector pool the draws use: the shipped supervisors plus a few inspectors.
func inspectorPool() throws -> [String] {
    try Shipped.configuration().supervisors.map(\.id) + ["I01", "I02", "I03", "I04"]
}
