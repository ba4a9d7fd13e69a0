/// The manager's report for a period (issue 14, 绩效报表): the obligations due in it by a
/// grouping and by month, the deadlines started in it by rule, each sampling rule's quota against
/// what was drawn and inspected, and the grades at its end with the escalations during it.
/// Pure: the shell hands it the schedule's own obligations, deadlines, draws and grades.
public struct PerformanceReport: Hashable, Sendable, Codable {
    /// The period, first and last day (ISO dates).
    public var from: String
    public var to: String
    /// The day the figures are as of (an obligation not met by then is open or overdue).
    public var today: String
    public var grouping: ReportGrouping
    public var groups: [Group]
    public var total: ObligationTally
    /// Every month of the period, for the completion trend.
    public var months: [Group]
    public var deadlines: [DeadlineRow]
    public var sampling: [SamplingRow]
    public var grades: [GradeRow]

    /// One row of obligations: the group's key (`S01`, `2026-03`, …), its label and its figures.
    public struct Group: Hashable, Sendable, Codable {
        public var key: String
        public var label: String
        public var obligations: ObligationTally
        public init(key: String, label: String, obligations: ObligationTally) { self.key = key; self.label = label; self.obligations = obligations }
    }

    /// The deadlines of one deadline rule started in the period (D01–D04 rectifications and
    /// reports, E01–E05 cases): met on time, late, overdue, still running, lapsed, extended.
    public struct DeadlineRow: Hashable, Sendable, Codable {
        public var rule: String
        public var title: String
        public var started = 0
        public var metOnTime = 0
        public var metLate = 0
        public var overdue = 0
        public var running = 0
        public var lapsed = 0
        public var extended = 0
        public init(rule: String, title: String) { self.rule = rule; self.title = title }
        enum CodingKeys: String, CodingKey {
            case rule, title, started, overdue, running, lapsed, extended
            case metOnTime = "met_on_time", metLate = "met_late"
        }
    }

    /// One sampling rule (双随机) over its periods that meet the report's: the quota, the units
    /// drawn, and of the drawn entities those whose sampling inspection is done and whose results
    /// were published (N01's follow-up met).
    public struct SamplingRow: Hashable, Sendable, Codable {
        public var rule: String
        public var title: String
        public var periods: [String]
        /// The rule's quota: `min…max` units (entities, or industries), from its size and the population.
        public var quotaMin = 0
        public var quotaMax = 0
        public var unit: String
        public var drawn = 0
        public var drawnEntities = 0
        public var inspected = 0
        public var published = 0
        public init(rule: String, title: String, periods: [String], unit: String) {
            self.rule = rule; self.title = title; self.periods = periods; self.unit = unit
        }
        enum CodingKeys: String, CodingKey {
            case rule, title, periods, unit, drawn, inspected, published
            case quotaMin = "quota_min", quotaMax = "quota_max", drawnEntities = "drawn_entities"
        }
    }

    /// Entities of one grade on one scale at the period's end, and the escalations to it during the period.
    public struct GradeRow: Hashable, Sendable, Codable {
        public var scale: String
        public var level: String
        public var entities = 0
        public var escalations = 0
        public init(scale: String, level: String) { self.scale = scale; self.level = level }
    }

    public init(from: CivilDate, to: CivilDate, today: CivilDate, grouping: ReportGrouping, groups: [Group], total: ObligationTally,
                months: [Group], deadlines: [DeadlineRow], sampling: [SamplingRow], grades: [GradeRow]) {
        self.from = from.iso; self.to = to.iso; self.today = today.iso; self.grouping = grouping; self.groups = groups
        self.total = total; self.months = months; self.deadlines = deadlines; self.sampling = sampling; self.grades = grades
    }
}

/// How a report groups its obligations (`--by`).
public enum ReportGrouping: String, Hashable, Sendable, Codable, CaseIterable {
    case supervisor, office, rule, kind, jurisdiction, month
}

