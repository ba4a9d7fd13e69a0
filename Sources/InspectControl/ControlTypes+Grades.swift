import InspectCore

extension Control {
    public enum GradeMethod: String, CaseIterable, Sendable {
        case setGrade = "SetGrade"
        case getGrades = "GetGrades"
        case explainGrade = "ExplainGrade"
        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }

    public struct GradeEntry: Codable, Equatable, Sendable {
        public var id: Int64
        public var scale: String
        public var level: String
        public var effective: String
        public var reason: String
        public var assignedBy: String
        public var rule: String?
        public var causes: [Int64]
        public var status: String
        /// Who recorded the assignment (issue 12).
        public var recordedBy: Person?
        enum CodingKeys: String, CodingKey { case id, scale, level, effective, reason, rule, causes, status, assignedBy = "assigned_by", recordedBy = "recorded_by" }

        public init(_ a: GradeAssignment, status: String) {
            id = a.id ?? 0; scale = a.scale; level = a.level; effective = a.effective.iso; reason = a.reason; assignedBy = a.assignedBy
            rule = a.rule; causes = a.causes; self.status = status
        }
    }

    public struct SetGradeRequest: Codable, Sendable {
        public var entity: String
        public var level: String
        public var scale: String?
        public var effective: String?
        public var reason: String
        /// The client's id of this write: a retry with the same id records nothing new.
        public var requestID: String?
        enum CodingKeys: String, CodingKey {
            case entity, level, scale, effective, reason
            case requestID = "request_id"
        }
        public init(entity: String, level: String, scale: String? = nil, effective: String? = nil, reason: String, requestID: String? = nil) {
            self.entity = entity; self.level = level; self.scale = scale; self.effective = effective; self.reason = reason
            self.requestID = requestID
        }
    }

    public struct SetGradeResult: Codable, Sendable {
        public var entry: GradeEntry
        public init(entry: GradeEntry) { self.entry = entry }
    }

    public struct EntityRequest: Codable, Sendable {
        public var entity: String
        public init(entity: String) { self.entity = entity }
    }

    public struct Grades: Codable, Sendable {
        public var entity: String
        public var current: [GradeEntry]
        public var history: [GradeEntry]
        public init(entity: String, current: [GradeEntry], history: [GradeEntry]) { self.entity = entity; self.current = current; self.history = history }
    }

    public struct RiskContribution: Codable, Sendable {
        public var signal: String
        public var title: String
        public var count: Int
        public var weight: Int
        public var points: Int
        public init(signal: String, title: String, count: Int, weight: Int, points: Int) {
            self.signal = signal; self.title = title; self.count = count; self.weight = weight; self.points = points
        }
    }

    public struct GradeExplanation: Codable, Sendable {
        public var entity: String
        public var scale: String?
        public var current: String?
        public var score: Int
        public var proposed: String?
        public var contributions: [RiskContribution]
        public var explanation: [String]
        public init(entity: String, scale: String?, current: String?, score: Int, proposed: String?, contributions: [RiskContribution], explanation: [String]) {
            self.entity = entity; self.scale = scale; self.current = current; self.score = score; self.proposed = proposed
            self.contributions = contributions; self.explanation = explanation
        }
    }
}
