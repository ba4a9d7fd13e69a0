import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging
import Varlink

/// The visit planner: inspectors' territories, capacity and leave, and the proposed visits of a
/// window — who goes where on which working day (``VisitPlanner``), computed off the state queue
/// from a copy, changing nothing.
struct VisitController: ControlController {
    /// The longest window a proposal covers (a quarter).
    static let windowDays = 92
    /// The longest leave one record holds.
    static let leaveDays = 366
    /// The kind of inspection a visit is (what the obligations it meets must count).
    static let visitKind = "onsite"

    let state: StateQueue<DaemonState>
    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    let people: People

    func register(in routes: inout ControlRoutes) {
        routes.change(Control.VisitMethod.setInspector, Control.SetInspectorRequest.self) { _, r, call in try setInspector(r, uid: call.uid) }
        routes.change(Control.VisitMethod.recordLeave, Control.RecordLeaveRequest.self) { s, r, call in try recordLeave(s, r, uid: call.uid) }
        routes.change(Control.VisitMethod.withdrawLeave, Control.WithdrawLeaveRequest.self) { s, r, call in try withdrawLeave(s, r, uid: call.uid) }
        routes.list(Control.VisitMethod.listLeave, Control.ListLeaveRequest.self) { s, r in try listLeave(s, r) }
        routes.unqueued(Control.VisitMethod.proposeVisits, Control.ProposeVisitsRequest.self) { r, call in
            Self.reply(try propose(Control.ApplyVisitsRequest(from: r.from, to: r.to, office: r.office, seed: r.seed), apply: nil), more: call.more)
        }
        // Computed off the queue like a proposal; recorded in one transaction.
        routes.unqueued(Control.VisitMethod.applyVisits, Control.ApplyVisitsRequest.self) { r, call in Self.reply(try propose(r, apply: call), more: call.more) }
        routes.list(Control.VisitMethod.listVisits, Control.ListVisitsRequest.self) { s, r in try listVisits(s, r) }
        // The calendar feeds show visits: they are written again after the next notice run.
        routes.change(Control.VisitMethod.moveVisit, Control.MoveVisitRequest.self) { s, r, call in
            defer { s.notices.changed() }
            return try moveVisit(s, r, uid: call.uid)
        }
        routes.change(Control.VisitMethod.cancelVisit, Control.CancelVisitRequest.self) { s, r, call in
            defer { s.notices.changed() }
            return try cancelVisit(s, r, uid: call.uid)
        }
        // A year of every entity's obligations: off the queue, like the plan.
        routes.unqueued(Control.VisitMethod.visitCapacity, Control.VisitCapacityRequest.self) { r, _ in try capacity(r) }
        routes.query(Control.VisitMethod.explainVisit, Control.ExplainVisitRequest.self) { s, r, _ in try explainVisit(s, r.id) }
    }

    func capacity(_ r: Control.VisitCapacityRequest) throws -> Control.VisitCapacityReply {
        guard (2000...2099).contains(r.year) else { throw ControlFailure.invalid("year", ControlReason(.outOfRange, "\(r.year)", "2000…2099")) }
        let s = state.read { $0 }
        let office = try r.office.map { try s.officeMembers($0) }.map { Set($0.ids + ($0.unassigned ? [""] : [])) }
        let from = CivilDate.firstOfMonth(year: r.year, month: 1), to = CivilDate.lastOfMonth(year: r.year, month: 12)
        let records = try store.inspectors()
        let leave = try store.leave(since: from)
        let input = try planningInput(s, from: from, to: to, office: office, inspectors: records.map { InspectorProfile.planning($0, leave: leave) },
                                      conflicts: [:], seed: 0)
        return Control.VisitCapacityReply(months: VisitCapacity.forecast(year: r.year, input).map {
            Control.CapacityMonth(month: $0.month, jurisdiction: $0.jurisdiction, visits: ($0.visits * 10).rounded() / 10, needed: ($0.needed * 10).rounded() / 10,
                                  capacity: ($0.capacity * 10).rounded() / 10, short: ($0.short * 10).rounded() / 10)
        })
    }

