import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Varlink

/// Directory imports in parts, for a directory too large for one message (issue 10, drill 5: a
/// province's 200,000 rows were 15 MB; the frame cap is 8 MiB). Parts are parsed and staged off
/// the daemon queue (their rows wait in the database, not in memory); the commit changes the
/// directory in one transaction. Any bad row drops the whole import.
final class PendingImports: @unchecked Sendable {
    // @unchecked Sendable: `entries` is guarded by `lock`.
    struct Entry {
        var file: String
        var uid: UInt32
        /// The last physical line staged so far (parts come in order).
        var lastLine = 1
        var rows = 0
        var touched: ContinuousClock.Instant
        /// A part is being staged (parts of one import go one at a time).
        var busy = false
    }

    /// Imports open at once.
    static let maxOpen = 4
    /// Rows one import may have.
    static let maxRows = 5_000_000
    /// An import without a part for this long is dropped.
    static let abandonAfter = Duration.seconds(600)

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    let clock = ContinuousClock()

    func withEntries<R>(_ body: (inout [String: Entry]) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&entries)
    }

    /// Removes the imports left alone too long; returns their ids (their staged rows are to be dropped).
    func expire() -> [String] {
        let now = clock.now
        return withEntries { entries in
            let old = entries.filter { !$0.value.busy && now - $0.value.touched > Self.abandonAfter }.map(\.key)
            for id in old { entries[id] = nil }
            return old
        }
    }
}

extension Daemon {
    func importMethods() -> [String: VarlinkMethodHandler] {
        [
            ControlInterface.Method.beginImport.rawValue: handler(.unqueued, Control.BeginImportRequest.self) { d, r, peer in
                try d.beginImport(r, uid: peer.uid)
            },
            ControlInterface.Method.importPart.rawValue: handler(.unqueued, Control.ImportPartRequest.self) { d, r, peer in
                try d.importPart(r, uid: peer.uid)
            },
            ControlInterface.Method.commitImport.rawValue: handler(.unqueued, Control.ImportHandle.self) { d, r, peer in
                try d.commitImport(r.import, uid: peer.uid)
            },
            ControlInterface.Method.abortImport.rawValue: handler(.unqueued, Control.ImportHandle.self) { d, r, peer in
                try d.takeImport(r.import, uid: peer.uid)
                try d.store.discardStaged(importID: r.import)
                d.logger.info("import \(r.import) aborted by uid \(peer.uid)")
                return Control.Empty()
            },
        ]
    }

    func dropAbandonedImports() {
        for id in imports.expire() {
            logger.warning("import \(id) had no part for \(PendingImports.abandonAfter): dropped, nothing imported")
            try? store.discardStaged(importID: id)
        }
    }

    func beginImport(_ r: Control.BeginImportRequest, uid: UInt32) throws -> Control.ImportHandle {
        dropAbandonedImports()
        // Named after this daemon: on a shared store, a daemon starting drops its own imports only.
        let id = instance + "/" + UUID().uuidString.lowercased()
        try imports.withEntries { entries in
            guard entries.count < PendingImports.maxOpen else {
                throw ControlFailure.invalidArgument(field: "file", reason: "\(PendingImports.maxOpen) imports are under way; finish or abort one first")
            }
            entries[id] = PendingImports.Entry(file: r.file, uid: uid, touched: imports.clock.now)
        }
        return Control.ImportHandle(import: id)
    }

    /// Removes an import that belongs to `uid` and is not busy.
    func takeImport(_ id: String, uid: UInt32) throws {
        _ = try imports.withEntries { entries in
            guard let e = entries[id], e.uid == uid else { throw ControlFailure.invalidArgument(field: "import", reason: "no import \(id) of yours is under way") }
            guard !e.busy else { throw ControlFailure.invalidArgument(field: "import", reason: "a part of import \(id) is being staged") }
            entries[id] = nil
        }
    }

    /// The lines a part may start on: after the header, within a file far larger than any directory.
    static let partFirstLines = 2...100_000_000

