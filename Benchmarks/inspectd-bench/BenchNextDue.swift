// `inspectd-bench next-due`: the next due date of one entity under one cadence rule
// (`CadenceRule.nextDue`, Sources/InspectCore/NextDue.swift), issue 4 "Speed": ≤ 50 ns.
// scripts/bench-next-due.py runs the same monthly workload through python-dateutil's rrule and
// libical's recurrence iterator (scripts/bench/), with the same inputs (same SplitMix64 stream).
import InspectConfig
import InspectCore

/// The inputs of one call: the entity's state and the day asked about.
struct NextDueInput {
    var today: CivilDate
    var approved: CivilDate?
    var last: CivilDate?
    var rule: Int
}

/// Inputs shared with scripts/bench/next_due_rrule.py and next_due_libical.c (keep in step):
/// per call three SplitMix64 draws r1, r2, r3 from seed 20260401:
///   today    = 2020-01-01 + r1 % (days to 2026-12-31 + 1)
///   approved = today − 1 − r2 % 3650                (1 day to ten years before)
///   last     = none when r3 % 5 == 0, else today − (r3 >> 8) % 400
/// and, for the mix of shipped rules only, a fourth draw picks the rule.
func nextDueInputs(_ n: Int, rules: Int) -> [NextDueInput] {
    var rng = SplitMix64(state: 20_260_401)
    let lo = UInt64(CivilDate(year: 2020, month: 1, day: 1)!.dayNumber)
    let span = UInt64(CivilDate(year: 2026, month: 12, day: 31)!.dayNumber) - lo + 1
    var out: [NextDueInput] = []
    out.reserveCapacity(n)
    for _ in 0..<n {
        let today = Int32(lo + rng.next() % span)
        let approved = today - 1 - Int32(rng.next() % 3650)
        let r3 = rng.next()
        let last: CivilDate? = r3 % 5 == 0 ? nil : CivilDate(dayNumber: today - Int32((r3 >> 8) % 400))
        out.append(NextDueInput(today: CivilDate(dayNumber: today), approved: CivilDate(dayNumber: approved), last: last, rule: 0))
    }
    if rules > 1 { for i in 0..<n { out[i].rule = Int(rng.next() % UInt64(rules)) } }
    return out
}

func nextDueBenchmark(_ o: BenchOptions) throws {
    let config = try ConfigurationLoader.load(directory: o.configDirectory)
    let cal = config.calendar
    let shipped = config.rules.cadences
    let quotas = shipped.filter { if case .quota = $0.cadence { true } else { false } }.count
    print("next-due: \(shipped.count) shipped cadence rules (\(quotas) quotas, \(shipped.count - quotas) intervals) from \(o.configDirectory)/rules, calendar \(cal.loadedYears.first ?? 0)–\(cal.loadedYears.last ?? 0)")
    let n = o.ops
    let monthly = CadenceRule(id: "monthly", title: "at least once a month", source: [], actors: [.county],
                              subjectKinds: ["private-financing-service"], action: "onsite-inspection", counts: ["onsite"],
                              atLeast: 1, per: .month, remind: [], basis: "")

    // 1. The workload of the side-by-side comparison: one monthly rule (C01's cadence).
    let inputs = nextDueInputs(n, rules: 1)
    measure("nextDue, monthly quota (C01 cadence)", ops: n, repeats: o.repeats) {
        var s = 0
        for x in inputs { s &+= Int(monthly.nextDue(after: x.last, approvedOn: x.approved, today: x.today, calendar: cal).dayNumber) }
        return s
    }

    // 2. Every shipped cadence rule, picked at random per call.
    if !shipped.isEmpty {
        let mixed = nextDueInputs(n, rules: shipped.count)
        measure("nextDue, shipped rules mixed (\(shipped.count))", ops: n, repeats: o.repeats) {
            var s = 0
            for x in mixed {
                s &+= Int(shipped[x.rule].nextDue(after: x.last, approvedOn: x.approved, today: x.today, calendar: cal).dayNumber)
            }
            return s
        }
    }

    // 3. Reference: the slow path (all obligations of the entity under the rule, since the start
    //    of today's month, then the first unmet from today's period on), on 1/1000 of the calls.
    let m = max(1, n / 1000)
    let entity = Entity(id: "E1", name: "E", kind: "private-financing-service", jurisdiction: "兰山区")
    measure("reference: ObligationSchedule, 1/1000 ops", ops: m, repeats: o.repeats) {
        var s = 0
        for x in inputs.prefix(m) {
            var e = entity
            e.approvedOn = x.approved
            let facts = x.last.map { [Inspection(entityID: "E1", date: $0, kind: "onsite", authority: .county, inspectors: [])] } ?? []
            let schedule = ObligationSchedule(rules: [monthly], calendar: cal, since: CivilDate.firstOfMonth(year: x.today.year, month: x.today.month))
            let list = schedule.obligations(of: e, inspections: facts, today: x.today)
            s &+= Int(list.first { $0.done < $0.required }?.due.dayNumber ?? 0)
        }
        return s
    }
}
