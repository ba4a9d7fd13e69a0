import Dispatch
import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging

/// Work that recomputes every entity — the new day, a reload, a large import or draw, a full
/// catch-up with the other daemons — built aside and swapped in, one at a time on its own queue
/// (nothing stalls: at 1,000,000 entities a recompute takes seconds, and while it held the state
/// queue every query waited for it).
///
/// How: a barrier takes a copy of the schedule (copy-on-write: free) and starts noting which
/// entities writes recompute (``RebuildHandover``); the copy is recomputed off the queue; a
/// second barrier swaps it in, keeping the facts written meanwhile and recomputing their entities
/// (``ScheduleSnapshot/adopt(writesOf:_:)``). The facts a rebuild changes itself — the directory,
/// the frozen history and the configuration — change only on this queue.
final class RebuildService: Sendable {
    /// Above this many entities, an import or a draw is swapped in by a rebuild aside rather than
    /// recomputed in one barrier (about 10 ms of work per 1,000 entities on this machine).
    static let importRebuildThreshold = 2_000

    private let queue = DispatchQueue(label: "inspectd.rebuild")
    private let state: StateQueue<DaemonState>
    private let store: FactStore
    private let clock: DaemonClock
    private let logger: Logger
    private let background: BackgroundActivity
    private let status: StatusService
    private let pausePoint: TestPausePoint
    private let metrics: Metrics
    private let configDirectory: String

    init(state: StateQueue<DaemonState>, store: FactStore, clock: DaemonClock, logger: Logger, background: BackgroundActivity,
         status: StatusService, pausePoint: TestPausePoint, metrics: Metrics, configDirectory: String) {
        self.state = state
        self.store = store
        self.clock = clock
        self.logger = logger
        self.background = background
        self.status = status
        self.pausePoint = pausePoint
        self.metrics = metrics
        self.configDirectory = configDirectory
    }

    /// Runs `body` on the rebuild queue, after the rebuild under way (if any), and waits for it.
    func sync<T>(_ body: () throws -> T) rethrows -> T {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return try queue.sync(execute: body)
    }

    /// Runs `body` on the rebuild queue, later.
    func async(after delay: DispatchTimeInterval? = nil, _ body: @escaping @Sendable () -> Void) {
        if let delay { queue.asyncAfter(deadline: .now() + delay, execute: body) } else { queue.async(execute: body) }
    }

    /// Recomputes the schedule aside and swaps it in; on the rebuild queue only. `prepare` changes
    /// the copy's facts before the recompute; `inspect` reads the result off the queue before the
    /// swap; `swapped` runs in the swap's barrier. `recomputing`: only these entities (a large
    /// sample draw's), not every one. `prepareReadsComputed`: `prepare` reads the copy's computed
    /// obligations (a reload's provisional dates); otherwise they are let go at once, so that a
    /// write while `prepare` runs (an import's directory) does not copy them in its barrier.
    ///
    /// No copy of the schedule is held past its use: a write made while one is held copies every
    /// obligation of the province first (copy-on-write), in its barrier.
    func rebuildAside(configuration new: Configuration? = nil, today: CivilDate? = nil, recomputing: [String]? = nil,
                      prepareReadsComputed: Bool = false,
                      prepare: (inout ScheduleSnapshot) throws -> Void = { _ in },
                      inspect: (ScheduleSnapshot, Configuration) -> Void = { _, _ in },
                      swapped: (inout DaemonState) -> Void = { _ in }) throws {
        dispatchPrecondition(condition: .onQueue(queue))
        let began = ContinuousClock.now
        var (fresh, configuration) = state.write { s -> (ScheduleSnapshot, Configuration) in
            let base = s.snapshot
            s.snapshot.beginTracking()
            return (base, new ?? s.configuration)
        }
        if recomputing == nil && !prepareReadsComputed { fresh.dropComputed() }
        pausePoint.reach("rebuild")
        do {
            if let today { fresh.today = today }
            try prepare(&fresh)
        } catch {
            state.write { $0.snapshot.endTracking() }
            throw error
        }
        if let recomputing {
            fresh.recompute(entities: recomputing, configuration)
        } else {
            fresh.recomputeAll(configuration, workers: max(1, ProcessInfo.processInfo.activeProcessorCount - 1))
        }
        inspect(fresh, configuration)
        // What was written while it was computed is recomputed here, off the queue; the swap
        // recomputes only what is written from now on (a few entities at most).
        let (facts, written) = state.write { s in (s.snapshot.writtenFacts, s.snapshot.takeWritten()) }
        fresh.catchUp(with: facts, entities: written, configuration)
        let clock = ContinuousClock()
        let asked = clock.now
        var held = Duration.zero
        state.write { s in
            let t0 = clock.now
            fresh.adopt(writesOf: s.snapshot, configuration)
            swap(&s.snapshot, &fresh)
            if new != nil { s.configuration = configuration }
            swapped(&s)
            held = clock.now - t0
        }
        let freeing = clock.now
        // `fresh` now holds the old schedule: freed here, not in the barrier (at a province's size
        // that takes about 100 ms, which every query would have waited for). Its memory stays
        // with malloc for the next rebuild: giving it back (malloc_trim) locks the heap while it
        // walks it, and queries waited up to 60 ms for their allocations (inspectd-bench stalls).
        fresh = .empty(fresh.today)
        func ms(_ d: Duration) -> String { String(format: "%.1f ms", Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15) }
        metrics.rebuilt(took: clock.now - began)
        logger.info("rebuild: swapped in after \(ms(freeing - asked - held)) waiting for the queue, \(ms(held)) in the barrier; the old schedule freed in \(ms(clock.now - freeing))")
    }

