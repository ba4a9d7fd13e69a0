/// A grade change an escalation rule makes due (RULES.md G01, G05): the new level with its reason,
/// the facts that caused it and any notice. Applying it means recording `assignment` (after which
/// the same inputs make it due no more).
public struct Escalation: Hashable, Sendable {
    public var ruleID: String
    public var entityID: String
    public var scale: String
    /// The grade before (on `effective`), if any.
    public var from: String?
    public var to: String
    /// The first day the condition held, not before the grade then in force took effect, not after the day asked.
    public var effective: CivilDate
    /// The rule's reason followed by the facts, e.g. `逾期未改正……（D01 R-2026-3：期限 2026-05-06 届满未整改）`.
    public var reason: String
    /// The lifecycle event ids that caused it (the rectification order, its extensions, the obstruction).
    public var causes: [Int64]
    public var measure: String?
    /// The extra notice to send (G01 V(2): 报省金融办取消试点资格), if the rule has one.
    public var notice: String?

    public init(ruleID: String, entityID: String, scale: String, from: String?, to: String, effective: CivilDate, reason: String,
                causes: [Int64], measure: String? = nil, notice: String? = nil) {
        self.ruleID = ruleID; self.entityID = entityID; self.scale = scale; self.from = from; self.to = to; self.effective = effective
        self.reason = reason; self.causes = causes; self.measure = measure; self.notice = notice
    }

    /// The fact to record: assigned by `escalation`, citing the rule and the causes.
    public var assignment: GradeAssignment {
        GradeAssignment(entityID: entityID, scale: scale, level: to, effective: effective, reason: reason,
                        assignedBy: GradeAssignment.escalation, rule: ruleID, causes: causes)
    }
}

/// The pure escalation step: given an entity, its lifecycle events, its tracked deadlines (from
/// `DeadlineTracker`), its grade history and the rules, on a day → the grade changes due. No I/O,
/// no clock.
///
/// - A rule fires when one of its triggers holds on facts that no earlier escalation by the same
///   rule already cited (so a recovered entity is not escalated again for the same overdue order).
/// - It never improves a grade: an entity already at or below the target level is left alone.
/// - Per scale at most one change is due: the worst target among the rules that fire (first rule wins a tie).
/// - Idempotent: once the change is recorded in the history, the same inputs give no change.
public struct EscalationEngine: Sendable {
    public var rules: [EscalationRule]
    public var scales: [GradeScale]

    public init(rules: [EscalationRule], scales: [GradeScale]) { self.rules = rules; self.scales = scales }

    /// One trigger that holds: its facts, the first day it held, and what it says.
    public struct Match: Hashable, Sendable {
        public var causes: [Int64]
        public var since: CivilDate
        public var text: String
    }

    public func due(for entity: Entity, events: [LifecycleEvent], deadlines: [TrackedDeadline], history: GradeHistory,
                    on day: CivilDate) -> [Escalation] {
        let stream = DeadlineTracker.effective(events.filter { $0.entityID == entity.id })
        var best: [String: (rule: EscalationRule, scale: GradeScale, matches: [Match])] = [:]
        var order: [String] = []
        for rule in rules where rule.enabled && rule.kinds.contains(entity.kind) {
            guard let scale = scales.first(where: { $0.id == rule.scale }), scale.contains(rule.target) else { continue }
            let fallback = entity.grade.flatMap { scale.contains($0) ? $0 : nil }
            let current = history.level(scale: scale.id, on: day, fallback: fallback)
            if scale.isAtOrBelow(current, rule.target) { continue }
            let matches = self.matches(rule, scale: scale, entity: entity, stream: stream, deadlines: deadlines, history: history,
                                       fallback: fallback, on: day)
                .filter { !history.hasAnswered(rule: rule.id, causes: $0.causes) }
            if matches.isEmpty { continue }
            if let held = best[scale.id] {
                if scale.isBetter(held.rule.target, than: rule.target) { best[scale.id] = (rule, scale, matches) }
            } else {
                best[scale.id] = (rule, scale, matches)
                order.append(scale.id)
            }
        }
        return order.compactMap { id in
            guard let (rule, scale, matches) = best[id] else { return nil }
            let fallback = entity.grade.flatMap { scale.contains($0) ? $0 : nil }
            var effective = min(matches.map(\.since).min() ?? day, day)
            if let last = history.current(scale: scale.id, on: day)?.effective, last > effective { effective = last }
            let causes = Array(Set(matches.flatMap(\.causes))).sorted()
            return Escalation(ruleID: rule.id, entityID: entity.id, scale: scale.id,
                              from: history.level(scale: scale.id, on: effective, fallback: fallback), to: rule.target,
                              effective: effective, reason: "\(rule.reason)（\(matches.map(\.text).joined(separator: "；"))）",
                              causes: causes, measure: rule.measure, notice: rule.notice)
        }
    }

