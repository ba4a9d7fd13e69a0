/// Where a running deadline stands.
public enum DeadlineState: Hashable, Sendable, CustomStringConvertible {
    case running
    case dueSoon
    case dueToday
    case overdue
    case metOnTime
    /// Met after the deadline, by this many days.
    case metLate(days: Int)
    /// A period granted to the other party ran out (P04: silence counts as no objection).
    case lapsed

    public var isOpen: Bool {
        switch self {
        case .running, .dueSoon, .dueToday, .overdue: true
        case .metOnTime, .metLate, .lapsed: false
        }
    }

    public var description: String {
        switch self {
        case .running: "running"
        case .dueSoon: "due-soon"
        case .dueToday: "due-today"
        case .overdue: "overdue"
        case .metOnTime: "met"
        case .metLate(let d): "met-late-\(d)d"
        case .lapsed: "lapsed"
        }
    }
}

/// One deadline started by an event, with its current state.
public struct TrackedDeadline: Hashable, Sendable {
    public var ruleID: String
    public var subject: String
    public var entityID: String
    public var startEvent: Int64?
    public var started: LocalDateTime
    public var deadline: Deadline
    public var extensions: Int
    public var remindFrom: CivilDate
    public var metAt: LocalDateTime?
    public var state: DeadlineState

    /// `E01/CASE-2026-7` (plus the starting event's id when a subject starts one rule twice).
    public var key: String { "\(ruleID)/\(subject)" + (startEvent.map { "/\($0)" } ?? "") }
    public var due: CivilDate { deadline.end }
}

/// The pure deadline computation: given a subject's events, the deadline rules, the calendar and
/// "now", every deadline the events started and where each stands. No I/O, no clock.
public struct DeadlineTracker: Sendable {
    public var rules: [DeadlineRule]
    public var calendar: WorkCalendar

    public init(rules: [DeadlineRule], calendar: WorkCalendar) { self.rules = rules; self.calendar = calendar }

    /// Events in force: sorted by time then id, without withdrawn ones and the corrections themselves.
    public static func effective(_ events: [LifecycleEvent]) -> [LifecycleEvent] {
        let withdrawn = Set(events.compactMap(\.corrects))
        return events.filter { e in !(e.id.map(withdrawn.contains) ?? false) && e.corrects == nil }
            .sorted { ($0.at, $0.id ?? 0) < ($1.at, $1.id ?? 0) }
    }

    /// The deadlines of one subject's events on `now`.
    public func deadlines(of events: [LifecycleEvent], now: LocalDateTime) -> [TrackedDeadline] {
        let stream = Self.effective(events)
        var result: [TrackedDeadline] = []
        for (i, start) in stream.enumerated() {
            for rule in rules where rule.enabled && rule.starts == start.kind && Self.matches(rule, start, in: stream) {
                guard var deadline = initialDeadline(rule, start) else { continue }
                let later = stream[(i + 1)...]
                var extensions = 0
                if let ext = rule.extension_ {
                    // An extension names its rule, or applies to the only extendable deadline of the subject.
                    let extendable = Set(rules.filter { r in r.enabled && r.extension_ != nil && Self.prefix(of: r.starts) == Self.prefix(of: rule.starts)
                        && stream.contains { $0.kind == r.starts && Self.matches(r, $0, in: stream) } }.map(\.id))
                    for e in later where e.kind == Self.prefix(of: rule.starts) + ".extended"
                        && (e.attributes["rule"] == rule.id || (e.attributes["rule"] == nil && extendable == [rule.id])) {
                        guard extensions < ext.max, let by = ext.by ?? e.attributes["by"].flatMap(LegalPeriod.init) else { continue }
                        deadline = calendar.extend(deadline, by: by)
                        extensions += 1
                    }
                }
                let met = later.first { rule.metBy.contains($0.kind) }
                let remindFrom = rule.remind.map { $0.start(before: deadline.end, in: calendar) }.min() ?? deadline.end
                let state = Self.state(deadline: deadline, met: met?.at, lapses: rule.lapses, remindFrom: remindFrom, now: now)
                result.append(TrackedDeadline(ruleID: rule.id, subject: start.subject, entityID: start.entityID,
                                              startEvent: stream.filter { $0.kind == start.kind }.count > 1 ? start.id : nil,
                                              started: start.at, deadline: deadline, extensions: extensions, remindFrom: remindFrom,
                                              metAt: met?.at, state: state))
            }
        }
        return result
    }

    static func matches(_ rule: DeadlineRule, _ start: LifecycleEvent, in stream: [LifecycleEvent]) -> Bool {
        for (k, v) in rule.when where start.attributes[k] != v { return false }
        if !rule.requires.isEmpty, !stream.contains(where: { rule.requires.contains($0.kind) }) { return false }
        return true
    }

    /// `case.filed` → `case`.
    public static func prefix(of kind: String) -> String { String(kind.prefix { $0 != "." }) }

    func initialDeadline(_ rule: DeadlineRule, _ start: LifecycleEvent) -> Deadline? {
        if start.attributes["urgent"] == "yes", let urgent = rule.urgentWithin {
            return calendar.add(urgent, to: start.at)
        }
        switch rule.within {
        case .period(let p):
            if case .hours = p { return calendar.add(p, to: start.at) }
            return calendar.add(p, to: start.date)
        case .setOnEvent:
            guard let text = start.attributes["deadline"], let set = CivilDate(iso: text) else { return nil }
            // A set day that is a holiday ends on the next working day (民法典 第二百零三条).
            let end = calendar.nextWorkingDay(onOrAfter: set)
            return Deadline(end: end, nominalEnd: set, provisional: calendar.isProvisional(end))
        }
    }

    public static func state(deadline: Deadline, met: LocalDateTime?, lapses: Bool, remindFrom: CivilDate, now: LocalDateTime) -> DeadlineState {
        let today = now.date
        if let met {
            if let endTime = deadline.endTime { return met <= endTime ? .metOnTime : .metLate(days: max(1, deadline.end.days(to: met.date))) }
            return met.date <= deadline.end ? .metOnTime : .metLate(days: deadline.end.days(to: met.date))
        }
        let past: Bool
        if let endTime = deadline.endTime { past = now > endTime } else { past = today > deadline.end }
        if past { return lapses ? .lapsed : .overdue }
        if today == deadline.end { return .dueToday }
        if today >= remindFrom { return .dueSoon }
        return .running
    }
}
