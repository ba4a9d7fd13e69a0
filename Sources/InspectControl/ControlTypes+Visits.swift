import InspectCore

/// Wire types of the visit planner part of `io.inspectd.Control` (see `ControlInterface.visitsDescription`).
extension Control {
    /// Method names of the visit planner.
    public enum VisitMethod: String, CaseIterable, Sendable {
        case setInspector = "SetInspector"
        case recordLeave = "RecordLeave"
        case withdrawLeave = "WithdrawLeave"
        case listLeave = "ListLeave"
        case proposeVisits = "ProposeVisits"
        case applyVisits = "ApplyVisits"
        case listVisits = "ListVisits"
        case moveVisit = "MoveVisit"
        case cancelVisit = "CancelVisit"
        case visitCapacity = "VisitCapacity"
        case explainVisit = "ExplainVisit"

        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }

    public struct SetInspectorRequest: Codable, Sendable {
        public var id: String
        public var name: String?
        public var office: String?
        public var active: Bool?
        public var jurisdictions: [String]?
        public var kinds: [String]?
        public var visitsPerDay: Int?
        enum CodingKeys: String, CodingKey { case id, name, office, active, jurisdictions, kinds, visitsPerDay = "visits_per_day" }
        public init(id: String, name: String? = nil, office: String? = nil, active: Bool? = nil, jurisdictions: [String]? = nil,
                    kinds: [String]? = nil, visitsPerDay: Int? = nil) {
            self.id = id; self.name = name; self.office = office; self.active = active; self.jurisdictions = jurisdictions
            self.kinds = kinds; self.visitsPerDay = visitsPerDay
        }
    }

    /// IDL `InspectorLeave`.
    public struct InspectorLeave: Codable, Equatable, Sendable {
        public var id: Int64
        public var inspector: String
        public var from: String
        public var to: String
        public var reason: String
        public var recordedAt: String
        public var recordedBy: Person?
        public var withdrawnAt: String?
        public var withdrawalReason: String?
        enum CodingKeys: String, CodingKey {
            case id, inspector, from, to, reason
            case recordedAt = "recorded_at", recordedBy = "recorded_by", withdrawnAt = "withdrawn_at", withdrawalReason = "withdrawal_reason"
        }
        public init(id: Int64, inspector: String, from: String, to: String, reason: String, recordedAt: String, recordedBy: Person? = nil,
                    withdrawnAt: String? = nil, withdrawalReason: String? = nil) {
            self.id = id; self.inspector = inspector; self.from = from; self.to = to; self.reason = reason; self.recordedAt = recordedAt
            self.recordedBy = recordedBy; self.withdrawnAt = withdrawnAt; self.withdrawalReason = withdrawalReason
        }
    }

    public struct RecordLeaveRequest: Codable, Sendable {
        public var inspector: String
        public var from: String
        public var to: String
        public var reason: String
        public init(inspector: String, from: String, to: String, reason: String) {
            self.inspector = inspector; self.from = from; self.to = to; self.reason = reason
        }
    }

    public struct WithdrawLeaveRequest: Codable, Sendable {
        public var id: Int64
        public var reason: String
        public init(id: Int64, reason: String) { self.id = id; self.reason = reason }
    }

    public struct LeaveReply: Codable, Sendable {
        public var leave: InspectorLeave
        public init(leave: InspectorLeave) { self.leave = leave }
    }

    public struct ListLeaveRequest: Codable, Sendable {
        public var inspector: String?
        public var since: String?
        public var withdrawn: Bool?
        public var limit: Int?
        public var after: String?
        public init(inspector: String? = nil, since: String? = nil, withdrawn: Bool? = nil, limit: Int? = nil, after: String? = nil) {
            self.inspector = inspector; self.since = since; self.withdrawn = withdrawn; self.limit = limit; self.after = after
        }
    }

