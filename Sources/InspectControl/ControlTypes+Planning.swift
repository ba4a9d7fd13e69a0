import InspectCore

extension Control {
    public struct PlannedObligation: Codable, Equatable, Sendable {
        public var key: String
        public var entity: String
        public var entityName: String
        public var jurisdiction: String
        public var rule: String
        public var title: String
        public var period: String
        public var windowStart: String
        public var windowEnd: String
        public var due: String
        public var planned: String?
        public var plannedAfterDue: Bool
        public var status: String
        public var required: Int
        public var done: Int
        public var waivedReason: String?
        public var supervisor: String?
        public var provisional: Bool
        /// Who set the plan or the waiver in force (issue 12).
        public var plannedBy: Person?

        enum CodingKeys: String, CodingKey {
            case key, entity, jurisdiction, rule, title, period, due, planned, status, required, done, supervisor, provisional
            case entityName = "entity_name", windowStart = "window_start", windowEnd = "window_end"
            case plannedAfterDue = "planned_after_due", waivedReason = "waived_reason", plannedBy = "planned_by"
        }

        public init(_ o: InspectCore.Obligation, entity: InspectCore.Entity, title: String) {
            key = o.key; self.entity = o.entityID; entityName = entity.name; jurisdiction = entity.jurisdiction; rule = o.ruleID
            self.title = title; period = o.period.label; windowStart = o.period.start.iso; windowEnd = o.period.end.iso
            due = o.due.iso; planned = o.planned?.iso; plannedAfterDue = o.plannedAfterDue; status = o.status.rawValue
            required = o.required; done = o.done; waivedReason = o.waivedReason; supervisor = entity.supervisor
            provisional = o.provisional
        }
    }

    public struct Rule: Codable, Equatable, Sendable {
        public var id: String
        public var type: String
        public var title: String
        public var source: [String]
        public var enabled: Bool
        public var who: String
        public var about: [String]
        public var demand: String
        public var basis: String

        public init(_ s: RuleSet.Summary) {
            id = s.id; type = s.type; title = s.title; source = s.source; enabled = s.enabled; who = s.who; about = s.about
            demand = s.demand; basis = s.basis
        }
    }

    public struct Explanation: Codable, Equatable, Sendable {
        public var obligation: PlannedObligation
        public var rule: Rule
        public var counted: [Inspection]
        public var remindFrom: String
        public var text: String
        enum CodingKeys: String, CodingKey { case obligation, rule, counted, text, remindFrom = "remind_from" }
        public init(obligation: PlannedObligation, rule: Rule, counted: [Inspection], remindFrom: String, text: String) {
            self.obligation = obligation; self.rule = rule; self.counted = counted; self.remindFrom = remindFrom; self.text = text
        }
    }

    public struct GetPlanRequest: Codable, Sendable {
        public var year: Int
        public var jurisdiction: String?
        /// About this many obligations a page (whole entities: one entity's year is never split).
        public var limit: Int?
        /// The `next` of the page before: the last entity id it covered.
        public var after: String?
        public init(year: Int, jurisdiction: String? = nil, limit: Int? = nil, after: String? = nil) {
            self.year = year; self.jurisdiction = jurisdiction; self.limit = limit; self.after = after
        }
    }

    public struct Plan: Codable, Sendable {
        public var year: Int
        public var today: String
        public var obligations: [PlannedObligation]
        /// More entities follow: pass this as `after`.
        public var next: String?
        public init(year: Int, today: String, obligations: [PlannedObligation], next: String? = nil) {
            self.year = year; self.today = today; self.obligations = obligations; self.next = next
        }
    }

    public struct SetPlanRequest: Codable, Sendable {
        public var key: String
        public var planned: String?
        public var waiveReason: String?
        public var clear: Bool?
        enum CodingKeys: String, CodingKey { case key, planned, clear, waiveReason = "waive_reason" }
        public init(key: String, planned: String? = nil, waiveReason: String? = nil, clear: Bool? = nil) {
            self.key = key; self.planned = planned; self.waiveReason = waiveReason; self.clear = clear
        }
    }

    public struct SetPlanResult: Codable, Sendable {
        public var obligation: PlannedObligation
        public init(obligation: PlannedObligation) { self.obligation = obligation }
    }

    public struct ExplainRequest: Codable, Sendable {
        public var entity: String
        public var rule: String?
        public init(entity: String, rule: String? = nil) { self.entity = entity; self.rule = rule }
    }

    public struct ExplainResult: Codable, Sendable {
        public var explanations: [Explanation]
        public init(explanations: [Explanation]) { self.explanations = explanations }
    }

    public struct RuleList: Codable, Sendable {
        public var rules: [Rule]
        public init(rules: [Rule]) { self.rules = rules }
    }

    public struct GetRuleRequest: Codable, Sendable {
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct RuleDetail: Codable, Sendable {
        public var rule: Rule
        public init(rule: Rule) { self.rule = rule }
    }
}
