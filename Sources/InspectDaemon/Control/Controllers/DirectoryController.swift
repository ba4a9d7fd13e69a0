import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging

/// The entity directory: its pages, one entity in detail, and imports — whole, or in parts for a
/// directory too large for one message (a province's 200,000 rows are 15 MB; the frame cap is
/// 8 MiB). Imports run off the state queue: parsed and staged aside, committed in one
/// transaction with the other writes held off, and adopted on the rebuild queue.
struct DirectoryController: ControlController {
    let state: StateQueue<DaemonState>
    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    let people: People
    let rebuilds: RebuildService
    let notices: NoticeService
    let imports: PendingImports
    /// This daemon's name: an import in parts is named after it.
    let instance: String

    func register(in routes: inout ControlRoutes) {
        routes.list(ControlInterface.Method.listEntities, Control.ListEntitiesRequest.self) { s, r in try listEntities(s, r) }
        routes.query(ControlInterface.Method.getEntity, Control.GetEntityRequest.self) { s, r, _ in try entityDetail(s, r.id) }
        routes.unqueued(ControlInterface.Method.importEntities, Control.ImportRequest.self) { r, call in try importEntities(r, uid: call.uid) }
        routes.unqueued(ControlInterface.Method.beginImport, Control.BeginImportRequest.self) { r, call in try beginImport(r, uid: call.uid) }
        routes.unqueued(ControlInterface.Method.importPart, Control.ImportPartRequest.self) { r, call in try importPart(r, uid: call.uid) }
        routes.unqueued(ControlInterface.Method.commitImport, Control.ImportHandle.self) { r, call in try commitImport(r.import, uid: call.uid) }
        routes.unqueued(ControlInterface.Method.abortImport, Control.ImportHandle.self) { r, call in
            try imports.take(r.import, uid: call.uid)
            try store.discardStaged(importID: r.import)
            logger.info("import \(r.import) aborted by uid \(call.uid)")
            return Control.Empty()
        }
    }

    /// A page of the directory, by id.
    func listEntities(_ s: DaemonState, _ r: Control.ListEntitiesRequest) throws -> Control.EntityList {
        let limit = try ControlFailure.pageSize(r.limit)
        let order = s.snapshot.entities.values
        let start = r.after.map { s.snapshot.entities.upperBound($0) } ?? 0
        let end = min(order.count, start + limit)
        let page = order[start..<end].map { Control.Entity(s.snapshot.current($0)) }
        return Control.EntityList(entities: page, next: end < order.count ? order[end - 1].id : nil, remaining: order.count - end)
    }

    func entityDetail(_ s: DaemonState, _ id: String) throws -> Control.EntityDetail {
        guard let e = s.snapshot.entities[id] else { throw ControlFailure.noSuchEntity(id) }
        let obligations = (s.snapshot.obligations[id] ?? []).sorted { ($0.due, $0.ruleID) < ($1.due, $1.ruleID) }
        var detail = Control.EntityDetail(entity: Control.Entity(s.snapshot.current(e)), obligations: obligations.map { s.view($0) },
                                          inspections: (s.snapshot.inspections[id] ?? []).map { s.view($0, people) })
        if let imported = try store.entityImport(id: id) {
            detail.importedBy = people.person(imported.uid, s.configuration)
            detail.importedAt = clock.iso(unixTime: imported.at)
        }
        return detail
    }

    /// Parsed aside, written with the other writes held off (`exclusively`), adopted on the
    /// rebuild queue (a large import built aside).
    func importEntities(_ r: Control.ImportRequest, uid: UInt32) throws -> Control.ImportResult {
        let supervisors = state.read { Set($0.configuration.supervisors.map(\.id)) }
        let entities: [Entity]
        do {
            entities = try EntityDirectoryCSV.parse(r.csv, file: r.file, supervisors: supervisors)
        } catch let e as ConfigError {
            throw ControlFailure.invalidData(e)
        }
        return try rebuilds.sync {
            let (added, updated) = try rebuilds.exclusively { try store.importEntities(entities, file: r.file, by: uid, at: clock.unixTime()) }
            return try adopt(entities, from: r.file, added: added, updated: updated, uid: uid)
        }
    }

    /// The imported entities join the schedule, and the notices are decided again.
    private func adopt(_ entities: [Entity], from file: String, added: Int, updated: Int, uid: UInt32) throws -> Control.ImportResult {
        try rebuilds.adoptImport(entities, from: file, added: added, updated: updated, uid: uid) { s in notices.tick(&s) }
    }

    func beginImport(_ r: Control.BeginImportRequest, uid: UInt32) throws -> Control.ImportHandle {
        dropAbandonedImports()
        Self.dropOrphanedStaging(store, logger)
        // Named after this daemon: on a shared store, a daemon starting drops its own imports only.
        let id = instance + "/" + UUID().uuidString.lowercased()
        try imports.begin(id, file: r.file, uid: uid)
        return Control.ImportHandle(import: id)
    }