    /// Runs `body`, a long write (a directory import's transaction), with the calls that write
    /// held off: they wait off the state queue (the pipeline retries while
    /// `exclusiveWriteUnderWay`), instead of waiting for the database inside a barrier, where
    /// every query would wait behind them.
    func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        state.write { $0.exclusiveWriteUnderWay = true }
        defer { state.write { $0.exclusiveWriteUnderWay = false } }
        return try body()
    }

    // MARK: The new day

    /// Builds the schedule of `today` aside (the day changed), then runs `then` in the swap's
    /// barrier (the day's notices, now on the day's statuses).
    func rebuildForNewDay(_ today: CivilDate, then: @escaping @Sendable (inout DaemonState) -> Void) {
        background.begin("rebuild")
        queue.async { [self] in
            defer { background.end("rebuild") }
            let t0 = ContinuousClock.now
            var years: [Int: Int] = [:]
            do {
                try rebuildAside(today: today, inspect: { years = Self.provisionalYears($0, $1) }, swapped: { s in
                    s.notices.dayRebuilt()
                    Self.warnAboutMissingArrangements(&s, years: years, logger: logger)
                    status.changed()
                    then(&s)
                })
                logger.info("schedule recomputed for \(today.iso) in \(ContinuousClock.now - t0)")
            } catch {
                // rebuildAside throws only what `prepare` throws, and this one throws nothing.
                state.write { $0.notices.dayRebuilt(swapped: false) }
            }
        }
    }

    // MARK: A reload

    /// Rereads the configuration directory. A bad one is refused and the running one kept. The
    /// new schedule is built aside (queries go on meanwhile); returns once it is in force, with
    /// the `rescheduled` notices of the provisional due dates the new holiday data moved.
    func reload() throws -> (configuration: Configuration, rescheduled: [Notice]) {
        try background.run("rebuild") { try sync { try reloadAside() } }
    }

    private func reloadAside() throws -> (configuration: Configuration, rescheduled: [Notice]) {
        _ = status.sender.reloading(status: "reloading configuration from \(configDirectory)")
        defer { _ = status.sender.ready(status: status.line()) }
        let fresh: Configuration
        do {
            fresh = try ConfigurationLoader.load(directory: configDirectory)
        } catch let e as ConfigErrors {
            logger.error("configuration reload refused, keeping the running one: \(e.errors.map(\.description).joined(separator: "; "))")
            throw ControlFailure.configInvalid(e.errors)
        } catch let e as ConfigError {
            logger.error("configuration reload refused, keeping the running one: \(e.description)")
            throw ControlFailure.configInvalid([e])
        } catch {
            // Not a problem of a file's content (the system refused to read it): still located at
            // the directory and coded, so the CLI frames it in the caller's language.
            logger.error("configuration reload refused, keeping the running one: \(error)")
            throw ControlFailure.configInvalid([ConfigError(file: configDirectory, ConfigProblem(.unexpected, "\(error)"))])
        }
        // The store is opened once: another `storage:` is for the next start.
        if fresh.storage != state.read({ $0.configuration.storage }) {
            logger.warning("storage: changed in the configuration; the daemon keeps the store it opened until it is restarted")
        }
        var provisional: [String: CivilDate] = [:]
        // The running deadlines' provisional due dates the new holiday data moves: the events
        // stay as they are, so both sides are computed here, before the swap.
        var moved = Self.rescheduledDeadlines(state.read { $0 }, under: fresh, now: clock.localNow())
        var years: [Int: Int] = [:]
        try rebuildAside(configuration: fresh, prepareReadsComputed: true, prepare: { next in
            provisional = Self.provisionalDueDates(next)
            // History is kept: what closed periods demanded under the old rules stays as it was.
            // Written with the other writes held off the queue (it is a province's year of rows).
            let closed = next.closedObligations()
            let newlyFrozen = try exclusively { try store.freeze(closed, at: clock.unixTime()) }
            if newlyFrozen > 0 {
                for f in closed where !(next.frozen[f.entityID]?.contains { $0.key == f.key } ?? false) {
                    next.frozen[f.entityID, default: []].append(f)
                }
                logger.info("kept \(newlyFrozen) obligations of closed periods as they were before the reload")
            }
        }, inspect: { computed, configuration in
            moved = Self.rescheduled(from: provisional, in: computed, configuration) + moved
            years = Self.provisionalYears(computed, configuration)
        }, swapped: { s in
            logger.info("configuration reloaded: \(fresh.rules.count) rules, \(fresh.supervisors.count) supervisors, holiday arrangements \(fresh.calendar.loadedYears.map(String.init).joined(separator: ","))")
            s.notices.changed()
            Self.warnAboutMissingArrangements(&s, years: years, logger: logger)
            status.changed()
        })
        return (fresh, moved)
    }

    // MARK: An import

    /// After a directory import committed (on the rebuild queue): the entities join the schedule
    /// and `swapped` runs in the barrier that put them in force. A small import is applied in
    /// one barrier; a large one is built aside, so that a province's import does not hold every
    /// query for seconds.
    func adoptImport(_ entities: [Entity], from file: String, added: Int, updated: Int, uid: UInt32,
                     swapped: (inout DaemonState) -> Void) throws -> Control.ImportResult {
        dispatchPrecondition(condition: .onQueue(queue))
        try background.run("rebuild") {
            func announce(_ s: inout DaemonState) {
                logger.info("imported \(entities.count) entities from \(file) (\(added) added, \(updated) updated) by uid \(uid)")
                status.changed()
                s.notices.changed()
                swapped(&s)
            }
            try adopt(entities, swapped: announce)
        }
        return Control.ImportResult(added: added, updated: updated)
    }

    /// Entities and frozen history written in bulk — this daemon's import, or another daemon's
    /// import or reload (read back from the store: only what that write wrote) — put in force,
    /// built aside so that queries go on meanwhile: only their entities computed when they are
    /// few (or history alone), every entity otherwise.
    func adopt(_ entities: [Entity], frozen: [String: [FrozenObligation]] = [:], swapped: (inout DaemonState) -> Void) throws {
        dispatchPrecondition(condition: .onQueue(queue))
        func put(_ snapshot: inout ScheduleSnapshot) {
            snapshot.entities.upsert(entities)
            // A key frozen earlier keeps its first record (as in the store).
            for (entity, list) in frozen {
                let held = Set(snapshot.frozen[entity, default: []].map(\.key))
                snapshot.frozen[entity, default: []].append(contentsOf: list.filter { !held.contains($0.key) })
            }
        }
        // Only the entities whose obligations may change: an import that renames a province's
        // entities recomputes none (the directory is replaced, the obligations kept).
        let live = state.read { $0.snapshot.entities }  // changes only on this queue: as `put` finds it
        let touched = Set(live.changed(entities, ScheduleSnapshot.mayRecompute)).union(frozen.keys)
        if touched.count <= Self.importRebuildThreshold || entities.isEmpty {
            // Not in a barrier, even when few: merged and computed there at 1 M entities, an
            // import of 1,000 held a status call 1.2–1.5 s (bench-platform part 5; most likely the
            // copy, on its first change, of a schedule whose copy another holder still kept).
            try rebuildAside(recomputing: touched.sorted(), prepare: put, swapped: swapped)
        } else {
            try rebuildAside(prepare: put, swapped: swapped)
        }
    }

    // MARK: Provisional dates

    /// The open obligations' provisional due dates (before new holiday data is loaded).
    static func provisionalDueDates(_ snapshot: ScheduleSnapshot) -> [String: CivilDate] {
        Dictionary(snapshot.open().filter(\.provisional).map { ($0.key, $0.due) }, uniquingKeysWith: { a, _ in a })
    }

    /// The `rescheduled` notices for the open obligations of `fresh` whose due date moved from
    /// the provisional one they had (`before`): announced once, so nobody keeps working to the
    /// old date.
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

    /// The `rescheduled` notices of the running deadlines whose provisional due date moves under
    /// `fresh` (the same events, the new holiday data).
    static func rescheduledDeadlines(_ s: DaemonState, under fresh: Configuration, now: LocalDateTime) -> [Notice] {
        let before = s.deadlines(now: now).filter { $0.state.isOpen && $0.deadline.provisional }
        guard !before.isEmpty else { return [] }
        let was = Dictionary(before.map { ($0.key, $0.due) }, uniquingKeysWith: { a, _ in a })
        return s.lifecycle.deadlines(fresh.noticePolicy.tracker, now: now).compactMap { d in
            guard d.state.isOpen, let previous = was[d.key], previous != d.due,
                  let rule = fresh.rules.deadlines.first(where: { $0.id == d.ruleID }), let entity = s.snapshot.entities[d.entityID] else { return nil }
            return NoticePlanner.rescheduled(d, from: previous, rule: rule, entity: entity, today: now.date)
        }
    }

    /// The years whose holiday arrangement the open obligations' provisional due dates wait for,
    /// and how many wait for each (a walk over every open obligation: off the queue after a rebuild).
    static func provisionalYears(_ snapshot: ScheduleSnapshot, _ configuration: Configuration) -> [Int: Int] {
        var years: [Int: Int] = [:]
        snapshot.index.all.walk(after: nil, through: nil) { r in
            guard let o = snapshot.obligation(r), o.provisional else { return true }
            let y = o.due.year
            // From 20 December a date is provisional because next year's notice can still move it.
            years[configuration.calendar.arrangements[y] == nil ? y : y + 1, default: 0] += 1
            return true
        }
        return years
    }

    /// Warns once per year in which open obligations fall due while its holiday arrangement is not
    /// loaded (the State Council publishes year Y's notice late in Y−1): those dates are provisional.
    static func warnAboutMissingArrangements(_ s: inout DaemonState, years counts: [Int: Int], logger: Logger) {
        s.provisionalDueDates = counts
        let years = Set(counts.keys)
        for y in years.subtracting(s.warnedMissingYears).sorted() where s.configuration.calendar.arrangements[y] == nil {
            logger.warning("no holiday arrangement for \(y) is loaded: due dates in or near \(y) are provisional (weekends only); add \(s.configuration.directory)/calendar/\(y).yaml from the State Council's notice and reload",
                           metadata: ["year": "\(y)"])
        }
        s.warnedMissingYears.formUnion(years)
    }
}
