/// A grade given to an entity on one scale (评级/定级), a fact: appended, never edited. A mistake is
/// corrected by a later assignment that names the one it replaces (`corrects`), or withdrawn by a
/// correction fact (`GradeHistory(withdrawn:)`).
public struct GradeAssignment: Hashable, Sendable, Codable {
    /// Store-assigned id; `nil` until recorded.
    public var id: Int64?
    public var entityID: String
    /// The scale id, e.g. `G01`.
    public var scale: String
    /// The level id on that scale, e.g. `V(1)`.
    public var level: String
    /// The day from which the grade holds.
    public var effective: CivilDate
    public var reason: String
    /// Who assigned it: the acting user (peer uid on the control socket) or `escalation`.
    public var assignedBy: String
    /// The escalation rule that produced it (`G01-V1`), when `assignedBy` is `escalation`.
    public var rule: String?
    /// The lifecycle event ids that caused it (an escalation's trigger facts).
    public var causes: [Int64]
    /// The id of an earlier assignment this one replaces (a correction).
    public var corrects: Int64?

    /// `assignedBy` of assignments made by an escalation rule.
    public static let escalation = "escalation"

    public init(id: Int64? = nil, entityID: String, scale: String, level: String, effective: CivilDate, reason: String,
                assignedBy: String, rule: String? = nil, causes: [Int64] = [], corrects: Int64? = nil) {
        self.id = id; self.entityID = entityID; self.scale = scale; self.level = level; self.effective = effective
        self.reason = reason; self.assignedBy = assignedBy; self.rule = rule; self.causes = causes; self.corrects = corrects
    }

    public var isEscalation: Bool { assignedBy == Self.escalation }
}

extension GradeAssignment {
    /// The lifecycle event kind a grade assignment is stored as.
    public static let eventKind = "grade.assigned"

    /// The assignment as a `grade.assigned` lifecycle event (subject `GRADE/<scale>`), with the
    /// attributes `scale`, `level`, `effective`, `reason`, `by`, and `rule`/`causes` when set
    /// (`causes` comma-separated). `at` is when it was recorded.
    public func event(at: LocalDateTime) -> LifecycleEvent {
        var a = ["scale": scale, "level": level, "effective": effective.iso, "reason": reason, "by": assignedBy]
        if let rule { a["rule"] = rule }
        if !causes.isEmpty { a["causes"] = causes.map(String.init).joined(separator: ",") }
        return LifecycleEvent(id: id, subject: "GRADE/\(scale)", entityID: entityID, kind: Self.eventKind, at: at,
                              attributes: a, corrects: corrects)
    }

    /// Reads a `grade.assigned` event back (see `event(at:)`); `nil` for any other event or one
    /// missing `scale` or `level`. Without `effective` the event's own date is used.
    public init?(event e: LifecycleEvent) {
        guard e.kind == Self.eventKind, let scale = e.attributes["scale"], let level = e.attributes["level"] else { return nil }
        let effective = e.attributes["effective"].flatMap { CivilDate(iso: $0) } ?? e.date
        let causes = (e.attributes["causes"] ?? "").split(separator: ",").compactMap { Int64($0.filter { $0 != " " }) }
        self.init(id: e.id, entityID: e.entityID, scale: scale, level: level, effective: effective, reason: e.attributes["reason"] ?? "",
                  assignedBy: e.attributes["by"] ?? "", rule: e.attributes["rule"], causes: causes, corrects: e.corrects)
    }
}

/// The grade assignments of one entity, and the pure answer to "what grade did it have on a day":
/// on each scale, the in-force assignment with the latest effective date on or before the day
/// (ties: the one recorded last). Replaced (`corrects`) and withdrawn assignments do not count.
public struct GradeHistory: Hashable, Sendable {
    /// Every assignment, in recording order (the order given; a later one wins a tie on `effective`).
    public var assignments: [GradeAssignment]
    /// Assignment ids withdrawn by plain correction facts.
    public var withdrawn: Set<Int64>

    public init(_ assignments: [GradeAssignment] = [], withdrawn: Set<Int64> = []) {
        self.assignments = assignments; self.withdrawn = withdrawn
    }

