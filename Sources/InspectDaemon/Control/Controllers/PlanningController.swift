import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging

/// What is due and the year's plan: the pages of open obligations (`upcoming`, `overdue`), the
/// year's plan with managers' planned dates and waivers, an obligation explained with its rule
/// and basis, and the rules themselves.
struct PlanningController: ControlController {
    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    let people: People

    func register(in routes: inout ControlRoutes) {
        routes.list(ControlInterface.Method.listObligations, Control.ListObligationsRequest.self) { s, r in try listObligations(s, r) }
        // A query (it changes nothing): a province's plan does not hold up the queries.
        routes.list(ControlInterface.Method.getPlan, Control.GetPlanRequest.self) { s, r in try plan(s, r) }
        routes.change(ControlInterface.Method.setPlan, Control.SetPlanRequest.self) { s, r, call in try setPlan(r, uid: call.uid, &s) }
        routes.query(ControlInterface.Method.explain, Control.ExplainRequest.self) { s, r, _ in try explain(s, r) }
        routes.query(ControlInterface.Method.listRules, Control.Empty.self) { s, _, _ in
            Control.RuleList(rules: s.configuration.rules.summaries.map(Control.Rule.init))
        }
        routes.query(ControlInterface.Method.getRule, Control.GetRuleRequest.self) { s, r, _ in
            guard let summary = s.configuration.rules.summaries.first(where: { $0.id == r.id }) else { throw ControlFailure.noSuchRule(r.id) }
            return Control.RuleDetail(rule: Control.Rule(summary))
        }
    }

    func listObligations(_ s: DaemonState, _ r: Control.ListObligationsRequest) throws -> Control.ObligationList {
        _ = try ControlFailure.withinDays(r.withinDays)
        if let v = r.supervisor, s.configuration.supervisor(v) == nil {
            throw ControlFailure.invalid("supervisor", ControlReason(.unknownSupervisor, v))
        }
        let limit = try ControlFailure.pageSize(r.limit)
        var cursor: OpenObligationIndex.Ref?
        if let a = r.after {
            guard let c = OpenObligationIndex.Ref(cursor: a) else { throw PageCursor.notACursor }
            cursor = c
        }
        if let rule = r.rule, s.configuration.rule(rule) == nil { throw ControlFailure.noSuchRule(rule) }
        var status: ObligationStatus?
        if let text = r.status {
            guard let st = ObligationStatus(rawValue: text), st.isOpen else {
                throw ControlFailure.invalid("status", ControlReason(.notOneOf, text, "pending, due-soon, due, overdue"))
            }
            status = st
        }
        let today = s.today
        // Overdue ones are due before today; within N days: due by today + N. A page reads the
        // index from the cursor on, never the whole list. Of the filters given, the one
        // whose index is smallest is walked; the others are checked on the way.
        let lastDay = r.overdueOnly == true ? today.adding(days: -1) : r.withinDays.map { today.adding(days: $0) }
        // An office is the union of its supervisors' indexes (the daemon's own office also has
        // the entities without a supervisor, filed under "").
        let officeSupervisors = try r.office.map { try s.officeMembers($0) }.map { $0.ids + ($0.unassigned ? [""] : []) }
        var filters: [(OpenObligationIndex.Dimension, String)] = []
        if let v = r.supervisor { filters.append((.supervisor, v)) }
        if let v = r.jurisdiction { filters.append((.jurisdiction, v)) }
        if let v = r.kind { filters.append((.kind, v)) }
        if let v = r.rule { filters.append((.rule, v)) }
        let index = s.snapshot.index
        let walked = filters.min { index.days($0.0, $0.1).count < index.days($1.0, $1.1).count }
        let officeSets = officeSupervisors.map { $0.map { index.days(.supervisor, $0) } }
        // The office's sets are walked unless another filter's index is smaller than all of them.
        let walkOffice = officeSets.map { sets in walked.map { sets.reduce(0) { $0 + $1.count } <= index.days($0.0, $0.1).count } ?? true } ?? false
        let sets = walkOffice ? officeSets! : [walked.map { index.days($0.0, $0.1) } ?? index.all]
        let residual = filters.filter { f in walkOffice || (walked.map { $0.0 != f.0 } ?? true) }
        let residualOffice = walkOffice ? nil : officeSupervisors.map(Set.init)
        func keeps(_ o: Obligation) -> Bool {
            if let status, o.status != status { return false }
            guard !residual.isEmpty || residualOffice != nil, let e = s.snapshot.entities[o.entityID] else { return true }
            if let residualOffice, !residualOffice.contains(e.supervisor ?? "") { return false }
            for (d, v) in residual {
                switch d {
                case .supervisor: if (e.supervisor ?? "") != v { return false }
                case .jurisdiction: if e.jurisdiction != v { return false }
                case .kind: if e.kind != v { return false }
                case .rule: if o.ruleID != v { return false }
                }
            }
            return true
        }
        var page: [Obligation] = []
        var last: OpenObligationIndex.Ref?
        var full = false
        OpenObligationIndex.walk(sets, after: cursor, through: lastDay?.dayNumber) { ref in
            guard let o = s.snapshot.obligation(ref), keeps(o) else { return true }
            if page.count == limit { full = true; return false }
            page.append(o)
            last = ref
            return true
        }
        // How many follow is counted from the index when it alone decides; with a filter checked
        // on the way it is not known without reading on (nil).
        let exact = residual.isEmpty && residualOffice == nil && status == nil
        let remaining = !full ? 0 : exact ? sets.reduce(0) { n, days in
            n + days.count(from: nil, through: lastDay?.dayNumber) - (last.map(days.position(through:)) ?? 0)
        } : nil
        let withReminders = r.reminders == true
        // The page is in due order: its items share their due dates' text (one string a day).
        var dueText: (day: Int32, text: String) = (.min, "")
        var views = page.map { o in
            if o.due.dayNumber != dueText.day { dueText = (o.due.dayNumber, o.due.iso) }
            return s.view(o, reminders: withReminders, dueText: dueText.text)
        }
        // The planned visits meant to meet them (one read for the page's entities, when any
        // visit is planned from today on).
        let planned = try store.hasVisits(from: today) ? try store.visits(from: today, entities: Array(Set(page.map(\.entityID))).sorted()) : []
        if !planned.isEmpty {
            let names = try store.inspectorNames()
            var byKey: [String: PlannedVisitRecord] = [:]
            for v in planned { for k in v.obligations where byKey[k] == nil { byKey[k] = v } }
            for (n, o) in page.enumerated() {
                guard let v = byKey[o.key] else { continue }
                views[n].visit = v.date.iso
                views[n].visitInspectors = v.inspectors.map { names[$0] ?? $0 }
            }
        }
        return Control.ObligationList(today: today.iso, obligations: views, next: full ? last?.cursor : nil, remaining: remaining)
    }

