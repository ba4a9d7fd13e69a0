import InspectCore

/// The directory of supervised entities (名录库) in memory: an array sorted by id, looked up by
/// binary search. Not a dictionary: a dictionary's table of 1,000,000 entities is mostly empty
/// slots (power-of-two buckets at most 3/4 full: 2,097,152 slots of an entity's size), about
/// 330 MB where the array takes 140 MB (issue 11: RSS ≤ 400 MB at 1,000,000 entities). Its order
/// is also the directory's list order (`entity list`, `plan`'s pages of whole entities).
struct EntityDirectory: Sendable {
    /// Every entity, by id; one per id.
    private(set) var values: [Entity] = []

    init() {}

    /// The entities given, by id; of two with one id the later one is kept.
    init(_ entities: [Entity]) {
        if Self.strictlyAscending(entities) {
            values = entities  // the store reads them by id already: no sort of a million ids
        } else {
            upsert(entities)
        }
    }

    var count: Int { values.count }

    /// Where `id` is, or would be inserted to keep the order.
    func lowerBound(_ id: String) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid].id < id { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first position after `id` (the start of the page after it).
    func upperBound(_ id: String) -> Int {
        let i = lowerBound(id)
        return i < values.count && values[i].id == id ? i + 1 : i
    }

    /// The entity with this id. Setting `nil` removes it; setting a new id inserts it in order
    /// (one at a time costs a move of the array: many go through `upsert`).
    subscript(id: String) -> Entity? {
        get {
            let i = lowerBound(id)
            return i < values.count && values[i].id == id ? values[i] : nil
        }
        set {
            let i = lowerBound(id)
            let found = i < values.count && values[i].id == id
            switch (found, newValue) {
            case (true, let e?): values[i] = e
            case (true, nil): values.remove(at: i)
            case (false, let e?): values.insert(e, at: i)
            case (false, nil): break
            }
        }
    }

    /// The ids of `entities` that are new here or for which `differs(old, new)` holds.
    func changed(_ entities: [Entity], _ differs: (Entity, Entity) -> Bool) -> [String] {
        guard Self.strictlyAscending(entities) else {
            return entities.filter { e in self[e.id].map { differs($0, e) } ?? true }.map(\.id)
        }
        // By id, as the store reads them: one walk beside the directory, no search each.
        var ids: [String] = []
        var i = 0
        for e in entities {
            while i < values.count && values[i].id < e.id { i += 1 }
            if i == values.count || values[i].id != e.id || differs(values[i], e) { ids.append(e.id) }
        }
        return ids
    }

    static func strictlyAscending(_ entities: [Entity]) -> Bool {
        zip(entities, entities.dropFirst()).allSatisfy { $0.id < $1.id }
    }

    /// Adds or replaces many at once (an import): one merge, not an insertion each.
    mutating func upsert(_ entities: [Entity]) {
        guard !entities.isEmpty else { return }
        // The new ones by id, the last of equal ids kept (a stable sort keeps their order); the
        // store reads them by id already, and a sort of a million ids is a second's work.
        var incoming = entities
        if !Self.strictlyAscending(entities) {
            incoming = entities.enumerated().sorted { ($0.element.id, $0.offset) < ($1.element.id, $1.offset) }.map(\.element)
            incoming = zip(incoming, incoming.dropFirst().map(Optional.some) + [nil]).compactMap { e, next in next?.id == e.id ? nil : e }
        }
        var merged: [Entity] = []
        merged.reserveCapacity(values.count + incoming.count)
        var i = 0, j = 0
        while i < values.count || j < incoming.count {
            if j == incoming.count || (i < values.count && values[i].id < incoming[j].id) {
                merged.append(values[i]); i += 1
            } else {
                if i < values.count && values[i].id == incoming[j].id { i += 1 }  // replaced
                merged.append(incoming[j]); j += 1
            }
        }
        values = merged
    }
}
