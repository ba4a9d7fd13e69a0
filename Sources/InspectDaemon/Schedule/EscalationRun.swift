import InspectConfig
import InspectCore

/// The escalations due on a day (RULES.md G01, G05), each with the notice announcing it (copied to
/// the office's managers). One decision for the daemon, which records them, and for `simulate`,
/// which replays them on its copy of the facts, so that the preview escalates as the daemon will.
enum EscalationRun {
    static func due(lifecycle: [String: [LifecycleEvent]], snapshot: ScheduleSnapshot, configuration: Configuration,
                    now: LocalDateTime) -> [(escalation: Escalation, notice: Notice)] {
        let grades = configuration.grades
        guard !grades.escalations.isEmpty else { return [] }
        let tracker = DeadlineTracker(rules: configuration.rules.deadlines, calendar: configuration.calendar)
        var eventsByEntity: [String: [LifecycleEvent]] = [:]
        for e in lifecycle.values.joined() { eventsByEntity[e.entityID, default: []].append(e) }
        var deadlinesByEntity: [String: [TrackedDeadline]] = [:]
        for d in lifecycle.values.flatMap({ tracker.deadlines(of: $0, now: now) }) { deadlinesByEntity[d.entityID, default: []].append(d) }
        var result: [(escalation: Escalation, notice: Notice)] = []
        for id in eventsByEntity.keys.sorted() {
            guard let entity = snapshot.entities[id] else { continue }
            for e in grades.engine.due(for: entity, events: eventsByEntity[id] ?? [], deadlines: deadlinesByEntity[id] ?? [],
                                       history: snapshot.gradeHistory[id] ?? GradeHistory(), on: snapshot.today) {
                let basis = grades.escalations.first { $0.id == e.ruleID }?.basis ?? ""
                var notice = [NoticePlanner.notice(for: e, entity: entity, basis: basis, today: snapshot.today)]
                NoticeRun.addManagerCopies(to: &notice, supervisors: configuration.supervisors)
                result.append((e, notice[0]))
            }
        }
        return result
    }
}
