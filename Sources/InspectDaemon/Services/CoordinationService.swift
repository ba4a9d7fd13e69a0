import Dispatch
import Foundation
import InspectCore
import InspectStore
import Locking
import Logging

/// Several daemons on one PostgreSQL database: one leads (runs the notice run, escalations and
/// channels), all answer and write, and each catches up with the others' commits. Started only
/// when the store offers ``StoreCoordination``; on SQLite the daemon leads alone.
///
/// Threads: the election and the listener each run on a thread of their own (InspectStore); what
/// the listener hears waits in ``OtherDaemonsChanges`` and is applied on the rebuild queue.
final class CoordinationService: Sendable {
    private let coordination: any StoreCoordination
    private let changes: OtherDaemonsChanges
    private let listener: (any StoreListener)?
    private let state: StateQueue<DaemonState>
    private let store: FactStore
    private let logger: Logger
    private let background: BackgroundActivity
    private let status: StatusService
    private let rebuilds: RebuildService
    private let notices: NoticeService
    private let leadership: Leadership
    private let instance: String
    private let versions: PlatformVersions
    private let election = Locked<(any StoreLeaderElection)?>(nil)
    /// A catch-up is queued on the rebuild queue: further changes join it.
    private let catchUpQueued = Locked(false)
    /// Who leads as the server last said, and when it said so: refreshed every second off the
    /// call path, so that `status` names the leader without two round trips to a database busy
    /// with another daemon's import (a follower's `status` waited 100–400 ms then; BENCHMARKS.md).
    private let leaderSeen = Locked<(name: String?, at: ContinuousClock.Instant)?>(nil)
    private let leaderViewRunning = Locked(true)
    /// How old the leader's name may be before `status` asks the server itself (the refresh is
    /// stuck behind a server that does not answer, or has not run yet).
    static let leaderViewFresh: Duration = .seconds(3)
    /// How often the daemons present (their versions) and the schema's migrations are read.
    static let platformViewEvery: Double = 2
    /// How often the leader removes the stagings other daemons left (``FactStore/discardAbandonedStaging``).
    static let housekeepingEvery: Duration = .seconds(15)
    private let housekeptAt = Locked<ContinuousClock.Instant?>(nil)

    init(coordination: any StoreCoordination, changes: OtherDaemonsChanges, listener: (any StoreListener)?, state: StateQueue<DaemonState>,
         store: FactStore, logger: Logger, background: BackgroundActivity, status: StatusService, rebuilds: RebuildService,
         notices: NoticeService, leadership: Leadership, instance: String, versions: PlatformVersions) {
        self.coordination = coordination
        self.changes = changes
        self.listener = listener
        self.state = state
        self.store = store
        self.logger = logger
        self.background = background
        self.status = status
        self.rebuilds = rebuilds
        self.notices = notices
        self.leadership = leadership
        self.instance = instance
        self.versions = versions
    }

    /// LISTENs before the daemon loads its state (so that no other daemon's commit falls between
    /// the two); what it hears waits in `changes` until the service starts.
    /// After a lost connection the listener hands on the writes it missed, read from the store's
    /// change feed; only when the feed no longer reaches back that far does the daemon read
    /// every fact again.
    static func listen(_ coordination: any StoreCoordination, into changes: OtherDaemonsChanges, logger: Logger) -> any StoreListener {
        coordination.listen(waitingUpTo: 5, onChange: { changes.add($0) }, onReconnect: { resumption in
            switch resumption {
            case .fromFeed(let writes):
                logger.notice("listening to the other daemons again: \(writes) write(s) missed meanwhile, read from the change feed")
            case .everything:
                logger.warning("listening to the other daemons again: the change feed does not reach back to the last write heard; reading every fact again")
                changes.add([.everything])
            }
        })
    }

