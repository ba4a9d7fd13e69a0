import InspectConfig
import InspectControl
import InspectCore
import Varlink

extension Daemon {
    func simulateMethods() -> [String: VarlinkMethodHandler] {
        [ControlInterface.Method.simulate.rawValue: { [unowned self] call, _ in
            let r = try call.decode(Control.SimulateRequest.self)
            do {
                // The inputs are copied on the daemon queue (value types: copy-on-write, no copy
                // made); the replay runs on the caller's connection thread. A month for a province
                // recomputes a million entities per working day, tens of seconds that must not hold
                // up notices, other calls or the watchdog pings, which all go through the queue.
                let replay = try self.sync { try self.simulation(r) }
                return Control.NoticeList(notices: replay.run().map(Control.Notice.init))
            } catch let f as ControlFailure {
                throw f.varlinkError
            }
        }]
    }

    /// Checks the request and takes what the replay needs from the daemon's state.
    func simulation(_ r: Control.SimulateRequest) throws -> NoticeSimulation {
        let from = try ControlFailure.date(r.from, field: "from")
        let to = try ControlFailure.date(r.to, field: "to")
        guard from <= to else { throw ControlFailure.invalidArgument(field: "to", reason: "\(r.to) is before \(r.from)") }
        guard from.days(to: to) <= 366 else { throw ControlFailure.invalidArgument(field: "to", reason: "simulate at most a year at a time") }
        return NoticeSimulation(from: from, to: to, snapshot: snapshot, configuration: configuration, lifecycle: lifecycle,
                                sent: try store.noticeKeys())
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
        var seen = sent
        var snapshot = snapshot
        var lifecycle = lifecycle
        var syntheticID: Int64 = -1
        let schedule = configuration.schedule
        let tracker = DeadlineTracker(rules: configuration.rules.deadlines, calendar: configuration.calendar)
        var out: [Notice] = []
        var day = from
        while day <= to {
            defer { day = day.adding(days: 1) }
            let working = configuration.calendar.isWorkingDay(day)
            guard let now = LocalDateTime(date: day, hour: configuration.noticeMinute / 60, minute: configuration.noticeMinute % 60) else { continue }
            snapshot.today = day
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
            let deadlines = lifecycle.values.flatMap { tracker.deadlines(of: $0, now: now) }
                .sorted { ($0.deadline.end, $0.entityID, $0.ruleID) < ($1.deadline.end, $1.entityID, $1.ruleID) }
            let decided = NoticeRun.decide(obligations: obligations, deadlines: deadlines, entity: { snapshot.entities[$0] },
                                           rules: configuration.rules, calendar: configuration.calendar, now: now, supervisors: configuration.supervisors,
                                           urgentOnly: !working, repeatOverdueEvery: configuration.repeatOverdueEvery)
            for var n in decided where !seen.contains(n.key) {
                seen.insert(n.key)
                n.day = day
                out.append(n)
            }
        }
        return out
    }
}
