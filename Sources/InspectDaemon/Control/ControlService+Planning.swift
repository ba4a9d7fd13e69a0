import InspectConfig
import InspectControl
import InspectCore
import Varlink

extension Daemon {
    /// Planning, explaining and rules methods of `io.inspectd.Control`.
    func planningMethods() -> [String: VarlinkMethodHandler] {
        [
            // A query (it changes nothing): a province's plan no longer holds up the queries.
            ControlInterface.Method.getPlan.rawValue: list(Control.GetPlanRequest.self) { d, r in try d.plan(r) },
            ControlInterface.Method.setPlan.rawValue: method(Control.SetPlanRequest.self) { d, r, peer in try d.setPlan(r, uid: peer.uid) },
            ControlInterface.Method.explain.rawValue: query(Control.ExplainRequest.self) { d, r, _ in try d.explain(r) },
            ControlInterface.Method.listRules.rawValue: query(Control.Empty.self) { d, _, _ in
                Control.RuleList(rules: d.configuration.rules.summaries.map(Control.Rule.init))
            },
            ControlInterface.Method.getRule.rawValue: query(Control.GetRuleRequest.self) { d, r, _ in
                guard let s = d.configuration.rules.summaries.first(where: { $0.id == r.id }) else { throw ControlFailure.noSuchRule(r.id) }
                return Control.RuleDetail(rule: Control.Rule(s))
            },
        ]
    }

    func planned(_ o: Obligation) -> Control.PlannedObligation {
        let entity = snapshot.entities[o.entityID] ?? Entity(id: o.entityID, name: o.entityID, kind: "", jurisdiction: "")
        var view = Control.PlannedObligation(o, entity: entity, title: lookups.rule(o.ruleID)?.title ?? o.ruleID)
        view.plannedBy = snapshot.plans[o.key].flatMap { people.person($0.setBy, configuration) }
        return view
    }

    /// Every obligation of every entity whose window meets `year`, computed through the year's end.
    func yearObligations(_ year: Int, jurisdiction: String?) -> [Obligation] {
        yearObligations(year, jurisdiction: jurisdiction, after: nil, limit: Int.max).obligations
    }

    /// The year's obligations of the entities after `after` (in id order) until about `limit`
    /// (whole entities), by due date; `next` is the last entity covered when more follow.
    func yearObligations(_ year: Int, jurisdiction: String?, after: String?, limit: Int) -> (obligations: [Obligation], next: String?) {
        let first = CivilDate.firstOfMonth(year: year, month: 1), last = CivilDate.lastOfMonth(year: year, month: 12)
        let schedule = configuration.schedule
        let order = snapshot.entities.values
        var i = after.map { snapshot.entities.upperBound($0) } ?? 0
        var result: [Obligation] = []
        while i < order.count && result.count < limit {
            let e = order[i]
            if jurisdiction == nil || e.jurisdiction == jurisdiction {
                for o in snapshot.compute(e, schedule, through: last) where o.period.end >= first && o.period.start <= last {
                    result.append(o)
                }
            }
            i += 1
        }
        let sorted = result.sorted { ($0.due, $0.entityID, $0.ruleID, $0.period.label) < ($1.due, $1.entityID, $1.ruleID, $1.period.label) }
        return (sorted, i < order.count ? order[i - 1].id : nil)
    }

    func plan(_ r: Control.GetPlanRequest) throws -> Control.Plan {
        guard (1900...2200).contains(r.year) else { throw ControlFailure.invalidArgument(field: "year", reason: "\(r.year) is not a plausible year") }
        let limit = r.limit ?? 10_000
        guard (1...100_000).contains(limit) else { throw ControlFailure.invalidArgument(field: "limit", reason: "\(limit) is out of range 1…100000") }
        let page = yearObligations(r.year, jurisdiction: r.jurisdiction, after: r.after, limit: limit)
        return Control.Plan(year: r.year, today: snapshot.today.iso, obligations: page.obligations.map(planned), next: page.next)
    }

    /// Finds the obligation a key names (`RULE/ENTITY/WINDOW`), computing through its period if needed.
    func obligation(forKey key: String) throws -> Obligation {
        let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
        guard parts.count == 3 else { throw ControlFailure.invalidArgument(field: "key", reason: "'\(key)' is not an obligation key (RULE/ENTITY/PERIOD, e.g. C01/LS-PFS-001/2026-03)") }
        guard configuration.rule(parts[0]) != nil else { throw ControlFailure.noSuchRule(parts[0]) }
        guard let entity = snapshot.entities[parts[1]] else { throw ControlFailure.noSuchEntity(parts[1]) }
        let through = CalendarPeriod(label: parts[2])?.end
        let all = snapshot.compute(entity, configuration.schedule, through: through)
        guard let o = all.first(where: { $0.key == key }) else {
            throw ControlFailure.invalidArgument(field: "key", reason: "\(entity.id) owes no obligation \(key) (see `inspectctl explain \(entity.id)`)")
        }
        return o
    }

