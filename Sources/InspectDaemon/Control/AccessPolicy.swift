import InspectConfig
import InspectControl
import InspectCore
import Varlink

/// Who may call what over the control socket: the one place it is decided, for every method,
/// before its body runs (so a refused call writes nothing). What each method needs is declared
/// with the method (``ControlMethod``, an exhaustive switch over each of the interface's method
/// enums: a new method does not compile without it). README's table "Who may do what" says the
/// same, and a test holds the two together.
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

    /// Every method of `io.inspectd.Control` and what it needs, by name (README's table).
    static var requirements: [String: Requirement] {
        Dictionary(allMethods.map { ($0.name, $0.requirement) }, uniquingKeysWith: { a, _ in a })
    }

    /// Every method the interface declares, from its enums.
    static var allMethods: [any ControlMethod] {
        ControlInterface.Method.allCases.map { $0 as any ControlMethod } + Control.LifecycleMethod.allCases.map { $0 }
            + Control.GradeMethod.allCases.map { $0 } + Control.SamplingMethod.allCases.map { $0 }
            + Control.HookMethod.allCases.map { $0 } + Control.ReportMethod.allCases.map { $0 } + Control.VisitMethod.allCases.map { $0 }
            + Control.CalendarMethod.allCases.map { $0 }
    }

    /// The method of that name, if the interface has one.
    static func method(named name: String) -> (any ControlMethod)? { allMethods.first { $0.name == name } }

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
        guard let m = Self.method(named: method) else {
            return .permissionDenied(method: method, role: caller.role.description, needed: "admin", reason: "\(method) is not a method of the interface")
        }
        return refusal(m, subject: subject, caller: caller, configuration: configuration, entityOf: entityOf, inspectionEntity: inspectionEntity)
    }

    /// Why `caller` may not call `m` about `subject`; nil when they may.
    static func refusal(_ m: some ControlMethod, subject: Subject, caller: Caller, configuration: Configuration,
                        entityOf: (String) -> Entity?, inspectionEntity: (Int64) -> String?) -> ControlFailure? {
        let method = m.name
        var needed = m.requirement
        // Correcting a record withdraws it: a manager's decision (lifecycle corrections).
        if m as? Control.LifecycleMethod == .recordEvent && subject.corrects { needed = .manage }
        if caller.role == .admin || needed == .read { return nil }
        var entityID = subject.entity
        if m as? Control.LifecycleMethod == .withdrawInspection, let id = subject.key.flatMap(Int64.init) { entityID = inspectionEntity(id) ?? entityID }
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
                if m as? ControlInterface.Method == .recordInspection && subject.inspectors.contains(me.name) { return nil }  // 协查: named among the inspectors
            }
            let owner = entity.supervisor.flatMap { configuration.supervisor($0) }
            return deny("the entity's supervisor" + (owner.map { " \($0.id) \($0.name)" } ?? "") + ", a supervisor named among the inspectors, a manager of \(office ?? "its office") or an admin")
        }
    }
}

/// A method of `io.inspectd.Control` (a case of one of the interface's method enums) with what
/// calling it needs.
protocol ControlMethod: Sendable {
    var name: String { get }
    var requirement: AccessPolicy.Requirement { get }
}

extension ControlMethod where Self: RawRepresentable, RawValue == String {
    var name: String { rawValue }
}

extension ControlInterface.Method: ControlMethod {
    var requirement: AccessPolicy.Requirement {
        switch self {
        case .getStatus, .whoAmI, .listObligations, .listEntities, .getEntity, .listNotices, .getPlan, .explain, .listRules,
             .getRule, .simulate:
            .read
        case .recordInspection: .record
        case .setPlan, .listAudit: .manage
        case .importEntities, .beginImport, .importPart, .commitImport, .abortImport, .reload: .administer
        }
    }
}

extension Control.LifecycleMethod: ControlMethod {
    var requirement: AccessPolicy.Requirement {
        switch self {
        case .listEvents, .listDeadlines, .listInspections: .read
        case .recordEvent: .record
        case .withdrawInspection: .manage
        }
    }
}

extension Control.GradeMethod: ControlMethod {
    var requirement: AccessPolicy.Requirement {
        switch self {
        case .getGrades, .explainGrade: .read
        case .setGrade: .manage
        }
    }
}

extension Control.SamplingMethod: ControlMethod {
    var requirement: AccessPolicy.Requirement {
        switch self {
        case .listInspectors, .verifyDraw, .listDraws, .getDraw: .read
        case .drawSample, .declareConflict: .manage
        case .addInspector: .administer
        }
    }
}

extension Control.HookMethod: ControlMethod {
    var requirement: AccessPolicy.Requirement {
        switch self {
        case .listDeadLetters: .read
        case .retryDeadLetters: .administer
        }
    }
}

extension Control.ReportMethod: ControlMethod {
    var requirement: AccessPolicy.Requirement {
        switch self {
        case .getReport: .read
        }
    }
}

extension Control.VisitMethod: ControlMethod {
    var requirement: AccessPolicy.Requirement {
        switch self {
        case .listLeave, .proposeVisits, .listVisits, .visitCapacity, .explainVisit: .read
        case .recordLeave, .withdrawLeave, .applyVisits, .moveVisit, .cancelVisit: .manage
        case .setInspector: .administer
        }
    }
}

extension Control.CalendarMethod: ControlMethod {
    var requirement: AccessPolicy.Requirement {
        switch self {
        // What a calendar file would move: the due dates anyone may list (`upcoming`).
        case .previewCalendar: .read
        }
    }
}
