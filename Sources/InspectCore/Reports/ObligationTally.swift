/// The figures of a set of obligations due in a report's period (issue 14): how many were due,
/// met on time, met late (and how late, in working days), are still open, overdue, waived.
/// Computed from the very obligations the schedule computes, so a report never disagrees with
/// `plan`: an obligation is counted by its status on the report's day.
public struct ObligationTally: Hashable, Sendable, Codable {
    public var due = 0
    public var metOnTime = 0
    public var metLate = 0
    /// Working days after the due date, summed over the late ones, and the most of one.
    public var lateWorkingDays = 0
    public var maxLateWorkingDays = 0
    /// Not met, and its due date is today or later.
    public var open = 0
    /// Not met, and its due date has passed.
    public var overdue = 0
    public var waived = 0
    /// Why they were waived, with how many each.
    public var waivedReasons: [String: Int] = [:]

    public init() {}

    /// Met, of those due and not waived (nil when none was).
    public var completion: Double? {
        let base = due - waived
        return base > 0 ? Double(metOnTime + metLate) / Double(base) : nil
    }

    /// Met by the due date, of those due and not waived.
    public var onTime: Double? {
        let base = due - waived
        return base > 0 ? Double(metOnTime) / Double(base) : nil
    }

    public mutating func add(_ o: Obligation, calendar: WorkCalendar) {
        due += 1
        switch o.status {
        case .met:
            let completed = o.completedOn ?? o.lastDone ?? o.due
            if completed > o.due {
                metLate += 1
                let late = calendar.workingDays(after: o.due, through: completed)
                lateWorkingDays += late
                maxLateWorkingDays = max(maxLateWorkingDays, late)
            } else {
                metOnTime += 1
            }
        case .waived:
            waived += 1
            waivedReasons[o.waivedReason ?? "", default: 0] += 1
        case .overdue:
            overdue += 1
        case .pending, .dueSoon, .due:
            open += 1
        }
    }

    public mutating func add(_ other: ObligationTally) {
        due += other.due; metOnTime += other.metOnTime; metLate += other.metLate
        lateWorkingDays += other.lateWorkingDays; maxLateWorkingDays = max(maxLateWorkingDays, other.maxLateWorkingDays)
        open += other.open; overdue += other.overdue; waived += other.waived
        for (k, v) in other.waivedReasons { waivedReasons[k, default: 0] += v }
    }

    enum CodingKeys: String, CodingKey {
        case due, open, overdue, waived, completion
        case metOnTime = "met_on_time", metLate = "met_late", lateWorkingDays = "late_working_days"
        case maxLateWorkingDays = "max_late_working_days", waivedReasons = "waived_reasons", onTime = "on_time"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(due, forKey: .due); try c.encode(metOnTime, forKey: .metOnTime); try c.encode(metLate, forKey: .metLate)
        try c.encode(lateWorkingDays, forKey: .lateWorkingDays); try c.encode(maxLateWorkingDays, forKey: .maxLateWorkingDays)
        try c.encode(open, forKey: .open); try c.encode(overdue, forKey: .overdue); try c.encode(waived, forKey: .waived)
        try c.encode(waivedReasons, forKey: .waivedReasons)
        try c.encodeIfPresent(completion, forKey: .completion); try c.encodeIfPresent(onTime, forKey: .onTime)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        due = try c.decode(Int.self, forKey: .due); metOnTime = try c.decode(Int.self, forKey: .metOnTime)
        metLate = try c.decode(Int.self, forKey: .metLate); lateWorkingDays = try c.decode(Int.self, forKey: .lateWorkingDays)
        maxLateWorkingDays = try c.decode(Int.self, forKey: .maxLateWorkingDays); open = try c.decode(Int.self, forKey: .open)
        overdue = try c.decode(Int.self, forKey: .overdue); waived = try c.decode(Int.self, forKey: .waived)
        waivedReasons = try c.decode([String: Int].self, forKey: .waivedReasons)
    }
}