extension PerformanceReport {
    /// The obligations part: those due from `from` through `to`, grouped by `key` (key and
    /// label), in key order, the total, and by month.
    public static func tally(_ obligations: some Sequence<Obligation>, from: CivilDate, to: CivilDate, calendar: WorkCalendar,
                             group key: (Obligation) -> (key: String, label: String)) -> (groups: [Group], total: ObligationTally, months: [Group]) {
        var groups: [String: Group] = [:]
        var months: [String: ObligationTally] = [:]
        var total = ObligationTally()
        for o in obligations where o.due >= from && o.due <= to {
            let k = key(o)
            groups[k.key, default: Group(key: k.key, label: k.label, obligations: ObligationTally())].obligations.add(o, calendar: calendar)
            months[monthLabel(o.due), default: ObligationTally()].add(o, calendar: calendar)
            total.add(o, calendar: calendar)
        }
        var monthRows: [Group] = []
        var m = CivilDate.firstOfMonth(year: from.year, month: from.month)
        while m <= to {
            let label = monthLabel(m)
            monthRows.append(Group(key: label, label: label, obligations: months[label] ?? ObligationTally()))
            m = CivilDate(dayNumber: CivilDate.lastOfMonth(year: m.year, month: m.month).dayNumber + 1)
        }
        return (groups.values.sorted { $0.key < $1.key }, total, monthRows)
    }

    public static func monthLabel(_ d: CivilDate) -> String { String(d.iso.prefix(7)) }

    /// The obligations parts of several slices of the directory (tallied side by side) as one.
    public static func merge(_ parts: [(groups: [Group], total: ObligationTally, months: [Group])])
        -> (groups: [Group], total: ObligationTally, months: [Group]) {
        var groups: [String: Group] = [:]
        var total = ObligationTally()
        var months: [Group] = parts.first?.months.map { Group(key: $0.key, label: $0.label, obligations: ObligationTally()) } ?? []
        for p in parts {
            for g in p.groups { groups[g.key, default: Group(key: g.key, label: g.label, obligations: ObligationTally())].obligations.add(g.obligations) }
            total.add(p.total)
            for (i, m) in p.months.enumerated() where i < months.count { months[i].obligations.add(m.obligations) }
        }
        return (groups.values.sorted { $0.key < $1.key }, total, months)
    }

    /// The deadlines part: per rule, the deadlines started from `from` through `to`, by their state on the report's day.
    public static func deadlineRows(_ deadlines: some Sequence<TrackedDeadline>, rules: [DeadlineRule], from: CivilDate, to: CivilDate) -> [DeadlineRow] {
        var rows: [String: DeadlineRow] = [:]
        for r in rules where r.enabled { rows[r.id] = DeadlineRow(rule: r.id, title: r.title) }
        for d in deadlines where d.started.date >= from && d.started.date <= to {
            var row = rows[d.ruleID] ?? DeadlineRow(rule: d.ruleID, title: d.ruleID)
            row.started += 1
            if d.extensions > 0 { row.extended += 1 }
            switch d.state {
            case .metOnTime: row.metOnTime += 1
            case .metLate: row.metLate += 1
            case .overdue: row.overdue += 1
            case .running, .dueSoon, .dueToday: row.running += 1
            case .lapsed: row.lapsed += 1
            }
            rows[d.ruleID] = row
        }
        return rows.values.sorted { $0.rule < $1.rule }
    }

    /// How many units a sampling rule asks for, given its population (`min…max`).
    public static func quota(_ size: SampleSize, population: [SampleMember], unit: SampleUnit) -> (min: Int, max: Int) {
        var grades: [String: Int] = [:]
        for m in population { if let g = m.grade { grades[g, default: 0] += 1 } }
        return quota(size, units: unit == .industry ? Set(population.compactMap(\.industry)).count : population.count, grades: grades)
    }

    /// A sampling rule's quota in a period, counted over the directory without building its
    /// population (at a province's size that is 871,000 members to sort for one rule).
    public static func quota(of rule: SamplingRule, in period: CalendarPeriod, entities: some Sequence<Entity>) -> (min: Int, max: Int) {
        var count = 0
        var industries: Set<String> = []
        var grades: [String: Int] = [:]
        for e in entities where rule.subject.matches(e) && rule.subject.eligibility.isEligible(e, in: period) {
            count += 1
            if rule.unit == .industry, let i = e.industry { industries.insert(i) }
            if case .strata = rule.size, let g = e.grade { grades[g, default: 0] += 1 }
        }
        return quota(rule.size, units: rule.unit == .industry ? industries.count : count, grades: grades)
    }

    /// The quota of a size over `units` units (entities per grade for strata).
    static func quota(_ size: SampleSize, units n: Int, grades: [String: Int]) -> (min: Int, max: Int) {
        switch size {
        case .range(let lo, let hi): return (min(lo, n), min(max(lo, hi), n))
        case .percent(let p): let k = min(SampleDrawing.percentOf(n, p), n); return (k, k)
        case .strata(let strata):
            var k = 0
            for (grade, p) in strata { k += SampleDrawing.percentOf(grades[grade] ?? 0, p) }
            return (k, k)
        }
    }
}
