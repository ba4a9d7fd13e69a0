import Dispatch
import Foundation
import InspectConfig
import InspectControl
import InspectCore

/// Work that recomputes every entity — the new day, a reload, a large import — is built aside and
/// swapped in (issue 11: "nothing stalls"; at 1,000,000 entities a recompute takes seconds, and
/// while it held the daemon queue every query waited for it).
///
/// How: on `rebuildQueue`, a barrier takes a copy of the schedule (copy-on-write: free) and starts
/// noting which entities writes recompute; the copy is recomputed off the queue; a second barrier
/// swaps it in, keeping the facts written meanwhile and recomputing their entities
/// (``ScheduleSnapshot/adopt(writesOf:_:)``). The facts a rebuild changes itself — the directory, the
/// frozen history and the configuration — change only on `rebuildQueue`, one rebuild at a time.
extension Daemon {
    /// Above this many entities, an import is swapped in by a rebuild aside rather than
    /// recomputed in one barrier (about 10 ms of work per 1,000 entities on this machine).
    static let importRebuildThreshold = 2_000

    /// Recomputes the schedule aside and swaps it in; on `rebuildQueue` only. `prepare` changes
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
                      swapped: () -> Void = {}) throws {
        dispatchPrecondition(condition: .onQueue(rebuildQueue))
        var (fresh, configuration) = sync { () -> (ScheduleSnapshot, Configuration) in
            let base = snapshot
            snapshot.beginTracking()
            return (base, new ?? self.configuration)
        }
        if recomputing == nil && !prepareReadsComputed { fresh.dropComputed() }
        pausePoint.reach("rebuild")
        do {
            if let today { fresh.today = today }
            try prepare(&fresh)
        } catch {
            sync { snapshot.endTracking() }
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
        let (facts, written) = sync { (snapshot.writtenFacts, snapshot.takeWritten()) }
        fresh.catchUp(with: facts, entities: written, configuration)
        let clock = ContinuousClock()
        let asked = clock.now
        var held = Duration.zero
        sync {
            let t0 = clock.now
            fresh.adopt(writesOf: snapshot, configuration)
            swap(&snapshot, &fresh)
            if new != nil { self.configuration = configuration }
            swapped()
            held = clock.now - t0
        }
        let freeing = clock.now
        // `fresh` now holds the old schedule: freed here, not in the barrier (at a province's size
        // that takes about 100 ms, which every query would have waited for). Its memory stays
        // with malloc for the next rebuild: giving it back (malloc_trim) locks the heap while it
        // walks it, and queries waited up to 60 ms for their allocations (inspectd-bench stalls).
        fresh = .empty(fresh.today)
        // Where a swap's time goes, for the operator and for the stall hunt (BENCHMARKS.md, issue 11).
        func ms(_ d: Duration) -> String { String(format: "%.1f ms", Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15) }
        logger.info("rebuild: swapped in after \(ms(freeing - asked - held)) waiting for the queue, \(ms(held)) in the barrier; the old schedule freed in \(ms(clock.now - freeing))")
    }

    /// Gives the memory malloc holds free back to the system (`malloc_trim`): at start-up, before
    /// any query (it locks the heap while it walks it).
    static func returnFreedMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }

    /// Runs `body`, a long write (a directory import's transaction), with the calls that write
    /// held off: they wait off the daemon queue (their handler retries while `exclusiveWriteUnderWay`),
    /// instead of waiting for the database inside a barrier, where every query would wait behind them.
    func exclusively<T>(_ body: () throws -> T) rethrows -> T {
        sync { exclusiveWriteUnderWay = true }
        defer { sync { exclusiveWriteUnderWay = false } }
        return try body()
    }

    /// The day changed (tick): the new day's statuses, then its notices.
    func rebuildForNewDay(_ today: CivilDate) {
        defer { background.end("rebuild") }
        let t0 = ContinuousClock.now
        var years: Set<Int> = []
        do {
            try rebuildAside(today: today, inspect: { years = Self.provisionalYears($0, $1) }, swapped: {
                dayRebuildPending = false
                scheduleChanged = true
                warnAboutMissingArrangements(years: years)
                statusChanged()
                tick()  // the day's notices, now on the day's statuses
            })
            logger.info("schedule recomputed for \(today.iso) in \(ContinuousClock.now - t0)")
        } catch {
            // rebuildAside throws only what `prepare` throws, and this one throws nothing.
            sync { dayRebuildPending = false }
        }
    }

    /// Rereads the configuration directory. A bad one is refused and the running one kept. The
    /// new schedule is built aside (queries go on meanwhile); returns once it is in force.
    /// Not on the daemon queue.
    @discardableResult
    func reload() throws -> Configuration {
        background.begin("rebuild")
        defer { background.end("rebuild") }
        return try rebuildQueue.sync { try reloadAside() }
    }

    private func reloadAside() throws -> Configuration {
        _ = notifier.reloading(status: "reloading configuration from \(options.configDirectory)")
        defer { _ = notifier.ready(status: read { statusLine() }) }
        let fresh: Configuration
        do {
            fresh = try ConfigurationLoader.load(directory: options.configDirectory)
        } catch let e as ConfigErrors {
            logger.error("configuration reload refused, keeping the running one: \(e.errors.map(\.description).joined(separator: "; "))")
            throw ControlFailure.configInvalid(e.errors.map(\.description))
        } catch {
            logger.error("configuration reload refused, keeping the running one: \(error)")
            throw ControlFailure.configInvalid(["\(error)"])
        }
        // The store is opened once (issue 16): another `storage:` is for the next start.
        if fresh.storage != read({ configuration.storage }) {
            logger.warning("storage: changed in the configuration; the daemon keeps the store it opened until it is restarted")
        }
        var provisional: [String: CivilDate] = [:]
        var moved: [Notice] = []
        var years: Set<Int> = []
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
            moved = Self.rescheduled(from: provisional, in: computed, configuration)
            years = Self.provisionalYears(computed, configuration)
        }, swapped: {
            logger.info("configuration reloaded: \(fresh.rules.count) rules, \(fresh.supervisors.count) supervisors, holiday arrangements \(fresh.calendar.loadedYears.map(String.init).joined(separator: ","))")
            scheduleChanged = true
            warnAboutMissingArrangements(years: years)
            statusChanged()
        })
        announce(rescheduled: moved)
        sync { tick() }
        return fresh
    }

    /// After a directory import committed (on `rebuildQueue`): the entities join the schedule and
    /// the notices are decided again. A small import is applied in one barrier; a large one is
    /// built aside, so that a province's import does not hold every query for seconds.
    func adoptImport(_ entities: [Entity], from file: String, added: Int, updated: Int, uid: UInt32) throws -> Control.ImportResult {
        dispatchPrecondition(condition: .onQueue(rebuildQueue))
        background.begin("rebuild")
        defer { background.end("rebuild") }
        func apply(_ s: inout ScheduleSnapshot) {
            s.entities.upsert(entities)
        }
        func announce() {
            logger.info("imported \(entities.count) entities from \(file) (\(added) added, \(updated) updated) by uid \(uid)")
            statusChanged()
            scheduleChanged = true
            tick()
        }
        if entities.count <= Self.importRebuildThreshold {
            sync {
                apply(&snapshot)
                snapshot.recompute(entities: entities.map(\.id), configuration)
                announce()
            }
        } else {
            try rebuildAside(prepare: apply, swapped: announce)
        }
        return Control.ImportResult(added: added, updated: updated)
    }
}