    public struct LeaveList: Codable, Sendable {
        public var leave: [InspectorLeave]
        public var next: String?
        public var remaining: Int?
        public init(leave: [InspectorLeave], next: String? = nil, remaining: Int? = nil) { self.leave = leave; self.next = next; self.remaining = remaining }
    }

    public struct ProposeVisitsRequest: Codable, Sendable {
        public var from: String
        public var to: String
        public var office: String?
        public var seed: Int64?
        public init(from: String, to: String, office: String? = nil, seed: Int64? = nil) {
            self.from = from; self.to = to; self.office = office; self.seed = seed
        }
    }

    /// IDL `ProposedVisit`.
    public struct Visit: Codable, Equatable, Sendable {
        public var date: String
        public var entity: String
        public var entityName: String
        public var jurisdiction: String
        public var obligations: [String]
        public var inspectors: [String]
        public var inspectorNames: [String]
        public var due: String
        public var reason: String
        /// The reason as coded clauses (a proposal's visits).
        public var reasons: [PlanReasonClause]?
        /// A planned (applied) visit's id and state: `planned`, `met`, `missed`, `cancelled`.
        public var id: Int64?
        public var status: String?
        /// The day it had before a move, and why it moved; `late`: after its due date.
        public var movedFrom: String?
        public var moveReason: String?
        public var late: Bool?
        public var cancelReason: String?
        enum CodingKeys: String, CodingKey {
            case date, entity, jurisdiction, obligations, inspectors, due, reason, reasons, id, status, late
            case entityName = "entity_name", inspectorNames = "inspector_names", movedFrom = "moved_from", moveReason = "move_reason"
            case cancelReason = "cancel_reason"
        }
        public init(date: String, entity: String, entityName: String, jurisdiction: String, obligations: [String], inspectors: [String],
                    inspectorNames: [String], due: String, reason: String, id: Int64? = nil, moveReason: String? = nil) {
            self.date = date; self.entity = entity; self.entityName = entityName; self.jurisdiction = jurisdiction
            self.obligations = obligations; self.inspectors = inspectors; self.inspectorNames = inspectorNames; self.due = due; self.reason = reason
            self.id = id; self.moveReason = moveReason
        }
    }

    /// IDL `UnplacedObligation`.
    public struct Unplaced: Codable, Equatable, Sendable {
        public var obligation: String
        public var reason: String
        public var reasons: [PlanReasonClause]?
        public init(obligation: String, reason: String, reasons: [PlanReasonClause]? = nil) {
            self.obligation = obligation; self.reason = reason; self.reasons = reasons
        }
    }

    /// IDL `PlanReason`: one clause of the planner's reason (InspectCore's `PlanReason`).
    public struct PlanReasonClause: Codable, Equatable, Sendable {
        public var code: String
        public var values: [String]
        public init(code: String, values: [String]) { self.code = code; self.values = values }
        public init(_ r: PlanReason) { self.init(code: r.code.rawValue, values: r.values) }

        /// The core's clause, when the code is known.
        public var clause: PlanReason? { PlanReason.Code(rawValue: code).map { PlanReason(code: $0, values: values) } }
    }

    /// IDL `InspectorLoad`.
    public struct Load: Codable, Equatable, Sendable {
        public var inspector: String
        public var name: String
        public var visits: Int
        public var days: Int
        public init(inspector: String, name: String, visits: Int, days: Int) { self.inspector = inspector; self.name = name; self.visits = visits; self.days = days }
    }

    public struct VisitProposalReply: Codable, Sendable {
        public var visits: [Visit]
        public var unplaced: [Unplaced]
        public var load: [Load]
        /// Visits applied before and kept (not re-planned); with `apply`, those re-planned (cancelled).
        public var kept: Int?
        public var cancelled: Int?
        public init(visits: [Visit], unplaced: [Unplaced], load: [Load], kept: Int? = nil, cancelled: Int? = nil) {
            self.visits = visits; self.unplaced = unplaced; self.load = load; self.kept = kept; self.cancelled = cancelled
        }
    }

