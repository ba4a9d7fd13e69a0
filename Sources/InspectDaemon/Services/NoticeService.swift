import Dispatch
import Foundation
import InspectConfig
import InspectCore
import InspectStore
import Locking
import Logging

/// The notices: when a run starts (``NoticeScheduler``, driven by a 30-second tick and by
/// changes), the escalations due, the run itself — decided on the notice queue from a copy of the
/// schedule, so that no query waits for it — and the delivery of the outbox to the notice log,
/// the journal and the channels (each channel on a queue of its own, ``NoticeHookRunner``).
///
/// Queues: `tick` runs in a barrier of the state queue; the run and every delivery on the notice
/// queue, one at a time, so that the outbox's steps never interleave.
final class NoticeService: Sendable {
    private let queue = DispatchQueue(label: "inspectd.notices")
    private let state: StateQueue<DaemonState>
    private let store: FactStore
    private let clock: DaemonClock
    private let logger: Logger
    private let background: BackgroundActivity
    private let status: StatusService
    private let rebuilds: RebuildService
    private let leadership: Leadership
    private let delivery: NoticeDelivery
    private let grades: GradeRecorder
    private let calendars: CalendarPublisher
    private let pausePoint: TestPausePoint
    private let metrics: Metrics
    /// This daemon's name: the holder of a channel's queue while it runs it.
    private let instance: String
    /// A delivery is queued on the notice queue and has not begun: another request joins it.
    private let deliveryQueued = Locked(false)
    /// The command hooks and built-in channels, by name, each on its own queue; and the runners
    /// stopped since (this daemon stopped leading, a reload removed their channel), whose run
    /// under way is still waited for, or ended, when the daemon stops.
    private let channels = Locked<(running: [String: NoticeHookRunner], stopped: [NoticeHookRunner])>(([:], []))
    private let timer = Locked<[DispatchSourceHandle]>([])

    init(state: StateQueue<DaemonState>, store: FactStore, clock: DaemonClock, logger: Logger, background: BackgroundActivity,
         status: StatusService, rebuilds: RebuildService, leadership: Leadership, delivery: NoticeDelivery,
         calendars: CalendarPublisher, pausePoint: TestPausePoint, metrics: Metrics, instance: String) {
        self.state = state
        self.store = store
        self.clock = clock
        self.logger = logger
        self.background = background
        self.status = status
        self.rebuilds = rebuilds
        self.leadership = leadership
        self.delivery = delivery
        self.grades = GradeRecorder(store: store, clock: clock)
        self.calendars = calendars
        self.pausePoint = pausePoint
        self.metrics = metrics
        self.instance = instance
    }

    /// The test hook that kills the daemon at a named step (`INSPECTD_TEST_CRASH_AT`).
    var crashPoint: TestCrashPoint { delivery.crashPoint }

    /// What a crash left undelivered, the first tick, and then a tick every 30 s: the day changes
    /// and the notice hour arrives while the daemon runs.
    func start() {
        releaseEarlierLeases()
        state.write { s in
            deliverPending(s)
            tick(&s)
        }
        let state = self.state
        let handle = DispatchSourceHandle.timer(label: "inspectd.tick", start: .now() + 30, every: .seconds(30), leeway: .seconds(1)) { [weak self] in
            guard let self else { return }
            state.writeAsync { s in self.tick(&s) }
        }
        timer.withLock { $0.append(handle) }
    }

    /// No new run begins; the run or delivery under way finishes (what it logged reaches the
    /// journal before the daemon exits), and each channel's run under way may finish within 15 s.
    /// Off the state queue.
    func stop() {
        for t in timer.exchange([]) { t.cancel() }
        state.write { $0.notices.stop() }
        stopChannels()
        queue.sync {}
        for runner in channels.withLock({ $0.stopped }) { runner.finish(within: 15) }
    }

    /// Stops every channel's runner (this daemon stopped leading, or stops): a retry already
    /// scheduled must not send beside the new leader's; a run under way finishes and is recorded.
    func stopChannels() {
        let runners = channels.withLock { c in
            let all = Array(c.running.values)
            c.stopped = Self.keepingRecent(c.stopped + all)
            c.running = [:]
            return all
        }
        for runner in runners { runner.stop() }
    }

