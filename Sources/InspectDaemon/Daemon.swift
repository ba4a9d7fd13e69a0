import Dispatch
import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Locking
import Logging
import SystemdSupport

/// The daemon: the composition root of the imperative shell around the scheduling core. Read
/// this first; ARCHITECTURE.md draws the same picture.
///
/// - The state — schedule, lifecycle book, configuration — is one value, ``DaemonState``, in one
///   ``StateQueue``: queries read it side by side, writes change it alone.
/// - Services, each with a start and a clean stop, do the work around it: ``ControlServer`` (the
///   socket, every call through one ``CallPipeline`` to its controller), ``NoticeService`` (the
///   tick, the notice run and delivery), ``RebuildService`` (what recomputes every entity, built
///   aside), ``CoordinationService`` (several daemons on one PostgreSQL database),
///   ``StatusService`` (what systemd hears), ``SignalService`` and ``Metrics`` (the textfile
///   node_exporter reads).
/// - Everything else that is shared is behind a ``Locked``.
public final class Daemon: Sendable {
    private let options: DaemonOptions
    private let logger = Logger(label: "inspectd")
    private let state: StateQueue<DaemonState>
    private let store: FactStore
    private let status: StatusService
    private let signals: SignalService
    private let rebuilds: RebuildService
    private let notices: NoticeService
    private let coordination: CoordinationService?
    private let control: ControlServer
    private let metrics: Metrics
    private let memory: IdleMemoryTrim
    private let background: BackgroundActivity
    private let stopping = Locked(false)

    /// The control methods served, by name.
    var controlMethods: Set<String> { control.methods }

