import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging

/// Inspections: recording one (checked against the procedural rules, the caps and the quota
/// maxima), their pages, and withdrawing one by a correction (kept, no longer counted).
struct InspectionController: ControlController {
    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    let people: People
    let crashPoint: TestCrashPoint

    func register(in routes: inout ControlRoutes) {
        routes.change(ControlInterface.Method.recordInspection, Control.RecordInspectionRequest.self) { s, r, call in
            try record(r, uid: call.uid, &s)
        }
        routes.list(Control.LifecycleMethod.listInspections, Control.ListInspectionsRequest.self) { s, r in try listInspections(s, r) }
        routes.change(Control.LifecycleMethod.withdrawInspection, Control.WithdrawInspectionRequest.self) { s, r, call in
            try withdraw(r, uid: call.uid, &s)
        }
    }

    func record(_ r: Control.RecordInspectionRequest, uid: UInt32, _ s: inout DaemonState) throws -> Control.RecordInspectionResult {
        // A retry of a request already recorded (its reply was lost): the first call's inspection,
        // before any check that the recorded inspection itself would now fail (a cap reached).
        if let id = r.requestID, let first = try store.inspection(requestID: id) {
            logger.info("request \(id) repeated: inspection \(first.id ?? 0) was recorded by the first call")
            return Control.RecordInspectionResult(inspection: s.view(first, people), obligations: (s.snapshot.obligations[first.entityID] ?? []).map { s.view($0) })
        }
        guard let entity = s.snapshot.entities[r.entity] else { throw ControlFailure.noSuchEntity(r.entity) }
        let date = try ControlFailure.date(r.date, field: "date")
        guard date <= s.today else {
            throw ControlFailure.invalid("date", ControlReason(.futureInspection, "\(r.date)", "\(s.today.iso)"))
        }
        guard Inspection.knownKinds.contains(r.kind) else {
            throw ControlFailure.invalid("kind", ControlReason(.unknownKind, "\(r.kind)", "\(Inspection.knownKinds.sorted().joined(separator: ", "))"))
        }
        let configuration = s.configuration
        let inspectors = r.inspectors.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var authority = configuration.office.authority
        if let a = r.authority {
            guard let parsed = Authority(rawValue: a) else {
                throw ControlFailure.invalid("authority", ControlReason(.notAnAuthority, "\(a)", "\(Authority.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            authority = parsed
        }
        let exception = r.exceptionReason?.trimmingCharacters(in: .whitespacesAndNewlines)
        var fact = Inspection(entityID: r.entity, date: date, kind: r.kind, authority: authority, inspectors: inspectors,
                              note: r.note, exceptionReason: exception?.isEmpty == false ? exception : nil)
        if let n = r.advanceNotice {
            let d = try ControlFailure.date(n, field: "advance_notice")
            guard d <= date else { throw ControlFailure.invalid("advance_notice", ControlReason(.noticeAfterInspection, "\(n)", "\(r.date)")) }
            fact.advanceNotice = d
        }
        fact.findings = r.findings
        // Procedural rules (P01: at least two inspectors on site; 行政处罚法 第四十二条).
        for p in configuration.rules.procedures {
            if let refusal = p.refusal(fact, entity: entity) { throw ControlFailure.refused(refusal) }
        }
        // Caps (K01/K02) and quota maxima (C09): refused beyond the limit unless an exception reason is given.
        if fact.exceptionReason == nil {
            let existing = s.snapshot.inspections[r.entity] ?? []
            for cap in configuration.rules.caps {
                if let already = cap.excess(adding: fact, to: existing, entity: entity) {
                    throw ControlFailure.invalid("exception", ControlReason(.capReached, cap.id, cap.title, "\(cap.atMost)", cap.per.rawValue, "\(already)",
                                                                         CalendarPeriod(unit: cap.per, containing: date).label, cap.exception))
                }
            }
            for o in s.snapshot.obligations[r.entity] ?? [] {
                guard let allowed = o.allowed, o.period.contains(date), o.done >= allowed,
                      let rule = configuration.rules.cadences.first(where: { $0.id == o.ruleID }), rule.counts(fact) else { continue }
                throw ControlFailure.invalid("exception", ControlReason(.quotaReached, rule.id, rule.title, "\(allowed)", o.period.label, "\(o.done)"))
            }
        }
        let saved = try store.record(fact, by: uid, at: clock.unixTime(), requestID: r.requestID).inspection
        crashPoint.reach("after-record")
        s.add(saved)
        s.notices.changed()
        logger.info("inspection \(saved.id ?? 0) of \(r.entity) on \(r.date) recorded by uid \(uid)")
        return Control.RecordInspectionResult(inspection: s.view(saved, people), obligations: (s.snapshot.obligations[r.entity] ?? []).map { s.view($0) })
    }

    /// A page of the recorded inspections, by date then id.
    func listInspections(_ s: DaemonState, _ r: Control.ListInspectionsRequest) throws -> Control.InspectionList {
        if let e = r.entity, s.snapshot.entities[e] == nil { throw ControlFailure.noSuchEntity(e) }
        let limit = try ControlFailure.pageSize(r.limit)
        var after: (date: Int32, id: Int64)?
        if let (day, id) = try PageCursor.pair("i1.", r.after) {
            guard let date = Int32(exactly: day) else { throw PageCursor.notACursor }
            after = (date, id)
        }
        let page = try store.inspectionPage(of: r.entity, id: r.id, after: after, limit: limit)
        let withdrawn = s.lifecycle.withdrawnInspections
        let list = page.inspections.map { i -> Control.Inspection in
            var v = s.view(i, people)
            v.withdrawn = withdrawn.contains(i.id ?? 0)
            return v
        }
        let next = page.remaining > 0 ? page.inspections.last.map { PageCursor.text("i1.", [String($0.date.dayNumber), String($0.id ?? 0)]) } : nil
        return Control.InspectionList(inspections: list, withdrawn: list.filter { $0.withdrawn == true }.map(\.id), next: next, remaining: page.remaining)
    }

    /// Withdraws an inspection by a correction (an `inspection.withdrawn` event with its reason):
    /// the record stays, and counts no more.
    func withdraw(_ r: Control.WithdrawInspectionRequest, uid: UInt32, _ s: inout DaemonState) throws -> Control.EventReply {
        guard let fact = try store.inspectionPage(id: r.id, after: nil, limit: 1).inspections.first else {
            throw ControlFailure.invalid("id", ControlReason(.noInspection, "\(r.id)"))
        }
        guard !s.lifecycle.withdrawnInspections.contains(r.id) else { throw ControlFailure.invalid("id", ControlReason(.alreadyWithdrawn, "\(r.id)")) }
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalid("reason", ControlReason(.correctionNeedsReason)) }
        let event = LifecycleEvent(subject: "INS-\(r.id)", entityID: fact.entityID, kind: "inspection.withdrawn", at: clock.localNow(),
                                   attributes: ["inspection": "\(r.id)"], note: reason)
        let saved = try store.append(event, by: uid, at: clock.unixTime())
        s.add(saved)
        s.setInspections(of: fact.entityID, try store.inspections(of: fact.entityID))
        s.notices.changed()
        logger.info("inspection \(r.id) of \(fact.entityID) withdrawn by uid \(uid): \(reason)")
        return Control.EventReply(event: s.view(saved, people))
    }
}