    /// The stopped runners worth waiting for at shutdown: the recent ones (a run ends within its
    /// channel's timeout; leadership does not change hands dozens of times in that while).
    private static func keepingRecent(_ runners: [NoticeHookRunner]) -> [NoticeHookRunner] { Array(runners.suffix(64)) }

    // MARK: The tick

    /// Follows the day, then sends the day's notices once the notice hour has come. In a barrier:
    /// on start, every 30 s, and after changes whose notices are due at once.
    func tick(_ s: inout DaemonState) {
        guard !s.notices.stopping else { return }
        triggerChannels(s)  // retries that have fallen due (the leader's)
        // A delivery that failed (disk full, database busy, journald overloaded) is retried here,
        // not only at the next change or the next day.
        deliverPending(s)
        // Still waiting (disk full, journald down): say so where the operator looks first.
        if (try? store.hasUndelivered()) == true { status.changed() }
        let (today, minute) = clock.local(clock.now())
        switch s.notices.tick(today: today, scheduleDay: s.today, leads: leadership.leads, noticeTime: s.policy.isNoticeTime(today, minute: minute)) {
        case .none:
            return
        case .rebuildDay(let day):
            // The new day's schedule is built aside; its notices wait for it (they are decided on
            // the new day's statuses), queries meanwhile see the old day's.
            rebuilds.rebuildForNewDay(day) { [weak self] s in self?.tick(&s) }
        case .run(let day, let urgentOnly):
            applyEscalations(&s)
            run(&s, day: day, urgentOnly: urgentOnly)
        }
    }

    /// Ticks now, off the state queue (after a reload: the notices decided on the new rules).
    func tick() {
        state.write { s in tick(&s) }
    }

    /// Applies the escalations due today (RULES.md G01, G05): each is recorded as a grade fact with
    /// its notice, and the new grade's cadence applies at once. In a barrier.
    private func applyEscalations(_ s: inout DaemonState) {
        var announced = false
        for (e, notice) in EscalationRun.due(s, now: clock.localNow()) {
            // Each escalation is decided by the leader alone: one whose lease ran out stops here.
            guard leadership.leads else { break }
            do {
                _ = try grades.record(e.assignment, uid: 0, announcing: [notice], in: &s)
                logger.warning("escalation \(e.ruleID): \(e.entityID) \(e.scale) \(e.from ?? "-") → \(e.to) from \(e.effective.iso): \(e.reason)")
                announced = true
            } catch {
                logger.error("could not record escalation \(e.ruleID) of \(e.entityID): \(error)")
            }
        }
        if announced { deliverPending(s) }
    }

    // MARK: The run

    /// Decides the notices the open obligations and deadlines call for, puts the new ones in the
    /// outbox (one transaction), then delivers them — on the notice queue, from a copy of the
    /// state (a copy costs nothing until the live one changes), so no query waits for it. In a
    /// barrier; returns at once.
    private func run(_ s: inout DaemonState, day: CivilDate, urgentOnly: Bool) {
        // The copy shares the live schedule's storage: while it is held, the first write copies
        // the schedule's obligations and index in its barrier (copy-on-write, tens of ms at a
        // province's size). It is let go as soon as the open obligations are listed, before the
        // notices are decided; the directory, which writes never change, is kept apart.
        let schedule = Locked<ScheduleSnapshot?>(s.snapshot)
        let lifecycle = s.lifecycle, policy = s.policy, configuration = s.configuration, now = clock.localNow()
        background.begin("notice-run")
        queue.async { [self] in
            pausePoint.reach("notice-run")
            let started = ContinuousClock.now
            metrics.noticeRunStarted()
            let deadlines = lifecycle.deadlines(policy.tracker, now: now)
            let (open, entities): ([Obligation], EntityDirectory) = {
                let copy = schedule.withLock { s in defer { s = nil }; return s! }  // released when this closure returns
                // Only deadlines in hours are urgent: the obligations are not even listed then.
                return (urgentOnly ? [] : copy.open(), copy.entities)
            }()
            let decided = policy.decide(obligations: open, deadlines: deadlines, entity: { entities[$0] }, now: now, urgentOnly: urgentOnly)
            let recorded: Bool
            do {
                // Decided while leading, recorded only if still leading (the next leader decides
                // the same notices again under the same keys).
                guard leadership.leads else { throw NoticeDelivery.LeaseLost() }
                _ = try store.enqueueNew(decided, at: clock.unixTime())
                delivery.crashPoint.reach("after-enqueue")
                recorded = true
            } catch let lost as NoticeDelivery.LeaseLost {
                logger.warning("\(lost)")
                recorded = false
            } catch {
                logger.error("could not record notices: \(error)")
                metrics.storageError(error)
                recorded = false
            }
            if recorded { deliverNow(configuration) }
            if recorded && !urgentOnly && configuration.icsDirectory != nil {
                calendars.publish(state.read { $0 }, now: clock.localNow())
            }
            let count = decided.count
            metrics.noticeRunEnded(recorded: recorded, decided: count, took: ContinuousClock.now - started)
            state.writeAsync { [self] s in
                defer { background.end("notice-run") }
                let again = s.notices.runEnded(day: day, urgentOnly: urgentOnly, recorded: recorded, at: clock.isoNow(), decided: count)
                status.changed()
                if again { tick(&s) }
            }
        }
    }