    /// Two daemons of one name on one database would ignore each other's writes: refused at
    /// start. A daemon killed a moment ago may still show its sessions for a little while (the
    /// server ends them when it sees the socket closed), so the check is repeated for 3 s.
    static func refuseSecondInstance(_ coordination: any StoreCoordination, _ instance: String) throws {
        var other: String?
        for _ in 0..<15 {
            other = try coordination.otherSessionOfInstance()
            if other == nil { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw DaemonStartError("another daemon named '\(instance)' is connected to this database (\(other ?? "?")): give each daemon its own name (storage.instance or --instance)")
    }

    /// Starts the election and applies what the listener heard since the state was loaded, and
    /// from now on as it comes.
    func start() {
        let instance = self.instance
        let election = coordination.leaderElection { [weak self] leading in
            guard let self else { return }
            if leading {
                logger.notice("leading: this daemon (\(instance)) runs the notice run, escalations and hooks from now on")
            } else if !versions.unknownMigrations.isEmpty {
                logger.warning("no longer leading: the database's schema is newer than this daemon knows; a daemon that knows it sends the notices")
            } else {
                logger.warning("no longer leading (the leader's lock or its connection was lost): another daemon sends the notices")
            }
            state.writeAsync { [self] s in
                s.notices.changed()
                status.changed()
                if leading {
                    notices.tick(&s)  // what the last leader left undelivered, then today's run
                } else {
                    notices.stopChannels()
                }
            }
        }
        self.election.withLock { $0 = election }
        // A daemon older than the schema says it is present and never leads.
        if !versions.unknownMigrations.isEmpty { election.setMayLead(false) }
        leadership.follow(election)
        election.start()
        refreshLeaderView()
        refreshPlatformView()
        coordination.whenCommitUncertain { [weak self] in self?.catchUpSoon([.everything]) }
        changes.whenAdded { [weak self] in self?.catchUpSoon() }
    }

    /// Ends the leader's session (another daemon takes over at its next try, within a second).
    func stop() {
        leaderViewRunning.withLock { $0 = false }
        listener?.stop()
        election.withLock { $0 }?.stop()
    }

    /// Who leads, as the server saw it at most a second or two ago (for `status`; nil while the
    /// database cannot be reached).
    func leader() -> String? {
        if let seen = leaderSeen.withLock({ $0 }), ContinuousClock.now - seen.at < Self.leaderViewFresh { return seen.name }
        return askLeader()
    }

    private func askLeader() -> String? {
        let name = (try? coordination.leader()) ?? nil
        leaderSeen.withLock { $0 = (name, .now) }
        return name
    }

    /// Asks the server who leads, now and every second until the service stops.
    private func refreshLeaderView() {
        guard leaderViewRunning.withLock({ $0 }) else { return }
        _ = askLeader()
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + 1) { [weak self] in self?.refreshLeaderView() }
    }

    /// Reads the daemons present (and says when their versions differ from this one's) and the
    /// schema's migrations (``applySchemaPolicy(_:)``), now and every ``platformViewEvery``
    /// seconds; the leader removes the stagings other daemons left every ``housekeepingEvery``.
    private func refreshPlatformView() {
        guard leaderViewRunning.withLock({ $0 }) else { return }
        if let present = try? coordination.presentDaemons() { versions.update(present) }
        if let unknown = try? store.unknownMigrations() { applySchemaPolicy(unknown) }
        let now = ContinuousClock.now
        if leadership.leads, housekeptAt.withLock({ at in
            guard at.map({ now - $0 >= Self.housekeepingEvery }) ?? true else { return false }
            at = now
            return true
        }) {
            DirectoryController.dropOrphanedStaging(store, logger)
        }
        DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + Self.platformViewEvery) { [weak self] in self?.refreshPlatformView() }
    }

    /// The database holds migrations this version does not know (a newer daemon migrated it): this
    /// daemon goes on answering, but writes nothing and does not lead until it is upgraded — or
    /// until the schema is one it knows again (a newer daemon's migration rolled back by a
    /// restore). Said once per change.
    func applySchemaPolicy(_ unknown: [String]) {
        guard versions.noteUnknownMigrations(unknown) else { return }
        if unknown.isEmpty {
            store.refuseWrites(nil)
            election.withLock { $0 }?.setMayLead(true)
            logger.notice("the database's schema is one this daemon knows again: it writes and may lead")
        } else {
            let why = PlatformVersions.refusal(unknown)
            store.refuseWrites(why)
            election.withLock { $0 }?.setMayLead(false)
            logger.error("the database's schema is newer than this daemon (\(versions.own.versions)) knows (\(why)): it answers, but writes nothing and does not lead until it is upgraded")
        }
    }

