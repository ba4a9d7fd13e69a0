import Foundation
import InspectControl
import InspectCore
import Varlink

extension Daemon {
    /// Grade methods of `io.inspectd.Control`.
    func gradeMethods() -> [String: VarlinkMethodHandler] {
        [
            Control.GradeMethod.setGrade.rawValue: method(Control.SetGradeRequest.self) { d, r, peer in try d.setGrade(r, uid: peer.uid) },
            Control.GradeMethod.getGrades.rawValue: query(Control.EntityRequest.self) { d, r, _ in try d.grades(of: r.entity) },
            Control.GradeMethod.explainGrade.rawValue: query(Control.EntityRequest.self) { d, r, _ in try d.explainGrade(r.entity) },
        ]
    }

    /// Rebuilds the grade histories from the recorded `grade.assigned` events and their corrections.
    func loadGradeHistories() {
        snapshot.gradeHistory = ScheduleSnapshot.gradeHistories(from: lifecycle)
    }

    /// Records a grade assignment as a fact and applies it (the new grade's cadence rules at once).
    @discardableResult
    func recordGrade(_ a: GradeAssignment, uid: UInt32, announcing notices: [Notice] = [], requestID: String? = nil) throws -> GradeAssignment {
        var event = a.event(at: clock.localNow())
        event.subject = "GRADE-\(a.entityID)-\(a.scale)"  // one stream per entity and scale
        let saved = try store.append(event, by: uid, at: clock.unixTime(), announcing: notices, requestID: requestID)
        lifecycle[saved.subject, default: []].append(saved)
        loadGradeHistories()
        snapshot.recompute(entity: a.entityID, configuration)
        scheduleChanged = true
        var stored = a
        stored.id = saved.id
        return stored
    }

    func scale(for entity: Entity, named: String?) throws -> GradeScale {
        if let named {
            guard let s = configuration.grades.scale(named) else { throw ControlFailure.invalidArgument(field: "scale", reason: "unknown grade scale '\(named)'") }
            return s
        }
        guard let s = configuration.grades.scale(forKind: entity.kind) else {
            throw ControlFailure.invalidArgument(field: "scale", reason: "no grade scale applies to kind \(entity.kind) (grades.yaml)")
        }
        return s
    }

    func setGrade(_ r: Control.SetGradeRequest, uid: UInt32) throws -> Control.SetGradeResult {
        // A retry of a request already recorded (its reply was lost): the first call's assignment.
        if let id = r.requestID, let first = try store.event(requestID: id), var a = GradeAssignment(event: first) {
            a.id = first.id
            return Control.SetGradeResult(entry: Control.GradeEntry(a, status: "current"))
        }
        guard let entity = snapshot.entities[r.entity] else { throw ControlFailure.noSuchEntity(r.entity) }
        let scale = try scale(for: entity, named: r.scale)
        guard scale.contains(r.level) else {
            throw ControlFailure.invalidArgument(field: "level", reason: "'\(r.level)' is not a level of \(scale.id) (\(scale.levels.map(\.id).joined(separator: ", ")))")
        }
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalidArgument(field: "reason", reason: "a grade assignment needs a reason") }
        var effective = snapshot.today
        if let e = r.effective {
            effective = try ControlFailure.date(e, field: "effective")
        }
        let a = try recordGrade(GradeAssignment(entityID: entity.id, scale: scale.id, level: r.level, effective: effective, reason: reason,
                                                assignedBy: "\(uid)"), uid: uid, requestID: r.requestID)
        logger.info("grade of \(entity.id) on \(scale.id) set to \(r.level) from \(effective.iso) by uid \(uid): \(reason)")
        return Control.SetGradeResult(entry: Control.GradeEntry(a, status: "current"))
    }

    func grades(of id: String) throws -> Control.Grades {
        guard snapshot.entities[id] != nil else { throw ControlFailure.noSuchEntity(id) }
        let history = snapshot.gradeHistory[id] ?? GradeHistory()
        let entries = history.entries(on: snapshot.today)
        // Who recorded each assignment: its event's uid (an escalation is the daemon's own, uid 0).
        let events = lifecycle.values.joined().filter { $0.entityID == id && $0.kind == "grade.assigned" }
        let recordedBy = Dictionary(events.compactMap { e in e.id.map { ($0, e.recordedBy) } }, uniquingKeysWith: { a, _ in a })
        func view(_ e: GradeHistory.Entry) -> Control.GradeEntry {
            var v = Control.GradeEntry(e.assignment, status: e.status.description)
            v.recordedBy = e.assignment.id.flatMap { recordedBy[$0] ?? nil }.flatMap { people.person($0, configuration) }
            return v
        }
        return Control.Grades(entity: id, current: entries.filter { $0.status.description == "current" }.map(view), history: entries.map(view))
    }

    /// The risk model's signals, counted from the daemon's state.
    func riskSignals(of entity: Entity) -> [String: Int] {
        let now = clock.localNow()
        let deadlines = trackedDeadlines(now: now).filter { $0.entityID == entity.id }
        let facts = snapshot.inspections[entity.id] ?? []
        let events = lifecycle.values.joined().filter { $0.entityID == entity.id }
        let filingRules = Set(configuration.rules.cadences.filter { $0.counts.contains("filing") }.map(\.id))
        return [
            "overdue-rectifications": deadlines.filter { ["D01", "D02", "D03"].contains($0.ruleID) && $0.state == .overdue }.count,
            "findings": facts.filter { !($0.findings ?? "").isEmpty }.count,
            "serious-findings": events.filter { $0.kind == "rectification.ordered" }.count,
            "complaints": facts.filter { $0.kind == "complaint" }.count,
            "missed-filings": (snapshot.obligations[entity.id] ?? []).filter { filingRules.contains($0.ruleID) && $0.status == .overdue }.count,
            "obstructions": events.filter { $0.kind == "inspection.obstructed" }.count,
        ]
    }

    func explainGrade(_ id: String) throws -> Control.GradeExplanation {
        guard let entity = snapshot.entities[id] else { throw ControlFailure.noSuchEntity(id) }
        let scale = configuration.grades.scale(forKind: entity.kind)
        let a = configuration.grades.risk.assess(riskSignals(of: entity), scale: scale?.id)
        return Control.GradeExplanation(
            entity: id, scale: scale?.id, current: snapshot.current(entity).grade, score: a.score, proposed: a.proposed,
            contributions: a.contributions.map { Control.RiskContribution(signal: $0.signal, title: $0.title, count: $0.count, weight: $0.weight, points: $0.points) },
            explanation: a.explanation)
    }

    /// Applies the escalations due today (RULES.md G01, G05): each is recorded as a grade fact with
    /// its reason and causes, announced, and the new grade's cadence applies at once.
    func applyEscalations() {
        var announced = false
        for (e, notice) in EscalationRun.due(lifecycle: lifecycle, snapshot: snapshot, configuration: configuration, now: clock.localNow()) {
            do {
                // The grade fact and its notice in one transaction: a crash keeps both or neither.
                _ = try recordGrade(e.assignment, uid: 0, announcing: [notice])
                logger.warning("escalation \(e.ruleID): \(e.entityID) \(e.scale) \(e.from ?? "-") → \(e.to) from \(e.effective.iso): \(e.reason)")
                announced = true
            } catch {
                logger.error("could not record escalation \(e.ruleID) of \(e.entityID): \(error)")
            }
        }
        if announced { deliverPending() }
    }
}
