// `inspectd-bench schedule`: a full year of obligations for a synthetic province-sized directory
// under the shipped rules (issue 4, "Speed": 1,000,000 entities in under 5 s, under 1 GiB).
import Dispatch
import InspectConfig
import InspectCore

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Synthetic directory

/// One recorded fact, packed (8 bytes): expanded into an `Inspection` when its entity is scheduled,
/// as the daemon reads an entity's facts from the store.
struct PackedFact {
    var date: Int32
    var kind: UInt8       // index into SyntheticDirectory.factKinds
    var authority: UInt8  // index into Authority.allCases
}

struct SyntheticDirectory: Sendable {
    var entities: [Entity] = []
    /// Facts of entity i: `facts[factStart[i] ..< factStart[i + 1]]`, by date.
    var factStart: [Int32] = [0]
    var facts: [PackedFact] = []
    var factKinds: [String] = []
    var kindCounts: [String: Int] = [:]

    /// Entity `i`'s facts as the core takes them.
    @inline(__always)
    func inspections(of i: Int, inspectors: [String]) -> [Inspection] {
        let lo = Int(factStart[i]), hi = Int(factStart[i + 1])
        let id = entities[i].id
        var out: [Inspection] = []
        out.reserveCapacity(hi - lo)
        for f in facts[lo..<hi] {
            out.append(Inspection(entityID: id, date: CivilDate(dayNumber: f.date), kind: factKinds[Int(f.kind)],
                                  authority: Authority.allCases[Int(f.authority)], inspectors: inspectors))
        }
        return out
    }
}

/// Share of each kind in a province-sized directory (RULES.md §9 kinds): many employers and
/// statistical survey units, few financial institutions. Kinds not listed weigh 0.002.
let provinceKindShare: [String: Double] = [
    "employer": 0.78,
    "statistical-survey-unit": 0.08,
    "special-hours-employer": 0.03,
    "social-insurance-fund-unit": 0.02,
    "labor-dispatch": 0.02,
    "hr-service-agency": 0.015,
    "private-training-school": 0.01,
    "state-owned-enterprise": 0.008,
    "department": 0.003,
    "microloan": 0.003,
    "private-financing-service": 0.003,
    "financing-guarantee": 0.002,
    "private-financing-registration": 0.0005,
    "title-review-committee": 0.0005,
]

let defaultJurisdictions = ["兰山区", "罗庄区", "河东区", "沂南县", "郯城县", "沂水县", "兰陵县", "费县", "平邑县", "莒南县", "蒙阴县", "临沭县"]

/// Every kind any shipped rule is about, with the grades rules look at for it.
func coveredKinds(_ rules: RuleSet) -> (kinds: [String], grades: [String: [String]], jurisdictions: [String]) {
    var subjects = rules.cadences.map(\.subject) + rules.followUps.map(\.subject)
    subjects += rules.caps.map(\.subject) + rules.samplings.map(\.subject)
    var kinds = Set<String>(), grades: [String: Set<String>] = [:], juris = Set(defaultJurisdictions)
    for s in subjects {
        kinds.formUnion(s.kinds)
        let g = (s.grades ?? []).union(s.gradesExcept)
        for k in s.kinds where !g.isEmpty { grades[k, default: []].formUnion(g) }
        juris.formUnion(s.jurisdictions ?? [])
    }
    return (kinds.sorted(), grades.mapValues { $0.sorted() }, juris.sorted())
}

