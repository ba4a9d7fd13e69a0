import InspectCore

/// Wire types of the sampling part of `io.inspectd.Control` (see `ControlInterface.samplingDescription`).
extension Control {
    /// Method names of the sampling part (the core ones are `ControlInterface.Method`).
    public enum SamplingMethod: String, CaseIterable, Sendable {
        case addInspector = "AddInspector"
        case listInspectors = "ListInspectors"
        case declareConflict = "DeclareConflict"
        case drawSample = "DrawSample"
        case verifyDraw = "VerifyDraw"
        case listDraws = "ListDraws"
        case getDraw = "GetDraw"

        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }

    /// IDL `Inspector`.
    public struct Inspector: Codable, Equatable, Sendable {
        public var id: String
        public var name: String
        public var office: String?
        public var active: Bool
        public var conflicts: [String]
        /// The jurisdictions they cover (辖区); nil: every one.
        public var jurisdictions: [String]?
        /// The kinds of entity they may inspect; nil: every kind.
        public var kinds: [String]?
        public var visitsPerDay: Int?
        enum CodingKeys: String, CodingKey { case id, name, office, active, conflicts, jurisdictions, kinds, visitsPerDay = "visits_per_day" }
        public init(id: String, name: String, office: String?, active: Bool, conflicts: [String], jurisdictions: [String]? = nil,
                    kinds: [String]? = nil, visitsPerDay: Int? = nil) {
            self.id = id; self.name = name; self.office = office; self.active = active; self.conflicts = conflicts
            self.jurisdictions = jurisdictions; self.kinds = kinds; self.visitsPerDay = visitsPerDay
        }
    }

    /// IDL `InspectorConflict`.
    public struct ConflictDeclaration: Codable, Equatable, Sendable {
        public var inspector: String
        public var entity: String
        public var reason: String
        public var declaredAt: String
        public var declaredBy: Int
        enum CodingKeys: String, CodingKey { case inspector, entity, reason, declaredAt = "declared_at", declaredBy = "declared_by" }
        public init(inspector: String, entity: String, reason: String, declaredAt: String, declaredBy: Int) {
            self.inspector = inspector; self.entity = entity; self.reason = reason; self.declaredAt = declaredAt; self.declaredBy = declaredBy
        }
    }

    /// IDL `DrawnEntity`.
    public struct DrawEntity: Codable, Equatable, Sendable {
        public var entity: String
        public var entityName: String
        public var grade: String?
        public var industry: String?
        public var inspectors: [String]
        public var inspectorNames: [String]
        enum CodingKeys: String, CodingKey {
            case entity, grade, industry, inspectors
            case entityName = "entity_name", inspectorNames = "inspector_names"
        }
        public init(entity: String, entityName: String, grade: String?, industry: String?, inspectors: [String], inspectorNames: [String]) {
            self.entity = entity; self.entityName = entityName; self.grade = grade; self.industry = industry
            self.inspectors = inspectors; self.inspectorNames = inspectorNames
        }
    }

    /// IDL `SampleDraw`.
    public struct Draw: Codable, Equatable, Sendable {
        public var id: String
        public var rule: String
        public var title: String
        public var period: String
        public var unit: String
        public var seed: Int64
        public var populationSize: Int
        public var populationDigest: String
        public var size: Int
        public var industries: [String]
        /// A page of the drawn entities (all of them unless the reply has a `next`).
        public var entities: [DrawEntity]
        /// How many entities were drawn in all.
        public var entityCount: Int
        public var drawnAt: String
        public var drawnBy: Int
        /// Who drew it: the uid's login and the supervisor it is (issue 12).
        public var recordedBy: Person?
        enum CodingKeys: String, CodingKey {
            case id, rule, title, period, unit, seed, size, industries, entities
            case populationSize = "population_size", populationDigest = "population_digest", drawnAt = "drawn_at", drawnBy = "drawn_by"
            case recordedBy = "recorded_by", entityCount = "entity_count"
        }
        public init(_ summary: DrawSummary, entities: [DrawEntity]) {
            id = summary.id; rule = summary.rule; title = summary.title; period = summary.period; unit = summary.unit; seed = summary.seed
            populationSize = summary.populationSize; populationDigest = summary.populationDigest; size = summary.size
            industries = summary.industries; self.entities = entities; entityCount = summary.entityCount
            drawnAt = summary.drawnAt; drawnBy = summary.drawnBy; recordedBy = summary.recordedBy
        }
    }

    /// IDL `SampleDrawSummary`: a draw without its entities (a list of draws).
    public struct DrawSummary: Codable, Equatable, Sendable {
        public var id: String
        public var rule: String
        public var title: String
        public var period: String
        public var unit: String
        public var seed: Int64
        public var populationSize: Int
        public var populationDigest: String
        public var size: Int
        public var industries: [String]
        public var entityCount: Int
        public var drawnAt: String
        public var drawnBy: Int
        public var recordedBy: Person?
        enum CodingKeys: String, CodingKey {
            case id, rule, title, period, unit, seed, size, industries
            case populationSize = "population_size", populationDigest = "population_digest", drawnAt = "drawn_at", drawnBy = "drawn_by"
            case recordedBy = "recorded_by", entityCount = "entity_count"
        }
        public init(id: String, rule: String, title: String, period: String, unit: String, seed: Int64, populationSize: Int,
                    populationDigest: String, size: Int, industries: [String], entityCount: Int, drawnAt: String, drawnBy: Int) {
            self.id = id; self.rule = rule; self.title = title; self.period = period; self.unit = unit; self.seed = seed
            self.populationSize = populationSize; self.populationDigest = populationDigest; self.size = size
            self.industries = industries; self.entityCount = entityCount; self.drawnAt = drawnAt; self.drawnBy = drawnBy
        }
    }

