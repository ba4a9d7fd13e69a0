import InspectConfig
import InspectCore

/// The escalations due on a day (RULES.md G01, G05), each with the notice announcing it (copied to
/// the office's managers). One decision for the daemon, which records them, and for `simulate`,
/// which replays them on its copy of the facts, so that the preview escalates as the daemon will.
enum EscalationRun {
    static func due(_ s: DaemonState, now: LocalDateTime) -> [(escalation: Escalation, notice: Notice)] {
        let grades = s.configuration.grades
        guard !grades.escalations.isEmpty else { return [] }
        var eventsByEntity: [String: [LifecycleEvent]] = [:]
        for e in s.lifecycle.all { eventsByEntity[e.entityID, default: []].append(e) }
        var deadlinesByEntity: [String: [TrackedDeadline]] = [:]
        for d in s.deadlines(now: now) { deadlinesByEntity[d.entityID, default: []].append(d) }
        var result: [(escalation: Escalation, notice: Notice)] = []
        for id in eventsByEntity.keys.sorted() {
            guard let entity = s.snapshot.entities[id] else { continue }
            for e in grades.engine.due(for: entity, events: eventsByEntity[id] ?? [], deadlines: deadlinesByEntity[id] ?? [],
                                       history: s.snapshot.gradeHistory[id] ?? GradeHistory(), on: s.today) {
                let basis = grades.escalations.first { $0.id == e.ruleID }?.basis ?? ""
                var notice = [NoticePlanner.notice(for: e, entity: entity, basis: basis, today: s.today)]
                NoticeRun.addManagerCopies(to: &notice, supervisors: s.configuration.supervisors)
                result.append((e, notice[0]))
            }
        }
        return result
    }
}