    /// Loads the configuration, opens the store, reads every fact and computes the schedule.
    /// Throws with a message naming file, line and key.
    public init(options: DaemonOptions) throws {
        MemoryPolicy.configure(environment: ProcessInfo.processInfo.environment)
        self.options = options
        let logger = self.logger
        let configuration = try ConfigurationLoader.load(directory: options.configDirectory)
        guard let tz = TimeZone(identifier: configuration.office.timeZone) else {
            throw ConfigError(file: options.configDirectory + "/inspectd.yaml", key: "office.timezone", ConfigProblem(.timeZoneUnknown))
        }
        let clock: DaemonClock
        if let text = options.now {
            guard let start = DaemonClock.parseInstant(text, timeZone: tz) else {
                throw DaemonStartError("--now: '\(text)' is not a date or date-time (expected e.g. 2026-03-31T08:30)")
            }
            clock = DaemonClock(startingAt: start, timeZone: tz)
        } else {
            clock = DaemonClock(timeZone: tz)
        }
        // The log on standard error (no journal) tells the daemon's time, as its notices do.
        StandardErrorLogHandler.useClock(offset: clock.offset, timeZone: tz)
        try FileManager.default.createDirectory(atPath: options.stateDirectory, withIntermediateDirectories: true)
        let instance = try StoreOpening.instanceName(options, configuration.storage)
        // A short busy timeout: a call that finds the database locked by another process gives the
        // queue back and tries again (CallPipeline), instead of holding every other call for 5 s.
        let store = try FactStore(StoreOpening.location(configuration.storage, instance: instance, stateDirectory: options.stateDirectory,
                                                        busyTimeout: 0.05))
        self.store = store
        let shared = store.coordination
        let otherDaemons = OtherDaemonsChanges()
        var listener: (any StoreListener)?
        if let shared {
            try CoordinationService.refuseSecondInstance(shared, instance)
            listener = CoordinationService.listen(shared, into: otherDaemons, logger: logger)
        }
        try store.discardStaged(ownedBy: instance + "/")  // an import in parts never outlives its daemon

        // Where start-up time goes, for the operator.
        let startClock = ContinuousClock()
        func seconds(_ d: Duration) -> String { String(format: "%.2f s", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) }
        if try store.entityCount() == 0, let bootstrap = configuration.bootstrapDirectory {
            let t0 = startClock.now
            let text = try String(contentsOfFile: bootstrap, encoding: .utf8)
            let entities = try EntityDirectoryCSV.parse(text, file: bootstrap, supervisors: Set(configuration.supervisors.map(\.id)))
            let t1 = startClock.now
            try store.importEntities(entities, file: bootstrap, by: getuid(), at: clock.unixTime())
            logger.info("start-up: bootstrap directory \(bootstrap): \(entities.count) rows read and checked in \(seconds(t1 - t0)), stored in \(seconds(startClock.now - t1))")
        }
        let startedAt = startClock.now
        var snapshot = ScheduleSnapshot(today: clock.today(), entities: try store.entities(), inspections: try store.inspections(),
                                        plans: try store.plans(), frozen: try store.frozenObligations())
        let loadedAt = startClock.now
        let lifecycle = LifecycleBook(try store.lifecycleEvents())
        snapshot.dropWithdrawn(lifecycle.withdrawnInspections)
        snapshot.gradeHistory = lifecycle.gradeHistories
        do {
            snapshot.draws = ScheduleSnapshot.draws(try store.drawnFor())
        } catch {
            logger.error("could not read the recorded sample draws: \(error)")
        }
        let computeAt = startClock.now
        snapshot.recomputeAll(configuration)
        MemoryPolicy.returnFreedMemory()  // what loading left free (rows, decoded strings) goes back to the system
        logger.info("start-up: \(snapshot.entities.count) entities read in \(seconds(loadedAt - startedAt)), \(snapshot.tally.total) obligations computed in \(seconds(startClock.now - computeAt))")
        // With debug logging, a barrier that held every call's read over 10 ms says where it was
        // asked for, and how much of that time it had a CPU (the rest: it waited for one, or for
        // the database).
        var slowBarrier: (@Sendable (UInt64, (onCPU: UInt64, waiting: UInt64)?, String) -> Void)?
        if logger.logLevel <= .debug {
            slowBarrier = { held, cpu, place in
                let share = cpu.map { ", on a CPU \(CallPhases.milliseconds($0.onCPU)) ms of it, waiting for one \(CallPhases.milliseconds($0.waiting)) ms" } ?? ""
                logger.debug("slow barrier: \(place) held the state queue \(CallPhases.milliseconds(held)) ms\(share)")
            }
        }
        let state = StateQueue(label: "inspectd.state", DaemonState(snapshot: snapshot, lifecycle: lifecycle, configuration: configuration),
                               slowBarrier: slowBarrier)
        self.state = state

        // The services, each given what it needs.
        let sender = NotificationSender()
        let status = StatusService(sender: sender, state: state, store: store)
        let background = BackgroundActivity()
        let pausePoint = TestPausePoint()
        let leadership = Leadership()
        let versions = PlatformVersions(instance: instance, logger: logger)
        let metrics = Metrics(settings: configuration.metrics, state: state, store: store, clock: clock, leadership: leadership,
                              instance: instance, versions: shared == nil ? nil : versions, logger: logger)
        self.metrics = metrics
        let logPath = configuration.noticeLog.hasPrefix("/") ? configuration.noticeLog
            : (options.stateDirectory as NSString).appendingPathComponent(configuration.noticeLog)
        var delivery = NoticeDelivery(log: NoticeLog(path: logPath), useJournal: Journal.isAvailable, logger: logger)
        delivery.keepAlive = { _ = sender.watchdog() }
        delivery.pausePoint = pausePoint
        // Each step of a delivery is taken only while this daemon leads (its lease, on a shared store).
        delivery.mayAct = { leadership.leads }
        if shared != nil { delivery.instance = instance }
        let rebuilds = RebuildService(state: state, store: store, clock: clock, logger: logger, background: background, status: status,
                                      pausePoint: pausePoint, metrics: metrics, configDirectory: options.configDirectory)
        let notices = NoticeService(state: state, store: store, clock: clock, logger: logger, background: background, status: status,
                                    rebuilds: rebuilds, leadership: leadership, delivery: delivery,
                                    calendars: CalendarPublisher(stateDirectory: options.stateDirectory, logger: logger, store: store),
                                    pausePoint: pausePoint, metrics: metrics, instance: instance)
        let coordination = shared.map {
            CoordinationService(coordination: $0, changes: otherDaemons, listener: listener, state: state, store: store, logger: logger,
                                background: background, status: status, rebuilds: rebuilds, notices: notices, leadership: leadership,
                                instance: instance, versions: versions)
        }
        // A database a newer version migrated: on a platform this daemon answers but neither
        // writes nor leads until upgraded (a rolling upgrade); alone on SQLite it has nothing to
        // do that is safe, and says so.
        let unknown = try store.unknownMigrations()
        if !unknown.isEmpty {
            guard let coordination else {
                throw DaemonStartError("the database's schema is newer than this inspectd knows (\(PlatformVersions.refusal(unknown))): start the version that migrated it, or restore a backup taken before")
            }
            coordination.applySchemaPolicy(unknown)
        }
        self.status = status
        self.signals = SignalService(logger: logger)
        self.rebuilds = rebuilds
        self.notices = notices
        self.coordination = coordination

        let memory = IdleMemoryTrim(logger: logger)
        self.memory = memory
        self.background = background
        let people = People()
        let crashPoint = notices.crashPoint
        let pipeline = CallPipeline(state: state, store: store, audit: AuditTrail(store: store, clock: clock, logger: logger, useJournal: Journal.isAvailable),
                                    logger: logger, metrics: metrics, memory: memory)
        let reload: @Sendable () throws -> Configuration = { [rebuilds, notices] in try Self.reload(rebuilds, notices) }
        var leader: (@Sendable () -> String?)?
        if let coordination { leader = { coordination.leader() } }
        let controllers: [any ControlController] = [
            PlatformController(store: store, clock: clock, background: background, leadership: leadership,
                               leader: leader, instance: instance, versions: shared == nil ? nil : versions, reload: reload),
            DirectoryController(state: state, store: store, clock: clock, logger: logger, people: people, rebuilds: rebuilds, notices: notices,
                                imports: PendingImports(), instance: instance),
            InspectionController(store: store, clock: clock, logger: logger, people: people, crashPoint: crashPoint),
            LifecycleController(store: store, clock: clock, logger: logger, people: people, notices: notices, crashPoint: crashPoint),
            GradeController(store: store, clock: clock, logger: logger, people: people),
            PlanningController(store: store, clock: clock, logger: logger, people: people),
            SamplingController(state: state, store: store, clock: clock, logger: logger, people: people, background: background,
                               status: status, rebuilds: rebuilds),
            NoticeController(state: state, store: store, clock: clock, logger: logger, status: status, notices: notices),
            ReportController(state: state, store: store, clock: clock),
            VisitController(state: state, store: store, clock: clock, logger: logger, people: people),
            CalendarController(state: state, clock: clock),
        ]
        control = try ControlServer(controllers: controllers, pipeline: pipeline, socketPath: options.socketPath, logger: logger)
    }