    /// Another daemon committed `changes`: catch up, once for a burst of commits (gathered for
    /// 20 ms): the facts named alone (an import's or a reload's rows too), or everything when one
    /// of them says so (a write that named nothing, a lost connection, an uncertain commit).
    func catchUpSoon(_ more: [StoreChange] = []) {
        changes.add(more, quietly: true)
        guard catchUpQueued.setIfClear() else { return }
        background.begin("catch-up")
        rebuilds.async(after: .milliseconds(20)) { [self] in
            catchUpQueued.exchange(false)
            defer { background.end("catch-up") }
            let changes = changes.take()
            if changes.contains(.everything) {
                catchUpWithEverything()
            } else {
                do {
                    try apply(changes)
                } catch {
                    logger.error("could not apply the other daemons' writes (\(error)): reading every fact again")
                    catchUpWithEverything()
                }
            }
        }
    }

    /// Applies the facts other daemons wrote, each as this daemon applies its own (the same
    /// ``DaemonState`` steps): read off the queue, put in force (and their entities recomputed)
    /// in one barrier. Idempotent: a fact this daemon holds already is not added twice.
    func apply(_ changes: Set<StoreChange>) throws {
        var events: [LifecycleEvent] = []
        var inspected: Set<String> = []
        var draws: [(entities: [String], rule: String, period: String)] = []
        var plans: [String: ObligationPlan]?
        var planned: Set<String> = []
        var imports: [Int64] = [], frozenAt: [Int64] = []
        for change in changes {
            switch change {
            case .inspection(let id):
                if let i = try store.inspectionPage(id: id, after: nil, limit: 1).inspections.first { inspected.insert(i.entityID) }
            case .event(let id):
                if let e = try store.lifecycleEvent(id: id) { events.append(e) }
            case .plan(let key):
                if plans == nil { plans = try store.plans() }
                // A key is RULE/ENTITY/PERIOD.
                let parts = key.split(separator: "/", omittingEmptySubsequences: false)
                if parts.count >= 3 { planned.insert(parts.dropFirst().dropLast().joined(separator: "/")) }
            case .draw(let id):
                guard let summary = try store.drawSummary(id: id) else { continue }
                draws.append((try store.drawnEntities(of: id).entities.map(\.entity), summary.rule, summary.period))
            case .directoryImport(let id):
                imports.append(id)
            case .frozen(let at):
                frozenAt.append(at)
            case .outbox, .everything, .scratch:
                continue
            }
        }
        state.write { s in
            var recompute = inspected.union(planned)
            var grades = false
            for e in events.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) where !s.lifecycle.contains(e) {
                s.lifecycle.append(e)
                grades = true
                recompute.insert(e.entityID)
                if e.kind == "inspection.withdrawn" { inspected.insert(e.entityID) }
            }
            if grades { s.reloadGrades() }
            if let plans { s.snapshot.plans = plans }
            for d in draws { recompute.formUnion(s.add(draw: d.entities, rule: d.rule, period: d.period)) }
            for entity in inspected where s.snapshot.entities[entity] != nil {
                do { s.setInspections(of: entity, try store.inspections(of: entity)) } catch { logger.error("could not read the inspections of \(entity): \(error)") }
            }
            let others = recompute.subtracting(inspected).filter { s.snapshot.entities[$0] != nil }
            if !others.isEmpty { s.recompute(others.sorted()) }
            s.notices.changed()
            status.changed()
            notices.deliverPending(s)  // notices another daemon put in the outbox (the leader delivers)
        }
        try adoptBulk(imports: imports, frozenAt: frozenAt)
    }

    /// Another daemon imported a directory or froze history in a reload: the rows that write
    /// wrote are read (not every fact: a province's directory is read in seconds, its facts in
    /// many more) and put in force as this daemon's own import is, built aside when they are many.
    private func adoptBulk(imports: [Int64], frozenAt: [Int64]) throws {
        guard !imports.isEmpty || !frozenAt.isEmpty else { return }
        let began = ContinuousClock.now
        var entities: [Entity] = []
        for id in imports.sorted() { entities += try store.entities(ofImport: id) }  // the later import's row last: it wins
        var frozen: [String: [FrozenObligation]] = [:]
        for at in frozenAt.sorted() { frozen.merge(try store.frozenObligations(frozenAt: at)) { $0 + $1 } }
        let read = ContinuousClock.now - began
        try rebuilds.adopt(entities, frozen: frozen) { s in
            logger.info("applied another daemon's bulk write: \(entities.count) entities of \(imports.count) import(s), \(frozen.values.map(\.count).reduce(0, +)) frozen obligation(s); read in \(read), in force after \(ContinuousClock.now - began)")
            s.notices.changed()
            status.changed()
            notices.tick(&s)
        }
    }

    /// Reads every fact again and rebuilds the schedule aside (on the rebuild queue). The facts
    /// writes change are read off the queue and put in force in one barrier, unless this daemon
    /// wrote meanwhile (then they are read again); the directory and the frozen history, which
    /// change only on the rebuild queue, go into the rebuilt copy.
    func catchUpWithEverything() {
        do {
            for _ in 0..<5 {
                let before = state.read { $0.writesApplied }, ownFacts = coordination.factCommits
                let entities = try store.entities(), inspections = try store.inspections(), plans = try store.plans()
                let frozen = try store.frozenObligations(), lifecycle = LifecycleBook(try store.lifecycleEvents())
                // Grouped here, off the queue: the barrier below only puts them in force.
                let byEntity = ScheduleSnapshot.byEntity(inspections), draws = ScheduleSnapshot.draws(try store.drawnFor())
                let applied = state.write { s -> Bool in
                    // A fact this daemon committed meanwhile (a call, an escalation, a draw) may
                    // be missing from what was read: read again.
                    guard s.writesApplied == before, coordination.factCommits == ownFacts else { return false }
                    s.lifecycle = lifecycle
                    s.snapshot.inspections = byEntity
                    s.snapshot.dropWithdrawn(lifecycle.withdrawnInspections)
                    s.snapshot.plans = plans
                    s.snapshot.draws = draws
                    s.reloadGrades()
                    return true
                }
                guard applied else { continue }
                try rebuilds.rebuildAside(prepare: { fresh in
                    fresh.entities = EntityDirectory(entities)
                    fresh.frozen = frozen
                }, swapped: { s in
                    s.notices.changed()
                    status.changed()
                    notices.tick(&s)
                })
                return
            }
            logger.warning("could not catch up with the other daemons' writes while this one kept writing: trying again")
            catchUpSoon([.everything])
        } catch {
            logger.error("could not catch up with the other daemons' writes (\(error)): trying again in 1 s")
            rebuilds.async(after: .seconds(1)) { [weak self] in self?.catchUpSoon([.everything]) }
        }
    }
}

/// The changes other daemons announced and this one has not applied yet (the listener adds, the
/// catch-up takes). Until the daemon starts they wait here; then `whenAdded` is told.
final class OtherDaemonsChanges: Sendable {
    private struct Pending {
        var changes: Set<StoreChange> = []
        var added: (@Sendable () -> Void)?
    }
    private let pending = Locked(Pending())

    /// `quietly`: added by the catch-up itself, which is about to run (no need to tell it).
    func add(_ list: [StoreChange], quietly: Bool = false) {
        let tell = pending.withLock { p -> (@Sendable () -> Void)? in
            p.changes.formUnion(list)
            return list.isEmpty || quietly ? nil : p.added
        }
        tell?()
    }

    func take() -> Set<StoreChange> { pending.withLock { p in defer { p.changes = [] }; return p.changes } }

    /// From now on `body` is called after each addition, and once now if changes wait.
    func whenAdded(_ body: @escaping @Sendable () -> Void) {
        let waiting = pending.withLock { p in
            p.added = body
            return !p.changes.isEmpty
        }
        if waiting { body() }
    }
}
