import Foundation
import InspectConfig
import InspectCore
import Locking

/// Every entity's obligations on one day, computed by the core from the facts in memory. The
/// daemon keeps one snapshot and replaces an entity's part when its facts change, or all of it
/// when the day or the configuration changes. A new snapshot holds facts only: `recomputeAll`
/// computes it once everything (grades, draws) is loaded.
struct ScheduleSnapshot {
    var today: CivilDate
    var entities = EntityDirectory()
    var inspections: [String: [Inspection]] = [:]
    /// Each entity's obligations. Changed only by `recompute…`, which keep `index` and `tally` in step.
    private(set) var obligations: [String: [Obligation]] = [:]
    /// The open obligations in list order, for pages.
    private(set) var index = OpenObligationIndex()
    /// What each entity's obligations are filed under in the index (an import may change it).
    private var indexedFacets: [String: OpenObligationIndex.Facets] = [:]
    /// Counts over every obligation, kept entity by entity (a write no longer walks them all).
    private(set) var tally = Tally()
    /// Managers' plans and waivers in force, by obligation key.
    var plans: [String: ObligationPlan] = [:]
    /// The recorded sample draws each entity appears in (双随机): each owes one qualifying fact in the draw's period.
    var draws: [String: [ObligationSchedule.DrawnFor]] = [:]

    init(today: CivilDate, entities: [Entity], inspections: [Inspection], plans: [String: ObligationPlan],
         frozen: [String: [FrozenObligation]] = [:]) {
        self.today = today
        self.plans = plans
        self.frozen = frozen
        self.entities = EntityDirectory(entities)
        self.inspections = Self.byEntity(inspections)
    }

    /// Recorded inspections by entity, in the order given.
    static func byEntity(_ inspections: [Inspection]) -> [String: [Inspection]] {
        var grouped: [String: [Inspection]] = [:]
        for i in inspections { grouped[i.entityID, default: []].append(i) }
        return grouped
    }

    /// What the recorded draws owe, by drawn entity (`FactStore.drawnFor()`'s rows).
    static func draws(_ drawn: [(entity: String, rule: String, period: String)]) -> [String: [ObligationSchedule.DrawnFor]] {
        var owed: [String: [ObligationSchedule.DrawnFor]] = [:]
        for d in drawn { owed[d.entity, default: []].append(ObligationSchedule.DrawnFor(rule: d.rule, period: d.period)) }
        return owed
    }

    /// Lets go of the withdrawn inspections (their ids).
    mutating func dropWithdrawn(_ withdrawn: Set<Int64>) {
        guard !withdrawn.isEmpty else { return }
        for (id, list) in inspections { inspections[id] = list.filter { !($0.id.map(withdrawn.contains) ?? false) } }
    }

    /// Closed-period obligations frozen when a reload changed the rules, by entity (history kept).
    var frozen: [String: [FrozenObligation]] = [:]
    /// Grade assignments, by entity, and the grade scale of each entity kind (`grades.yaml`).
    var gradeHistory: [String: GradeHistory] = [:]
    var gradeScaleOfKind: [String: String] = [:]

    /// The entity's grade on a day: its assignments on its kind's scale, else the directory's grade.
    func gradeOn(_ e: Entity) -> ((CivilDate) -> String?)? {
        guard let scale = gradeScaleOfKind[e.kind], let history = gradeHistory[e.id] else { return nil }
        return { day in history.level(scale: scale, on: day, fallback: e.grade) }
    }

    /// The entity as it stands today, its grade included.
    func current(_ e: Entity) -> Entity {
        var c = e
        if let g = gradeOn(e) { c.grade = g(today) }
        return c
    }

    /// `workers`: how many entities are computed at once (default: every core). Built aside, it
    /// leaves a core to the queries (with every core busy, a `status` waited 60 ms for
    /// a CPU while a province's import was recomputed).
    mutating func recomputeAll(_ configuration: Configuration, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        gradeScaleOfKind = [:]
        for scale in configuration.grades.scales { for k in scale.kinds where gradeScaleOfKind[k] == nil { gradeScaleOfKind[k] = scale.id } }
        let schedule = configuration.schedule
        dropComputed()
        // Each entity's obligations are its own: computed on every core, then indexed in one pass.
        let list = entities.values
        let chunks = max(1, min(max(workers, 1) * 4, list.count / 1000))
        let computed = Locked<[[(String, [Obligation]?)]]>(Array(repeating: [], count: chunks))
        let snapshot = self
        let work: @Sendable (Int) -> Void = { c in
            let lo = list.count * c / chunks, hi = list.count * (c + 1) / chunks
            let part = list[lo..<hi].map { ($0.id, Optional(snapshot.compute($0, schedule))) }
            computed.withLock { $0[c] = part }
        }
        if workers >= ProcessInfo.processInfo.activeProcessorCount {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
        } else {
            // Exactly `workers` threads, each taking the next chunk.
            let next = Locked(0)  // the next chunk to take
            let group = DispatchGroup()
            for _ in 0..<max(workers, 1) {
                group.enter()
                Thread {
                    BackgroundPriority.lowerThisThread()
                    while let c = next.withLock({ n -> Int? in defer { n += 1 }; return n < chunks ? n : nil }) { work(c) }
                    group.leave()
                }.start()
            }
            group.wait()
        }
        setMany(computed.withLock { Array($0.joined()) })
    }

