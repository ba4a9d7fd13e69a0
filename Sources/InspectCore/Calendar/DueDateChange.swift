/// What loading a holiday arrangement would do to one open obligation or running deadline: its
/// due date moves (a make-up working day or a holiday changes the count of working days), or it
/// stays and stops being provisional (weekends only, RULES.md §8) — shown before the arrangement
/// is loaded, so an operator sees what next year's notice moves (`calendar diff`).
public struct DueDateChange: Sendable, Hashable {
    /// An obligation (`C01/LS-PFS-001/2027-01`) or a deadline (`D01/RECT-2026-3`).
    public enum Subject: String, Sendable, Hashable, Codable { case obligation, deadline }

    public var subject: Subject
    public var key: String
    public var entityID: String
    public var ruleID: String
    public var before: CivilDate
    public var after: CivilDate
    public var provisionalBefore: Bool
    public var provisionalAfter: Bool

    public init(subject: Subject, key: String, entityID: String, ruleID: String, before: CivilDate, after: CivilDate,
                provisionalBefore: Bool, provisionalAfter: Bool) {
        self.subject = subject; self.key = key; self.entityID = entityID; self.ruleID = ruleID
        self.before = before; self.after = after; self.provisionalBefore = provisionalBefore; self.provisionalAfter = provisionalAfter
    }

    /// The due date changes.
    public var moved: Bool { before != after }
    /// The due date stays and is final now.
    public var confirmed: Bool { !moved && provisionalBefore && !provisionalAfter }

    /// One item's due date under the running and the new calendar, as the comparison takes it.
    public struct Due: Sendable, Hashable {
        public var key: String
        public var entityID: String
        public var ruleID: String
        public var due: CivilDate
        public var provisional: Bool
        public init(key: String, entityID: String, ruleID: String, due: CivilDate, provisional: Bool) {
            self.key = key; self.entityID = entityID; self.ruleID = ruleID; self.due = due; self.provisional = provisional
        }
    }

    /// The items of `before` whose due date or provisional flag differ in `after`, matched by
    /// key. An item on one side only is no change of a date (a calendar does not start or end
    /// periods) and is left out.
    public static func changes(_ subject: Subject, before: [Due], after: [Due]) -> [DueDateChange] {
        var fresh: [String: Due] = [:]
        fresh.reserveCapacity(after.count)
        for d in after { fresh[d.key] = d }
        var out: [DueDateChange] = []
        for old in before {
            guard let new = fresh[old.key], new.due != old.due || new.provisional != old.provisional else { continue }
            out.append(DueDateChange(subject: subject, key: old.key, entityID: old.entityID, ruleID: old.ruleID, before: old.due,
                                     after: new.due, provisionalBefore: old.provisional, provisionalAfter: new.provisional))
        }
        return out
    }

    /// The order of the lists: by the due date they have now, then entity and key.
    public static func < (a: DueDateChange, b: DueDateChange) -> Bool {
        (a.before, a.entityID, a.key) < (b.before, b.entityID, b.key)
    }
}
