import Foundation

/// What a write transaction changed, as the other daemons on a shared PostgreSQL store need to
/// know it (issue 16): named in the transaction's NOTIFY, so that each applies that fact alone
/// instead of reading every fact again (at a province's size, seconds per write).
///
/// The store's write methods note what they write; a write that notes nothing counts as
/// `everything` (the safe default: a full catch-up).
public enum StoreChange: Hashable, Sendable {
    /// Nothing the schedules rest on: the outbox, hook queues, inspectors, the audit trail, scratch.
    case outbox
    case inspection(Int64)
    case event(Int64)
    case plan(String)
    case draw(String)
    /// A directory import, by its `directory_import` id: the others read the entities it wrote
    /// (its time and uid on their rows), not the whole directory.
    case directoryImport(Int64)
    /// Obligations of closed periods frozen by a reload, by the time they were frozen at.
    case frozen(Int64)
    /// What no finer change names (a write that noted nothing): read everything again.
    case everything
    /// Rows no other daemon holds or counts: an import's staged rows, which only the daemon that
    /// staged them reads (at its commit, announced as ``directoryImport(_:)``), and the audit
    /// trail's entries (read from the database by whoever asks). A transaction of
    /// these alone is not announced at all: a province's import staged 200 transactions, and each
    /// made every other daemon apply a change and count its outbox again (`status` waited for it).
    case scratch

    /// Whether a transaction of these changes is announced to the other daemons (one that noted
    /// nothing is, as everything).
    static func announced(_ changes: [StoreChange]) -> Bool {
        changes.isEmpty || changes.contains { $0 != .scratch }
    }

    /// Whether a transaction of these changes may have changed the outbox or a hook queue.
    static func touchOutbox(_ changes: [StoreChange]) -> Bool {
        changes.isEmpty || changes.contains(.outbox) || changes.contains(.everything)
    }

    /// The NOTIFY payload after the instance name: `inspection:12`, `plan:C01/LS-1/2026-03`, …
    var text: String {
        switch self {
        case .outbox: "outbox"
        case .inspection(let id): "inspection:\(id)"
        case .event(let id): "event:\(id)"
        case .plan(let key): "plan:\(key)"
        case .draw(let id): "draw:\(id)"
        case .directoryImport(let id): "import:\(id)"
        case .frozen(let at): "frozen:\(at)"
        case .everything: "*"
        case .scratch: "scratch"  // never sent: `payload` leaves it out
        }
    }

    init?(text: String) {
        if text == "outbox" { self = .outbox; return }
        if text == "*" { self = .everything; return }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let value = String(text[text.index(after: colon)...])
        switch text[..<colon] {
        case "inspection": guard let id = Int64(value) else { return nil }; self = .inspection(id)
        case "event": guard let id = Int64(value) else { return nil }; self = .event(id)
        case "plan": self = .plan(value)
        case "draw": self = .draw(value)
        case "import": guard let id = Int64(value) else { return nil }; self = .directoryImport(id)
        case "frozen": guard let at = Int64(value) else { return nil }; self = .frozen(at)
        default: return nil
        }
    }

    /// The payload of a transaction: `INSTANCE` TAB the changes, comma-separated (`*` for a
    /// write that noted nothing, or too much for one notification: PostgreSQL's limit is 8000 bytes).
    static func payload(instance: String, _ changes: [StoreChange]) -> String {
        instance + "\t" + list(changes)
    }

    /// The changes of a payload (and of its row in the change feed); staged rows are not named.
    static func list(_ changes: [StoreChange]) -> String {
        let named = changes.filter { $0 != .scratch }
        let list = named.isEmpty || named.contains(.everything) ? "*" : Set(named).map(\.text).sorted().joined(separator: ",")
        return list.utf8.count > 7_000 ? "*" : list
    }

    /// The instance and changes of a payload; an old-style payload (the name alone) is everything.
    public static func parse(_ payload: String) -> (instance: String, changes: [StoreChange]) {
        let (instance, changes, _) = parseFeed(payload)
        return (instance, changes)
    }

    /// The instance, the changes and the write's row in the change feed (``ChangeFeed``): the
    /// payload's third field, TAB-separated, which the database appends as it inserts the row.
    /// A payload without it (a daemon of a version before the feed) has no feed id.
    public static func parseFeed(_ payload: String) -> (instance: String, changes: [StoreChange], feedID: Int64?) {
        let fields = payload.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2 else { return (payload, [.everything], nil) }
        let list = fields[1].split(separator: ",").map { StoreChange(text: String($0)) ?? .everything }
        return (String(fields[0]), list.isEmpty ? [.everything] : list, fields.count == 3 ? Int64(fields[2]) : nil)
    }

    // The changes noted by the write transaction this thread runs.
    static let key = "io.inspectd.store-changes"
    /// Notes a change of the write under way, if its engine collects them (PostgreSQL's).
    static func note(_ change: StoreChange) {
        guard var list = Thread.current.threadDictionary[key] as? [StoreChange] else { return }
        list.append(change)
        Thread.current.threadDictionary[key] = list
    }
    static func begin() { Thread.current.threadDictionary[key] = [StoreChange]() }
    static func take() -> [StoreChange] {
        defer { Thread.current.threadDictionary[key] = nil }
        return Thread.current.threadDictionary[key] as? [StoreChange] ?? []
    }
}