    /// The year's obligations of the entities after `after` (in id order) until about `limit`
    /// (whole entities), by due date; `next` is the last entity covered when more follow.
    func yearObligations(_ s: DaemonState, _ year: Int, jurisdiction: String?, after: String?, limit: Int) -> (obligations: [Obligation], next: String?) {
        let first = CivilDate.firstOfMonth(year: year, month: 1), last = CivilDate.lastOfMonth(year: year, month: 12)
        let schedule = s.configuration.schedule
        let order = s.snapshot.entities.values
        var i = after.map { s.snapshot.entities.upperBound($0) } ?? 0
        var result: [Obligation] = []
        while i < order.count && result.count < limit {
            let e = order[i]
            if jurisdiction == nil || e.jurisdiction == jurisdiction {
                for o in s.snapshot.compute(e, schedule, through: last) where o.period.end >= first && o.period.start <= last {
                    result.append(o)
                }
            }
            i += 1
        }
        let sorted = result.sorted { ($0.due, $0.entityID, $0.ruleID, $0.period.label) < ($1.due, $1.entityID, $1.ruleID, $1.period.label) }
        return (sorted, i < order.count ? order[i - 1].id : nil)
    }

    func plan(_ s: DaemonState, _ r: Control.GetPlanRequest) throws -> Control.Plan {
        guard (1900...2200).contains(r.year) else { throw ControlFailure.invalid("year", ControlReason(.implausibleYear, "\(r.year)")) }
        let limit = r.limit ?? 10_000
        guard (1...100_000).contains(limit) else { throw ControlFailure.invalid("limit", ControlReason(.outOfRange, "\(limit)", "1…100000")) }
        let page = yearObligations(s, r.year, jurisdiction: r.jurisdiction, after: r.after, limit: limit)
        return Control.Plan(year: r.year, today: s.today.iso, obligations: page.obligations.map { s.planned($0, people) }, next: page.next)
    }

