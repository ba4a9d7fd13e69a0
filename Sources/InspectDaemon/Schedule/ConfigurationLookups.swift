import InspectConfig
import InspectCore

/// The configuration's rules and supervisors by id, for the work done once per listed item: a
/// linear search of the 46 rules (twice) and of the supervisors for each obligation was about
/// half of what a streamed list of a province cost the daemon (issue 11: ≥ 200,000/s).
struct ConfigurationLookups {
    private let rules: [String: any ObligationRule]
    private let supervisorNames: [String: String]

    init(_ configuration: Configuration) {
        var rules: [String: any ObligationRule] = [:]
        for r in configuration.rules.cadences { rules[r.id] = rules[r.id] ?? r }
        for r in configuration.rules.followUps { rules[r.id] = rules[r.id] ?? r }
        for r in configuration.rules.samplings { rules[r.id] = rules[r.id] ?? r }
        for r in configuration.rules.deadlines { rules[r.id] = rules[r.id] ?? r }
        self.rules = rules
        var names: [String: String] = [:]
        for s in configuration.supervisors where names[s.id] == nil { names[s.id] = s.name }
        supervisorNames = names
    }

    /// `configuration.rules.obligationRule(id)`, by a dictionary.
    func rule(_ id: String) -> (any ObligationRule)? { rules[id] }

    /// `configuration.supervisor(id)?.name`, by a dictionary.
    func supervisorName(_ id: String?) -> String? { id.flatMap { supervisorNames[$0] } }
}
