import InspectControl
import Locking

/// Directory imports in parts under way: which file, whose, how far staged. Parts are parsed and
/// staged off the state queue (their rows wait in the database, not in memory); the commit
/// changes the directory in one transaction. Any bad row drops the whole import.
final class PendingImports: Sendable {
    struct Entry: Sendable {
        var file: String
        var uid: UInt32
        /// The last physical line staged so far (parts come in order).
        var lastLine = 1
        var rows = 0
        var touched: ContinuousClock.Instant
        /// A part is being staged, or the import committed (one step of an import at a time).
        var busy = false
    }

    /// Imports open at once.
    static let maxOpen = 4
    /// Rows one import may have.
    static let maxRows = 5_000_000
    /// An import without a part for this long is dropped.
    static let abandonAfter = Duration.seconds(600)

    private let entries = Locked<[String: Entry]>([:])
    private let clock = ContinuousClock()

    /// Opens an import; refused when `maxOpen` are under way.
    func begin(_ id: String, file: String, uid: UInt32) throws {
        try entries.withLock { entries in
            guard entries.count < Self.maxOpen else {
                throw ControlFailure.invalid("file", ControlReason(.importsUnderWay, "\(Self.maxOpen)"))
            }
            entries[id] = Entry(file: file, uid: uid, touched: clock.now)
        }
    }

    /// Marks the import busy for a part starting at `firstLine`; refused unless it is `uid`'s,
    /// idle, and the part comes after the lines staged.
    func claimPart(_ id: String, uid: UInt32, firstLine: Int) throws -> Entry {
        try entries.withLock { entries in
            guard var e = entries[id], e.uid == uid else {
                throw ControlFailure.invalid("import", ControlReason(.importGone, "\(id)", "\(Self.abandonAfter)"))
            }
            guard !e.busy else { throw ControlFailure.invalid("import", ControlReason(.onePartAtATime)) }
            guard firstLine > e.lastLine else {
                throw ControlFailure.invalid("first_line", ControlReason(.partsInOrder, "\(firstLine)", "\(e.lastLine)"))
            }
            e.busy = true
            entries[id] = e
            return e
        }
    }

    /// A part was staged: the import is idle again, `rows` more, up to `lastLine`.
    func staged(_ id: String, rows: Int, lastLine: Int) {
        let now = clock.now
        entries.withLock { entries in
            entries[id]?.busy = false
            entries[id]?.lastLine = lastLine
            entries[id]?.rows += rows
            entries[id]?.touched = now
        }
    }

    /// Marks the import busy for its commit; returns it (its file, the rows it staged).
    func claimCommit(_ id: String, uid: UInt32) throws -> Entry {
        try entries.withLock { entries in
            guard let e = entries[id], e.uid == uid, !e.busy else {
                throw ControlFailure.invalid("import", ControlReason(.importNotReady, "\(id)"))
            }
            entries[id]?.busy = true
            return e
        }
    }

    /// The step under way failed without harm: the import is idle again.
    func release(_ id: String) { entries.withLock { $0[id]?.busy = false } }

    /// The import is over (committed, or dropped after an error).
    func drop(_ id: String) { entries.withLock { $0[id] = nil } }

    /// Removes an import that belongs to `uid` and is not busy (an abort).
    func take(_ id: String, uid: UInt32) throws {
        try entries.withLock { entries in
            guard let e = entries[id], e.uid == uid else { throw ControlFailure.invalid("import", ControlReason(.noImport, "\(id)")) }
            guard !e.busy else { throw ControlFailure.invalid("import", ControlReason(.partBeingStaged, "\(id)")) }
            entries[id] = nil
        }
    }

    /// Removes the imports left alone too long; returns their ids (their staged rows are to be dropped).
    func expire() -> [String] {
        let now = clock.now
        return entries.withLock { entries in
            let old = entries.filter { !$0.value.busy && now - $0.value.touched > Self.abandonAfter }.map(\.key)
            for id in old { entries[id] = nil }
            return old
        }
    }
}