    public struct ApplyVisitsRequest: Codable, Sendable {
        public var from: String
        public var to: String
        public var office: String?
        public var seed: Int64?
        public var replan: Bool?
        public init(from: String, to: String, office: String? = nil, seed: Int64? = nil, replan: Bool? = nil) {
            self.from = from; self.to = to; self.office = office; self.seed = seed; self.replan = replan
        }
    }

    public struct ListVisitsRequest: Codable, Sendable {
        public var from: String?
        public var to: String?
        public var inspector: String?
        public var cancelled: Bool?
        public var limit: Int?
        public var after: String?
        public init(from: String? = nil, to: String? = nil, inspector: String? = nil, cancelled: Bool? = nil, limit: Int? = nil, after: String? = nil) {
            self.from = from; self.to = to; self.inspector = inspector; self.cancelled = cancelled; self.limit = limit; self.after = after
        }
    }

    public struct VisitList: Codable, Sendable {
        public var visits: [Visit]
        public var next: String?
        public var remaining: Int?
        public init(visits: [Visit], next: String? = nil, remaining: Int? = nil) { self.visits = visits; self.next = next; self.remaining = remaining }
    }

    public struct MoveVisitRequest: Codable, Sendable {
        public var id: Int64
        public var date: String
        public var reason: String?
        public init(id: Int64, date: String, reason: String? = nil) { self.id = id; self.date = date; self.reason = reason }
    }

    public struct CancelVisitRequest: Codable, Sendable {
        public var id: Int64
        public var reason: String
        public init(id: Int64, reason: String) { self.id = id; self.reason = reason }
    }

    public struct VisitReply: Codable, Sendable {
        public var visit: Visit
        public init(visit: Visit) { self.visit = visit }
    }
}

extension Control.LeaveList: ControlPage { public var items: [Control.InspectorLeave] { leave } }
extension Control.VisitList: ControlPage { public var items: [Control.Visit] { visits } }
extension Control.LeaveList: ControlListPage { public static let itemsKey = "leave" }
extension Control.VisitList: ControlListPage { public static let itemsKey = "visits" }

extension Control {
    public struct VisitCapacityRequest: Codable, Sendable {
        public var year: Int
        public var office: String?
        public init(year: Int, office: String? = nil) { self.year = year; self.office = office }
    }

    /// IDL `CapacityMonth`.
    public struct CapacityMonth: Codable, Equatable, Sendable {
        public var month: String
        public var jurisdiction: String
        public var visits: Double
        public var needed: Double
        public var capacity: Double
        public var short: Double
        public init(month: String, jurisdiction: String, visits: Double, needed: Double, capacity: Double, short: Double) {
            self.month = month; self.jurisdiction = jurisdiction; self.visits = visits; self.needed = needed; self.capacity = capacity; self.short = short
        }
    }

    public struct VisitCapacityReply: Codable, Sendable {
        public var months: [CapacityMonth]
        public init(months: [CapacityMonth]) { self.months = months }
    }

    public struct ExplainVisitRequest: Codable, Sendable {
        public var id: Int64
        public init(id: Int64) { self.id = id }
    }

    public struct ExplainVisitReply: Codable, Sendable {
        public var visit: Visit
        public var lines: [String]
        /// The lines as codes and values, one for one (visit, meets, due_on_time, due_after,
        /// moved_from, why, in_team, inactive, away, conflict, not_covering, free).
        public var details: [ExplainLine]?
        public init(visit: Visit, lines: [String]) { self.visit = visit; self.lines = lines }
    }

    /// IDL `ExplainLine`: one line of a visit's explanation as a code and its values.
    public struct ExplainLine: Codable, Equatable, Sendable {
        public var code: String
        public var values: [String]
        public init(code: String, values: [String]) { self.code = code; self.values = values }
    }
}
