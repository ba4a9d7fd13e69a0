/// The next due date of one entity under one cadence rule, without building obligations: the
/// fast path behind "when is this institution next due?" (issue 4, "Speed": ≤ 50 ns).
///
/// It answers from the entity's state alone (approval date and the last qualifying fact) and
/// agrees with `ObligationSchedule.obligations` (see `Tests/InspectCoreTests/NextDueTests.swift`):
/// - quota (`at least N per period`): the due date of the earliest period, from the period
///   containing `today` on, that is not met. With only the last fact known, a period counts as met
///   when `atLeast <= 1` and the last fact lies inside it; for `atLeast > 1` today's period is taken
///   as not met (the answer is then never later than the truth). Periods the entity is not eligible
///   for (approved later, or C04 "approved before 1 January of the year") are skipped.
/// - interval (`every` after the last one): `every` after the last qualifying fact, or `first`
///   (else `every`) after approval when there was none since approval; counted from `today` when
///   there is neither (tracking starts now). The result may lie before `today` (overdue).
///
/// No allocation, no reference counting on the rule's sets or strings: integer arithmetic and at
/// most a few calendar-table loads.
extension CadenceRule {
    /// - Parameters:
    ///   - lastQualifying: the date of the last fact that counts for this rule (`counts(_:)`) on or
    ///     before `today`; a later date is ignored (a fact in the future is a plan, not a fact).
    ///   - approvedOn: the entity's approval date, if known.
    ///   - today: the day asked about.
    /// - Returns: the due date (possibly before `today`, when overdue).
    @inlinable
    public func nextDue(after lastQualifying: CivilDate?, approvedOn: CivilDate?, today: CivilDate,
                        calendar: WorkCalendar) -> CivilDate {
        let last: CivilDate? = if let l = lastQualifying, l <= today { l } else { nil }
        switch cadence {
        case .quota(let q):
            return q.nextDue(after: last, approvedOn: approvedOn, today: today,
                             eligibility: subject.eligibility, calendar: calendar)
        case .interval(let i):
            return i.nextDue(after: last, approvedOn: approvedOn, today: today, calendar: calendar)
        }
    }
}

extension Quota {
    /// The due date of the earliest unmet period from today's on (see `CadenceRule.nextDue`).
    /// `last` must be on or before `today`.
    @inlinable
    public func nextDue(after last: CivilDate?, approvedOn: CivilDate?, today: CivilDate, eligibility: Eligibility,
                        calendar: WorkCalendar) -> CivilDate {
        let months = per.months
        // Periods are counted in months from January of year 0 (as `CalendarPeriod.index`).
        var index = per.periodIndex(ofMonth: today.monthIndex)
        if let approved = approvedOn {
            switch eligibility {
            case .always:
                // Eligible from the period that contains the approval date (only later when approved later).
                if approved > today { index = Swift.max(index, per.periodIndex(ofMonth: approved.monthIndex)) }
            case .approvedBeforeYearStart:
                // Eligible from the first period that starts in a year after the approval year.
                let ay = approved.monthIndex / 12
                index = Swift.max(index, per.periodIndex(ofMonth: (ay &+ 1) &* 12 &+ months &- 1))
            }
        }
        var firstMonth = index &* months
        var start = CivilDate.dayNumber(monthIndex: firstMonth)
        // Today's period is met when the last fact lies in it (at least 1), i.e. on or after its
        // start (last <= today). No fact lies in a later period, so the next one is then unmet.
        if atLeast == 1, let l = last, Int(l.dayNumber) >= start {
            firstMonth &+= months
            start = CivilDate.dayNumber(monthIndex: firstMonth)
        }
        if let before = dueBefore {
            let s = CivilDate(dayNumber: Int32(truncatingIfNeeded: start))
            return calendar.previousWorkingDay(onOrBefore: before.firstOccurrence(after: s).adding(days: -1))
        }
        // The period's last day is the day before the first day of the next period.
        let end = CivilDate.dayNumber(monthIndex: firstMonth &+ months) &- 1
        return calendar.previousWorkingDay(onOrBefore: CivilDate(dayNumber: Int32(truncatingIfNeeded: end)))
    }
}

extension PeriodUnit {
    /// `monthIndex / months` (month index ≥ 0), with constant divisors.
    @inlinable @inline(__always)
    func periodIndex(ofMonth monthIndex: Int) -> Int {
        switch self {
        case .month: monthIndex
        case .quarter: monthIndex / 3
        case .halfYear: monthIndex / 6
        case .year: monthIndex / 12
        case .twoYears: monthIndex / 24
        }
    }
}

extension CivilDate {
    /// `year * 12 + month - 1` (≥ 0 from year 0 on): `components` without the day, inlined
    /// (Hinnant's civil_from_days counts years from March, so the month follows from the March year).
    @inlinable @inline(__always)
    var monthIndex: Int {
        let z = Int(dayNumber) &+ 719_468
        let era = (z >= 0 ? z : z &- 146_096) / 146_097
        let doe = z &- era &* 146_097
        let yoe = (doe &- doe / 1460 &+ doe / 36524 &- doe / 146_096) / 365
        let doy = doe &- (365 &* yoe &+ yoe / 4 &- yoe / 100)
        let mp = (5 &* doy &+ 2) / 153                      // 0 = March … 11 = February
        return (yoe &+ era &* 400) &* 12 &+ mp &+ 2
    }

    /// The day number of the first day of month `monthIndex` counted from January of year 0
    /// (`year * 12 + month - 1`, ≥ 0): `days_from_civil(year, month, 1)`, inlinable.
    @inlinable @inline(__always)
    static func dayNumber(monthIndex t: Int) -> Int {
        let m = t % 12 &+ 1
        let y = t / 12 &- (m <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y &- 399) / 400
        let yoe = y &- era &* 400
        let mp = m > 2 ? m &- 3 : m &+ 9
        let doy = (153 &* mp &+ 2) / 5
        let doe = yoe &* 365 &+ yoe / 4 &- yoe / 100 &+ doy
        return era &* 146_097 &+ doe &- 719_468
    }
}

extension IntervalCadence {
    /// `every` after the last qualifying fact, or `first` (else `every`) after approval.
    @inlinable
    public func nextDue(after last: CivilDate?, approvedOn: CivilDate?, today: CivilDate, calendar: WorkCalendar) -> CivilDate {
        if let l = last, approvedOn.map({ l > $0 }) ?? true {
            return calendar.add(every, to: l).end
        }
        return calendar.add(first ?? every, to: approvedOn ?? today).end
    }
}
