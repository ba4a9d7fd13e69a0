/// Every rule of a configuration, by type. Ids are unique across all of them.
public struct RuleSet: Hashable, Sendable {
    public var cadences: [CadenceRule]
    public var caps: [CapRule]
    public var samplings: [SamplingRule]
    public var procedures: [ProcedureRule]
    public var followUps: [FollowUpRule]
    /// Deadlines started by lifecycle events (RULES.md P04–P06, D01–D04, E01–E05).
    public var deadlines: [DeadlineRule] = []

    public init(cadences: [CadenceRule] = [], caps: [CapRule] = [], samplings: [SamplingRule] = [],
                procedures: [ProcedureRule] = [], followUps: [FollowUpRule] = [], deadlines: [DeadlineRule] = []) {
        self.cadences = cadences; self.caps = caps; self.samplings = samplings; self.procedures = procedures; self.followUps = followUps
        self.deadlines = deadlines
    }

    public var count: Int { cadences.count + caps.count + samplings.count + procedures.count + followUps.count + deadlines.count }

    /// A uniform view of any rule, for listing and explaining.
    public struct Summary: Hashable, Sendable {
        public var id: String
        public var type: String
        public var title: String
        public var source: [String]
        public var enabled: Bool
        public var who: String
        public var about: [String]
        public var demand: String
        public var basis: String
    }

    public var summaries: [Summary] {
        var s: [Summary] = []
        for r in cadences {
            let demand: String
            switch r.cadence {
            case .quota(let q):
                let n = q.atMost.map { $0 == q.atLeast ? "\($0)" : "\(q.atLeast)–\($0)" } ?? "≥ \(q.atLeast)"
                demand = "\(r.action): \(n) per \(q.per.rawValue)" + (q.dueBefore.map { ", due before \($0)" } ?? "")
            case .interval(let i):
                demand = "\(r.action): within \(i.every) of the last" + (i.first.map { " (first within \($0) of approval)" } ?? "")
            }
            s.append(Summary(id: r.id, type: "cadence", title: r.title, source: r.source, enabled: r.enabled, who: r.actor.description,
                             about: r.subject.kinds.sorted(), demand: demand, basis: r.basis))
        }
        for r in caps {
            s.append(Summary(id: r.id, type: "cap", title: r.title, source: r.source, enabled: r.enabled, who: "-",
                             about: r.subject.kinds.sorted(), demand: "\(r.counts.sorted().joined(separator: ",")): ≤ \(r.atMost) per \(r.per.rawValue) (unless: \(r.exception))", basis: r.basis))
        }
        for r in samplings {
            s.append(Summary(id: r.id, type: "sampling", title: r.title, source: r.source, enabled: r.enabled, who: r.actor.description,
                             about: r.subject.kinds.sorted(), demand: "draw \(r.size) \(r.unit == .industry ? "industries" : "entities") per \(r.per.rawValue), \(r.inspectorsPerEntity) inspectors each", basis: r.basis))
        }
        for r in procedures {
            s.append(Summary(id: r.id, type: "procedure", title: r.title, source: r.source, enabled: r.enabled, who: "-",
                             about: [], demand: "\(r.kinds.sorted().joined(separator: ",")): ≥ \(r.minInspectors) inspectors", basis: r.basis))
        }
        for r in followUps {
            s.append(Summary(id: r.id, type: "follow-up", title: r.title, source: r.source, enabled: r.enabled, who: r.actor.description,
                             about: r.subject.kinds.sorted(), demand: "\(r.action) within \(r.within) after \(r.after.sorted().joined(separator: ","))", basis: r.basis))
        }
        for r in deadlines {
            var demand = "\(r.metBy.joined(separator: "/")) within \(r.within) of \(r.starts)"
            if !r.when.isEmpty { demand += " (\(r.when.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))" }
            if let u = r.urgentWithin { demand += "; urgent: \(u)" }
            if let e = r.extension_ { demand += "; extension ×\(e.max)" + (e.by.map { " by \($0)" } ?? "") + (e.atMost.map { " ≤ \($0)" } ?? "") + (e.requestBefore.map { ", asked \($0) before" } ?? "") + (e.approval ? ", approved" : "") }
            if r.lapses { demand += "; lapses on expiry" }
            s.append(Summary(id: r.id, type: "deadline", title: r.title, source: r.source, enabled: r.enabled, who: "-", about: [],
                             demand: demand, basis: r.basis))
        }
        return s.sorted { $0.id < $1.id }
    }
}