    /// Blocks the signals the daemon handles; call first thing in `main`, before any thread exists
    /// (``SignalService/blockHandledSignals()``).
    public static func blockHandledSignals() { SignalService.blockHandledSignals() }

    /// Starts every service and tells systemd it is ready. `onStop` is called (off every queue of
    /// the daemon) after SIGTERM or SIGINT, once the services have stopped.
    public func start(onStop: @escaping @Sendable (Int32) -> Void) throws {
        try control.start()
        metrics.start(connections: { [control] in control.connectionsOpen })
        memory.start(connections: { [control] in control.connectionsOpen }, background: background)
        // Signals are handled from here on, so READY=1 below is only sent once SIGTERM stops the
        // daemon cleanly.
        signals.start(reload: { [self] in
            // Off the signal queue: a reload rebuilds the schedule aside, and a SIGTERM meanwhile is handled.
            DispatchQueue.global().async { _ = try? Self.reload(self.rebuilds, self.notices) }
        }, stop: { [self] sig in stop(signal: sig, then: onStop) })
        coordination?.start()
        // What a crash left undelivered, then the first tick: at a province's size the notice run
        // takes seconds, and queries are answered meanwhile; `status` tells when it has run.
        notices.start()
        let logger = self.logger
        state.write { s in
            RebuildService.warnAboutMissingArrangements(&s, years: RebuildService.provisionalYears(s.snapshot, s.configuration), logger: logger)
        }
        let line = status.line()
        logger.info("started: \(line)")
        _ = status.sender.ready(status: line)
        status.startWatchdog()
    }

    /// Rereads the configuration directory; a bad one is refused and the running one kept. The
    /// new schedule is built aside (queries go on meanwhile); the provisional due dates it moved
    /// are announced, and the notices decided again. Returns once it is in force.
    @discardableResult
    public func reload() throws -> Configuration { try Self.reload(rebuilds, notices) }

    private static func reload(_ rebuilds: RebuildService, _ notices: NoticeService) throws -> Configuration {
        let (fresh, moved) = try rebuilds.reload()
        notices.announce(rescheduled: moved)
        notices.tick()
        return fresh
    }

    /// SIGTERM: the services stop in the reverse of their start. The notice run or delivery under
    /// way finishes (what it logged reaches the journal before the daemon exits), as may a
    /// channel's run (within systemd's stop timeout, 30 s in the unit).
    private func stop(signal sig: Int32, then onStop: @escaping @Sendable (Int32) -> Void) {
        guard stopping.setIfClear() else { return }
        logger.info("stopping on signal \(sig)")
        _ = status.sender.stopping(status: "stopping")
        signals.stop()
        status.stopWatchdog()
        DispatchQueue.global().async { [self] in
            notices.stop()
            // Leading ends after the delivery under way finished (each of its steps is still
            // checked against the lease); the lease is given back for the next leader.
            coordination?.stop()
            metrics.stop()
            memory.stop()
            status.sender.flush(timeout: .seconds(2))  // STOPPING=1 reaches systemd before the process exits
            // The calls under way finish their transaction (they need the state queue).
            control.stop(timeout: .seconds(3))
            onStop(sig)
        }
    }
}