    /// The lines a part may start on: after the header, within a file far larger than any directory.
    static let partFirstLines = 2...100_000_000

    /// What a bad part does to its import, after the problem's English sentence (inspectctl says
    /// it in its user's language: it knows that a part it sent was refused).
    static let importDropped = " (the import is dropped: nothing was imported)"

    func importPart(_ r: Control.ImportPartRequest, uid: UInt32) throws -> Control.ImportPartResult {
        // Bounded where it enters: line numbers are added to (Int.max would overflow).
        guard Self.partFirstLines.contains(r.firstLine) else {
            throw ControlFailure.invalid("first_line", ControlReason(.outOfRange, "\(r.firstLine)", "\(Self.partFirstLines.lowerBound)…\(Self.partFirstLines.upperBound)"))
        }
        dropAbandonedImports()
        // Parsing and staging a province's directory is bulk work: this connection's thread yields
        // the CPU to the queries (a thread per connection: it ends with the connection).
        BackgroundPriority.lowerThisThread()
        let entry = try imports.claimPart(r.import, uid: uid, firstLine: r.firstLine)
        var staged = 0
        var lastLine = entry.lastLine
        do {
            let supervisors = state.read { Set($0.configuration.supervisors.map(\.id)) }
            let rows: [(line: Int, entity: Entity)]
            do {
                rows = try EntityDirectoryCSV.parseRows(r.csv, file: entry.file, supervisors: supervisors, firstLine: r.firstLine)
            } catch let e as ConfigError {
                throw ControlFailure.invalidData(e, note: Self.importDropped)
            }
            guard entry.rows + rows.count <= PendingImports.maxRows else {
                throw ControlFailure.invalid("csv", ControlReason(.importTooLarge, "\(PendingImports.maxRows)"))
            }
            do {
                try store.stage(rows, importID: r.import)
            } catch let dup as FactStore.DuplicateID {
                throw ControlFailure.invalidData(ConfigError(file: entry.file, line: dup.line, key: "id", ConfigProblem(.idAlreadyUsed, dup.id, "\(dup.firstLine)")),
                                                 note: Self.importDropped)
            }
            staged = rows.count
            lastLine = max(lastLine, rows.last?.line ?? r.firstLine)
        } catch {
            // All or nothing: a bad part drops the import (a busy database only fails this part,
            // whose rows staged before it failed are taken out, so that it can be sent again).
            if StorageFailure(error) == .busy, (try? store.unstage(importID: r.import, fromLine: r.firstLine)) != nil {
                imports.release(r.import)
            } else {
                imports.drop(r.import)
                try? store.discardStaged(importID: r.import)
            }
            throw error
        }
        imports.staged(r.import, rows: staged, lastLine: lastLine)
        return Control.ImportPartResult(rows: staged)
    }

    /// The staged rows become the directory, all at once (one transaction, other writes held
    /// off meanwhile), then join the schedule, built aside when they are many: queries go on.
    func commitImport(_ id: String, uid: UInt32) throws -> Control.ImportResult {
        try rebuilds.sync {
            let entry = try imports.claimCommit(id, uid: uid)
            let file = entry.file
            let committed: (entities: [Entity], added: Int, updated: Int)
            do {
                committed = try rebuilds.exclusively {
                    try store.commitStaged(importID: id, file: file, by: uid, at: clock.unixTime(), expecting: entry.rows)
                }
            } catch let lost as FactStore.StagingLost {
                // Another daemon removed the staging while this one was away from the database:
                // nothing of the file is imported; it is to be sent again.
                imports.drop(id)
                try? store.discardStaged(importID: id)
                logger.warning("import \(id): \(lost.staged) of its \(lost.expected) staged rows remain (removed while this daemon could not reach the database); nothing imported")
                throw ControlFailure.invalid("import", ControlReason(.importStagingLost, "\(id)", "\(lost.staged)", "\(lost.expected)"))
            } catch {
                imports.release(id)
                throw error
            }
            imports.drop(id)
            return try adopt(committed.entities, from: file, added: committed.added, updated: committed.updated, uid: uid)
        }
    }

    /// Removes the stagings other daemons left on a shared store (gone, or idle past the bound):
    /// called as an import begins and by the leader's housekeeping. A failure is logged only:
    /// the next one tries again.
    static func dropOrphanedStaging(_ store: FactStore, _ logger: Logger) {
        do {
            for id in try store.discardAbandonedStaging() {
                logger.notice("import \(id): its daemon is gone, or no part came for \(FactStore.stagingAbandonedAfter) s: its staged rows were removed")
            }
        } catch {
            logger.warning("could not remove the stagings other daemons left: \(error)")
        }
    }

    private func dropAbandonedImports() {
        for id in imports.expire() {
            logger.warning("import \(id) had no part for \(PendingImports.abandonAfter): dropped, nothing imported")
            try? store.discardStaged(importID: id)
        }
    }
}
