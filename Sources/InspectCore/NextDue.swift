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
        let (y, m, _) = today.components
        var index = (y &* 12 &+ m &- 1) / months          // CalendarPeriod(unit: per, containing: today).index
        if let approved = approvedOn {
            let (ay, am, _) = approved.components
            switch eligibility {
            case .always:
                // Eligible from the period that contains the approval date.
                let a = (ay &* 12 &+ am &- 1) / months
                if a > index { index = a }
            case .approvedBeforeYearStart:
                // Eligible from the first period that starts in a year after the approval year.
                let a = ((ay &+ 1) &* 12 &+ months &- 1) / months
                if a > index { index = a }
            }
        }
        // Today's period is met when the last fact lies in it (at least 1). A fact never lies in a
        // later period (last <= today), so the next period is then the earliest unmet one.
        if atLeast == 1, let l = last {
            let (ly, lm, _) = l.components
            if (ly &* 12 &+ lm &- 1) / months == index { index &+= 1 }
        }
        let first = index &* months                        // months since January of year 0
        let fy = first / 12, fm = first &- fy &* 12 &+ 1
        if let before = dueBefore {
            let start = CivilDate(dayNumber: Int32(truncatingIfNeeded: CivilDate.daysFromCivil(fy, fm, 1)))
            return calendar.previousWorkingDay(onOrBefore: before.firstOccurrence(after: start).adding(days: -1))
        }
        // The period's last day is the day before the first day of the month after it.
        let after = first &+ months
        let ay = after / 12
        let end = CivilDate.daysFromCivil(ay, after &- ay &* 12 &+ 1, 1) &- 1
        return calendar.previousWorkingDay(onOrBefore: CivilDate(dayNumber: Int32(truncatingIfNeeded: end)))
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