    /// Recomputes one entity (its facts changed): its part of the index and the tally with it.
    mutating func recompute(entity id: String, _ configuration: Configuration) {
        guard let e = entities[id] else { set(id, nil); return }
        set(id, compute(e, configuration.schedule))
    }

    /// Recomputes many entities at once (an import): the index is updated in one pass.
    mutating func recompute(entities ids: [String], _ configuration: Configuration) {
        let schedule = configuration.schedule
        setMany(ids.map { id in (id, entities[id].map { compute($0, schedule) }) })
    }

    /// Whether `new`, replacing `old` in the directory, may change the entity's obligations or
    /// where the index files them: the fields the core's rules read (kind, jurisdiction, grade,
    /// approval date: `ObligationSchedule`, `SubjectFilter`) and the index's facets (supervisor,
    /// jurisdiction, kind). A new name or industry alone changes neither: the entity is replaced in
    /// the directory and keeps its obligations (a re-import of a province's directory with a few
    /// changes is not a recompute of a million entities).
    static func mayRecompute(_ old: Entity, _ new: Entity) -> Bool {
        old.kind != new.kind || old.jurisdiction != new.jurisdiction || old.grade != new.grade || old.approvedOn != new.approvedOn
            || OpenObligationIndex.Facets(old) != OpenObligationIndex.Facets(new)
    }

    /// `set` for many entities, the index changed in bulk.
    private mutating func setMany(_ list: [(String, [Obligation]?)]) {
        guard !list.isEmpty else { return }  // nothing to copy (copy-on-write) for nothing
        var changes: [(old: [Obligation], new: [Obligation], oldFacets: OpenObligationIndex.Facets?, newFacets: OpenObligationIndex.Facets?)] = []
        changes.reserveCapacity(list.count)
        for (id, new) in list {
            handover.note(id)
            let old = obligations[id] ?? []
            // Most of a province's entities owe nothing now: no entry at all for them (memory).
            let owes = !(new?.isEmpty ?? true)
            let facets = owes ? entities[id].map(OpenObligationIndex.Facets.init) : nil
            changes.append((old, new ?? [], indexedFacets[id], facets))
            tally.subtract(old)
            tally.add(new ?? [])
            obligations[id] = owes ? new : nil
            indexedFacets[id] = facets
        }
        index.replaceMany(changes)
    }

    // MARK: Built aside, swapped in (nothing stalls)

    /// Which entities writes recomputed while a copy of this schedule is rebuilt aside.
    private(set) var handover = RebuildHandover()

    /// Starts noting which entities writes recompute, for `adopt(writesOf:_:)`.
    mutating func beginTracking() { handover.begin() }

    /// Stops noting (the copy built aside was dropped).
    mutating func endTracking() { handover.end() }

    /// Makes this snapshot — a copy of `live` taken at `live.beginTracking()` and recomputed
    /// aside (the new day, the new rules, a large import) — take in what was written to `live`
    /// meanwhile: the entities, their order and the frozen history stay this snapshot's (they
    /// change only on the daemon's rebuild queue, which made it), every other fact becomes
    /// `live`'s, and the entities writes recomputed meanwhile are computed again, so no write
    /// made during the rebuild is lost. Costs what was written meanwhile, not what was rebuilt
    /// (in place: the caller swaps it in, so nothing computed is copied in the swap's barrier).
    mutating func adopt(writesOf live: ScheduleSnapshot, _ configuration: Configuration) {
        handover = RebuildHandover()
        catchUp(with: live.writtenFacts, entities: live.handover.written ?? [], configuration)
    }

    /// The facts that writes change (as opposed to the directory and the frozen history).
    struct WrittenFacts {
        var inspections: [String: [Inspection]]
        var plans: [String: ObligationPlan]
        var draws: [String: [ObligationSchedule.DrawnFor]]
        var gradeHistory: [String: GradeHistory]
    }

