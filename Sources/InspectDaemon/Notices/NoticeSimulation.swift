import InspectConfig
import InspectCore

/// A replay of the daily notice runs from `from` to `to` on the current facts and rules, with the
/// same decisions as the real runs (``EscalationRun``, then the ``NoticePolicy``): what they would
/// send, sending nothing. An escalation due on a day is applied to the replay's copy of the grade
/// history, so the new grade's cadence (G01) shows in the days after it, as it would.
struct NoticeSimulation: Sendable {
    var from: CivilDate
    var to: CivilDate
    /// A copy of the daemon's state (copy-on-write: nothing is copied until the replay changes it).
    var state: DaemonState
    /// Keys already sent: the outbox drops them, so the preview does too.
    var sent: Set<String>

    func run() -> [Notice] {
        var replay = Replay(self)
        var out: [Notice] = []
        while let (_, notices) = replay.next() { out += notices }
        return out
    }

    /// The replay day by day (a province's month is hundreds of thousands of notices: streamed a
    /// day a reply).
    struct Replay {
        let simulation: NoticeSimulation
        var seen: Set<String>
        var state: DaemonState
        var syntheticID: Int64 = -1
        var day: CivilDate
        let schedule: ObligationSchedule

        init(_ s: NoticeSimulation) {
            simulation = s
            seen = s.sent
            state = s.state
            day = s.from
            schedule = s.state.configuration.schedule
        }

        /// The next day's notices; nil after `to`.
        mutating func next() -> (CivilDate, [Notice])? {
            let policy = state.policy
            while day <= simulation.to {
                let today = day
                day = day.adding(days: 1)
                let working = policy.calendar.isWorkingDay(today)
                guard let now = policy.noticeTime(on: today) else { continue }
                var out: [Notice] = []
                state.snapshot.today = today
                // Escalations first, as the daemon applies them before its notice run.
                let escalations = EscalationRun.due(state, now: now)
                for (e, n) in escalations {
                    if !seen.contains(n.key) { seen.insert(n.key); out.append(n) }
                    // Recorded as the daemon records it (GradeRecorder), with an id no real event has.
                    var event = e.assignment.event(at: now)
                    event.subject = "GRADE-\(e.entityID)-\(e.scale)"
                    event.id = syntheticID
                    syntheticID -= 1
                    state.lifecycle.append(event)
                }
                if !escalations.isEmpty { state.reloadGrades() }
                var obligations: [Obligation] = []
                if working { for e in state.snapshot.entities.values { obligations += state.snapshot.compute(e, schedule) } }
                let snapshot = state.snapshot
                let decided = policy.decide(obligations: obligations, deadlines: state.deadlines(now: now), entity: { snapshot.entities[$0] },
                                            now: now, urgentOnly: !working)
                for var n in decided where !seen.contains(n.key) {
                    seen.insert(n.key)
                    n.day = today
                    out.append(n)
                }
                return (today, out)
            }
            return nil
        }
    }
}
