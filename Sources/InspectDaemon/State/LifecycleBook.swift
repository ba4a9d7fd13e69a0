import InspectCore

/// The recorded lifecycle events — rectification orders, cases, reports, grade assignments and
/// the withdrawals of inspections — by subject (`R-2026-3`, `CASE-2026-1`, `GRADE-ENTITY-SCALE`),
/// each subject's in the order they were recorded. What the deadlines, the grade histories and
/// the withdrawn inspections are derived from.
struct LifecycleBook: Sendable {
    private(set) var subjects: [String: [LifecycleEvent]] = [:]

    init() {}

    /// The events in the order given (start-up, a catch-up: the store's order).
    init(_ events: [LifecycleEvent]) {
        for e in events { subjects[e.subject, default: []].append(e) }
    }

    /// One subject's events.
    subscript(subject: String) -> [LifecycleEvent] { subjects[subject] ?? [] }

    /// Every event, subject by subject.
    var all: FlattenSequence<Dictionary<String, [LifecycleEvent]>.Values> { subjects.values.joined() }

    /// Adds a recorded event to its subject.
    mutating func append(_ e: LifecycleEvent) { subjects[e.subject, default: []].append(e) }

    /// Whether the event (by id) is here already: a fact another daemon wrote is applied once.
    func contains(_ e: LifecycleEvent) -> Bool { subjects[e.subject]?.contains { $0.id == e.id } ?? false }

    /// Every deadline the events started, as it stands at `now`, in the lists' order (due day,
    /// entity, rule, key): the one place "the deadlines open now" are built, for the lists, the
    /// notice run, the escalations, the calendar feeds, the report and the simulation.
    func deadlines(_ tracker: DeadlineTracker, now: LocalDateTime) -> [TrackedDeadline] {
        subjects.values.flatMap { tracker.deadlines(of: $0, now: now) }.sorted { DeadlineCursor($0) < DeadlineCursor($1) }
    }

    /// Inspections withdrawn by a correction (`inspection.withdrawn` events): kept, not counted.
    var withdrawnInspections: Set<Int64> {
        Set(all.filter { $0.kind == "inspection.withdrawn" }.compactMap { $0.attributes["inspection"].flatMap { Int64($0) } })
    }

    /// Each entity's grade history (grade assignments, minus the ones a correction withdrew).
    var gradeHistories: [String: GradeHistory] {
        var assignments: [String: [GradeAssignment]] = [:]
        var withdrawn: Set<Int64> = []
        for e in all {
            if let c = e.corrects { withdrawn.insert(c) }
            if let a = GradeAssignment(event: e) { assignments[e.entityID, default: []].append(a) }
        }
        return assignments.mapValues { GradeHistory($0, withdrawn: withdrawn) }
    }

    /// The id of a new subject: `R-2026-3` for the third rectification order opened in 2026.
    func newSubjectID(kind: String, on date: CivilDate) -> String {
        let prefix: String
        switch DeadlineTracker.prefix(of: kind) {
        case "rectification": prefix = "R"
        case "case": prefix = "CASE"
        case "report", "audit": prefix = "REP"
        case "grade": prefix = "GRADE"
        default: prefix = "EV"
        }
        let stem = "\(prefix)-\(date.year)-"
        let n = subjects.keys.filter { $0.hasPrefix(stem) }.compactMap { Int($0.dropFirst(stem.count)) }.max() ?? 0
        return stem + "\(n + 1)"
    }
}

/// Where a deadline sits in the lists' order (due day, entity, rule, key), and the text of a page
/// cursor after it.
struct DeadlineCursor: Comparable {
    var end: Int32, entity: String, rule: String, key: String

    init(_ d: TrackedDeadline) { end = d.deadline.end.dayNumber; entity = d.entityID; rule = d.ruleID; key = d.key }

    init?(_ text: String) {
        guard let parts = PageCursor.parts("d1.", text, count: 4), let end = Int32(parts[0]) else { return nil }
        self.end = end; entity = parts[1]; rule = parts[2]; key = parts[3]
    }

    var text: String { PageCursor.text("d1.", [String(end), entity, rule, key]) }

    static func < (a: DeadlineCursor, b: DeadlineCursor) -> Bool { (a.end, a.entity, a.rule, a.key) < (b.end, b.entity, b.rule, b.key) }
}