    // MARK: Delivery

    /// Delivers what the outbox holds undelivered (after a crash, on restart, after a write that
    /// announced something), on the notice queue; returns at once. Requests made while one waits
    /// to begin join it. Only the leader delivers.
    func deliverPending(_ s: DaemonState) {
        guard !s.notices.stopping, leadership.leads, deliveryQueued.setIfClear() else { return }
        let configuration = s.configuration
        background.begin("delivery")
        queue.async { [self] in
            deliveryQueued.exchange(false)
            deliverNow(configuration)
            background.end("delivery")
        }
    }

    /// On a shared store, a daemon starting under the name of one that was killed (systemd
    /// restarting it) gives back its earlier life's channel leases, whether it leads or not: the
    /// leader takes over a channel whose holder has no session left, but this name has sessions
    /// again, and the earlier life will never finish its pass (the lease would hold the channel
    /// for its full two minutes). The batch of notices the earlier life began is the leader's to
    /// finish (its lease ended the earlier life's).
    private func releaseEarlierLeases() {
        guard store.dialect == .postgresql else { return }
        queue.sync { releaseEarlierLeasesNow() }
    }

    /// On the notice queue; tried again every 5 s while the database refuses (a leader's long
    /// write holding its write lock past the timeout).
    private func releaseEarlierLeasesNow() {
        dispatchPrecondition(condition: .onQueue(queue))
        do {
            try store.releaseHooks(heldBy: instance)
        } catch {
            logger.warning("could not yet give back the channel leases this daemon held before it was stopped (tried again in 5 s): \(error)")
            metrics.storageError(error)
            queue.asyncAfter(deadline: .now() + 5) { [weak self] in
                guard let self, !state.read({ $0.notices.stopping }) else { return }
                releaseEarlierLeasesNow()
            }
        }
    }

    /// `deliverPending` from off the state queue.
    func deliverPending() {
        state.read { deliverPending($0) }
    }

    /// Records and delivers the `rescheduled` notices of a reload (off the state queue).
    func announce(rescheduled moved: [Notice]) {
        guard !moved.isEmpty else { return }
        logger.notice("\(moved.count) provisional due dates moved with the new holiday arrangements")
        do { _ = try store.enqueueNew(moved, at: clock.unixTime()) } catch { logger.error("could not record notices: \(error)") }
        deliverPending()
    }

