import InspectControl
import InspectCore
import Varlink

extension Daemon {
    func simulateMethods() -> [String: VarlinkMethodHandler] {
        [ControlInterface.Method.simulate.rawValue: method(Control.SimulateRequest.self) { d, r, _ in try d.simulate(r) }]
    }

    /// Replays the daily notice runs from `from` to `to` on the current facts and rules, with the
    /// same decision as the real runs (`NoticeRun`), and returns what they would send.
    func simulate(_ r: Control.SimulateRequest) throws -> Control.NoticeList {
        guard let from = CivilDate(iso: r.from) else { throw ControlFailure.invalidArgument(field: "from", reason: "'\(r.from)' is not a date") }
        guard let to = CivilDate(iso: r.to) else { throw ControlFailure.invalidArgument(field: "to", reason: "'\(r.to)' is not a date") }
        guard from <= to else { throw ControlFailure.invalidArgument(field: "to", reason: "\(r.to) is before \(r.from)") }
        guard from.days(to: to) <= 366 else { throw ControlFailure.invalidArgument(field: "to", reason: "simulate at most a year at a time") }
        var seen = Set(try store.notices().map(\.key))
        let managers = configuration.supervisors.filter(\.isManager).map(\.id)
        let schedule = configuration.schedule
        var out: [Notice] = []
        var day = from
        while day <= to {
            defer { day = day.adding(days: 1) }
            let working = configuration.calendar.isWorkingDay(day)
            guard let now = LocalDateTime(date: day, hour: configuration.noticeMinute / 60, minute: configuration.noticeMinute % 60) else { continue }
            var then = snapshot
            then.today = day
            var obligations: [Obligation] = []
            if working { for e in then.entities.values { obligations += then.compute(e, schedule) } }
            let decided = NoticeRun.decide(obligations: obligations, deadlines: trackedDeadlines(now: now), entities: then.entities,
                                           rules: configuration.rules, calendar: configuration.calendar, now: now, managers: managers,
                                           urgentOnly: !working, repeatOverdueEvery: configuration.repeatOverdueEvery)
            for var n in decided where !seen.contains(n.key) {
                seen.insert(n.key)
                n.day = day
                out.append(n)
            }
        }
        return Control.NoticeList(notices: out.map(Control.Notice.init))
    }
}