/// The work under way off the daemon queue, by name (`notice-run`, `delivery`, `rebuild`), for
/// `status`: an operator sees what the daemon is busy with, a test waits until it is idle.
final class BackgroundWork: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var counts: [String: Int] = [:]

    func begin(_ name: String) {
        lock.lock()
        counts[name, default: 0] += 1
        lock.unlock()
    }

    func end(_ name: String) {
        lock.lock()
        counts[name, default: 1] -= 1
        if counts[name] == 0 { counts[name] = nil }
        lock.unlock()
    }

    var names: [String] {
        lock.lock()
        defer { lock.unlock() }
        return counts.keys.sorted()
    }
}

/// A value handed to work on another queue, which takes it out (the box no longer holds it), so
/// that the value is let go when that work is done with it, not when the closure ends.
final class Handover<Value>: @unchecked Sendable {  // taken once, by the one queue it was handed to
    private var value: Value?
    init(_ value: Value) { self.value = value }
    func take() -> Value {
        defer { value = nil }
        return value!
    }
}

/// A flag several threads set and clear (a delivery waiting to begin).
final class Flag: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var value = false

    /// Sets it; false when it was already set.
    func setIfClear() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if value { return false }
        value = true
        return true
    }

    func clear() {
        lock.lock()
        value = false
        lock.unlock()
    }
}

#if os(Linux)
/// glibc's `malloc_trim(3)` (in `<malloc.h>`, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