    /// On the notice queue: delivers the outbox's undelivered notices, then runs the channels.
    private func deliverNow(_ configuration: Configuration) {
        dispatchPrecondition(condition: .onQueue(queue))
        do {
            let pending = try store.undelivered()
            guard !pending.isEmpty else { return }
            // Queued for the channels before delivery: a crash in between delivers and then
            // hands them over. A channel with `office:` takes only the notices of that office's
            // supervisors (and those copied to one of its managers).
            for hook in configuration.hooks {
                let keys = pending.filter { p in
                    guard let office = hook.office else { return true }
                    return ([p.notice.supervisor] + (p.notice.copyTo ?? []).map { Optional($0) })
                        .contains { configuration.responsibleOffice(of: $0) == office }
                }.map(\.key)
                try store.queueForHook(keys, hooks: [hook.name], at: clock.unixTime())
            }
            try delivery.deliver(pending, store: store, configuration: configuration, now: { clock.unixTime() })
            state.read { triggerChannels($0) }
            status.changed()
        } catch let lost as NoticeDelivery.LeaseLost {
            logger.warning("\(lost)")
        } catch {
            logger.error("notice delivery failed, will retry: \(error)")
            metrics.storageError(error)
            // A database that is busy or out of reach for a moment (a lost leader's transaction
            // holding the write lock until the server ends it) is tried again in seconds, not
            // at the next 30-second tick (and so every 5 s while it lasts, while this daemon leads).
            if StorageFailure(error)?.isTemporary == true {
                DispatchQueue.global().asyncAfter(deadline: .now() + Self.retryAfterStorageFailure) { [weak self] in self?.deliverPending() }
            }
        }
    }

    /// How soon a delivery that failed on a busy or unreachable database is tried again.
    static let retryAfterStorageFailure: Double = 5

    /// Runs every configured channel's queue (a runner per name, made on first use; a channel
    /// removed by a reload keeps its queue in the database and is simply not run).
    func triggerChannels(_ s: DaemonState) {
        guard !s.notices.stopping, leadership.leads else { return }
        let configuration = s.configuration
        let configured = Set(configuration.hooks.map(\.name))
        let runners = channels.withLock { c -> [NoticeHookRunner] in
            // A channel a reload removed: stop its runner, or its pending retry would run the old command.
            for (name, runner) in c.running where !configured.contains(name) {
                runner.stop()  // the run under way, if any, finishes and is recorded
                c.running[name] = nil
                c.stopped = Self.keepingRecent(c.stopped + [runner])
            }
            for hook in configuration.hooks where c.running[hook.name] == nil {
                // The runner this daemon had when it last led, if any: a pass of it may still be
                // under way (a lease that lapsed for a moment on a busy machine), and a new runner
                // beside it would run the same queue at once and send a message twice. Resumed,
                // its next pass waits on its own queue for the one under way.
                if let i = c.stopped.lastIndex(where: { $0.name == hook.name }) {
                    let runner = c.stopped.remove(at: i)
                    runner.resume()
                    c.running[hook.name] = runner
                    continue
                }
                c.running[hook.name] = NoticeHookRunner(name: hook.name, store: store, clock: clock, crashPoint: crashPoint, holder: instance,
                                                        mayAct: { [leadership] in leadership.leads })
            }
            return Array(c.running.values)
        }
        let provisional = ProvisionalYear.missing(today: s.today, calendar: configuration.calendar) { s.provisionalDueDates[$0] ?? 0 }
        // Each addressee's overdue items, read from the state when a daily digest goes (on the
        // channel's queue, off this one): a digest's counts say how many there are in all.
        let overdue: @Sendable () -> OverdueTotals = { [state, clock] in state.read { OverdueTotals($0, now: clock.localNow()) } }
        for runner in runners { runner.trigger(configuration, provisionalYear: provisional, overdueTotals: overdue) }
    }
}

/// Whether this daemon leads: runs the notice run, escalations, deliveries and channels. Always
/// on SQLite (one daemon per file); on a shared PostgreSQL store, while its lease on the
/// leadership lasts (``CoordinationService``, `LeaderElection`): asked before every step.
final class Leadership: Sendable {
    private let election = Locked<(any StoreLeaderElection)?>(nil)

    var leads: Bool { election.withLock { $0 }?.isLeader ?? true }

    /// Seconds left of this daemon's lease (nil: it does not lead, or leads alone on SQLite).
    var leaseRemaining: Double? { election.withLock { $0 }?.leaseRemaining ?? nil }

    /// Whether leadership is elected among daemons sharing the store (PostgreSQL).
    var isShared: Bool { election.withLock { $0 } != nil }

    func follow(_ e: any StoreLeaderElection) { election.withLock { $0 = e } }
}