/// N entities over the covered kinds, with approval dates, grades and a year of facts: for every
/// cadence rule that applies, each required fact of each period of the year is recorded with
/// probability 0.8 (quotas) or 0.6 (one per interval rule), plus 0–2 unrelated facts, plus the
/// publication that meets a follow-up deadline with probability 0.85. Deterministic (SplitMix64).
func makeDirectory(entities n: Int, year: Int, rules: RuleSet, seed: UInt64) -> SyntheticDirectory {
    var rng = SplitMix64(state: seed)
    let (kinds, gradesByKind, jurisdictions) = coveredKinds(rules)
    precondition(!kinds.isEmpty, "the rules cover no entity kind")
    let shares = kinds.map { provinceKindShare[$0] ?? 0.002 }
    let total = shares.reduce(0, +)
    var cumulative: [Double] = []
    var acc = 0.0
    for s in shares { acc += s / total; cumulative.append(acc) }

    var factKinds = Array(Inspection.knownKinds.sorted())
    for r in rules.cadences { for k in r.counts.sorted() where !factKinds.contains(k) { factKinds.append(k) } }
    for r in rules.followUps { for k in (r.counts.union(r.after)).sorted() where !factKinds.contains(k) { factKinds.append(k) } }
    let kindIndex = Dictionary(uniqueKeysWithValues: factKinds.enumerated().map { ($1, UInt8($0)) })

    let yearStart = CivilDate.firstOfMonth(year: year, month: 1), yearEnd = CivilDate.lastOfMonth(year: year, month: 12)
    let approvedLo = Int(CivilDate.firstOfMonth(year: 2000, month: 1).dayNumber)

    // Which rules apply depends on kind, grade and jurisdiction only: cached per combination.
    var applicable: [String: (cadences: [Int], followUps: [Int])] = [:]

    var dir = SyntheticDirectory()
    dir.factKinds = factKinds
    dir.entities.reserveCapacity(n)
    dir.factStart.reserveCapacity(n + 1)
    dir.facts.reserveCapacity(n * 8)
    let name = "synthetic entity"
    var day: [PackedFact] = []

    func uniform(_ lo: Int, _ hi: Int) -> Int { lo + Int(rng.next() % UInt64(hi - lo + 1)) }
    func chance(_ p: Double) -> Bool { Double(rng.next() >> 11) * 0x1p-53 < p }
    func authority(for actor: Actor) -> UInt8 {
        if case .authorities(let levels) = actor, !levels.isEmpty {
            let a = levels[uniform(0, levels.count - 1)]
            return UInt8(Authority.allCases.firstIndex(of: a)!)
        }
        return UInt8(uniform(0, Authority.allCases.count - 1))
    }

    for i in 0..<n {
        let u = Double(rng.next() >> 11) * 0x1p-53
        let kind = kinds[cumulative.firstIndex { u < $0 } ?? kinds.count - 1]
        var grade: String?
        if let gs = gradesByKind[kind], chance(0.15) { grade = gs[uniform(0, gs.count - 1)] }
        let jurisdiction = jurisdictions[uniform(0, jurisdictions.count - 1)]
        // 90 % approved before the year (from 2000), 8 % during it, 2 % unknown.
        let r = uniform(0, 99)
        let approved: CivilDate? = r < 90 ? CivilDate(dayNumber: Int32(uniform(approvedLo, Int(yearStart.dayNumber) - 1)))
            : r < 98 ? CivilDate(dayNumber: Int32(uniform(Int(yearStart.dayNumber), Int(yearEnd.dayNumber)))) : nil
        let entity = Entity(id: "E\(i)", name: name, kind: kind, jurisdiction: jurisdiction, approvedOn: approved, grade: grade)
        dir.kindCounts[kind, default: 0] += 1

        let key = kind + "|" + (grade ?? "") + "|" + jurisdiction
        let rulesHere: (cadences: [Int], followUps: [Int])
        if let c = applicable[key] { rulesHere = c } else {
            rulesHere = (rules.cadences.indices.filter { rules.cadences[$0].applies(to: entity) },
                         rules.followUps.indices.filter { rules.followUps[$0].enabled && rules.followUps[$0].subject.matches(entity) })
            applicable[key] = rulesHere
        }
        let from = max(Int(yearStart.dayNumber), Int(approved?.dayNumber ?? 0))
        let to = Int(yearEnd.dayNumber)
        day.removeAll(keepingCapacity: true)
        for ri in rulesHere.cadences {
            let rule = rules.cadences[ri]
            let counts = rule.counts.sorted()
            guard !counts.isEmpty else { continue }
            func add(in lo: Int, _ hi: Int, p: Double) {
                let lo = max(lo, from)
                guard lo <= hi, chance(p) else { return }
                day.append(PackedFact(date: Int32(uniform(lo, hi)), kind: kindIndex[counts[uniform(0, counts.count - 1)]]!,
                                      authority: authority(for: rule.actor)))
            }
            switch rule.cadence {
            case .quota(let q):
                var period = CalendarPeriod(unit: q.per, containing: yearStart)
                while period.start <= yearEnd {
                    let lo = max(Int(period.start.dayNumber), Int(yearStart.dayNumber))
                    let hi = min(Int(period.end.dayNumber), to)
                    let p = q.per == .twoYears ? 0.4 : 0.8
                    for _ in 0..<max(1, q.atLeast) { add(in: lo, hi, p: p) }
                    period = period.next
                }
            case .interval:
                add(in: Int(yearStart.dayNumber), to, p: 0.6)
            }
        }
        for _ in 0..<uniform(0, 2) {
            day.append(PackedFact(date: Int32(uniform(from, to)), kind: UInt8(uniform(0, factKinds.count - 1)),
                                  authority: UInt8(uniform(0, Authority.allCases.count - 1))))
        }
        for fi in rulesHere.followUps {
            let rule = rules.followUps[fi]
            let counts = rule.counts.sorted()
            guard !counts.isEmpty else { continue }
            for f in day where rule.after.contains(factKinds[Int(f.kind)]) && chance(0.85) {
                let d = Int(f.date) + uniform(1, 25)
                if d <= to { day.append(PackedFact(date: Int32(d), kind: kindIndex[counts[0]]!, authority: f.authority)) }
            }
        }
        day.sort { $0.date < $1.date }
        dir.entities.append(entity)
        dir.facts.append(contentsOf: day)
        dir.factStart.append(Int32(dir.facts.count))
    }
    return dir
}