    /// Why an assignment is not (or no longer) the grade.
    public enum Status: Hashable, Sendable, CustomStringConvertible {
        /// The grade on its scale as of the day asked.
        case current
        /// Not yet effective on the day asked.
        case future
        /// In force from its effective date until a later assignment took over on `until`.
        case superseded(by: Int, until: CivilDate)
        /// Replaced by a correcting assignment (its index in `assignments`).
        case corrected(by: Int)
        /// Withdrawn by a correction fact.
        case withdrawn

        public var description: String {
            switch self {
            case .current: "current"
            case .future: "future"
            case .superseded(_, let until): "superseded \(until.iso)"
            case .corrected: "corrected"
            case .withdrawn: "withdrawn"
            }
        }
    }

    /// One line of `inspectctl grade history`.
    public struct Entry: Hashable, Sendable {
        public var assignment: GradeAssignment
        public var status: Status
    }

    /// Indices of assignments in force (neither replaced nor withdrawn), sorted by effective date,
    /// then recording order.
    func inForce(scale: String? = nil) -> [Int] {
        let replaced = Set(assignments.compactMap(\.corrects))
        return assignments.indices.filter { i in
            let a = assignments[i]
            if let scale, a.scale != scale { return false }
            if let id = a.id, replaced.contains(id) || withdrawn.contains(id) { return false }
            return true
        }.sorted { (assignments[$0].effective, $0) < (assignments[$1].effective, $1) }
    }

    /// The assignment in force on `day` on `scale`, if any.
    public func current(scale: String, on day: CivilDate) -> GradeAssignment? {
        inForce(scale: scale).last { assignments[$0].effective <= day }.map { assignments[$0] }
    }

    /// The grade (level id) on `scale` on `day`, or `fallback` (e.g. the directory's `grade`
    /// column) when nothing was assigned on or before the day.
    public func level(scale: String, on day: CivilDate, fallback: String? = nil) -> String? {
        current(scale: scale, on: day)?.level ?? fallback
    }

    /// Every grade held on `scale` on some day from `start` through `end` (`fallback` for days
    /// before the first assignment).
    public func levels(scale: String, from start: CivilDate, through end: CivilDate, fallback: String? = nil) -> Set<String> {
        var result: Set<String> = []
        if let l = level(scale: scale, on: start, fallback: fallback) { result.insert(l) }
        for i in inForce(scale: scale) where assignments[i].effective > start && assignments[i].effective <= end {
            result.insert(assignments[i].level)
        }
        return result
    }

    /// The latest effective date of any assignment in force on `scale` (escalations are never
    /// back-dated before it, so that they do take effect).
    public func latestEffective(scale: String) -> CivilDate? {
        inForce(scale: scale).last.map { assignments[$0].effective }
    }

    /// Whether an escalation by `rule` already answered every one of `causes` (it is not raised
    /// again, even after a later recovery to a better grade).
    public func hasAnswered(rule: String, causes: [Int64]) -> Bool {
        let set = Set(causes)
        return inForce().contains { i in
            let a = assignments[i]
            return a.isEscalation && a.rule == rule && set.isSubset(of: Set(a.causes))
        }
    }

    /// Every assignment of `scale` (all scales when `nil`), oldest effective first, with its status on `day`.
    public func entries(scale: String? = nil, on day: CivilDate) -> [Entry] {
        let byID = Dictionary(assignments.indices.compactMap { i in assignments[i].id.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        var status: [Int: Status] = [:]
        for (i, a) in assignments.enumerated() {
            if let c = a.corrects, let j = byID[c] { status[j] = .corrected(by: i) }
            if let id = a.id, withdrawn.contains(id) { status[i] = .withdrawn }
        }
        var scales = Set(assignments.map(\.scale))
        if let scale { scales = [scale] }
        for s in scales {
            let order = inForce(scale: s)
            for (k, i) in order.enumerated() {
                if assignments[i].effective > day { status[i] = .future; continue }
                if let next = order[(k + 1)...].first(where: { assignments[$0].effective <= day }) {
                    status[i] = .superseded(by: next, until: assignments[next].effective)
                } else {
                    status[i] = .current
                }
            }
        }
        return assignments.indices
            .filter { scale == nil || assignments[$0].scale == scale }
            .sorted { (assignments[$0].effective, $0) < (assignments[$1].effective, $1) }
            .map { Entry(assignment: assignments[$0], status: status[$0] ?? .withdrawn) }
    }
}
