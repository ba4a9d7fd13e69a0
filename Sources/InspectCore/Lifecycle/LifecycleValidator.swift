/// Refuses events that cannot happen, with a reason a person can act on: verifying a
/// rectification that was never ordered, an extension after the deadline or beyond the cap, a
/// date in the future for a past event (issue 5, "Integrity").
public struct LifecycleValidator: Sendable {
    public var tracker: DeadlineTracker

    public init(tracker: DeadlineTracker) { self.tracker = tracker }

    /// The kinds that open a subject's life.
    public static let openingKinds: Set<String> = ["rectification.ordered", "case.filed", "report.delivered", "audit.ended",
                                                   "inspection.obstructed", "annual-review.concluded"]

    /// What each kind needs earlier in the same subject's life.
    public static let prerequisites: [String: [String]] = [
        "rectification.extended": ["rectification.ordered"],
        "rectification.report-received": ["rectification.ordered"],
        "rectification.verified": ["rectification.report-received"],
        "rectification.follow-up": ["rectification.report-received"],
        "report.comments": ["report.delivered"],
        "audit.result-sent": ["audit.ended"],
        "case.found-elsewhere": ["case.filed"],
        "case.transferred": ["case.filed"],
        "case.supervised": ["case.filed"],
        "case.extension-requested": ["case.filed"],
        "case.extended": ["case.filed"],
        "case.closed": ["case.filed"],
        "case.closing-report": ["case.closed"],
        "case.referred": ["case.closed"],
    ]

    /// A reason to refuse `event` given the subject's earlier `events` and `now`, or `nil`.
    public func problem(with event: LifecycleEvent, after events: [LifecycleEvent], now: LocalDateTime) -> String? {
        refusal(with: event, after: events, now: now)?.reason
    }

    /// The refusal with the field of the call it concerns (`kind`, `at`, `subject`, `entity`,
    /// `attributes.deadline`, …), so an error names the right one (issue 10: a future date was
    /// reported as a problem of `kind`).
    public func refusal(with event: LifecycleEvent, after events: [LifecycleEvent], now: LocalDateTime) -> Refusal? {
        guard LifecycleEventKind.all.contains(event.kind) else {
            return Refusal("kind", .unknownEventKind, event.kind, LifecycleEventKind.all.sorted().joined(separator: ", "))
        }
        if event.at > now { return Refusal("at", .eventInTheFuture, event.date.iso, now.date.iso) }
        let stream = DeadlineTracker.effective(events.filter { $0.subject == event.subject })
        if let other = stream.first, other.entityID != event.entityID {
            return Refusal("entity", .subjectOfAnotherEntity, event.subject, other.entityID, event.entityID)
        }
        if Self.openingKinds.contains(event.kind) {
            if let first = stream.first(where: { $0.kind == event.kind }) {
                return Refusal("kind", .alreadyOpened, event.subject, event.kind, first.date.iso)
            }
        } else if let needs = Self.prerequisites[event.kind] {
            guard let before = stream.last(where: { needs.contains($0.kind) }) else {
                // Nothing opened this subject: say so (a verification of an order never made was
                // told it "needs rectification.report-received first").
                if let opening = Self.opening(of: event.kind), !stream.contains(where: { $0.kind == opening }) {
                    return Refusal("subject", .neverOpened, event.subject, opening, event.kind, needs.joined(separator: " or "))
                }
                return Refusal("kind", .needsFirst, event.kind, needs.joined(separator: " or "), event.subject)
            }
            if event.at < before.at { return Refusal("at", .eventBefore, event.kind, event.date.iso, before.kind, before.date.iso) }
        }
        if event.kind == "rectification.verified", !["yes", "no"].contains(event.attributes["accepted"] ?? "") {
            return Refusal("attributes.accepted", .verificationAccepted)
        }
        // Deadlines the event would start must be computable (D03/E02: a set date, within its limit).
        for rule in tracker.rules where rule.enabled && rule.starts == event.kind && DeadlineTracker.matches(rule, event, in: stream + [event]) {
            if case .setOnEvent(let atMost) = rule.within {
                guard let text = event.attributes["deadline"], let set = CivilDate(iso: text) else {
                    return Refusal("attributes.deadline", .orderSetsDeadline, rule.id, rule.title)
                }
                if set <= event.date { return Refusal("attributes.deadline", .deadlineNotAfter, rule.id, set.iso, event.date.iso) }
                if let m = atMost, set > tracker.calendar.add(m, to: event.date).end {
                    return Refusal("attributes.deadline", .deadlineBeyond, rule.id, rule.title, set.iso, "\(m)", event.date.iso)
                }
            }
        }
        if event.kind.hasSuffix(".extended") { return extensionProblem(event, stream: stream, now: now) }
        return nil
    }

    /// The kind that opens the life `kind` belongs to (`rectification.verified` → `rectification.ordered`).
    static func opening(of kind: String) -> String? {
        let prefix = DeadlineTracker.prefix(of: kind)
        return openingKinds.first { DeadlineTracker.prefix(of: $0) == prefix }
    }

    func extensionProblem(_ event: LifecycleEvent, stream: [LifecycleEvent], now: LocalDateTime) -> Refusal? {
        let prefix = DeadlineTracker.prefix(of: event.kind)
        let candidates = tracker.rules.filter {
            $0.enabled && $0.extension_ != nil && DeadlineTracker.prefix(of: $0.starts) == prefix && (event.attributes["rule"] ?? $0.id) == $0.id
        }
        let running = tracker.deadlines(of: stream, now: event.at).filter { d in candidates.contains { $0.id == d.ruleID } && d.metAt == nil }
        if event.attributes["rule"] == nil, Set(running.map(\.ruleID)).count > 1 {
            return Refusal("attributes.rule", .severalExtendable, event.subject, Set(running.map(\.ruleID)).sorted().joined(separator: ", "))
        }
        guard let d = running.first, let rule = candidates.first(where: { $0.id == d.ruleID }), let ext = rule.extension_ else {
            return Refusal("subject", .nothingToExtend, event.subject)
        }
        if d.extensions >= ext.max {
            return Refusal("kind", .extensionsUsed, rule.id, rule.title, "\(ext.max)",
                           english: ext.max == 1 ? "\(rule.id) \(rule.title): at most 1 extension, already granted" : nil)
        }
        if event.date > d.deadline.end { return Refusal("at", .extensionAfterDeadline, rule.id, d.deadline.end.iso) }
        if let before = ext.requestBefore {
            let latest = d.deadline.end.adding(days: -before.count)
            // The written request is what must come in time (E02: 提前15天提出书面报告); approval may follow.
            let request = stream.last { $0.kind == "\(prefix).extension-requested" && $0.at <= event.at
                && ($0.attributes["rule"] ?? rule.id) == rule.id }
            if (request?.date ?? event.date) > latest { return Refusal("at", .extensionRequestLate, rule.id, "\(before)", d.deadline.end.iso, latest.iso) }
        }
        if ext.approval, (event.attributes["approval"] ?? "").allSatisfy(\.isWhitespace) {
            return Refusal("attributes.approval", .extensionNeedsApproval, rule.id)
        }
        let by = ext.by ?? event.attributes["by"].flatMap(LegalPeriod.init)
        guard let by else { return Refusal("attributes.by", .extensionHowLong, rule.id) }
        if let most = ext.atMost, tracker.calendar.extend(d.deadline, by: by).end > tracker.calendar.extend(d.deadline, by: most).end {
            return Refusal("attributes.by", .extensionTooLong, rule.id, "\(by)", "\(most)")
        }
        return nil
    }
}
