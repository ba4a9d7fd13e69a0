import Foundation
import InspectConfig
import InspectCore
import InspectStore

/// `storage:` (issue 16): which store the daemon opens, and its name among the daemons that
/// share a PostgreSQL database.
extension Daemon {
    /// `--instance`, else `storage.instance`, else the host name (cut to a valid name).
    static func instanceName(_ options: DaemonOptions, _ storage: StorageSettings) throws -> String {
        if let name = options.instance {
            guard StorageSettings.isInstanceName(name) else {
                throw DaemonStartError("--instance: '\(name)' is not an instance name (letters, digits, '-', '_', '.', at most \(StorageSettings.instanceLimit))")
            }
            return name
        }
        if let name = storage.instance { return name }
        let host = ProcessInfo.processInfo.hostName
        let cut = String(host.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }.prefix(StorageSettings.instanceLimit))
        return cut.isEmpty ? "inspectd" : cut
    }

    /// Two daemons of one name on one database would ignore each other's writes: refused at
    /// start. A daemon killed a moment ago may still show its sessions for a little while (the
    /// server ends them when it sees the socket closed), so the check is repeated for 3 s.
    static func refuseSecondInstance(_ store: FactStore, _ instance: String) throws {
        guard let engine = store.engine as? PostgresEngine else { return }
        var other: String?
        for _ in 0..<15 {
            other = try engine.otherSessionOfInstance()
            if other == nil { return }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw DaemonStartError("another daemon named '\(instance)' is connected to this database (\(other ?? "?")): give each daemon its own name (storage.instance or --instance)")
    }

    static func storeLocation(_ storage: StorageSettings, instance: String, stateDirectory: String, busyTimeout: Double) -> StoreLocation {
        switch storage.engine {
        case .sqlite:
            return .sqlite(path: (stateDirectory as NSString).appendingPathComponent("inspectd.sqlite"), busyTimeout: busyTimeout)
        case .postgresql:
            return .postgresql(PostgresSettings(connection: storage.connection ?? "", password: storage.password, instance: instance,
                                                poolSize: storage.pool, lockTimeout: busyTimeout))
        }
    }
}

/// Several daemons on one PostgreSQL database (issue 16): one leads, all answer and write, and
/// each catches up with the others' commits.
extension Daemon {
    /// Whether this daemon runs the notice run, escalations and hooks: always on SQLite (one
    /// daemon per file); on PostgreSQL, while it holds the leader's lock.
    var leads: Bool { election?.isLeader ?? true }

    /// Lifecycle events by subject, in the order given (start-up, a catch-up).
    static func bySubject(_ events: [LifecycleEvent]) -> [String: [LifecycleEvent]] {
        var grouped: [String: [LifecycleEvent]] = [:]
        for e in events { grouped[e.subject, default: []].append(e) }
        return grouped
    }

    /// Starts the leader election and the listener (PostgreSQL only). Called in `start()`.
    func startCoordination() {
        guard let engine else { return }
        let instance = self.instance
        let election = LeaderElection(engine: engine) { [weak self] leading in
            guard let self else { return }
            if leading {
                logger.notice("leading: this daemon (\(instance)) runs the notice run, escalations and hooks from now on")
            } else {
                logger.warning("no longer leading (the leader's lock or its connection was lost): another daemon sends the notices")
            }
            queue.async(flags: .barrier) { [self] in
                scheduleChanged = true
                statusChanged()
                if leading {
                    tick()  // what the last leader left undelivered, then today's run
                } else {
                    // Its channels and hooks stop too (a retry already scheduled must not send
                    // beside the new leader's); a run under way finishes and is recorded.
                    for runner in hookRunners.values { runner.stop() }
                    hookRunners = [:]
                }
            }
        }
        self.election = election
        election.start()
        engine.uncertainCommit = { [weak self] in self?.catchUpSoon([.everything]) }
        // The listener has listened since before the state was loaded (init): what it heard
        // since is applied now, and from here on as it comes.
        otherDaemonsChanges.whenAdded { [weak self] in self?.catchUpSoon() }
    }

    var engine: PostgresEngine? { store.engine as? PostgresEngine }

    /// Ends the leader's session (another daemon takes over at its next try, within a second).
    func stopCoordination() {
        listener?.stop()
        election?.stop()
    }

    /// Another daemon committed `changes`: catch up, once for a burst of commits (gathered for
    /// 20 ms): the facts named alone, or everything when one of them says so.
    func catchUpSoon(_ changes: [StoreChange] = []) {
        otherDaemonsChanges.add(changes)
        guard catchUpQueued.setIfClear() else { return }
        background.begin("catch-up")
        rebuildQueue.asyncAfter(deadline: .now() + .milliseconds(20)) { [self] in
            catchUpQueued.clear()
            defer { background.end("catch-up") }
            let changes = otherDaemonsChanges.take()
            if changes.contains(.everything) {
                catchUpWithOtherDaemons()
            } else {
                do {
                    try apply(changes)
                } catch {
                    logger.error("could not apply the other daemons' writes (\(error)): reading every fact again")
                    catchUpWithOtherDaemons()
                }
            }
        }
    }

