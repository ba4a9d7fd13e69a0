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
                throw ControlFailure.invalidArgument(field: "file", reason: "\(Self.maxOpen) imports are under way; finish or abort one first")
            }
            entries[id] = Entry(file: file, uid: uid, touched: clock.now)
        }
    }

    /// Marks the import busy for a part starting at `firstLine`; refused unless it is `uid`'s,
    /// idle, and the part comes after the lines staged.
    func claimPart(_ id: String, uid: UInt32, firstLine: Int) throws -> Entry {
        try entries.withLock { entries in
            guard var e = entries[id], e.uid == uid else {
                throw ControlFailure.invalidArgument(field: "import", reason: "no import \(id) of yours is under way (dropped after an error, or after \(Self.abandonAfter) without a part)")
            }
            guard !e.busy else { throw ControlFailure.invalidArgument(field: "import", reason: "send the parts of an import one at a time") }
            guard firstLine > e.lastLine else {
                throw ControlFailure.invalidArgument(field: "first_line", reason: "\(firstLine) is not after the last line staged (\(e.lastLine)): parts come in order")
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

    /// Marks the import busy for its commit; returns its file.
    func claimCommit(_ id: String, uid: UInt32) throws -> String {
        try entries.withLock { entries in
            guard let e = entries[id], e.uid == uid, !e.busy else {
                throw ControlFailure.invalidArgument(field: "import", reason: "no import \(id) of yours is ready to commit")
            }
            entries[id]?.busy = true
            return e.file
        }
    }

    /// The step under way failed without harm: the import is idle again.
    func release(_ id: String) { entries.withLock { $0[id]?.busy = false } }

    /// The import is over (committed, or dropped after an error).
    func drop(_ id: String) { entries.withLock { $0[id] = nil } }

    /// Removes an import that belongs to `uid` and is not busy (an abort).
    func take(_ id: String, uid: UInt32) throws {
        try entries.withLock { entries in
            guard let e = entries[id], e.uid == uid else { throw ControlFailure.invalidArgument(field: "import", reason: "no import \(id) of yours is under way") }
            guard !e.busy else { throw ControlFailure.invalidArgument(field: "import", reason: "a part of import \(id) is being staged") }
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
