import InspectCore

/// When the notice run starts: a state machine apart from the I/O (as SwiftNIO keeps its
/// protocol state machines apart from the channels), driven by the 30-second tick, the changes
/// of facts and rules, the new day's rebuild and the end of each run. It decides; the
/// ``NoticeService`` does what it says.
///
/// - One run at a time. A tick while one is under way is remembered and comes when it is over
///   (a change whose notices are due at once, such as an urgent case); other changes wait for
///   the next tick, so that writes at a province's rate do not keep a run going without pause.
/// - A new day's statuses are built aside first; its notices wait for them.
/// - The notices are decided again only when facts, rules or the day changed since the last
///   run, instead of rescanning every obligation twice a minute.
/// - Outside the notice hour, and on days that are not working days, only deadlines in hours
///   (E04's 24-hour transfer) are announced.
/// - On a shared PostgreSQL store only the leader runs; the others follow the day.
struct NoticeScheduler: Sendable, Equatable {
    /// What the service does after an event.
    enum Action: Equatable {
        case none
        /// Build the new day's schedule aside; its notices follow once it is swapped in.
        case rebuildDay(CivilDate)
        /// Apply the escalations due, then decide and deliver the notices of `day`.
        case run(day: CivilDate, urgentOnly: Bool)
    }

    /// Facts, rules or the day changed since the last full run.
    private(set) var scheduleChanged = true
    /// The day of the last full run.
    private(set) var lastRunDay: CivilDate?
    /// The last day a tick found the notice time reached: on a follower (which runs nothing) the
    /// leader's run of that day is due by then.
    private(set) var noticeTimeDay: CivilDate?
    /// A run is deciding or delivering.
    private(set) var runInFlight = false
    /// A tick came while a run was under way.
    private(set) var tickAfterRun = false
    /// The new day's rebuild is queued or running.
    private(set) var dayRebuildPending = false
    /// The daemon is stopping: nothing new begins.
    private(set) var stopping = false
    /// The last full run: its day, when it ended, and how many notices it decided (`status`).
    private(set) var lastRun: (day: CivilDate, at: String, decided: Int)?

    static func == (a: Self, b: Self) -> Bool {
        a.scheduleChanged == b.scheduleChanged && a.lastRunDay == b.lastRunDay && a.runInFlight == b.runInFlight
            && a.tickAfterRun == b.tickAfterRun && a.dayRebuildPending == b.dayRebuildPending && a.stopping == b.stopping
            && a.lastRun?.day == b.lastRun?.day && a.lastRun?.at == b.lastRun?.at && a.lastRun?.decided == b.lastRun?.decided
    }

    /// A tick: the local day and minute now, the day the schedule was computed for, whether this
    /// daemon leads, and whether it is the notice time (`NoticePolicy.isNoticeTime`).
    mutating func tick(today: CivilDate, scheduleDay: CivilDate, leads: Bool, noticeTime: Bool) -> Action {
        guard !stopping else { return .none }
        if noticeTime { noticeTimeDay = today }
        if today != scheduleDay {
            guard !dayRebuildPending else { return .none }
            dayRebuildPending = true
            return .rebuildDay(today)
        }
        guard leads, scheduleChanged || lastRunDay != today else { return .none }
        guard !runInFlight else {
            tickAfterRun = true
            return .none
        }
        runInFlight = true
        if noticeTime { scheduleChanged = false }
        return .run(day: today, urgentOnly: !noticeTime)
    }

    /// Facts or rules changed: the notices are decided again at the next tick.
    mutating func changed() { scheduleChanged = true }

    /// The new day's schedule is in force (or its rebuild gave up: then `swapped` is false).
    mutating func dayRebuilt(swapped: Bool = true) {
        dayRebuildPending = false
        if swapped { scheduleChanged = true }
    }

    /// A run ended. `recorded`: its notices reached the outbox (else they are decided again at
    /// the next tick). Returns whether to tick again at once (a tick came meanwhile).
    mutating func runEnded(day: CivilDate, urgentOnly: Bool, recorded: Bool, at: String, decided: Int) -> Bool {
        runInFlight = false
        guard recorded else {
            scheduleChanged = true
            return false
        }
        if !urgentOnly {
            lastRunDay = day
            lastRun = (day, at, decided)
        }
        defer { tickAfterRun = false }
        return tickAfterRun
    }

    /// Whether today's notices are announced: today's full run ended here, or (a follower) the
    /// notice time passed today. Before that, a stage reached today is shown as not yet announced.
    func announced(today: CivilDate) -> Bool { lastRunDay == today || noticeTimeDay == today }

    /// SIGTERM: no new run or rebuild begins.
    mutating func stop() { stopping = true }
}
