import Foundation
import InspectCore

/// The open obligations in the order every list shows them — due date, entity, rule, period —
/// kept up to date entity by entity, so that a page of `upcoming` costs what it returns, not a
/// sort of every obligation (issue 11: 2.3 s for the office's first page at 1,000,000 entities).
///
/// Entries are small references (the obligation itself stays in the snapshot), grouped by due
/// day; each day's are sorted. The whole office has one such index and each supervisor another,
/// so `--supervisor` reads only that supervisor's.
struct OpenObligationIndex {
    /// Where an open obligation sits in the lists' order.
    struct Ref: Comparable, Hashable, Sendable {
        var due: Int32
        var entity: String
        var rule: String
        var period: String

        init(due: Int32, entity: String, rule: String, period: String) {
            self.due = due; self.entity = entity; self.rule = rule; self.period = period
        }
        init(_ o: Obligation) { self.init(due: o.due.dayNumber, entity: o.entityID, rule: o.ruleID, period: o.period.label) }

        static func < (a: Ref, b: Ref) -> Bool { (a.due, a.entity, a.rule, a.period) < (b.due, b.entity, b.rule, b.period) }

        /// The opaque cursor a page ends with: where the next page starts (after this one).
        var cursor: String { PageCursor.text("o1.", [String(due), entity, rule, period]) }

        /// The reference a cursor names; nil for anything else.
        init?(cursor: String) {
            guard let parts = PageCursor.parts("o1.", cursor, count: 4), let due = Int32(parts[0]) else { return nil }
            self.init(due: due, entity: parts[1], rule: parts[2], period: parts[3])
        }
    }

    /// One ordered set of references: by day, each day's sorted.
    struct Days {
        private(set) var byDay: [Int32: [Ref]] = [:]
        /// The days that have any, ascending.
        private(set) var days: [Int32] = []
        private(set) var count = 0

        mutating func insert(_ r: Ref) {
            if byDay[r.due] == nil {
                days.insert(r.due, at: days.lowerBound(r.due))
                byDay[r.due] = [r]
            } else {
                byDay[r.due]!.insert(r, at: byDay[r.due]!.lowerBound(r))
            }
            count += 1
        }

        mutating func remove(_ r: Ref) {
            guard var list = byDay[r.due] else { return }
            let i = list.lowerBound(r)
            guard i < list.count, list[i] == r else { return }
            list.remove(at: i)
            count -= 1
            if list.isEmpty {
                byDay[r.due] = nil
                let d = days.lowerBound(r.due)
                if d < days.count, days[d] == r.due { days.remove(at: d) }
            } else {
                byDay[r.due] = list
            }
        }

        /// Many changes at once (a recompute of everything, an import): one sort per day touched
        /// instead of an insertion each, which at a quarter's end (100,000 obligations due on one
        /// day) would move the day's list once per obligation.
        mutating func apply(removing old: [Ref], inserting new: [Ref]) {
            if old.count + new.count < 64 {
                for r in old { remove(r) }
                for r in new { insert(r) }
                return
            }
            var touched: Set<Int32> = []
            if !old.isEmpty {
                let gone = Dictionary(grouping: old, by: \.due).mapValues(Set.init)
                for (day, refs) in gone {
                    guard let list = byDay[day] else { continue }
                    let kept = list.filter { !refs.contains($0) }
                    count -= list.count - kept.count
                    byDay[day] = kept
                    touched.insert(day)
                }
            }
            // The new ones of each day sorted, then merged into the day's list: the list itself
            // is never sorted again (a quarter's last day holds 100,000 at a province's size,
            // and sorting it again for a handful of writes made during a rebuild took 70 ms).
            for (day, refs) in Dictionary(grouping: new, by: \.due) {
                let added = refs.sorted()
                let current = byDay[day] ?? []
                byDay[day] = current.isEmpty ? added : Self.merge(current, added)
                touched.insert(day)
            }
            count += new.count
            for day in touched where byDay[day]?.isEmpty == true { byDay[day] = nil }
            days = byDay.keys.sorted()
        }

        /// Two sorted lists as one sorted list.
        static func merge(_ a: [Ref], _ b: [Ref]) -> [Ref] {
            var out: [Ref] = []
            out.reserveCapacity(a.count + b.count)
            var i = 0, j = 0
            while i < a.count && j < b.count {
                if b[j] < a[i] { out.append(b[j]); j += 1 } else { out.append(a[i]); i += 1 }
            }
            out.append(contentsOf: a[i...])
            out.append(contentsOf: b[j...])
            return out
        }

        /// References after `cursor` (all when nil), in order, while `keep` says so; stops at
        /// `limit` or at the first day past `lastDay`.
        func walk(after cursor: Ref?, through lastDay: Int32?, _ visit: (Ref) -> Bool) {
            var d = cursor.map { days.lowerBound($0.due) } ?? 0
            while d < days.count {
                let day = days[d]
                if let lastDay, day > lastDay { return }
                let list = byDay[day]!
                var i = 0
                if let cursor, cursor.due == day { i = list.upperBound(cursor) }
                while i < list.count {
                    if !visit(list[i]) { return }
                    i += 1
                }
                d += 1
            }
        }

