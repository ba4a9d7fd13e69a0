import Foundation
import InspectControl
import InspectCore
import InspectStore
import Logging

/// Risk and classification grades: setting one (a manager's decision, recorded as a fact with
/// its reason), an entity's grades with their history, and the risk model's explanation.
struct GradeController: ControlController {
    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    let people: People

    func register(in routes: inout ControlRoutes) {
        routes.change(Control.GradeMethod.setGrade, Control.SetGradeRequest.self) { s, r, call in try setGrade(r, uid: call.uid, &s) }
        routes.query(Control.GradeMethod.getGrades, Control.EntityRequest.self) { s, r, _ in try grades(s, of: r.entity) }
        routes.query(Control.GradeMethod.explainGrade, Control.EntityRequest.self) { s, r, _ in try explainGrade(s, r.entity) }
    }

    private func scale(_ s: DaemonState, for entity: Entity, named: String?) throws -> GradeScale {
        if let named {
            guard let scale = s.configuration.grades.scale(named) else { throw ControlFailure.invalid("scale", ControlReason(.unknownScale, "\(named)")) }
            return scale
        }
        guard let scale = s.configuration.grades.scale(forKind: entity.kind) else {
            throw ControlFailure.invalid("scale", ControlReason(.noScaleForKind, "\(entity.kind)"))
        }
        return scale
    }

    func setGrade(_ r: Control.SetGradeRequest, uid: UInt32, _ s: inout DaemonState) throws -> Control.SetGradeResult {
        // A retry of a request already recorded (its reply was lost): the first call's assignment.
        if let id = r.requestID, let first = try store.event(requestID: id), var a = GradeAssignment(event: first) {
            a.id = first.id
            return Control.SetGradeResult(entry: Control.GradeEntry(a, status: "current"))
        }
        guard let entity = s.snapshot.entities[r.entity] else { throw ControlFailure.noSuchEntity(r.entity) }
        let scale = try scale(s, for: entity, named: r.scale)
        guard scale.contains(r.level) else {
            throw ControlFailure.invalid("level", ControlReason(.notALevel, "\(r.level)", "\(scale.id)", "\(scale.levels.map(\.id).joined(separator: ", "))"))
        }
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalid("reason", ControlReason(.gradeNeedsReason)) }
        let effective = try r.effective.map { try ControlFailure.date($0, field: "effective") } ?? s.today
        let a = try GradeRecorder(store: store, clock: clock).record(
            GradeAssignment(entityID: entity.id, scale: scale.id, level: r.level, effective: effective, reason: reason, assignedBy: "\(uid)"),
            uid: uid, requestID: r.requestID, in: &s)
        logger.info("grade of \(entity.id) on \(scale.id) set to \(r.level) from \(effective.iso) by uid \(uid): \(reason)")
        return Control.SetGradeResult(entry: Control.GradeEntry(a, status: "current"))
    }

    func grades(_ s: DaemonState, of id: String) throws -> Control.Grades {
        guard s.snapshot.entities[id] != nil else { throw ControlFailure.noSuchEntity(id) }
        let history = s.snapshot.gradeHistory[id] ?? GradeHistory()
        let entries = history.entries(on: s.today)
        // Who recorded each assignment: its event's uid (an escalation is the daemon's own, uid 0).
        let events = s.lifecycle.all.filter { $0.entityID == id && $0.kind == GradeAssignment.eventKind }
        let recordedBy = Dictionary(events.compactMap { e in e.id.map { ($0, e.recordedBy) } }, uniquingKeysWith: { a, _ in a })
        func view(_ e: GradeHistory.Entry) -> Control.GradeEntry {
            var v = Control.GradeEntry(e.assignment, status: e.status.description)
            v.recordedBy = e.assignment.id.flatMap { recordedBy[$0] ?? nil }.flatMap { people.person($0, s.configuration) }
            return v
        }
        return Control.Grades(entity: id, current: entries.filter { $0.status.description == "current" }.map(view), history: entries.map(view))
    }

    /// The risk model's signals, counted from the daemon's state.
    func riskSignals(_ s: DaemonState, of entity: Entity) -> [String: Int] {
        let deadlines = s.deadlines(now: clock.localNow()).filter { $0.entityID == entity.id }
        let facts = s.snapshot.inspections[entity.id] ?? []
        let events = s.lifecycle.all.filter { $0.entityID == entity.id }
        let filingRules = Set(s.configuration.rules.cadences.filter { $0.counts.contains("filing") }.map(\.id))
        return [
            "overdue-rectifications": deadlines.filter { ["D01", "D02", "D03"].contains($0.ruleID) && $0.state == .overdue }.count,
            "findings": facts.filter { !($0.findings ?? "").isEmpty }.count,
            "serious-findings": events.filter { $0.kind == "rectification.ordered" }.count,
            "complaints": facts.filter { $0.kind == "complaint" }.count,
            "missed-filings": (s.snapshot.obligations[entity.id] ?? []).filter { filingRules.contains($0.ruleID) && $0.status == .overdue }.count,
            "obstructions": events.filter { $0.kind == "inspection.obstructed" }.count,
        ]
    }

    func explainGrade(_ s: DaemonState, _ id: String) throws -> Control.GradeExplanation {
        guard let entity = s.snapshot.entities[id] else { throw ControlFailure.noSuchEntity(id) }
        let scale = s.configuration.grades.scale(forKind: entity.kind)
        let a = s.configuration.grades.risk.assess(riskSignals(s, of: entity), scale: scale?.id)
        return Control.GradeExplanation(
            entity: id, scale: scale?.id, current: s.snapshot.current(entity).grade, score: a.score, proposed: a.proposed,
            contributions: a.contributions.map { Control.RiskContribution(signal: $0.signal, title: $0.title, count: $0.count, weight: $0.weight, points: $0.points) },
            explanation: a.explanation)
    }
}