    public struct AddInspectorRequest: Codable, Sendable {
        public var id: String
        public var name: String
        public var office: String?
        public var jurisdictions: [String]?
        public var kinds: [String]?
        public var visitsPerDay: Int?
        enum CodingKeys: String, CodingKey { case id, name, office, jurisdictions, kinds, visitsPerDay = "visits_per_day" }
        public init(id: String, name: String, office: String? = nil, jurisdictions: [String]? = nil, kinds: [String]? = nil, visitsPerDay: Int? = nil) {
            self.id = id; self.name = name; self.office = office; self.jurisdictions = jurisdictions; self.kinds = kinds; self.visitsPerDay = visitsPerDay
        }
    }

    public struct InspectorReply: Codable, Sendable {
        public var inspector: Inspector
        public init(inspector: Inspector) { self.inspector = inspector }
    }

    public struct InspectorList: Codable, Sendable {
        public var inspectors: [Inspector]
        public init(inspectors: [Inspector]) { self.inspectors = inspectors }
    }

    public struct DeclareConflictRequest: Codable, Sendable {
        public var inspector: String
        public var entity: String
        public var reason: String
        /// The client's id of this write: a retry with the same id records nothing new.
        public var requestID: String?
        enum CodingKeys: String, CodingKey {
            case inspector, entity, reason
            case requestID = "request_id"
        }
        public init(inspector: String, entity: String, reason: String, requestID: String? = nil) {
            self.inspector = inspector; self.entity = entity; self.reason = reason; self.requestID = requestID
        }
    }

    public struct ConflictReply: Codable, Sendable {
        public var conflict: ConflictDeclaration
        public init(conflict: ConflictDeclaration) { self.conflict = conflict }
    }

    public struct DrawSampleRequest: Codable, Sendable {
        public var rule: String
        public var period: String
        public var seed: Int64?
        /// The client's id of this write: a retry with the same id returns the first call's draw.
        public var requestID: String?
        enum CodingKeys: String, CodingKey {
            case rule, period, seed
            case requestID = "request_id"
        }
        public init(rule: String, period: String, seed: Int64? = nil, requestID: String? = nil) {
            self.rule = rule; self.period = period; self.seed = seed; self.requestID = requestID
        }
    }

    /// A draw with a page of its entities (DrawSample, GetDraw): `next` continues the entities.
    public struct DrawReply: Codable, Sendable {
        public var draw: Draw
        public var next: String?
        public var remaining: Int?
        public init(draw: Draw, next: String? = nil, remaining: Int? = nil) { self.draw = draw; self.next = next; self.remaining = remaining }
    }

    public struct GetDrawRequest: Codable, Sendable {
        public var id: String
        public var limit: Int?
        public var after: String?
        public init(id: String, limit: Int? = nil, after: String? = nil) { self.id = id; self.limit = limit; self.after = after }
    }

    public struct VerifyDrawRequest: Codable, Sendable {
        public var id: String
        public init(id: String) { self.id = id }
    }

    public struct VerifyDrawReply: Codable, Sendable {
        public var id: String
        public var verified: Bool
        public var differences: [String]
        public var recordedDigest: String
        public var currentDigest: String?
        public var directoryChanged: Bool?
        public var directoryChanges: [String]
        enum CodingKeys: String, CodingKey {
            case id, verified, differences
            case recordedDigest = "recorded_digest", currentDigest = "current_digest", directoryChanged = "directory_changed"
            case directoryChanges = "directory_changes"
        }
        public init(id: String, verified: Bool, differences: [String], recordedDigest: String, currentDigest: String?,
                    directoryChanged: Bool?, directoryChanges: [String]) {
            self.id = id; self.verified = verified; self.differences = differences; self.recordedDigest = recordedDigest
            self.currentDigest = currentDigest; self.directoryChanged = directoryChanged; self.directoryChanges = directoryChanges
        }
    }

    public struct ListDrawsRequest: Codable, Sendable {
        public var period: String?
        public var rule: String?
        public var limit: Int?
        public var after: String?
        public init(period: String? = nil, rule: String? = nil, limit: Int? = nil, after: String? = nil) {
            self.period = period; self.rule = rule; self.limit = limit; self.after = after
        }
    }

    public struct DrawList: Codable, Sendable {
        public var draws: [DrawSummary]
        public var next: String?
        public var remaining: Int?
        public init(draws: [DrawSummary], next: String? = nil, remaining: Int? = nil) { self.draws = draws; self.next = next; self.remaining = remaining }
    }
}

extension Control.DrawList: ControlPage { public var items: [Control.DrawSummary] { draws } }
extension Control.DrawList: ControlListPage { public static let itemsKey = "draws" }
extension Control.DrawReply: ControlPage { public var items: [Control.DrawEntity] { draw.entities } }
