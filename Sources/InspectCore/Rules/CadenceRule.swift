/// A cadence (频次): the actor must carry out qualifying actions about each subject entity, either
/// at least N times in every calendar period (RULES.md C01 "at least once per month per
/// institution") or again within an interval of the last one ("every 18 months after the last").
public struct CadenceRule: Hashable, Sendable {
    public var id: String
    public var title: String
    /// RULES.md ids this rule implements, e.g. `["C01"]`.
    public var source: [String]
    /// Disabled rules are validated and listed but owe nothing (an optional pack, e.g. N01/N03).
    public var enabled: Bool
    public var actor: Actor
    public var subject: SubjectFilter
    /// What must be done, e.g. `onsite-inspection`, `annual-audit`, `filing`.
    public var action: String
    /// Recorded fact kinds that satisfy the rule.
    public var counts: Set<String>
    public var cadence: Cadence
    /// Reminder lead times before the due date, e.g. `[7wd, 1wd]`.
    public var remind: [LeadTime]
    /// The legal text cited in notices (依据).
    public var basis: String
    /// The notice text, with placeholders (see `NoticeTemplate`); `nil`: the standard text.
    public var noticeTemplate: String? = nil

    public init(id: String, title: String, source: [String], enabled: Bool = true, actor: Actor, subject: SubjectFilter,
                action: String, counts: Set<String>, cadence: Cadence, remind: [LeadTime], basis: String) {
        self.id = id; self.title = title; self.source = source; self.enabled = enabled; self.actor = actor
        self.subject = subject; self.action = action; self.counts = counts; self.cadence = cadence
        self.remind = remind; self.basis = basis
    }

    /// A calendar-period quota rule (the common case), for brevity in code and tests.
    public init(id: String, title: String, source: [String], actors: [Authority], subjectKinds: Set<String>,
                eligibility: Eligibility = .always, action: String, counts: Set<String>, atLeast: Int,
                per: PeriodUnit, remind: [LeadTime], basis: String) {
        self.init(id: id, title: title, source: source, actor: .authorities(actors),
                  subject: SubjectFilter(kinds: subjectKinds, eligibility: eligibility), action: action, counts: counts,
                  cadence: .quota(Quota(atLeast: atLeast, per: per)), remind: remind, basis: basis)
    }

    public func applies(to entity: Entity) -> Bool { enabled && subject.matches(entity) }

    /// Whether a recorded fact counts towards this rule.
    public func counts(_ fact: Inspection) -> Bool {
        counts.contains(fact.kind) && actor.performed(fact)
    }

}

/// How often a cadence rule demands its action.
public enum Cadence: Hashable, Sendable {
    /// At least (and, when given, at most) N per calendar period.
    case quota(Quota)
    /// Again within `every` of the last qualifying fact; the first one within `first` of approval.
    case interval(IntervalCadence)
}

/// At least `atLeast` (and at most `atMost`) qualifying facts in every calendar period `per`.
public struct Quota: Hashable, Sendable {
    public var atLeast: Int
    /// C09: "1–2 times per year": recording a third is refused unless an exception reason is given.
    public var atMost: Int?
    public var per: PeriodUnit
    /// A fixed day instead of the period's last working day: due on the last working day before
    /// this month and day following the period's start (C16 "before January": 12-31 of the year).
    public var dueBefore: MonthDay?

    public init(atLeast: Int, atMost: Int? = nil, per: PeriodUnit, dueBefore: MonthDay? = nil) {
        self.atLeast = atLeast; self.atMost = atMost; self.per = per; self.dueBefore = dueBefore
    }
}

/// "Every 18 months after the last one": counted from the last qualifying fact, or from approval
/// (or the start of tracking) when there was none.
public struct IntervalCadence: Hashable, Sendable {
    public var every: LegalPeriod
    /// The first interval, counted from approval; `every` when not given.
    public var first: LegalPeriod?

    public init(every: LegalPeriod, first: LegalPeriod? = nil) { self.every = every; self.first = first }
}

/// A day of the year, `MM-DD`.
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    public var month: Int
    public var day: Int

    public init?(_ text: String) {
        let p = text.split(separator: "-")
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let m = Int(p[0]), let d = Int(p[1]),
              (1...12).contains(m), d >= 1, d <= CivilDate.daysInMonth(year: 2024, month: m) else { return nil }
        month = m; day = d
    }

    /// The first occurrence of this day strictly after `date`.
    public func firstOccurrence(after date: CivilDate) -> CivilDate {
        var y = date.year
        while true {
            let dd = min(day, CivilDate.daysInMonth(year: y, month: month))
            let c = CivilDate(year: y, month: month, day: dd)!
            if c > date { return c }
            y += 1
        }
    }

    public var description: String { (month < 10 ? "0\(month)" : "\(month)") + "-" + (day < 10 ? "0\(day)" : "\(day)") }
}