    /// Applies the facts other daemons wrote, each as this daemon applies its own: read off the
    /// queue, put in force (and their entities recomputed) in one barrier. Idempotent: a fact
    /// this daemon holds already is not added twice.
    func apply(_ changes: Set<StoreChange>) throws {
        var events: [LifecycleEvent] = []
        var inspected: Set<String> = []
        var draws: [(entities: [String], rule: String, period: String)] = []
        var plans: [String: ObligationPlan]?
        var planned: Set<String> = []
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
            case .outbox, .everything:
                continue
            }
        }
        sync {
            var recompute = inspected.union(planned)
            var grades = false
            for e in events.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) where !(lifecycle[e.subject]?.contains { $0.id == e.id } ?? false) {
                lifecycle[e.subject, default: []].append(e)
                grades = true
                recompute.insert(e.entityID)
                if e.kind == "inspection.withdrawn" { inspected.insert(e.entityID) }
            }
            if grades { loadGradeHistories() }
            if let plans { snapshot.plans = plans }
            for d in draws {
                let owed = ObligationSchedule.DrawnFor(rule: d.rule, period: d.period)
                for entity in d.entities where !(snapshot.draws[entity]?.contains(owed) ?? false) {
                    snapshot.draws[entity, default: []].append(owed)
                    recompute.insert(entity)
                }
            }
            for entity in inspected where snapshot.entities[entity] != nil {
                do { try reloadInspections(of: entity) } catch { logger.error("could not read the inspections of \(entity): \(error)") }
            }
            let others = recompute.subtracting(inspected).filter { snapshot.entities[$0] != nil }
            if !others.isEmpty { snapshot.recompute(entities: others.sorted(), configuration) }
            scheduleChanged = true
            statusChanged()
            deliverPending()  // notices another daemon put in the outbox (the leader delivers)
        }
    }

    /// Reads every fact again and rebuilds the schedule aside (on `rebuildQueue`). The facts
    /// writes change are read off the queue and put in force in one barrier, unless this daemon
    /// wrote meanwhile (then they are read again); the directory and the frozen history, which
    /// change only on this queue, go into the rebuilt copy.
    ///
    /// A full read: at an office's size a few milliseconds; at a province's, seconds (a next step
    /// is to apply the other daemon's fact alone, named in its NOTIFY).
    func catchUpWithOtherDaemons() {
        dispatchPrecondition(condition: .onQueue(rebuildQueue))
        do {
            for _ in 0..<5 {
                let before = read { writesApplied }, ownFacts = engine?.factCommits ?? 0
                let entities = try store.entities(), inspections = try store.inspections(), plans = try store.plans()
                let frozen = try store.frozenObligations(), lifecycle = Self.bySubject(try store.lifecycleEvents())
                // Grouped here, off the queue: the barrier below only puts them in force.
                let byEntity = ScheduleSnapshot.byEntity(inspections), draws = ScheduleSnapshot.draws(try store.drawnFor())
                let applied = sync { () -> Bool in
                    // A fact this daemon committed meanwhile (a call, an escalation, a draw) may
                    // be missing from what was read: read again.
                    guard writesApplied == before, (engine?.factCommits ?? 0) == ownFacts else { return false }
                    self.lifecycle = lifecycle
                    snapshot.inspections = byEntity
                    snapshot.dropWithdrawn(withdrawnInspections())
                    snapshot.plans = plans
                    snapshot.draws = draws
                    loadGradeHistories()
                    return true
                }
                guard applied else { continue }
                try rebuildAside(prepare: { fresh in
                    fresh.entities = EntityDirectory(entities)
                    fresh.frozen = frozen
                }, swapped: {
                    scheduleChanged = true
                    statusChanged()
                    tick()
                })
                return
            }
            logger.warning("could not catch up with the other daemons' writes while this one kept writing: trying again")
            catchUpSoon([.everything])
        } catch {
            logger.error("could not catch up with the other daemons' writes (\(error)): trying again in 1 s")
            rebuildQueue.asyncAfter(deadline: .now() + 1) { [weak self] in self?.catchUpSoon([.everything]) }
        }
    }
}

/// The changes other daemons announced and this one has not applied yet (the listener adds,
/// the catch-up takes). Until the daemon starts they wait here; then `whenAdded` is told.
final class PendingChanges: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var changes: Set<StoreChange> = []
    private var added: (@Sendable () -> Void)?

    func add(_ list: [StoreChange]) {
        lock.lock()
        changes.formUnion(list)
        let tell = list.isEmpty ? nil : added
        lock.unlock()
        tell?()
    }

    func take() -> Set<StoreChange> { lock.lock(); defer { changes = []; lock.unlock() }; return changes }

    /// From now on `body` is called after each addition, and once now if changes wait.
    func whenAdded(_ body: @escaping @Sendable () -> Void) {
        lock.lock()
        added = body
        let waiting = !changes.isEmpty
        lock.unlock()
        if waiting { body() }
    }
}

extension Daemon {
    /// On PostgreSQL, LISTENs before the daemon loads its state (so that no other daemon's
    /// commit falls between the two); what it hears waits in `changes` until `start()`.
    static func listen(_ store: FactStore, into changes: PendingChanges) -> PostgresListener? {
        guard let engine = store.engine as? PostgresEngine else { return nil }
        let listener = PostgresListener(engine: engine, onChange: { _, list in changes.add(list) },
                                        onReconnect: { changes.add([.everything]) })
        listener.start(waitingUpTo: 5)
        return listener
    }
}