// MARK: - Memory

/// `VmHWM` (peak resident set) or another field of /proc/self/status, in KiB.
func procStatusKiB(_ field: String) -> Int? {
    guard let f = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(f) }
    var line = [CChar](repeating: 0, count: 512)
    while fgets(&line, Int32(line.count), f) != nil {
        let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if s.hasPrefix(field + ":") {
            return Int(s.dropFirst(field.count + 1).filter { $0.isNumber })
        }
    }
    return nil
}

/// Resets `VmHWM` to the current resident set (Linux ≥ 4.0: `echo 5 > /proc/self/clear_refs`).
@discardableResult
func resetPeakRSS() -> Bool {
    guard let f = fopen("/proc/self/clear_refs", "w") else { return false }
    defer { fclose(f) }
    return fputs("5", f) >= 0
}

func mib(_ kib: Int?) -> String { kib.map { String((Double($0) / 1024 * 10).rounded() / 10) + " MiB" } ?? "?" }

// MARK: - Schedule

/// What a pass over the directory produced (summed over entities).
struct ScheduleTally: Sendable {
    var obligations = 0
    /// Counts by status, in the order of `ObligationStatus.allCases`.
    var byStatus = [Int](repeating: 0, count: 6)
    var checksum = 0

    mutating func add(_ o: Obligation) {
        obligations += 1
        let k = switch o.status {
        case .pending: 0
        case .dueSoon: 1
        case .due: 2
        case .overdue: 3
        case .met: 4
        case .waived: 5
        }
        byStatus[k] += 1
        checksum &+= Int(o.due.dayNumber) &+ o.done
    }
    mutating func add(_ t: ScheduleTally) {
        obligations += t.obligations
        for i in byStatus.indices { byStatus[i] += t.byStatus[i] }
        checksum &+= t.checksum
    }
}

/// Entities `range`, one after the other: expand the facts, compute, tally.
func scheduleRange(_ range: Range<Int>, _ dir: SyntheticDirectory, _ schedule: ObligationSchedule, today: CivilDate,
                   inspectors: [String]) -> ScheduleTally {
    var t = ScheduleTally()
    for i in range {
        let facts = dir.inspections(of: i, inspectors: inspectors)
        for o in schedule.obligations(of: dir.entities[i], inspections: facts, today: today) { t.add(o) }
    }
    return t
}

/// Results of the parallel pass, one slot per chunk (each written by one worker only).
struct ChunkResults: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<ScheduleTally>
    init(_ n: Int) { slots = .allocate(capacity: n); slots.initialize(repeating: ScheduleTally()) }
    func free() { slots.deinitialize().deallocate() }
}