        /// References due in `first … last` (either end open when nil): a sum over days.
        func count(from first: Int32?, through last: Int32?) -> Int {
            var n = 0
            var d = first.map { days.lowerBound($0) } ?? 0
            while d < days.count, last.map({ days[d] <= $0 }) ?? true {
                n += byDay[days[d]]!.count
                d += 1
            }
            return n
        }

        /// How many references come up to and including `r` in the order.
        func position(through r: Ref) -> Int {
            let before = r.due == Int32.min ? 0 : count(from: nil, through: r.due - 1)
            return before + (byDay[r.due].map { $0.upperBound(r) } ?? 0)
        }

        /// A place in the set: the day's index in `days` and the index in that day's list.
        typealias Position = (day: Int, index: Int)

        /// Where the references after `cursor` begin (the start when nil).
        func position(after cursor: Ref?) -> Position {
            guard let cursor else { return (0, 0) }
            let d = days.lowerBound(cursor.due)
            guard d < days.count, days[d] == cursor.due else { return (d, 0) }
            let i = byDay[days[d]]!.upperBound(cursor)
            return i < byDay[days[d]]!.count ? (d, i) : (d + 1, 0)
        }

        /// The reference at a place; nil past the end.
        func ref(at p: Position) -> Ref? { p.day < days.count ? byDay[days[p.day]]![p.index] : nil }

        /// The place after `p`.
        func advance(_ p: Position) -> Position { p.index + 1 < byDay[days[p.day]]!.count ? (p.day, p.index + 1) : (p.day + 1, 0) }

        /// The first reference due on or after `day`.
        func first(onOrAfter day: Int32) -> Ref? {
            let d = days.lowerBound(day)
            return d < days.count ? byDay[days[d]]!.first : nil
        }
    }

    /// What an entity's obligations are filed under besides the office: its supervisor (`""` for
    /// none), jurisdiction and kind.
    struct Facets: Equatable, Sendable {
        var supervisor: String
        var jurisdiction: String
        var kind: String
        init(_ e: Entity) { supervisor = e.supervisor ?? ""; jurisdiction = e.jurisdiction; kind = e.kind }
    }

    /// The ways a list can be narrowed through an index of its own (issue 11: filters run against
    /// an index, not a scan).
    enum Dimension: CaseIterable, Sendable { case supervisor, jurisdiction, kind, rule }

    /// Every open obligation of the office.
    private(set) var all = Days()
    /// The same, per value of each dimension.
    private(set) var by: [Dimension: [String: Days]] = [:]

    static func values(_ r: Ref, _ f: Facets) -> [(Dimension, String)] {
        [(.supervisor, f.supervisor), (.jurisdiction, f.jurisdiction), (.kind, f.kind), (.rule, r.rule)]
    }

    /// Replaces the open obligations of entities: each one's `old` out (filed under `oldFacets`),
    /// `new` in (under `newFacets`).
    mutating func replaceMany(_ changes: [(old: [Obligation], new: [Obligation], oldFacets: Facets?, newFacets: Facets?)]) {
        var removeAll: [Ref] = [], insertAll: [Ref] = []
        var removeBy: [Dimension: [String: [Ref]]] = [:], insertBy: [Dimension: [String: [Ref]]] = [:]
        for c in changes {
            if let f = c.oldFacets {
                for o in c.old where o.status.isOpen {
                    let r = Ref(o)
                    removeAll.append(r)
                    for (d, v) in Self.values(r, f) { removeBy[d, default: [:]][v, default: []].append(r) }
                }
            }
            if let f = c.newFacets {
                for o in c.new where o.status.isOpen {
                    let r = Ref(o)
                    insertAll.append(r)
                    for (d, v) in Self.values(r, f) { insertBy[d, default: [:]][v, default: []].append(r) }
                }
            }
        }
        all.apply(removing: removeAll, inserting: insertAll)
        for d in Dimension.allCases {
            let rem = removeBy[d] ?? [:], ins = insertBy[d] ?? [:]
            for v in Set(rem.keys).union(ins.keys) {
                by[d, default: [:]][v, default: Days()].apply(removing: rem[v] ?? [], inserting: ins[v] ?? [])
                if by[d]![v]!.count == 0 { by[d]![v] = nil }
            }
        }
    }

    /// Walks several disjoint sets of references as one, in the lists' order (a merge: each step
    /// takes the least of their next references): an office's list from its supervisors' sets,
    /// with no index of its own to keep.
    static func walk(_ sets: [Days], after cursor: Ref?, through lastDay: Int32?, _ visit: (Ref) -> Bool) {
        if sets.count == 1 { return sets[0].walk(after: cursor, through: lastDay, visit) }
        var heads = sets.map { $0.position(after: cursor) }
        while true {
            var least: (set: Int, ref: Ref)?
            for (k, set) in sets.enumerated() {
                guard let r = set.ref(at: heads[k]) else { continue }
                if least.map({ r < $0.ref }) ?? true { least = (k, r) }
            }
            guard let (k, r) = least else { return }
            if let lastDay, r.due > lastDay { return }
            if !visit(r) { return }
            heads[k] = sets[k].advance(heads[k])
        }
    }

    /// The references of one value of a dimension (empty when nothing is filed under it).
    func days(_ d: Dimension, _ value: String) -> Days { by[d]?[value] ?? Days() }

    /// The references of a supervisor (`nil`: the whole office).
    func days(supervisor: String?) -> Days {
        guard let supervisor else { return all }
        return days(.supervisor, supervisor)
    }
}