    /// Every trigger of `rule` that holds for the entity on `day` (before filtering out answered ones).
    public func matches(_ rule: EscalationRule, scale: GradeScale, entity: Entity, stream: [LifecycleEvent], deadlines: [TrackedDeadline],
                        history: GradeHistory, fallback: String?, on day: CivilDate) -> [Match] {
        var result: [Match] = []
        for trigger in rule.triggers {
            switch trigger {
            case .deadlineOverdue(let c):
                for d in deadlines where d.entityID == entity.id && d.state == .overdue && c.rules.contains(d.ruleID) {
                    if let e = c.extended, e != (d.extensions > 0) { continue }
                    let since = d.deadline.endTime?.date ?? d.due.adding(days: 1)
                    guard since <= day else { continue }
                    if let grades = c.orderedAt {
                        guard let g = history.level(scale: scale.id, on: d.started.date, fallback: fallback), grades.contains(g) else { continue }
                    }
                    let start = stream.first { $0.subject == d.subject && $0.at == d.started && (d.startEvent == nil || $0.id == d.startEvent) }
                    let extensions = stream.filter {
                        $0.subject == d.subject && $0.at > d.started && $0.kind.hasSuffix(".extended") && ($0.attributes["rule"] ?? d.ruleID) == d.ruleID
                    }.prefix(d.extensions)
                    let causes = ([start?.id] + extensions.map(\.id)).compactMap { $0 }
                    let text = "\(d.ruleID) \(d.subject)：" + (d.extensions > 0 ? "延长后的期限" : "期限") + " \(d.due.iso) 届满未整改"
                        + (c.orderedAt != nil ? "（整改通知下达时已为 \(c.orderedAt!.sorted().joined(separator: "/")) 级）" : "")
                    result.append(Match(causes: causes, since: since, text: text))
                }
            case .event(let kind, let when):
                for e in stream where e.kind == kind && e.date <= day && Self.has(e, when) {
                    result.append(Match(causes: e.id.map { [$0] } ?? [], since: e.date, text: "\(kind) \(e.subject) \(e.date.iso)"))
                }
            case .consecutiveYears(let kind, let when, let years):
                var byYear: [Int: [LifecycleEvent]] = [:]
                for e in stream where e.kind == kind && e.date <= day && Self.has(e, when) {
                    byYear[e.attributes["year"].flatMap { Int($0) } ?? e.date.year, default: []].append(e)
                }
                for last in byYear.keys.sorted() {
                    let span = (last - years + 1)...last
                    guard span.allSatisfy({ byYear[$0] != nil }) else { continue }
                    let facts = span.flatMap { byYear[$0]! }
                    result.append(Match(causes: facts.compactMap(\.id), since: facts.map(\.date).max()!,
                                        text: "\(kind) \(span.lowerBound)–\(span.upperBound) 连续 \(years) 年" + when.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()))
                }
            }
        }
        return result
    }

    static func has(_ e: LifecycleEvent, _ when: [String: String]) -> Bool {
        when.allSatisfy { e.attributes[$0.key] == $0.value }
    }
}