    func importPart(_ r: Control.ImportPartRequest, uid: UInt32) throws -> Control.ImportPartResult {
        // Bounded where it enters: line numbers are added to (Int.max would overflow).
        guard Self.partFirstLines.contains(r.firstLine) else {
            throw ControlFailure.invalidArgument(field: "first_line", reason: "\(r.firstLine) is out of range \(Self.partFirstLines.lowerBound)…\(Self.partFirstLines.upperBound)")
        }
        dropAbandonedImports()
        // Parsing and staging a province's directory is bulk work: this connection's thread yields
        // the CPU to the queries (a thread per connection: it ends with the connection).
        BackgroundPriority.lowerThisThread()
        let entry: PendingImports.Entry = try imports.withEntries { entries in
            guard var e = entries[r.import], e.uid == uid else {
                throw ControlFailure.invalidArgument(field: "import", reason: "no import \(r.import) of yours is under way (dropped after an error, or after \(PendingImports.abandonAfter) without a part)")
            }
            guard !e.busy else { throw ControlFailure.invalidArgument(field: "import", reason: "send the parts of an import one at a time") }
            guard r.firstLine > e.lastLine else {
                throw ControlFailure.invalidArgument(field: "first_line", reason: "\(r.firstLine) is not after the last line staged (\(e.lastLine)): parts come in order")
            }
            e.busy = true
            entries[r.import] = e
            return e
        }
        var staged = 0
        var lastLine = entry.lastLine
        do {
            let supervisors = read { Set(configuration.supervisors.map(\.id)) }
            let rows: [(line: Int, entity: Entity)]
            do {
                rows = try EntityDirectoryCSV.parseRows(r.csv, file: entry.file, supervisors: supervisors, firstLine: r.firstLine)
            } catch let e as ConfigError {
                throw ControlFailure.invalidData(file: e.file, line: e.line, field: e.key, reason: e.reason + " (the import is dropped: nothing was imported)")
            }
            guard entry.rows + rows.count <= PendingImports.maxRows else {
                throw ControlFailure.invalidArgument(field: "csv", reason: "an import may have at most \(PendingImports.maxRows) rows")
            }
            do {
                try store.stage(rows, importID: r.import)
            } catch let dup as FactStore.DuplicateID {
                throw ControlFailure.invalidData(file: entry.file, line: dup.line, field: "id",
                                                 reason: "'\(dup.id)' is already used on line \(dup.firstLine) (the import is dropped: nothing was imported)")
            }
            staged = rows.count
            lastLine = max(lastLine, rows.last?.line ?? r.firstLine)
        } catch {
            // All or nothing: a bad part drops the import (a busy database only fails this part,
            // whose rows staged before it failed are taken out, so that it can be sent again).
            if StorageFailure(error) == .busy, (try? store.unstage(importID: r.import, fromLine: r.firstLine)) != nil {
                imports.withEntries { $0[r.import]?.busy = false }
            } else {
                imports.withEntries { $0[r.import] = nil }
                try? store.discardStaged(importID: r.import)
            }
            throw error
        }
        imports.withEntries { entries in
            entries[r.import]?.busy = false
            entries[r.import]?.lastLine = lastLine
            entries[r.import]?.rows += staged
            entries[r.import]?.touched = imports.clock.now
        }
        return Control.ImportPartResult(rows: staged)
    }

    /// The staged rows become the directory, all at once (one transaction, other writes held
    /// off meanwhile), then join the schedule, built aside when they are many: queries go on.
    func commitImport(_ id: String, uid: UInt32) throws -> Control.ImportResult {
        try rebuildQueue.sync {
            let file = try imports.withEntries { entries -> String in
                guard let e = entries[id], e.uid == uid, !e.busy else { throw ControlFailure.invalidArgument(field: "import", reason: "no import \(id) of yours is ready to commit") }
                entries[id]?.busy = true
                return e.file
            }
            let committed: (entities: [Entity], added: Int, updated: Int)
            do {
                committed = try exclusively { try store.commitStaged(importID: id, file: file, by: uid, at: clock.unixTime()) }
            } catch {
                imports.withEntries { $0[id]?.busy = false }
                throw error
            }
            imports.withEntries { $0[id] = nil }
            return try adoptImport(committed.entities, from: file, added: committed.added, updated: committed.updated, uid: uid)
        }
    }
}