    func setPlan(_ r: Control.SetPlanRequest, uid: UInt32) throws -> Control.SetPlanResult {
        let o = try obligation(forKey: r.key)
        var plan = snapshot.plans[r.key] ?? ObligationPlan(key: r.key)
        if r.clear == true {
            plan = ObligationPlan(key: r.key)
        } else {
            guard r.planned != nil || r.waiveReason != nil else {
                throw ControlFailure.invalidArgument(field: "planned", reason: "give a planned date, a waiver reason, or clear")
            }
            if let p = r.planned {
                let d = try ControlFailure.date(p, field: "planned")
                plan.planned = d
            }
            if let reason = r.waiveReason {
                let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { throw ControlFailure.invalidArgument(field: "waive_reason", reason: "a waiver needs a reason") }
                guard o.status != .met else { throw ControlFailure.invalidArgument(field: "waive_reason", reason: "\(r.key) is already met") }
                plan.waivedReason = text
            }
        }
        plan.setBy = uid
        try store.recordPlan(plan, by: uid, at: clock.unixTime())
        if plan.planned == nil && plan.waivedReason == nil { snapshot.plans[r.key] = nil } else { snapshot.plans[r.key] = plan }
        snapshot.recompute(entity: o.entityID, configuration)
        scheduleChanged = true
        logger.info("plan for \(r.key) set by uid \(uid): planned \(plan.planned?.iso ?? "-"), waived \(plan.waivedReason ?? "-")")
        return Control.SetPlanResult(obligation: planned(try obligation(forKey: r.key)))
    }

    func explain(_ r: Control.ExplainRequest) throws -> Control.ExplainResult {
        guard let entity = snapshot.entities[r.entity] else { throw ControlFailure.noSuchEntity(r.entity) }
        if let id = r.rule, !configuration.rules.summaries.contains(where: { $0.id == id }) { throw ControlFailure.noSuchRule(id) }
        let summaries = Dictionary(configuration.rules.summaries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let facts = snapshot.inspections[entity.id] ?? []
        var out: [Control.Explanation] = []
        for o in (snapshot.obligations[entity.id] ?? []) where r.rule == nil || o.ruleID == r.rule {
            guard let summary = summaries[o.ruleID] else { continue }
            let counted = facts.filter { f in
                o.period.contains(f.date) && f.date <= snapshot.today && (configuration.rules.cadences.first { $0.id == o.ruleID }?.counts(f)
                    ?? configuration.rules.followUps.first { $0.id == o.ruleID }?.counts.contains(f.kind)
                    ?? configuration.rules.samplings.first { $0.id == o.ruleID }?.counts.contains(f.kind) ?? false)
            }
            var text = "\(summary.id) \(summary.title)（\(summary.source.joined(separator: ", "))）: \(summary.who) — \(summary.demand). "
            text += "Window \(o.period.start.iso) … \(o.period.end.iso); \(o.done) of \(o.required) counted"
            if let a = o.allowed { text += " (at most \(a))" }
            text += "; due \(o.due.iso)" + (o.provisional ? " (provisional)" : "") + ", reminders from \(o.remindFrom.iso); status \(o.status.rawValue) on \(snapshot.today.iso)."
            if let p = o.planned { text += " Planned for \(p.iso)" + (o.plannedAfterDue ? " — AFTER the legal due date \(o.due.iso)." : ".") }
            if let w = o.waivedReason { text += " Waived: \(w)." }
            text += " Basis: \(summary.basis)"
            out.append(Control.Explanation(obligation: planned(o), rule: Control.Rule(summary), counted: counted.map(view),
                                           remindFrom: o.remindFrom.iso, text: text))
        }
        if let id = r.rule, out.isEmpty {
            throw ControlFailure.invalidArgument(field: "rule", reason: "rule \(id) demands nothing of \(entity.id) now (kind \(entity.kind), grade \(entity.grade ?? "none"))")
        }
        return Control.ExplainResult(explanations: out)
    }
}

import Foundation