    /// Why that day and that team.
    func explainVisit(_ s: DaemonState, _ id: Int64) throws -> Control.ExplainVisitReply {
        guard let v = try store.visits(cancelled: true, id: id).first else { throw ControlFailure.invalid("id", ControlReason(.noPlannedVisit, "\(id)")) }
        let records = try store.inspectors()
        let names = Dictionary(records.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let view = view(s, v, names)
        var lines: [String] = []
        // Each line also as a code and its values (details), for a client to say in its user's language.
        var details: [Control.ExplainLine] = []
        func line(_ english: String, _ code: String, _ values: String...) {
            lines.append(english)
            details.append(Control.ExplainLine(code: code, values: values))
        }
        let entity = s.snapshot.entities[v.entity]
        let by = people.person(v.appliedBy, s.configuration).map { $0.login ?? "uid \($0.uid)" } ?? "?"
        let applied = clock.iso(unixTime: v.appliedAt)
        line("\(v.entity) \(entity?.name ?? "") (\(v.jurisdiction), \(entity?.kind ?? "?")) on \(v.date.iso), \(view.status ?? "planned"); applied \(applied) by \(by).",
             "visit", v.entity, entity?.name ?? "", v.jurisdiction, entity?.kind ?? "?", v.date.iso, view.status ?? "planned", applied, by)
        for key in v.obligations {
            let rule = s.lookups.rule(String(key.split(separator: "/").first ?? ""))
            if let rule {
                line("meets \(key) — \(rule.title) (\(rule.citation))", "meets", key, rule.title, rule.citation)
            } else {
                line("meets \(key)", "meets", key)
            }
        }
        if v.date > v.due {
            line("due \(v.due.iso): the earliest due date of its obligations; the visit is AFTER it (moved: \(v.moveReason ?? "no reason")).",
                 "due_after", v.due.iso, v.moveReason ?? "—")
        } else {
            line("due \(v.due.iso): the earliest due date of its obligations; the visit is on time.", "due_on_time", v.due.iso)
        }
        if let moved = v.movedFrom { line("moved from \(moved.iso): \(v.moveReason ?? "—")", "moved_from", moved.iso, v.moveReason ?? "—") }
        line("why: \(v.reason)", "why")
        let team = Set(v.inspectors)
        let leave = try store.leave(since: v.date).filter { $0.from <= v.date && v.date <= $0.to }
        let conflicts = try store.conflicts().filter { $0.entity == v.entity }
        let day = try store.visits(from: v.date, to: v.date)
        for i in records.sorted(by: { $0.id < $1.id }) {
            let booked = day.filter { $0.inspectors.contains(i.id) }.count
            let (n, perDay) = ("\(booked)", "\(i.visitsPerDay)")
            if team.contains(i.id) { line("\(i.id) \(i.name): in the team (\(booked) of \(i.visitsPerDay) visits that day)", "in_team", i.id, i.name, n, perDay) }
            else if !i.active { line("\(i.id) \(i.name): inactive", "inactive", i.id, i.name) }
            else if let l = leave.first(where: { $0.inspector == i.id }) {
                line("\(i.id) \(i.name): away \(l.from.iso)…\(l.to.iso) (\(l.reason))", "away", i.id, i.name, l.from.iso, l.to.iso, l.reason)
            } else if let c = conflicts.first(where: { $0.inspector == i.id }) {
                line("\(i.id) \(i.name): excluded: conflict of interest (回避: \(c.reason))", "conflict", i.id, i.name, c.reason)
            } else if let e = entity, !PlanningInspector(id: i.id, jurisdictions: i.jurisdictions.map(Set.init), kinds: i.kinds.map(Set.init)).covers(e) {
                line("\(i.id) \(i.name): does not cover \(e.jurisdiction)/\(e.kind)", "not_covering", i.id, i.name, e.jurisdiction, e.kind)
            } else { line("\(i.id) \(i.name): free: \(booked) of \(i.visitsPerDay) visits that day", "free", i.id, i.name, n, perDay) }
        }
        var reply = Control.ExplainVisitReply(visit: view, lines: lines)
        reply.details = details
        return reply
    }

    func setInspector(_ r: Control.SetInspectorRequest, uid: UInt32) throws -> Control.InspectorReply {
        guard var record = try store.inspectors().first(where: { $0.id == r.id }) else {
            throw ControlFailure.invalid("id", ControlReason(.unknownInspector, r.id))
        }
        if let name = r.name?.trimmingCharacters(in: .whitespacesAndNewlines) {
            guard !name.isEmpty else { throw ControlFailure.invalid("name", ControlReason(.empty)) }
            record.name = name
        }
        if let office = r.office?.trimmingCharacters(in: .whitespacesAndNewlines) { record.office = office.isEmpty ? nil : office }
        if let active = r.active { record.active = active }
        try InspectorProfile.apply(jurisdictions: r.jurisdictions, kinds: r.kinds, visitsPerDay: r.visitsPerDay, to: &record)
        try store.updateInspector(record)
        logger.info("inspector \(record.id) changed by uid \(uid): active \(record.active), jurisdictions \(record.jurisdictions?.joined(separator: ",") ?? "all"), kinds \(record.kinds?.joined(separator: ",") ?? "all"), \(record.visitsPerDay) visits a day")
        let conflicts = try store.conflicts().filter { $0.inspector == record.id }.map(\.entity)
        return Control.InspectorReply(inspector: InspectorProfile.view(record, conflicts: Array(Set(conflicts)).sorted()))
    }

    func recordLeave(_ s: DaemonState, _ r: Control.RecordLeaveRequest, uid: UInt32) throws -> Control.LeaveReply {
        guard try store.inspectors().contains(where: { $0.id == r.inspector }) else {
            throw ControlFailure.invalid("inspector", ControlReason(.unknownInspector, r.inspector))
        }
        let from = try ControlFailure.date(r.from, field: "from")
        let to = try ControlFailure.date(r.to, field: "to")
        guard from <= to else { throw ControlFailure.invalid("to", ControlReason(.before, "\(r.to)", "\(r.from)")) }
        guard from.days(to: to) < Self.leaveDays else {
            throw ControlFailure.invalid("to", ControlReason(.leaveTooLong, "\(Self.leaveDays)"))
        }
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalid("reason", ControlReason(.leaveNeedsReason)) }
        let saved = try store.recordLeave(InspectorLeaveRecord(inspector: r.inspector, from: from, to: to, reason: reason,
                                                               recordedAt: clock.unixTime(), recordedBy: uid))
        logger.info("leave \(saved.id ?? 0) of inspector \(r.inspector) \(from.iso)…\(to.iso) recorded by uid \(uid): \(reason)")
        return Control.LeaveReply(leave: view(s, saved))
    }

