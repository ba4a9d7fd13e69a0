/// One visit: one entity on one day by a team, meant to meet the obligations it lists.
public struct ProposedVisit: Hashable, Sendable, Codable {
    public var date: CivilDate
    public var entity: String
    public var jurisdiction: String
    /// The keys of the obligations it meets (one key twice when two inspections are owed).
    public var obligations: [String]
    public var inspectors: [String]
    /// The latest day it is on time (the earliest due date of its obligations).
    public var due: CivilDate
    /// Why that day and that team, in a sentence.
    public var reason: String
    /// The same as clauses with codes (empty for a visit read back from the store, which keeps the sentence).
    public var reasons: [PlanReason] = []

    public init(date: CivilDate, entity: String, jurisdiction: String, obligations: [String], inspectors: [String], due: CivilDate, reason: String) {
        self.date = date; self.entity = entity; self.jurisdiction = jurisdiction; self.obligations = obligations
        self.inspectors = inspectors; self.due = due; self.reason = reason
    }

    public init(date: CivilDate, entity: String, jurisdiction: String, obligations: [String], inspectors: [String], due: CivilDate, reasons: [PlanReason]) {
        self.init(date: date, entity: entity, jurisdiction: jurisdiction, obligations: obligations, inspectors: inspectors, due: due,
                  reason: PlanReason.sentence(reasons))
        self.reasons = reasons
    }
}

/// An obligation's visit that could not be placed, and why.
public struct UnplacedObligation: Hashable, Sendable, Codable {
    public var obligation: String
    /// Why, in a sentence, and as clauses with codes.
    public var reason: String
    public var reasons: [PlanReason]
    public init(obligation: String, reasons: [PlanReason]) {
        self.obligation = obligation; self.reasons = reasons; reason = PlanReason.sentence(reasons)
    }
    public init(obligation: String, _ reason: PlanReason) { self.init(obligation: obligation, reasons: [reason]) }
}

/// What the proposal gives one inspector.
public struct InspectorLoad: Hashable, Sendable, Codable {
    public var inspector: String
    public var visits: Int
    public var days: Int
    public init(inspector: String, visits: Int, days: Int) { self.inspector = inspector; self.visits = visits; self.days = days }
}

/// A month's (or any window's) proposed visits: nothing is recorded until a manager applies it.
public struct VisitProposal: Hashable, Sendable, Codable {
    public var visits: [ProposedVisit]
    public var unplaced: [UnplacedObligation]
    public var load: [InspectorLoad]
    /// Visits applied before and kept (their days are in `load`).
    public var kept = 0
    public init(visits: [ProposedVisit], unplaced: [UnplacedObligation], load: [InspectorLoad]) {
        self.visits = visits; self.unplaced = unplaced; self.load = load
    }
}
