import Dispatch
import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging
import SystemdSupport

/// The imperative shell around the scheduling core. All state lives on one queue: every change —
/// writes, timers, signals — runs there alone (a barrier), so the core sees a consistent world;
/// queries (`read`) run there side by side, on every core, between changes (issue 10: 100
/// clients' reads queued behind one another on one core).
///
/// Work that takes seconds at a province's size never holds that queue (issue 11: a `status`
/// waited 13 s during the notice run): the notice run decides and delivers on `noticeQueue` from
/// a copy of the schedule; the day's recompute, a reload and a large import build the new
/// schedule aside on `rebuildQueue` and swap it in (ScheduleRebuild.swift).
public final class Daemon: @unchecked Sendable {  // state is confined to `queue`: changed only in barriers
    let options: DaemonOptions
    let queue = DispatchQueue(label: "inspectd.daemon", attributes: .concurrent)
    /// Where schedules are rebuilt aside and the facts they rest on (the directory, the frozen
    /// history, the configuration) change: one at a time (ScheduleRebuild.swift).
    let rebuildQueue = DispatchQueue(label: "inspectd.rebuild")
    /// Where notices are decided from a copy of the schedule and delivered: one run at a time,
    /// and one delivery at a time, so that the outbox's steps never interleave.
    let noticeQueue = DispatchQueue(label: "inspectd.notices")
    let logger = Logger(label: "inspectd")
    /// Notifications to systemd, sent from a thread of their own: never blocks the queue (issue 10).
    let notifier = NotificationSender()
    /// Directory imports in parts under way (ControlService+Import).
    let imports = PendingImports()
    /// A `STATUS=` update is scheduled (statusChanged): at most one per `statusInterval`.
    private var statusUpdateScheduled = false

    var configuration: Configuration {  // changed only on rebuildQueue (reload)
        didSet { lookups = ConfigurationLookups(configuration) }
    }
    /// Its rules and supervisors by id (lists look them up once per item).
    private(set) var lookups: ConfigurationLookups
    let clock: DaemonClock
    let store: FactStore
    /// This daemon's name among those sharing a PostgreSQL store (`--instance`, `storage.instance`, the host name).
    let instance: String
    /// On PostgreSQL: who leads (runs notices, escalations, hooks), and the other daemons' commits.
    var election: LeaderElection?
    let listener: PostgresListener?
    /// A catch-up with the other daemons' writes is queued (Daemon+Storage).
    let catchUpQueued = Flag()
    let otherDaemonsChanges: PendingChanges
    /// Writes applied to the schedule in barriers (a catch-up that read the store before one of them reads again).
    var writesApplied = 0
    var snapshot: ScheduleSnapshot
    var delivery: NoticeDelivery
    /// The command hook sinks (`notices.hook`, `notices.hooks`), by name, each on its own queue.
    var hookRunners: [String: NoticeHookRunner] = [:]
    /// The local day of the last notice run.
    var lastNoticeDay: CivilDate?
    /// Set when facts, rules or the day changed since the last notice run: the notices are decided
    /// again (at most once per tick), instead of rescanning every obligation twice a minute.
    var scheduleChanged = true
    /// A tick found a notice run under way: it is run again once the run is over.
    private var tickAfterRun = false
    /// A notice run is deciding or delivering on `noticeQueue`.
    private(set) var noticeRunInFlight = false
    /// The day's recompute is queued or running on `rebuildQueue`.
    var dayRebuildPending = false
    /// A delivery is queued on `noticeQueue` and has not begun: another request joins it.
    private let deliveryQueued = Flag()
    /// SIGTERM came: no new notice run or rebuild begins.
    private var stopping = false
    /// The test hook that holds a rebuild or a notice run at a step (TestPausePoint).
    let pausePoint = TestPausePoint()
    /// Who recorded what: logins of uids, remembered for a minute.
    let people = People()
    /// What runs off the daemon queue now (status).
    let background = BackgroundWork()
    /// A long write holds the database (`exclusively`): calls that write wait off the queue.
    var exclusiveWriteUnderWay = false
    /// The local day and time the last full notice run finished, for `status`.
    var lastNoticeRun: (day: CivilDate, at: String, decided: Int)?
    /// Lifecycle events (rectifications, cases, reports), by subject.
    var lifecycle: [String: [LifecycleEvent]] = [:]
    /// Years without a holiday arrangement that the journal has been told about (once each).
    var warnedMissingYears: Set<Int> = []
    private var sources: [DispatchSourceProtocol] = []
    private var stopHandler: (@Sendable (Int32) -> Void)?

