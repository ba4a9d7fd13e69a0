/// What an obligation of a closed period demanded when its rule changed: kept so that history is
/// not rewritten by a configuration reload. Only open and future periods follow the new rule.
public struct FrozenObligation: Hashable, Sendable, Codable {
    public var key: String
    public var ruleID: String
    public var entityID: String
    public var windowStart: CivilDate
    public var windowEnd: CivilDate
    public var label: String
    public var due: CivilDate
    public var remindFrom: CivilDate
    public var required: Int
    public var allowed: Int?
    /// Facts counted when it was frozen (used if the new rules no longer compute this obligation).
    public var done: Int
    public var provisional: Bool

    public init(_ o: Obligation) {
        key = o.key; ruleID = o.ruleID; entityID = o.entityID; windowStart = o.period.start; windowEnd = o.period.end
        label = o.period.label; due = o.due; remindFrom = o.remindFrom; required = o.required; allowed = o.allowed
        done = o.done; provisional = o.provisional
    }
}

public enum ObligationHistory {
    /// Whether an obligation belongs to a closed period on `today` (its window has ended).
    public static func isClosed(_ o: Obligation, on today: CivilDate) -> Bool { o.period.end < today }

    /// `computed` (under the rules in force) with the frozen obligations of closed periods put
    /// back: a frozen key keeps its old window, due date and required count, with today's count
    /// of facts; a frozen obligation the new rules no longer produce is kept as it was.
    public static func merge(_ computed: [Obligation], frozen: [FrozenObligation], today: CivilDate) -> [Obligation] {
        guard !frozen.isEmpty else { return computed }
        var byKey: [String: FrozenObligation] = [:]
        for f in frozen { byKey[f.key] = f }
        var result: [Obligation] = []
        result.reserveCapacity(computed.count + frozen.count)
        for var o in computed {
            if let f = byKey.removeValue(forKey: o.key) {
                o.period = ObligationWindow(start: f.windowStart, end: f.windowEnd, label: f.label)
                o.due = f.due; o.remindFrom = f.remindFrom; o.required = f.required; o.allowed = f.allowed; o.provisional = f.provisional
                // The day it was met was counted against the new rule's required number: unknown
                // under the frozen one (a report then takes the last fact's day).
                if o.required != f.required { o.completedOn = nil }
                if o.status != .waived {
                    o.status = .on(today, due: o.due, remindFrom: o.remindFrom, required: o.required, done: o.done)
                }
            }
            result.append(o)
        }
        for f in frozen where byKey[f.key] != nil {
            result.append(Obligation(
                ruleID: f.ruleID, entityID: f.entityID, period: ObligationWindow(start: f.windowStart, end: f.windowEnd, label: f.label),
                due: f.due, remindFrom: f.remindFrom, required: f.required, allowed: f.allowed, done: f.done, lastDone: nil,
                status: .on(today, due: f.due, remindFrom: f.remindFrom, required: f.required, done: f.done), provisional: f.provisional))
        }
        return result
    }
}
