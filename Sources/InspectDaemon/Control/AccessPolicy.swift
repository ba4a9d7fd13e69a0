import InspectConfig
import InspectControl
import InspectCore
import Varlink

/// Who may call what over the control socket (issue 12): the one place it is decided, for every
/// method, before its body runs (so a refused call writes nothing). README's table "Who may do
/// what" says the same, and a test holds the two together.
enum AccessPolicy {
    /// What a method needs.
    enum Requirement: String, Sendable {
        /// A query: anyone who can open the socket.
        case read
        /// A record about one entity: its supervisor (an inspection also a supervisor named among
        /// its inspectors, 协查), a manager of its office, or an admin.
        case record
        /// A manager's decision (within their office, when it is about an entity) or an admin's.
        case manage
        /// An admin's: the directory, the configuration, the inspector pool.
        case administer
    }

    /// Every method of `io.inspectd.Control`. A method missing here is refused to everyone.
    static let requirements: [String: Requirement] = [
        "GetStatus": .read, "WhoAmI": .read, "ListObligations": .read, "ListEntities": .read, "GetEntity": .read,
        "ListNotices": .read, "GetPlan": .read, "Explain": .read, "ListRules": .read, "GetRule": .read, "Simulate": .read,
        "GetGrades": .read, "ExplainGrade": .read, "ListDeadLetters": .read, "ListEvents": .read, "ListDeadlines": .read,
        "ListInspections": .read, "ListInspectors": .read, "VerifyDraw": .read, "ListDraws": .read, "GetDraw": .read, "GetReport": .read,
        "RecordInspection": .record, "RecordEvent": .record,
        "SetGrade": .manage, "SetPlan": .manage, "DrawSample": .manage, "WithdrawInspection": .manage,
        "DeclareConflict": .manage, "ListAudit": .manage,
        "ImportEntities": .administer, "BeginImport": .administer, "ImportPart": .administer, "CommitImport": .administer,
        "AbortImport": .administer, "Reload": .administer, "AddInspector": .administer, "RetryDeadLetters": .administer,
    ]

    /// What the call is about, from its parameters: the entity (or the key, for a plan) it touches.
    struct Subject: Sendable {
        var entity: String?
        var key: String?
        var inspectors: [String]
        var corrects: Bool
        var requestID: String?

        init(_ p: [String: JSONValue]) {
            func string(_ k: String) -> String? { if case .string(let s)? = p[k] { return s }; return nil }
            entity = string("entity")
            key = string("key") ?? string("subject") ?? string("import")
            if case .int(let n)? = p["id"] { key = key ?? String(n) } else if let id = string("id") { key = key ?? id }
            // A plan's key is RULE/ENTITY/PERIOD.
            if entity == nil, let k = string("key") {
                let parts = k.split(separator: "/", omittingEmptySubsequences: false)
                if parts.count == 3 { entity = String(parts[1]) }
            }
            if case .array(let list)? = p["inspectors"] { inspectors = list.compactMap { if case .string(let s) = $0 { return s }; return nil } } else { inspectors = [] }
            if case .int? = p["corrects"] { corrects = true } else { corrects = false }
            requestID = string("request_id")
        }
    }

    /// Why `caller` may not make this call; nil when they may. `entityOf` finds an entity in the
    /// directory, `inspectionEntity` the entity of a recorded inspection (WithdrawInspection).
    static func refusal(method: String, subject: Subject, caller: Caller, configuration: Configuration,
                        entityOf: (String) -> Entity?, inspectionEntity: (Int64) -> String?) -> ControlFailure? {
        guard var needed = requirements[method] else {
            return .permissionDenied(method: method, role: caller.role.description, needed: "admin", reason: "\(method) is not in the access table")
        }
        // Correcting a record withdraws it: a manager's decision (issue 12: lifecycle corrections).
        if method == "RecordEvent" && subject.corrects { needed = .manage }
        if caller.role == .admin || needed == .read { return nil }
        var entityID = subject.entity
        if method == "WithdrawInspection", let id = subject.key.flatMap(Int64.init) { entityID = inspectionEntity(id) ?? entityID }
        let entity = entityID.flatMap(entityOf)
        let office = entity.map { configuration.responsibleOffice(of: $0.supervisor) }
        func deny(_ who: String) -> ControlFailure {
            let what = entity.map { " for \($0.id)" + ($0.supervisor.map { " (supervisor \($0), \(office ?? ""))" } ?? " (no supervisor, \(office ?? ""))") } ?? ""
            return .permissionDenied(method: method, role: caller.role.description, needed: who,
                                     reason: "\(method)\(what) needs \(who); \(caller.name) is \(caller.role)" + (caller.person.map { " (\($0.id) \($0.name), \($0.office))" } ?? ""))
        }
        switch needed {
        case .read:
            return nil
        case .administer:
            return deny("an admin")
        case .manage:
            guard caller.role == .manager else { return deny("a manager" + (office.map { " of \($0)" } ?? "") + " or an admin") }
            if let mine = caller.office, let office, office != mine { return deny("a manager of \(office) or an admin") }
            return nil
        case .record:
            // An entity that does not exist is the handler's to refuse (NoSuchEntity).
            guard entityID != nil, let entity else { return caller.role >= .supervisor ? nil : deny("a supervisor, a manager or an admin") }
            if caller.role == .manager, caller.office == nil || caller.office == office { return nil }
            if let me = caller.person, caller.role >= .supervisor {
                if entity.supervisor == me.id { return nil }
                if method == "RecordInspection" && subject.inspectors.contains(me.name) { return nil }  // 协查: named among the inspectors
            }
            let owner = entity.supervisor.flatMap { configuration.supervisor($0) }
            return deny("the entity's supervisor" + (owner.map { " \($0.id) \($0.name)" } ?? "") + ", a supervisor named among the inspectors, a manager of \(office ?? "its office") or an admin")
        }
    }
}
