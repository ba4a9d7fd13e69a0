/// The end of a legal period counted from a trigger: the last day on which the act may still be
/// done (it ends at 24:00 or the close of business hours, 民法典 第二百零三条第二款), and whether
/// the holiday data behind it is final.
public struct Deadline: Hashable, Sendable, CustomStringConvertible {
    /// The last day of the period, after moving off a non-working day (第二百零三条).
    public var end: CivilDate
    /// The last day before that move (第二百零一、二百零二条); equals `end` when no move was needed.
    public var nominalEnd: CivilDate
    /// For periods in hours: the exact end instant (`end` is its date). `nil` otherwise.
    public var endTime: LocalDateTime?
    /// True when a day the result depends on has no final holiday data: its year's arrangement is
    /// not loaded, or it is on or after 20 December of the last loaded year. Recompute when the
    /// next notice is loaded.
    public var provisional: Bool

    public init(end: CivilDate, nominalEnd: CivilDate? = nil, endTime: LocalDateTime? = nil, provisional: Bool) {
        self.end = end; self.nominalEnd = nominalEnd ?? end; self.endTime = endTime; self.provisional = provisional
    }

    /// True when the last day fell on a non-working day and the period ends on the next working day.
    public var wasMoved: Bool { end != nominalEnd }

    /// `2026-03-02`, `2026-03-02T14:30:00`, with ` (provisional)` when provisional.
    public var description: String {
        (endTime?.iso ?? end.iso) + (provisional ? " (provisional)" : "")
    }
}

extension Deadline: Codable {
    private enum CodingKeys: String, CodingKey { case end, nominalEnd = "nominal_end", endTime = "end_time", provisional }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func date(_ k: CodingKeys) throws -> CivilDate {
            let s = try c.decode(String.self, forKey: k)
            guard let d = CivilDate(iso: s) else {
                throw DecodingError.dataCorruptedError(forKey: k, in: c, debugDescription: "'\(s)' is not a date (expected YYYY-MM-DD)")
            }
            return d
        }
        let end = try date(.end)
        let nominal = c.contains(.nominalEnd) ? try date(.nominalEnd) : end
        self.init(end: end, nominalEnd: nominal,
                  endTime: try c.decodeIfPresent(LocalDateTime.self, forKey: .endTime),
                  provisional: try c.decode(Bool.self, forKey: .provisional))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(end.iso, forKey: .end)
        try c.encode(nominalEnd.iso, forKey: .nominalEnd)
        try c.encodeIfPresent(endTime, forKey: .endTime)
        try c.encode(provisional, forKey: .provisional)
    }
}

// MARK: - Deadline arithmetic (民法典 第二百零一—二百零三条)

extension WorkCalendar {
    /// The end of `period` counted from `trigger`.
    ///
    /// - 民法典 第二百零一条第一款: a period in days, months or years starts counting on the day
    ///   after the trigger day (开始的当日不计入，自下一日开始计算). `Nd` ends N days after the
    ///   trigger; `Nwd` ends on the N-th working day after it.
    /// - 民法典 第二百零二条: `Nm` / `Ny` end on the corresponding day of the final month
    ///   (到期月的对应日), or on that month's last day when it has none (31 Jan + 1m → 28/29 Feb).
    /// - 民法典 第二百零三条第一款: when the last day of a period in days, months or years is a
    ///   statutory holiday or rest day, the period ends on the first working day after it
    ///   (法定休假日的次日). `Nwd` always ends on a working day.
    /// - 民法典 第二百零一条第二款: a period in hours runs from the trigger time exactly, with no
    ///   move; with a date-only trigger it runs from 00:00 of that day (the earliest reading).
    ///
    /// The result is provisional when a day it depends on is provisional (`isProvisional`): for
    /// `Nwd` every day counted, for the others the last day and the days it moves across.
    @inlinable
    public func add(_ period: LegalPeriod, to trigger: CivilDate) -> Deadline {
        switch period {
        case .workingDays(let n):
            let end = addingWorkingDays(n, to: trigger)
            return Deadline(end: end, nominalEnd: end, provisional: isProvisional(from: trigger.adding(days: 1), through: end))
        case .days(let n):
            return moved(trigger.adding(days: n))
        case .months(let n):
            return moved(trigger.addingMonths(n))
        case .years(let n):
            return moved(trigger.addingMonths(n < -20_000 ? -240_000 : n > 20_000 ? 240_000 : 12 * n))
        case .hours(let n):
            let t = LocalDateTime(seconds: Int64(trigger.dayNumber) * 86_400).adding(hours: n)
            return Deadline(end: t.date, nominalEnd: t.date, endTime: t, provisional: false)
        }
    }

    /// The end of `period` counted from a trigger date and time: periods in hours run from the
    /// time exactly (民法典 第二百零一条第二款); the others count from the day after the trigger
    /// date, as `add(_:to:)` with a date.
    public func add(_ period: LegalPeriod, to trigger: LocalDateTime) -> Deadline {
        if case .hours(let n) = period {
            let t = trigger.adding(hours: n)
            return Deadline(end: t.date, nominalEnd: t.date, endTime: t, provisional: false)
        }
        return add(period, to: trigger.date)
    }

    /// An extended period (e.g. 60wd extended once by 30wd, RULES.md E01): the extension counts
    /// from the end of the period it extends (the day after `deadline.end`, 民法典 第二百零一条),
    /// and is provisional when either part is.
    public func extend(_ deadline: Deadline, by period: LegalPeriod) -> Deadline {
        var r = if let t = deadline.endTime { add(period, to: t) } else { add(period, to: deadline.end) }
        r.provisional = r.provisional || deadline.provisional
        return r
    }

    /// 民法典 第二百零三条: a last day that is not a working day moves to the next working day.
    @inlinable
    func moved(_ nominal: CivilDate) -> Deadline {
        let end = nextWorkingDay(onOrAfter: nominal)
        return Deadline(end: end, nominalEnd: nominal, provisional: isProvisional(from: nominal, through: end))
    }
}

extension CivilDate {
    /// The corresponding day `n` months later (earlier when `n < 0`), or the last day of that
    /// month when it has no such day (民法典 第二百零二条): 31 January + 1 → 28 or 29 February.
    @inlinable
    public func addingMonths(_ n: Int) -> CivilDate {
        let (y, m, d) = components
        // More months than the supported range holds saturates (no overflow below).
        let k = n < -240_000 ? -240_000 : n > 240_000 ? 240_000 : n
        let t = y * 12 + (m - 1) + k
        let ny = t >= 0 ? t / 12 : (t - 11) / 12
        let nm = t - ny * 12 + 1
        let dim = CivilDate.daysInMonth(year: ny, month: nm)
        return CivilDate(clampingDayNumber: CivilDate.daysFromCivil(ny, nm, d < dim ? d : dim))
    }
}