    /// Loads the configuration and opens the store. Throws with a message naming file, line and key.
    public init(options: DaemonOptions) throws {
        self.options = options
        let configuration = try ConfigurationLoader.load(directory: options.configDirectory)
        self.configuration = configuration
        lookups = ConfigurationLookups(configuration)
        guard let tz = TimeZone(identifier: configuration.office.timeZone) else {
            throw ConfigError(file: options.configDirectory + "/inspectd.yaml", key: "office.timezone", reason: "unknown time zone")
        }
        if let text = options.now {
            guard let start = DaemonClock.parseInstant(text, timeZone: tz) else {
                throw DaemonStartError("--now: '\(text)' is not a date or date-time (expected e.g. 2026-03-31T08:30)")
            }
            clock = DaemonClock(startingAt: start, timeZone: tz)
        } else {
            clock = DaemonClock(timeZone: tz)
        }
        try FileManager.default.createDirectory(atPath: options.stateDirectory, withIntermediateDirectories: true)
        instance = try Self.instanceName(options, configuration.storage)
        // A short busy timeout: a call that finds the database locked by another process gives the
        // queue back and tries again (method(_:_:)), instead of holding every other call for 5 s.
        store = try FactStore(Self.storeLocation(configuration.storage, instance: instance, stateDirectory: options.stateDirectory,
                                                  busyTimeout: 0.05))

        try Self.refuseSecondInstance(store, instance)
        let changes = PendingChanges()
        otherDaemonsChanges = changes
        listener = Self.listen(store, into: changes)
        try store.discardStaged(ownedBy: instance + "/")  // an import in parts never outlives its daemon
        // Where start-up time goes, for the operator (and issue 11's start-up work): logged below.
        let startClock = ContinuousClock()
        func s(_ d: Duration) -> String { String(format: "%.2f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
        if try store.entityCount() == 0, let bootstrap = configuration.bootstrapDirectory {
            let t0 = startClock.now
            let text = try String(contentsOfFile: bootstrap, encoding: .utf8)
            let entities = try EntityDirectoryCSV.parse(text, file: bootstrap, supervisors: Set(configuration.supervisors.map(\.id)))
            let t1 = startClock.now
            try store.importEntities(entities, file: bootstrap, by: getuid(), at: clock.unixTime())
            logger.info("start-up: bootstrap directory \(bootstrap): \(entities.count) rows read and checked in \(s(t1 - t0)), stored in \(s(startClock.now - t1))")
        }
        let startedAt = startClock.now
        snapshot = ScheduleSnapshot(today: clock.today(), entities: try store.entities(), inspections: try store.inspections(),
                                    plans: try store.plans(), frozen: try store.frozenObligations())
        let loadedAt = startClock.now
        let logPath = configuration.noticeLog.hasPrefix("/") ? configuration.noticeLog
            : (options.stateDirectory as NSString).appendingPathComponent(configuration.noticeLog)
        delivery = NoticeDelivery(log: NoticeLog(path: logPath), useJournal: Journal.isAvailable, logger: logger)
        delivery.keepAlive = { [notifier] in _ = notifier.watchdog() }
        if let engine = store.engine as? PostgresEngine {
            delivery.instance = instance
            delivery.isAlive = { name in (try? engine.isConnected(instance: name)) ?? true }  // unknown: leave it
        }
        lifecycle = Self.bySubject(try store.lifecycleEvents())
        snapshot.dropWithdrawn(withdrawnInspections())
        loadGradeHistories()
        loadDraws()
        let computeAt = startClock.now
        snapshot.recomputeAll(configuration)
        Self.returnFreedMemory()  // what loading left free (rows, decoded strings) goes back to the system
        logger.info("start-up: \(snapshot.entities.count) entities read in \(s(loadedAt - startedAt)), \(snapshot.tally.total) obligations computed in \(s(startClock.now - computeAt))")
    }

    /// Blocks the signals the daemon handles (stop, reload) in this thread and so in every thread
    /// started after it; call first thing, before any thread exists.
    ///
    /// libdispatch reads a signal source's signal through a signalfd on its manager thread, which
    /// sees a signal only while it is pending — blocked; it registers the source asynchronously.
    /// Blocked from the start, a SIGTERM sent while the daemon starts or before its sources are
    /// registered waits for them instead of killing it or, ignored, being lost (both seen under
    /// load in the lifecycle tests). `start()` also waits for the registration before READY=1.
    public static func blockHandledSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for s in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&set, s) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// The test hook that kills the daemon at a named step (`INSPECTD_TEST_CRASH_AT`; see TestCrashPoint).
    var crashPoint: TestCrashPoint { delivery.crashPoint }

    /// Runs `body` on the daemon queue alone (a barrier: it may change state) and returns its result.
    func sync<T>(_ body: () throws -> T) rethrows -> T { try queue.sync(flags: .barrier, execute: body) }

    /// Runs `body`, which only reads state, on the daemon queue beside other reads.
    func read<T>(_ body: () throws -> T) rethrows -> T { try queue.sync(execute: body) }

    // MARK: Lifecycle

    /// Starts timers and signal handling, runs the first notice pass and tells systemd it is ready.
    /// `onStop` is called (off the daemon queue) after SIGTERM/SIGINT, once timers are cancelled.
    public func start(onStop: @escaping @Sendable (Int32) -> Void) {
        stopHandler = onStop
        // No SIG_IGN here: the signals are blocked since main() began (blockHandledSignals), and
        // setting SIG_IGN would discard one already pending — a `systemctl stop` during start-up.
        // libdispatch registers a signal source (its signalfd and handler) asynchronously, on its
        // manager thread; until then a signal taken by a thread that does not block it (the main
        // thread in dispatchMain) would take the default action. So nothing goes on — READY=1
        // included — before every source is registered; one registered finds a pending signal.
        let registered = DispatchGroup()
        for sig in [SIGHUP, SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            // A source's handler is not a barrier on a concurrent queue: it hands over to one.
            source.setEventHandler { [weak self] in
                guard let self else { return }
                queue.async(flags: .barrier) { self.handle(signal: sig) }
            }
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            sources.append(source)
        }
        if registered.wait(timeout: .now() + 10) == .timedOut {
            logger.warning("the signal handlers were not registered within 10 s; a SIGTERM before they are may stop the daemon abruptly")
        }
        // The day changes and the notice hour arrives while we run: check twice a minute.
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + 30, repeating: 30, leeway: .seconds(1))
        timer.setEventHandler { [weak self] in
            guard let self else { return }
            queue.async(flags: .barrier) { self.tick() }
        }
        timer.resume()
        sources.append(timer)
        // Signals are handled from here on, so READY=1 below is only sent once SIGTERM stops us cleanly.
        // The first notice pass (what a crash left undelivered, then today's run) follows READY=1
        // on the notice queue: at a province's size it takes seconds (issue 11), and queries are
        // answered meanwhile; `status` tells when it has run (`last_notice_run`).
        startCoordination()
        queue.sync(flags: .barrier) {
            deliverPending()
            warnAboutMissingArrangements()
            tick()
            let status = statusLine()
            logger.info("started: \(status)")
            _ = notifier.ready(status: status)
        }
        if let interval = notifier.watchdogInterval {
            let watchdog = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "inspectd.watchdog"))
            let ns = Int(interval.components.seconds) * 1_000_000_000 + Int(interval.components.attoseconds / 1_000_000_000)
            watchdog.schedule(deadline: .now(), repeating: .nanoseconds(max(ns, 1_000_000)), leeway: .milliseconds(50))
            // Pinged through the daemon queue, so a wedged queue stops the pings and systemd restarts us.
            let queue = self.queue, notifier = self.notifier
            watchdog.setEventHandler { queue.async(flags: .barrier) { _ = notifier.watchdog() } }
            watchdog.resume()
            sources.append(watchdog)
        }
    }

    func handle(signal sig: Int32) {
        switch sig {
        case SIGHUP:
            // Off the daemon queue: a reload rebuilds the schedule aside (it must not hold the queue).
            DispatchQueue.global().async { _ = try? self.reload() }
        default:
            logger.info("stopping on signal \(sig)")
            _ = notifier.stopping(status: "stopping")
            stopping = true
            stopCoordination()
            for s in sources { s.cancel() }
            sources = []
            let runners = Array(hookRunners.values)
            for runner in runners { runner.stop() }
            // Off the daemon queue: stopping the control server waits for in-flight calls, and
            // those need the queue to finish their transaction. A hook run under way may finish
            // first (within systemd's stop timeout, 30 s in the unit).
            if let stopHandler {
                DispatchQueue.global().async { [notifier, noticeQueue] in
                    // The notice run or delivery under way finishes: what it logged reaches the
                    // journal too before we exit (a restart would deliver it, but later).
                    noticeQueue.sync {}
                    for runner in runners { runner.finish(within: 15) }
                    notifier.flush(timeout: .seconds(2))  // STOPPING=1 reaches systemd before we exit
                    stopHandler(sig)
                }
            }
        }
    }

    /// Called on start, every 30 s and after changes: follows the day, then sends the day's notices
    /// once the notice hour has come.
    func tick() {
        guard !stopping else { return }
        triggerHooks()  // hook retries that have fallen due (the leader's)
        // A delivery that failed (disk full, database busy, journald overloaded) is retried here,
        // not only at the next change or the next day.
        deliverPending()
        // Still waiting (disk full, journald down): say so where the operator looks first.
        if (try? store.hasUndelivered()) == true { statusChanged() }
        let (today, minute) = clock.local(clock.now())
        if today != snapshot.today {
            // The new day's schedule is built aside; its notices wait for it (they are decided
            // on the new day's statuses), queries meanwhile see the old day's.
            if !dayRebuildPending {
                dayRebuildPending = true
                background.begin("rebuild")
                rebuildQueue.async { [self] in rebuildForNewDay(today) }
            }
            return
        }
        // On a shared PostgreSQL store only the leader sends (issue 16); the others follow the day.
        guard leads else { return }
        guard scheduleChanged || lastNoticeDay != today else { return }
        // One run at a time. A tick asked for meanwhile (a change whose notices are due at once,
        // such as an urgent case) comes when it is over; other changes wait for the timer's tick,
        // so that writes at a province's rate do not keep a run going without pause.
        guard !noticeRunInFlight else { tickAfterRun = true; return }
        applyEscalations()
        // Notices go out at the configured hour on working days; urgent deadlines (in hours,
        // E04's 24-hour transfer) at once, whatever the day.
        if minute >= configuration.noticeMinute && configuration.calendar.isWorkingDay(today) {
            runNotices(today: today)
        } else {
            runNotices(today: today, urgentOnly: true)
        }
    }

    /// After new holiday data: every open obligation whose provisional due date moved is announced
    /// once (a `rescheduled` notice), so nobody keeps working to the old date.
    static func provisionalDueDates(_ snapshot: ScheduleSnapshot) -> [String: CivilDate] {
        Dictionary(snapshot.open().filter(\.provisional).map { ($0.key, $0.due) }, uniquingKeysWith: { a, _ in a })
    }

    /// The `rescheduled` notices for the open obligations of `fresh` whose due date moved from
    /// the provisional one they had (`before`); off the daemon queue.
    static func rescheduled(from before: [String: CivilDate], in fresh: ScheduleSnapshot, _ configuration: Configuration) -> [Notice] {
        guard !before.isEmpty else { return [] }
        var moved: [Notice] = []
        for o in fresh.open() {
            guard let was = before[o.key], was != o.due,
                  let rule = configuration.rule(o.ruleID), let entity = fresh.entities[o.entityID] else { continue }
            moved.append(NoticePlanner.rescheduled(o, from: was, rule: rule, entity: entity, today: fresh.today))
        }
        return moved
    }

    /// Records and delivers the `rescheduled` notices of a reload.
    func announce(rescheduled moved: [Notice]) {
        guard !moved.isEmpty else { return }
        logger.notice("\(moved.count) provisional due dates moved with the new holiday arrangements")
        do { _ = try store.enqueueNew(moved, at: clock.unixTime()) } catch { logger.error("could not record notices: \(error)") }
        sync { deliverPending() }
    }

    /// Warns once per year in which open obligations fall due while its holiday arrangement is not
    /// loaded (the State Council publishes year Y's notice late in Y−1): those dates are provisional.
    func warnAboutMissingArrangements(years: Set<Int>? = nil) {
        let years = years ?? Self.provisionalYears(snapshot, configuration)
        for y in years.subtracting(warnedMissingYears).sorted() where configuration.calendar.arrangements[y] == nil {
            logger.warning("no holiday arrangement for \(y) is loaded: due dates in or near \(y) are provisional (weekends only); add \(configuration.directory)/calendar/\(y).yaml from the State Council's notice and reload",
                           metadata: ["year": "\(y)"])
        }
        warnedMissingYears.formUnion(years)
    }

    /// The years whose holiday arrangement the open obligations' provisional due dates wait for
    /// (a walk over every open obligation: off the queue after a rebuild).
    static func provisionalYears(_ snapshot: ScheduleSnapshot, _ configuration: Configuration) -> Set<Int> {
        var years: Set<Int> = []
        snapshot.index.all.walk(after: nil, through: nil) { r in
            guard let o = snapshot.obligation(r), o.provisional else { return true }
            let y = o.due.year
            // From 20 December a date is provisional because next year's notice can still move it.
            years.insert(configuration.calendar.arrangements[y] == nil ? y : y + 1)
            return true
        }
        return years
    }

    /// Decides the notices the open obligations call for today, puts the new ones in the outbox
    /// (one transaction), then delivers them — on `noticeQueue`, from a copy of the schedule
    /// (a copy costs nothing until the daemon changes its own), so no query waits for it.
    /// Called in a barrier; returns at once.
    func runNotices(today: CivilDate, urgentOnly: Bool = false) {
        noticeRunInFlight = true
        if !urgentOnly { scheduleChanged = false }
        let copy = Handover(snapshot), configuration = configuration, lifecycle = lifecycle, now = clock.localNow()
        background.begin("notice-run")
        noticeQueue.async { [self] in
            pausePoint.reach("notice-run")
            let tracker = DeadlineTracker(rules: configuration.rules.deadlines, calendar: configuration.calendar)
            let deadlines = lifecycle.values.flatMap { tracker.deadlines(of: $0, now: now) }.sorted { DeadlineCursor($0) < DeadlineCursor($1) }
            // The copy shares the live schedule's storage: while it is held, the first write copies
            // the schedule's obligations and index in its barrier (copy-on-write, tens of ms at a
            // province's size). It is let go as soon as the open obligations are listed, before
            // the notices are decided; the directory, which writes never change, is kept apart.
            let (open, entities): ([Obligation], EntityDirectory) = {
                let schedule = copy.take()  // released when this closure returns
                // Only deadlines in hours are urgent: the obligations are not even listed then.
                return (urgentOnly ? [] : schedule.open(), schedule.entities)
            }()
            let decided = NoticeRun.decide(obligations: open, deadlines: deadlines, entity: { entities[$0] },
                                           rules: configuration.rules, calendar: configuration.calendar, now: now,
                                           supervisors: configuration.supervisors, urgentOnly: urgentOnly,
                                           repeatOverdueEvery: configuration.repeatOverdueEvery)
            var recorded = true
            do {
                _ = try store.enqueueNew(decided, at: clock.unixTime())
                delivery.crashPoint.reach("after-enqueue")
            } catch {
                logger.error("could not record notices: \(error)")
                recorded = false
            }
            if recorded { deliverNow(configuration) }
            if recorded && !urgentOnly && configuration.icsDirectory != nil { publishCalendars() }
            queue.async(flags: .barrier) { [self, recorded] in
                defer { background.end("notice-run") }
                noticeRunInFlight = false
                if recorded && !urgentOnly {
                    lastNoticeDay = today
                    lastNoticeRun = (today, clock.isoNow(), decided.count)
                }
                if !recorded { scheduleChanged = true }  // decided again at the next tick
                statusChanged()
                if recorded && tickAfterRun {
                    tickAfterRun = false
                    tick()
                }
            }
        }
    }

    /// Delivers what the outbox holds undelivered (after a crash, on restart), on `noticeQueue`.
    /// Called in a barrier; returns at once. Requests made while one waits to begin join it.
    func deliverPending() {
        guard leads, deliveryQueued.setIfClear() else { return }
        let configuration = configuration
        background.begin("delivery")
        noticeQueue.async { [self] in
            deliveryQueued.clear()
            deliverNow(configuration)
            background.end("delivery")
        }
    }

    /// On `noticeQueue`: delivers the outbox's undelivered notices, then runs the hooks.
    private func deliverNow(_ configuration: Configuration) {
        dispatchPrecondition(condition: .onQueue(noticeQueue))
        do {
            let pending = try store.undelivered()
            guard !pending.isEmpty else { return }
            // Queued for the hook before delivery: a crash in between delivers and then hooks them.
            // A channel with `office:` takes only the notices of that office's supervisors (and
            // those copied to one of its managers).
            for hook in configuration.hooks {
                let keys = pending.filter { p in
                    guard let office = hook.office else { return true }
                    return ([p.notice.supervisor] + (p.notice.copyTo ?? []).map { Optional($0) })
                        .contains { configuration.responsibleOffice(of: $0) == office }
                }.map(\.key)
                try store.queueForHook(keys, hooks: [hook.name], at: clock.unixTime())
            }
            try delivery.deliver(pending, store: store, configuration: configuration, now: { clock.unixTime() })
            background.begin("delivery")
            queue.async(flags: .barrier) { [self] in
                triggerHooks()
                statusChanged()
                background.end("delivery")
            }
        } catch {
            logger.error("notice delivery failed, will retry: \(error)")
        }
    }

    /// Runs every configured hook's queue (a runner per hook name, made on first use; a hook
    /// removed by a reload keeps its queue in the database and is simply not run).
    func triggerHooks() {
        guard !stopping, leads else { return }
        // A hook a reload removed: stop its runner, or its pending retry would run the old command.
        let configured = Set(configuration.hooks.map(\.name))
        for (name, runner) in hookRunners where !configured.contains(name) {
            runner.stop()  // the run under way, if any, finishes and is recorded
            hookRunners[name] = nil
        }
        for hook in configuration.hooks {
            let runner = hookRunners[hook.name] ?? NoticeHookRunner(name: hook.name, store: store, clock: clock, crashPoint: crashPoint, holder: instance)
            hookRunners[hook.name] = runner
            runner.trigger(configuration)
        }
    }

    /// Something `STATUS=` shows changed. The line is computed and sent at most every 250 ms, on
    /// the queue but after the change's call has returned: a burst of writes costs one line (its
    /// counts walk every obligation), and sending never blocks the queue (NotificationSender).
    func statusChanged() {
        guard notifier.isEnabled, !statusUpdateScheduled else { return }
        statusUpdateScheduled = true
        queue.asyncAfter(deadline: .now() + .milliseconds(250), flags: .barrier) { [weak self] in
            guard let self else { return }
            statusUpdateScheduled = false
            notifier.status(statusLine())
        }
    }

    /// `STATUS=` text: what a person wants to see in `systemctl status`.
    func statusLine() -> String {
        let c = snapshot.counts()
        var s = "\(snapshot.entities.count) entities, \(c.total) obligations (\(c.open) open, \(c.overdue) overdue, \(c.dueSoon) due soon)"
        if let next = c.nextDue {
            s += "; next due \(next.due.iso) \(next.ruleID) \(snapshot.entities[next.entityID]?.name ?? next.entityID)"
        }
        if let pending = try? store.noticeCounts().pending, pending > 0 { s += "; \(pending) notices waiting for delivery" }
        return s
    }
}

/// A start-up problem that is not in a configuration file (a bad command-line option).
public struct DaemonStartError: Error, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}
