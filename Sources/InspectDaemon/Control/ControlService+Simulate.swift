import InspectConfig
import InspectControl
import InspectCore
import Varlink

extension Daemon {
    func simulateMethods() -> [String: VarlinkMethodHandler] {
        [ControlInterface.Method.simulate.rawValue: { [unowned self] call, peer in
            let r = try Self.checkedParameters(call, Control.SimulateRequest.self)
            do {
                // The inputs are copied beside the queries (value types: copy-on-write, no copy
                // made); the outbox's keys are read and the replay runs on the caller's connection
                // thread. A month for a province recomputes a million entities per working day,
                // tens of seconds that must not hold up anything that goes through the queue.
                let sent = try store.noticeKeys()
                let simulation = try self.read { try self.simulation(r, sent: sent) }
                guard call.more else { return Control.NoticeList(notices: simulation.run().map(Control.Notice.init)) }
                // With `more`: a reply per day (the last one may be empty), so that neither side
                // holds a province's month of notices.
                var replay = NoticeSimulation.Replay(simulation)
                return VarlinkReplyStream {
                    replay.next().map { Control.NoticeList(notices: $0.1.map(Control.Notice.init)) }
                }
            } catch {
                throw self.typed(error, call, peer)
            }
        }]
    }

    /// Checks the request and takes what the replay needs from the daemon's state.
    func simulation(_ r: Control.SimulateRequest, sent: Set<String>) throws -> NoticeSimulation {
        let from = try ControlFailure.date(r.from, field: "from")
        let to = try ControlFailure.date(r.to, field: "to")
        guard from <= to else { throw ControlFailure.invalidArgument(field: "to", reason: "\(r.to) is before \(r.from)") }
        guard from.days(to: to) <= 366 else { throw ControlFailure.invalidArgument(field: "to", reason: "simulate at most a year at a time") }
        return NoticeSimulation(from: from, to: to, snapshot: snapshot, configuration: configuration, lifecycle: lifecycle, sent: sent)
    }
}

/// A replay of the daily notice runs from `from` to `to` on the current facts and rules, with the
/// same decisions as the real runs (`EscalationEngine`, then `NoticeRun`): what they would send,
/// sending nothing. An escalation due on a day is applied to the replay's copy of the grade
/// history, so the new grade's cadence (G01) shows in the days after it, as it would.
struct NoticeSimulation {
    var from: CivilDate
    var to: CivilDate
    var snapshot: ScheduleSnapshot
    var configuration: Configuration
    var lifecycle: [String: [LifecycleEvent]]
    /// Keys already sent: the outbox drops them, so the preview does too.
    var sent: Set<String>

    func run() -> [Notice] {
        var replay = Replay(self)
        var out: [Notice] = []
        while let (_, notices) = replay.next() { out += notices }
        return out
    }

    /// The replay day by day (a province's month is hundreds of thousands of notices: streamed a
    /// day a reply, issue 11).
    struct Replay {
        let simulation: NoticeSimulation
        var seen: Set<String>
        var snapshot: ScheduleSnapshot
        var lifecycle: [String: [LifecycleEvent]]
        var syntheticID: Int64 = -1
        var day: CivilDate
        let schedule: ObligationSchedule
        let tracker: DeadlineTracker

        init(_ s: NoticeSimulation) {
            simulation = s
            seen = s.sent
            snapshot = s.snapshot
            lifecycle = s.lifecycle
            day = s.from
            schedule = s.configuration.schedule
            tracker = DeadlineTracker(rules: s.configuration.rules.deadlines, calendar: s.configuration.calendar)
        }

        /// The next day's notices; nil after `to`.
        mutating func next() -> (CivilDate, [Notice])? {
            let configuration = simulation.configuration
            while day <= simulation.to {
                let today = day
                day = day.adding(days: 1)
                let working = configuration.calendar.isWorkingDay(today)
                guard let now = LocalDateTime(date: today, hour: configuration.noticeMinute / 60, minute: configuration.noticeMinute % 60) else { continue }
                var out: [Notice] = []
                snapshot.today = today
                // Escalations first, as the daemon applies them before its notice run.
                let escalations = EscalationRun.due(lifecycle: lifecycle, snapshot: snapshot, configuration: configuration, now: now)
                for (e, n) in escalations {
                    if !seen.contains(n.key) { seen.insert(n.key); out.append(n) }
                    // Recorded as the daemon records it (recordGrade), with an id no real event has.
                    var event = e.assignment.event(at: now)
                    event.subject = "GRADE-\(e.entityID)-\(e.scale)"
                    event.id = syntheticID
                    syntheticID -= 1
                    lifecycle[event.subject, default: []].append(event)
                }
                if !escalations.isEmpty { snapshot.gradeHistory = ScheduleSnapshot.gradeHistories(from: lifecycle) }
                var obligations: [Obligation] = []
                if working { for e in snapshot.entities.values { obligations += snapshot.compute(e, schedule) } }
                let tracker = tracker
                let deadlines = lifecycle.values.flatMap { tracker.deadlines(of: $0, now: now) }
                    .sorted { ($0.deadline.end, $0.entityID, $0.ruleID) < ($1.deadline.end, $1.entityID, $1.ruleID) }
                let snapshot = snapshot
                let decided = NoticeRun.decide(obligations: obligations, deadlines: deadlines, entity: { snapshot.entities[$0] },
                                               rules: configuration.rules, calendar: configuration.calendar, now: now, supervisors: configuration.supervisors,
                                               urgentOnly: !working, repeatOverdueEvery: configuration.repeatOverdueEvery)
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