    func withdrawLeave(_ s: DaemonState, _ r: Control.WithdrawLeaveRequest, uid: UInt32) throws -> Control.LeaveReply {
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalid("reason", ControlReason(.correctionNeedsReason)) }
        guard try store.withdrawLeave(id: r.id, reason: reason, at: clock.unixTime(), by: uid),
              let withdrawn = try store.leave(withdrawn: true).first(where: { $0.id == r.id }) else {
            throw ControlFailure.invalid("id", ControlReason(.noLeave, "\(r.id)"))
        }
        logger.info("leave \(r.id) of inspector \(withdrawn.inspector) withdrawn by uid \(uid): \(reason)")
        return Control.LeaveReply(leave: view(s, withdrawn))
    }

    /// A page of the leave records, by start day then id.
    func listLeave(_ s: DaemonState, _ r: Control.ListLeaveRequest) throws -> Control.LeaveList {
        let limit = try ControlFailure.pageSize(r.limit)
        let since = try r.since.map { try ControlFailure.date($0, field: "since") }
        let after = try PageCursor.pair("l1.", r.after)
        let all = try store.leave(of: r.inspector, since: since, withdrawn: r.withdrawn == true)
        let rest = after.map { a in all.filter { (Int64($0.from.dayNumber), $0.id ?? 0) > (a.0, a.1) } } ?? all
        let page = rest.prefix(limit)
        let next = rest.count > limit ? page.last.map { PageCursor.text("l1.", [String($0.from.dayNumber), String($0.id ?? 0)]) } : nil
        return Control.LeaveList(leave: page.map { view(s, $0) }, next: next, remaining: rest.count - page.count)
    }

    private func view(_ s: DaemonState, _ l: InspectorLeaveRecord) -> Control.InspectorLeave {
        Control.InspectorLeave(id: l.id ?? 0, inspector: l.inspector, from: l.from.iso, to: l.to.iso, reason: l.reason,
                               recordedAt: clock.iso(unixTime: l.recordedAt), recordedBy: people.person(l.recordedBy, s.configuration),
                               withdrawnAt: l.withdrawnAt.map { clock.iso(unixTime: $0) }, withdrawalReason: l.withdrawalReason)
    }

    // MARK: The proposal

    /// The window's proposal; with `apply` (the caller), recorded as planned visits. Visits
    /// applied before in the window, from today on, are kept — or, with `replan`, cancelled and
    /// planned again.
    func propose(_ r: Control.ApplyVisitsRequest, apply caller: ControlCall?) throws -> Control.VisitProposalReply {
        let from = try ControlFailure.date(r.from, field: "from")
        let to = try ControlFailure.date(r.to, field: "to")
        guard from <= to else { throw ControlFailure.invalid("to", ControlReason(.before, "\(r.to)", "\(r.from)")) }
        guard from.days(to: to) < Self.windowDays else {
            throw ControlFailure.invalid("to", ControlReason(.proposalTooLong, "\(Self.windowDays)"))
        }
        if let seed = r.seed, seed < 0 { throw ControlFailure.invalid("seed", ControlReason(.negative)) }
        // A manager plans their own office.
        var officeName = r.office
        if let caller, caller.caller.role == .manager, let mine = caller.caller.office {
            if let asked = r.office, asked != mine {
                throw ControlFailure.permissionDenied(method: Control.VisitMethod.applyVisits.rawValue, role: "manager", needed: "a manager of \(asked) or an admin",
                                                      reason: "ApplyVisits for \(asked) needs a manager of \(asked) or an admin; \(caller.caller.name) manages \(mine)")
            }
            officeName = mine
        }
        // A copy of the state (copy-on-write: nothing is copied), read beside the queries.
        let s = state.read { $0 }
        let office = try officeName.map { try s.officeMembers($0) }.map { Set($0.ids + ($0.unassigned ? [""] : [])) }
        let records = try store.inspectors()
        let leave = try store.leave(since: from)
        var conflicts: [String: Set<String>] = [:]
        for c in try store.conflicts() { conflicts[c.inspector, default: []].insert(c.entity) }
        var input = try planningInput(s, from: from, to: to, office: office, inspectors: records.map { InspectorProfile.planning($0, leave: leave) },
                                      conflicts: conflicts, seed: UInt64(r.seed ?? 0))
        let applied = try store.visits(from: max(from, s.today), to: to).filter { input.entities[$0.entity] != nil || office == nil }
        if r.replan != true { input.kept = applied.map(Self.proposed) }
        let proposal = VisitPlanner.propose(input)
        let names = Dictionary(records.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var visits = proposal.visits.map { view($0, name: input.entities[$0.entity]?.name, names) }
        var cancelled: Int?
        if let caller {
            let now = clock.unixTime()
            if r.replan == true {
                for v in applied { try store.cancelVisit(id: v.id ?? 0, reason: "re-planned", at: now, by: caller.uid) }
                cancelled = applied.count
            }
            let saved = try store.recordVisits(proposal.visits.map { v in
                var record = PlannedVisitRecord(date: v.date, entity: v.entity, jurisdiction: v.jurisdiction, obligations: v.obligations,
                                                inspectors: v.inspectors, due: v.due, reason: v.reason, appliedAt: now, appliedBy: caller.uid)
                record.reasons = v.reasons
                return record
            })
            for (i, v) in saved.enumerated() { visits[i].id = v.id; visits[i].status = "planned" }
            state.write { $0.notices.changed() }  // the calendar feeds show them after the next notice run
            logger.info("visits \(from.iso)…\(to.iso) applied by uid \(caller.uid): \(saved.count) planned, \(applied.count) \(r.replan == true ? "re-planned" : "kept")")
        }
        return Control.VisitProposalReply(
            visits: visits, unplaced: proposal.unplaced.map { Control.Unplaced(obligation: $0.obligation, reason: $0.reason, reasons: $0.reasons.map(Control.PlanReasonClause.init)) },
            load: proposal.load.map { Control.Load(inspector: $0.inspector, name: names[$0.inspector] ?? $0.inspector, visits: $0.visits, days: $0.days) },
            kept: r.replan == true ? 0 : applied.count, cancelled: cancelled)
    }

    /// How many visits, or unplaced obligations, one reply of a streamed proposal carries.
    static let replyChunk = 1_000

    /// The proposal as one reply, or with `more` in parts of at most ``replyChunk`` visits, then of
    /// unplaced obligations, the load and the counts in the last (a province's month is tens of
    /// thousands of visits: more than one message may carry).
    static func reply(_ p: Control.VisitProposalReply, more: Bool) -> any Encodable {
        guard more else { return p }
        var parts: [Control.VisitProposalReply] = []
        for start in stride(from: 0, to: p.visits.count, by: replyChunk) {
            parts.append(Control.VisitProposalReply(visits: Array(p.visits[start..<min(p.visits.count, start + replyChunk)]), unplaced: [], load: []))
        }
        for start in stride(from: 0, to: p.unplaced.count, by: replyChunk) {
            parts.append(Control.VisitProposalReply(visits: [], unplaced: Array(p.unplaced[start..<min(p.unplaced.count, start + replyChunk)]), load: []))
        }
        parts.append(Control.VisitProposalReply(visits: [], unplaced: [], load: p.load, kept: p.kept, cancelled: p.cancelled))
        var next = 0
        return VarlinkReplyStream {
            guard next < parts.count else { return nil }
            defer { next += 1 }
            return parts[next]
        }
    }

    static func proposed(_ v: PlannedVisitRecord) -> ProposedVisit {
        var p = ProposedVisit(date: v.date, entity: v.entity, jurisdiction: v.jurisdiction, obligations: v.obligations, inspectors: v.inspectors, due: v.due, reason: v.reason)
        p.reasons = v.reasons
        return p
    }

    private func view(_ v: ProposedVisit, name: String?, _ names: [String: String]) -> Control.Visit {
        var out = Control.Visit(date: v.date.iso, entity: v.entity, entityName: name ?? v.entity, jurisdiction: v.jurisdiction, obligations: v.obligations,
                                inspectors: v.inspectors, inspectorNames: v.inspectors.map { names[$0] ?? $0 }, due: v.due.iso, reason: v.reason)
        if !v.reasons.isEmpty { out.reasons = v.reasons.map(Control.PlanReasonClause.init) }
        return out
    }

    /// A planned visit as the lists show it, with its state: `met` once an inspection of its
    /// entity is recorded after it was applied, by its due date (or its day, if later); `missed`
    /// when its day passed without one; `cancelled`; else `planned`.
    func view(_ s: DaemonState, _ v: PlannedVisitRecord, _ names: [String: String]) -> Control.Visit {
        var out = view(Self.proposed(v), name: s.snapshot.entities[v.entity]?.name, names)
        out.id = v.id
        let appliedDay = CivilDate(dayNumber: Int32((v.appliedAt + Int64(clock.timeZone.secondsFromGMT())) / 86_400))
        let by = max(v.date, v.due)
        let met = (s.snapshot.inspections[v.entity] ?? []).contains { $0.date >= appliedDay && $0.date <= by }
        out.status = v.cancelledAt != nil ? "cancelled" : met ? "met" : v.date < s.today ? "missed" : "planned"
        out.movedFrom = v.movedFrom?.iso
        out.moveReason = v.moveReason
        out.late = v.date > v.due
        out.cancelReason = v.cancelReason
        return out
    }

    /// A page of the planned visits, by day then id.
    func listVisits(_ s: DaemonState, _ r: Control.ListVisitsRequest) throws -> Control.VisitList {
        let limit = try ControlFailure.pageSize(r.limit)
        let from = try r.from.map { try ControlFailure.date($0, field: "from") }
        let to = try r.to.map { try ControlFailure.date($0, field: "to") }
        let after = try PageCursor.pair("p1.", r.after)
        let all = try store.visits(from: from, to: to, inspector: r.inspector, cancelled: r.cancelled == true)
        let rest = after.map { a in all.filter { (Int64($0.date.dayNumber), $0.id ?? 0) > (a.0, a.1) } } ?? all
        let page = rest.prefix(limit)
        let names = try store.inspectorNames()
        let next = rest.count > limit ? page.last.map { PageCursor.text("p1.", [String($0.date.dayNumber), String($0.id ?? 0)]) } : nil
        return Control.VisitList(visits: page.map { view(s, $0, names) }, next: next, remaining: rest.count - page.count)
    }

    private func visit(_ id: Int64) throws -> PlannedVisitRecord {
        guard let v = try store.visits(cancelled: true, id: id).first else { throw ControlFailure.invalid("id", ControlReason(.noPlannedVisit, "\(id)")) }
        guard v.cancelledAt == nil else { throw ControlFailure.invalid("id", ControlReason(.visitCancelled, "\(id)")) }
        return v
    }

    func moveVisit(_ s: DaemonState, _ r: Control.MoveVisitRequest, uid: UInt32) throws -> Control.VisitReply {
        let v = try visit(r.id)
        let date = try ControlFailure.date(r.date, field: "date")
        guard date >= s.today else { throw ControlFailure.invalid("date", ControlReason(.hasPassed, r.date, s.today.iso)) }
        guard s.configuration.calendar.isWorkingDay(date) else { throw ControlFailure.invalid("date", ControlReason(.notAWorkingDay, r.date)) }
        let reason = r.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if date > v.due && (reason ?? "").isEmpty {
            throw ControlFailure.invalid("reason", ControlReason(.visitAfterDue, "\(r.date)", "\(v.due.iso)"))
        }
        try store.moveVisit(id: r.id, to: date, reason: reason?.isEmpty == false ? reason : nil, at: clock.unixTime(), by: uid)
        logger.info("visit \(r.id) of \(v.entity) moved \(v.date.iso) → \(date.iso) by uid \(uid)\(date > v.due ? " after its due date \(v.due.iso)" : "")")
        let names = try store.inspectorNames()
        return Control.VisitReply(visit: view(s, try visit(r.id), names))
    }

    func cancelVisit(_ s: DaemonState, _ r: Control.CancelVisitRequest, uid: UInt32) throws -> Control.VisitReply {
        let v = try visit(r.id)
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalid("reason", ControlReason(.cancellationNeedsReason)) }
        try store.cancelVisit(id: r.id, reason: reason, at: clock.unixTime(), by: uid)
        logger.info("visit \(r.id) of \(v.entity) on \(v.date.iso) cancelled by uid \(uid): \(reason)")
        let names = try store.inspectorNames()
        guard let cancelled = try store.visits(cancelled: true, id: r.id).first else { throw ControlFailure.invalid("id", ControlReason(.noPlannedVisit, "\(r.id)")) }
        return Control.VisitReply(visit: view(s, cancelled, names))
    }

    /// The planner's input from the daemon's state: the open obligations of the entities in scope
    /// computed through the window's end, the visits they need (P01's inspectors on site, a
    /// draw's inspectors, a manager's date), and the inspectors.
    func planningInput(_ s: DaemonState, from: CivilDate, to: CivilDate, office: Set<String>?, inspectors: [PlanningInspector],
                       conflicts: [String: Set<String>], seed: UInt64) throws -> VisitPlanningInput {
        let configuration = s.configuration
        let schedule = configuration.schedule
        let procedures = configuration.rules.procedures.filter { $0.enabled && $0.kinds.contains(Self.visitKind) }
        var entities: [String: Entity] = [:]
        var obligations: [Obligation] = []
        for e in s.snapshot.entities.values where office.map({ $0.contains(e.supervisor ?? "") }) ?? true {
            let open = s.snapshot.compute(e, schedule, through: to).filter { $0.status.isOpen && $0.period.start <= to }
            guard !open.isEmpty else { continue }
            entities[e.id] = s.snapshot.current(e)
            obligations += open
        }
        // A draw's inspectors (双随机), by rule, period and entity.
        let samplingRules = Set(configuration.rules.samplings.map(\.id))
        var drawn: [String: [String]] = [:]
        for (rule, period) in Set(obligations.filter { samplingRules.contains($0.ruleID) }.map { "\($0.ruleID)\u{1}\($0.period.label)" })
            .sorted().map({ k -> (String, String) in let p = k.split(separator: "\u{1}").map(String.init); return (p[0], p[1]) }) {
            for summary in try store.drawSummaries(period: period, rule: rule).draws {
                for d in try store.drawnEntities(of: summary.id).entities { drawn["\(rule)/\(d.entity)/\(period)"] = d.inspectors }
            }
        }
        let needs = VisitNeed.needs(of: obligations, rules: configuration.rules, authority: configuration.office.authority, visitKind: Self.visitKind,
                                    minInspectors: { e in
                                        procedures.filter { $0.subjectKinds?.contains(e.kind) ?? true }.map(\.minInspectors).max() ?? 1
                                    },
                                    entity: { entities[$0] }, inspectors: { drawn[$0.key] })
        return VisitPlanningInput(from: from, to: to, today: s.today, calendar: configuration.calendar, entities: entities, needs: needs,
                                  inspectors: inspectors, conflicts: conflicts, seed: seed)
    }
}
