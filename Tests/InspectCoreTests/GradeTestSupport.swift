import Foundation
import InspectConfig
import InspectCore
import Testing

/// The shipped `config/grades.yaml` (through `GradeConfigLoader`, checked against the shipped
/// deadline rules) and helpers for the dated grade scenarios.
enum GradeFixtures {
    static let loaded: Result<GradeConfiguration, any Error> = Result {
        let c = try Shipped.configuration()
        return try GradeConfigLoader.load(directory: CalendarFixtures.configDirectory,
                                          deadlineRuleIDs: Set(c.rules.deadlines.map(\.id)))
    }

    static func grades() throws -> GradeConfiguration { try loaded.get() }

    /// The shipped deadline rules (D01–D03 from `config/rules/lifecycle.yaml`) with the shipped calendar.
    static func tracker() throws -> DeadlineTracker {
        let c = try Shipped.configuration()
        return DeadlineTracker(rules: c.rules.deadlines, calendar: c.calendar)
    }

    static func deadlineRule(_ id: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> DeadlineRule {
        try #require(try Shipped.configuration().rules.deadlines.first { $0.id == id }, "no deadline rule \(id) shipped",
                     sourceLocation: sourceLocation)
    }
}

/// A lifecycle event at 09:00 of a day.
func event(_ id: Int64, _ subject: String, _ entity: String, _ kind: String, _ iso: String, _ attributes: [String: String] = [:],
           sourceLocation: SourceLocation = #_sourceLocation) throws -> LifecycleEvent {
    let at = try #require(LocalDateTime(date: try day(iso, sourceLocation: sourceLocation), hour: 9), sourceLocation: sourceLocation)
    return LifecycleEvent(id: id, subject: subject, entityID: entity, kind: kind, at: at, attributes: attributes)
}

/// Noon of a day, the "now" of a step in a scenario.
func noon(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> LocalDateTime {
    try #require(LocalDateTime(date: try day(iso, sourceLocation: sourceLocation), hour: 12), sourceLocation: sourceLocation)
}

/// One step of a scenario: the escalations due for `entity` on `iso`, with the deadlines tracked
/// at noon of that day.
func escalations(_ entity: Entity, _ events: [LifecycleEvent], _ history: GradeHistory, on iso: String,
                 tracker: DeadlineTracker, grades: GradeConfiguration) throws -> [Escalation] {
    let now = try noon(iso)
    let deadlines = Dictionary(grouping: events, by: \.subject).values.flatMap { tracker.deadlines(of: $0, now: now) }
    return grades.engine.due(for: entity, events: events, deadlines: deadlines, history: history, on: now.date)
}