    /// Finds the obligation a key names (`RULE/ENTITY/WINDOW`), computing through its period if needed.
    func obligation(_ s: DaemonState, forKey key: String) throws -> Obligation {
        let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
        guard parts.count == 3 else { throw ControlFailure.invalid("key", ControlReason(.notAnObligationKey, "\(key)")) }
        guard s.configuration.rule(parts[0]) != nil else { throw ControlFailure.noSuchRule(parts[0]) }
        guard let entity = s.snapshot.entities[parts[1]] else { throw ControlFailure.noSuchEntity(parts[1]) }
        let through = CalendarPeriod(label: parts[2])?.end
        let all = s.snapshot.compute(entity, s.configuration.schedule, through: through)
        guard let o = all.first(where: { $0.key == key }) else {
            throw ControlFailure.invalid("key", ControlReason(.owesNoObligation, "\(entity.id)", "\(key)", "\(entity.id)"))
        }
        return o
    }

    func setPlan(_ r: Control.SetPlanRequest, uid: UInt32, _ s: inout DaemonState) throws -> Control.SetPlanResult {
        let o = try obligation(s, forKey: r.key)
        var plan = s.snapshot.plans[r.key] ?? ObligationPlan(key: r.key)
        if r.clear == true {
            plan = ObligationPlan(key: r.key)
        } else {
            guard r.planned != nil || r.waiveReason != nil else {
                throw ControlFailure.invalid("planned", ControlReason(.planWhat))
            }
            if let p = r.planned {
                plan.planned = try ControlFailure.date(p, field: "planned")
            }
            if let reason = r.waiveReason {
                let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { throw ControlFailure.invalid("waive_reason", ControlReason(.waiverNeedsReason)) }
                guard o.status != .met else { throw ControlFailure.invalid("waive_reason", ControlReason(.alreadyMet, r.key)) }
                plan.waivedReason = text
            }
        }
        plan.setBy = uid
        try store.recordPlan(plan, by: uid, at: clock.unixTime())
        if plan.planned == nil && plan.waivedReason == nil { s.snapshot.plans[r.key] = nil } else { s.snapshot.plans[r.key] = plan }
        s.recompute(o.entityID)
        s.notices.changed()
        logger.info("plan for \(r.key) set by uid \(uid): planned \(plan.planned?.iso ?? "-"), waived \(plan.waivedReason ?? "-")")
        return Control.SetPlanResult(obligation: s.planned(try obligation(s, forKey: r.key), people))
    }

    func explain(_ s: DaemonState, _ r: Control.ExplainRequest) throws -> Control.ExplainResult {
        guard let entity = s.snapshot.entities[r.entity] else { throw ControlFailure.noSuchEntity(r.entity) }
        let rules = s.configuration.rules
        if let id = r.rule, !rules.summaries.contains(where: { $0.id == id }) { throw ControlFailure.noSuchRule(id) }
        let summaries = Dictionary(rules.summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let facts = s.snapshot.inspections[entity.id] ?? []
        let today = s.today
        var out: [Control.Explanation] = []
        for o in (s.snapshot.obligations[entity.id] ?? []) where r.rule == nil || o.ruleID == r.rule {
            guard let summary = summaries[o.ruleID] else { continue }
            let counted = facts.filter { f in
                o.period.contains(f.date) && f.date <= today && (rules.cadences.first { $0.id == o.ruleID }?.counts(f)
                    ?? rules.followUps.first { $0.id == o.ruleID }?.counts.contains(f.kind)
                    ?? rules.samplings.first { $0.id == o.ruleID }?.counts.contains(f.kind) ?? false)
            }
            var text = "\(summary.id) \(summary.title)（\(summary.source.joined(separator: ", "))）: \(summary.who) — \(summary.demand). "
            text += "Window \(o.period.start.iso) … \(o.period.end.iso); \(o.done) of \(o.required) counted"
            if let a = o.allowed { text += " (at most \(a))" }
            text += "; due \(o.due.iso)" + (o.provisional ? " (provisional)" : "") + ", reminders from \(o.remindFrom.iso); status \(o.status.rawValue) on \(today.iso)."
            if let p = o.planned { text += " Planned for \(p.iso)" + (o.plannedAfterDue ? " — AFTER the legal due date \(o.due.iso)." : ".") }
            if let w = o.waivedReason { text += " Waived: \(w)." }
            text += " Basis: \(summary.basis)"
            out.append(Control.Explanation(obligation: s.planned(o, people), rule: Control.Rule(summary), counted: counted.map { s.view($0, people) },
                                           remindFrom: o.remindFrom.iso, text: text))
        }
        if let id = r.rule, out.isEmpty {
            throw ControlFailure.invalid("rule", ControlReason(.ruleDemandsNothing, id, entity.id, entity.kind, entity.grade ?? "none"))
        }
        return Control.ExplainResult(explanations: out)
    }
}