func scheduleBenchmark(_ o: BenchOptions) throws {
    var config = try ConfigurationLoader.load(directory: o.configDirectory)
    if o.enableAll {
        for i in config.rules.cadences.indices { config.rules.cadences[i].enabled = true }
        for i in config.rules.followUps.indices { config.rules.followUps[i].enabled = true }
        print("schedule: --enable-all: optional packs switched on")
    }
    let year = o.year
    let since = CivilDate.firstOfMonth(year: year, month: 1)
    let today = CivilDate.lastOfMonth(year: year, month: 12)
    let schedule = ObligationSchedule(rules: config.rules, calendar: config.calendar, since: since)
    let enabled = config.rules.cadences.filter(\.enabled).count
    let followUps = config.rules.followUps.filter(\.enabled).count
    print("schedule: \(config.rules.count) rules from \(o.configDirectory)/rules (\(config.rules.cadences.count) cadences, \(enabled) enabled; \(followUps) enabled follow-ups; \(config.rules.caps.count) caps, \(config.rules.samplings.count) samplings), calendar \(config.calendar.loadedYears.first ?? 0)–\(config.calendar.loadedYears.last ?? 0)")
    print("  year \(year): since \(since), today \(today)")

    let clock = ContinuousClock()
    let g0 = clock.now
    let dir = makeDirectory(entities: o.entities, year: year, rules: config.rules, seed: 20_260_101)
    let gen = clock.now - g0
    let byKind = dir.kindCounts.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    print("  directory: \(dir.entities.count) entities (\(byKind))")
    print("  facts: \(dir.facts.count) (\(String((Double(dir.facts.count) / Double(max(1, dir.entities.count)) * 100).rounded() / 100)) per entity, max \(zip(dir.factStart.dropFirst(), dir.factStart).map { $0 - $1 }.max() ?? 0)); generated in \(gen)")
    let rssInput = procStatusKiB("VmRSS")
    print("  memory with the directory loaded: VmRSS \(mib(rssInput)) (peak while generating: VmHWM \(mib(procStatusKiB("VmHWM"))))")
    let canReset = resetPeakRSS()

    let inspectors = ["I001", "I002"]
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    func run(_ label: String, threads: Int, _ body: () -> ScheduleTally) {
        var times: [Double] = []
        var tally = ScheduleTally()
        for _ in 0..<o.repeats {
            let t0 = clock.now
            tally = body()
            times.append(seconds(clock.now - t0))
        }
        times.sort()
        let best = times[0], median = times[times.count / 2]
        func f(_ v: Double, _ places: Double = 1000) -> String { String((v * places).rounded() / places) }
        print("\(label.padding(34))  \(f(best)) s best, \(f(median)) s median  (\(o.repeats) runs)  \(f(Double(tally.obligations) / best / 1e6, 100)) M obligations/s, \(f(Double(dir.entities.count) / best / 1e6, 100)) M entities/s")
        if tally.obligations > 0 {
            let st = zip(ObligationStatus.allCases, tally.byStatus).filter { $0.1 > 0 }.map { "\($0.0.rawValue) \($0.1)" }.joined(separator: ", ")
            print("  \(tally.obligations) obligations (\(st)); checksum \(tally.checksum)")
        }
    }

    // What reading the facts costs alone (expanding the packed facts into [Inspection]).
    run("expand facts only (reference)", threads: 1) {
        var t = ScheduleTally()
        for i in 0..<dir.entities.count { t.checksum &+= dir.inspections(of: i, inspectors: inspectors).count }
        return t
    }
    run("full year, 1 thread", threads: 1) {
        scheduleRange(0..<dir.entities.count, dir, schedule, today: today, inspectors: inspectors)
    }
    let threads = o.threads
    if threads > 1 {
        run("full year, \(threads) threads", threads: threads) {
            let n = dir.entities.count
            let chunks = threads * 16
            let results = ChunkResults(chunks)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let r = (n * c / chunks)..<(n * (c + 1) / chunks)
                results.slots[c] = scheduleRange(r, dir, schedule, today: today, inspectors: inspectors)
            }
            var t = ScheduleTally()
            for s in results.slots { t.add(s) }
            results.free()
            return t
        }
    }
    let peak = procStatusKiB("VmHWM")
    print("  peak memory while computing (whole process, directory included): VmHWM \(mib(peak))" + (canReset ? "" : " (could not reset VmHWM: peak of the whole run)"))
}