    var writtenFacts: WrittenFacts { WrittenFacts(inspections: inspections, plans: plans, draws: draws, gradeHistory: gradeHistory) }

    /// The entities written since tracking began or since the last call; tracking goes on.
    mutating func takeWritten() -> Set<String> { handover.take() }

    /// Takes in `facts` and recomputes `entities` (written since this copy was taken): the part
    /// of `adopt` that can run before the swap, off the queue, so that the swap itself recomputes
    /// only what was written after it (recomputing 40 entities' obligations in the
    /// swap's barrier made a query wait 95 ms at 1,000,000 entities).
    mutating func catchUp(with facts: WrittenFacts, entities: Set<String>, _ configuration: Configuration) {
        inspections = facts.inspections
        plans = facts.plans
        draws = facts.draws
        gradeHistory = facts.gradeHistory
        if !entities.isEmpty { recompute(entities: entities.sorted(), configuration) }
    }

    /// Lets go of the computed obligations, their index and tally (a copy about to be recomputed):
    /// while a copy shares them with the live schedule, the live one's next write copies them all
    /// in its barrier (copy-on-write; 64–76 ms at a province's size).
    mutating func dropComputed() {
        obligations = [:]
        index = OpenObligationIndex()
        indexedFacets = [:]
        tally = Tally()
    }

    /// A snapshot with nothing in it (what a swapped-out one is replaced by, to free it).
    static func empty(_ today: CivilDate) -> ScheduleSnapshot {
        ScheduleSnapshot(today: today, entities: [], inspections: [], plans: [:])
    }

    /// Replaces one entity's obligations, and its part of the index and the tally.
    private mutating func set(_ id: String, _ new: [Obligation]?) { setMany([(id, new)]) }

    /// The obligation a reference of the index stands for.
    func obligation(_ r: OpenObligationIndex.Ref) -> Obligation? {
        obligations[r.entity]?.first { $0.ruleID == r.rule && $0.period.label == r.period && $0.due.dayNumber == r.due }
    }

    /// One entity's obligations: cadences and follow-ups, sample draws, and frozen history;
    /// `through` plans ahead to the period containing that day.
    func compute(_ e: Entity, _ schedule: ObligationSchedule, through: CivilDate? = nil) -> [Obligation] {
        let facts = inspections[e.id] ?? []
        let current = schedule.obligations(of: e, inspections: facts, plans: plans, today: today, through: through, gradeOn: gradeOn(e))
            + schedule.samplingObligations(of: e, draws: draws[e.id] ?? [], inspections: facts, plans: plans, today: today)
        return ObligationHistory.merge(current, frozen: frozen[e.id] ?? [], today: today)
    }

    /// The obligations of closed periods, to freeze before the rules change. A provisional due
    /// date was never final (its year's holiday notice was missing), so it is not frozen: new
    /// holiday data still corrects it, and the move is announced.
    func closedObligations() -> [FrozenObligation] {
        allObligations.filter { ObligationHistory.isClosed($0, on: today) && !$0.provisional }.map(FrozenObligation.init)
    }

    var allObligations: [Obligation] { obligations.values.flatMap { $0 } }

    /// Open obligations, most urgent first (by due date, then entity, rule and period): the
    /// index in order, no sort.
    func open() -> [Obligation] {
        var list: [Obligation] = []
        list.reserveCapacity(index.all.count)
        index.all.walk(after: nil, through: nil) { r in
            if let o = obligation(r) { list.append(o) }
            return true
        }
        return list
    }

    /// Counts of obligations by status, kept entity by entity.
    struct Tally: Equatable {
        var total = 0, open = 0, dueSoon = 0, overdue = 0

        mutating func add(_ list: [Obligation], sign: Int = 1) {
            for o in list {
                total += sign
                guard o.status.isOpen else { continue }
                open += sign
                if o.status == .dueSoon || o.status == .due { dueSoon += sign }
                if o.status == .overdue { overdue += sign }
            }
        }

        mutating func subtract(_ list: [Obligation]) { add(list, sign: -1) }
    }

    struct Counts { var total = 0, open = 0, dueSoon = 0, overdue = 0; var nextDue: Obligation? }

    /// What `status` shows: the tally and the next open obligation due today or later (O(1)).
    func counts() -> Counts {
        let next = index.all.first(onOrAfter: today.dayNumber).flatMap(obligation)
        return Counts(total: tally.total, open: tally.open, dueSoon: tally.dueSoon, overdue: tally.overdue, nextDue: next)
    }
}
