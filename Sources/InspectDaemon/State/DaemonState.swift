import InspectConfig
import InspectCore
import Locking

/// Everything the daemon holds in memory, as one value: the schedule computed from the facts,
/// the lifecycle book, the configuration with what is derived from it, and the notice
/// scheduler's state. It lives in a ``StateQueue``; nothing else in the daemon is mutable but
/// what a ``Locked`` guards.
struct DaemonState: Sendable {
    /// Every entity's obligations today, computed from the facts in memory.
    var snapshot: ScheduleSnapshot
    /// Rectifications, cases, reports, grade assignments and withdrawals, by subject.
    var lifecycle: LifecycleBook
    /// The configuration in force (a reload replaces it, on the rebuild queue).
    var configuration: Configuration {
        didSet {
            lookups = ConfigurationLookups(configuration)
            policy = configuration.noticePolicy
        }
    }
    /// Its rules and supervisors by id (lists look them up once per item).
    private(set) var lookups: ConfigurationLookups
    /// How notices are decided under it.
    private(set) var policy: NoticePolicy
    /// When the next notice run starts (a state machine of its own).
    var notices = NoticeScheduler()
    /// Writes applied since start (a catch-up with the other daemons that read the store before
    /// one of them reads again).
    var writesApplied = 0
    /// A long write of the daemon's own holds the database (a province's import): calls that
    /// write wait off the queue until it is over, instead of in a barrier where every query waits.
    var exclusiveWriteUnderWay = false
    /// Years without a holiday arrangement that the journal has been told about (once each).
    var warnedMissingYears: Set<Int> = []
    /// How many open obligations' provisional due dates wait for each year's holiday
    /// arrangement, as of the last rebuild (the day's, a reload's): `status` and the digests say it.
    var provisionalDueDates: [Int: Int] = [:]

    init(snapshot: ScheduleSnapshot, lifecycle: LifecycleBook, configuration: Configuration) {
        self.snapshot = snapshot
        self.lifecycle = lifecycle
        self.configuration = configuration
        lookups = ConfigurationLookups(configuration)
        policy = configuration.noticePolicy
    }

    var today: CivilDate { snapshot.today }
}

/// Recorded facts put in force: the same steps for a call of this daemon and for a fact another
/// daemon wrote (the catch-up), so that both end in the same state.
extension DaemonState {
    /// The grade histories again, from the lifecycle book (after a grade fact or a correction).
    mutating func reloadGrades() {
        snapshot.gradeHistory = lifecycle.gradeHistories
    }

    mutating func recompute(_ entity: String) {
        snapshot.recompute(entity: entity, configuration)
    }

    mutating func recompute(_ entities: [String]) {
        snapshot.recompute(entities: entities, configuration)
    }

    /// A recorded inspection, in date order as they are read at start-up: the day an obligation
    /// was met is the day of its required-th fact (a back-dated record goes before later ones).
    mutating func add(_ saved: Inspection) {
        var facts = snapshot.inspections[saved.entityID] ?? []
        facts.insert(saved, at: facts.firstIndex { ($0.date, $0.id ?? 0) > (saved.date, saved.id ?? 0) } ?? facts.endIndex)
        snapshot.inspections[saved.entityID] = facts
        recompute(saved.entityID)
    }

    /// An entity's inspections as the store has them, without the withdrawn ones.
    mutating func setInspections(of entity: String, _ facts: [Inspection]) {
        let withdrawn = lifecycle.withdrawnInspections
        snapshot.inspections[entity] = facts.filter { !($0.id.map(withdrawn.contains) ?? false) }
        recompute(entity)
    }

    /// A recorded lifecycle event. A grade assignment or a correction changes the grades, and
    /// with them the entity's cadences (G01): its obligations are recomputed.
    mutating func add(_ saved: LifecycleEvent) {
        lifecycle.append(saved)
        if saved.corrects != nil || saved.kind == GradeAssignment.eventKind {
            reloadGrades()
            recompute(saved.entityID)
        }
    }

    /// The entities a recorded draw picked owe its rule in its period (双随机). Returns the
    /// entities that did not owe it yet.
    @discardableResult
    mutating func add(draw entities: [String], rule: String, period: String) -> [String] {
        let owed = ObligationSchedule.DrawnFor(rule: rule, period: period)
        var added: [String] = []
        for entity in entities where !(snapshot.draws[entity]?.contains(owed) ?? false) {
            snapshot.draws[entity, default: []].append(owed)
            added.append(entity)
        }
        return added
    }

    /// Every deadline the recorded events started, as it stands at `now`, in the lists' order.
    func deadlines(now: LocalDateTime) -> [TrackedDeadline] {
        lifecycle.deadlines(policy.tracker, now: now)
    }
}
