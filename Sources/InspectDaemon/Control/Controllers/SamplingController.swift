import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging

/// Sampling (双随机) and the inspector pool: inspectors and their conflicts of interest (回避),
/// drawing and recording a sample, re-running a recorded draw to verify it, and the draws' pages.
struct SamplingController: ControlController {
    let state: StateQueue<DaemonState>
    let store: FactStore
    let clock: DaemonClock
    let logger: Logger
    let people: People
    let background: BackgroundActivity
    let status: StatusService
    let rebuilds: RebuildService

    func register(in routes: inout ControlRoutes) {
        routes.change(Control.SamplingMethod.addInspector, Control.AddInspectorRequest.self) { _, r, call in try addInspector(r, uid: call.uid) }
        routes.query(Control.SamplingMethod.listInspectors, Control.Empty.self) { _, _, _ in try listInspectors() }
        routes.change(Control.SamplingMethod.declareConflict, Control.DeclareConflictRequest.self) { s, r, call in try declareConflict(s, r, uid: call.uid) }
        // A province's draw takes about a second: computed off the state queue from copies,
        // recorded in its own transaction, then put into the schedule.
        routes.unqueued(Control.SamplingMethod.drawSample, Control.DrawSampleRequest.self) { r, call in try drawSample(r, uid: call.uid) }
        // A re-run of a province's draw takes a while: on the caller's thread, from copies.
        routes.unqueued(Control.SamplingMethod.verifyDraw, Control.VerifyDrawRequest.self) { r, _ in
            let (samplings, entities) = state.read { s in (s.configuration.rules.samplings, s.snapshot.entities) }
            return try verifyDraw(r, samplings: samplings, entities: entities)
        }
        routes.list(Control.SamplingMethod.listDraws, Control.ListDrawsRequest.self) { s, r in try listDraws(s, r) }
        routes.list(Control.SamplingMethod.getDraw, Control.GetDrawRequest.self) { s, r in try getDraw(s, r) }
    }

    // MARK: Inspectors and conflicts

    static func validID(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }

    func addInspector(_ r: Control.AddInspectorRequest, uid: UInt32) throws -> Control.InspectorReply {
        let id = r.id.trimmingCharacters(in: .whitespaces)
        let name = r.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.validID(id) else {
            throw ControlFailure.invalid("id", ControlReason(.notAnInspectorID, r.id))
        }
        guard !name.isEmpty else { throw ControlFailure.invalid("name", ControlReason(.empty)) }
        let office = r.office?.trimmingCharacters(in: .whitespacesAndNewlines)
        var record = InspectorRecord(id: id, name: name, office: office?.isEmpty == false ? office : nil, addedAt: clock.unixTime(), addedBy: uid)
        try InspectorProfile.apply(jurisdictions: r.jurisdictions, kinds: r.kinds, visitsPerDay: r.visitsPerDay, to: &record)
        do {
            try store.addInspector(record)
        } catch SamplingStoreError.duplicateInspector(_) {
            throw ControlFailure.invalid("id", ControlReason(.inspectorExists, id))
        }
        logger.info("inspector \(id) (\(name)) added to the pool by uid \(uid)")
        return Control.InspectorReply(inspector: InspectorProfile.view(record, conflicts: []))
    }

    func listInspectors() throws -> Control.InspectorList {
        let conflicts = try store.conflicts()
        return Control.InspectorList(inspectors: try store.inspectors().map { i in
            InspectorProfile.view(i, conflicts: Array(Set(conflicts.filter { $0.inspector == i.id }.map(\.entity))).sorted())
        })
    }

    func declareConflict(_ s: DaemonState, _ r: Control.DeclareConflictRequest, uid: UInt32) throws -> Control.ConflictReply {
        if let id = r.requestID, let first = try store.conflict(requestID: id) {  // a retry: the first call's declaration
            return Control.ConflictReply(conflict: Control.ConflictDeclaration(inspector: first.inspector, entity: first.entity, reason: first.reason,
                                                                               declaredAt: clock.iso(unixTime: first.declaredAt), declaredBy: Int(first.declaredBy)))
        }
        guard try store.inspectors().contains(where: { $0.id == r.inspector }) else {
            throw ControlFailure.invalid("inspector", ControlReason(.unknownInspector, r.inspector))
        }
        guard s.snapshot.entities[r.entity] != nil else { throw ControlFailure.noSuchEntity(r.entity) }
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalid("reason", ControlReason(.conflictNeedsReason)) }
        let c = ConflictRecord(inspector: r.inspector, entity: r.entity, reason: reason, declaredAt: clock.unixTime(), declaredBy: uid)
        try store.declareConflict(c, requestID: r.requestID)
        logger.info("conflict declared: inspector \(r.inspector) withdraws from \(r.entity) (\(reason)), by uid \(uid)")
        return Control.ConflictReply(conflict: Control.ConflictDeclaration(inspector: c.inspector, entity: c.entity, reason: c.reason,
                                                                           declaredAt: clock.iso(unixTime: c.declaredAt), declaredBy: Int(uid)))
    }

    // MARK: Draws

    /// How many drawn entities the reply of a draw carries; `GetDraw` pages the rest.
    static let drawReplyEntities = 1000

    /// Draws and records a sample; off the daemon queue (`.unqueued`): at a province's size the
    /// population and the draw take about a second, which every query would have waited for in a
    /// barrier. It works on copies of the configuration and the directory; the "already
    /// drawn" check is repeated in the recording transaction, so two draws made side by side cannot
    /// both be recorded. The draw records the population it was made from, so an import committed
    /// meanwhile does not make it wrong: `plan verify` re-runs it from that record.
    func drawSample(_ r: Control.DrawSampleRequest, uid: UInt32) throws -> Control.DrawReply {
        if let id = r.requestID, let first = try store.drawSummary(requestID: id) {  // a retry: the first call's draw
            return try state.read { s in try drawPage(s, first, after: nil, limit: Self.drawReplyEntities) }
        }
        let (configuration, entities, today) = state.read { s in (s.configuration, s.snapshot.entities, s.today) }
        guard let rule = configuration.rules.samplings.first(where: { $0.id == r.rule }) else {
            let known = configuration.rules.samplings.map(\.id).sorted()
            throw ControlFailure.invalid("rule", known.isEmpty ? ControlReason(.noSamplingRule, r.rule) : ControlReason(.notASamplingRule, r.rule, known.joined(separator: ", ")))
        }
        guard rule.enabled else { throw ControlFailure.invalid("rule", ControlReason(.ruleDisabled, rule.id)) }
        guard let period = CalendarPeriod(label: r.period), period.unit == rule.per else {
            throw ControlFailure.invalid("period", ControlReason(.notAPeriodOf, r.period, rule.id, rule.per.rawValue, CalendarPeriod(unit: rule.per, containing: today).label))
        }
        func alreadyDrawn(_ id: String, _ seed: UInt64) -> ControlFailure {
            .invalid("period", ControlReason(.alreadyDrawn, rule.id, period.label, id, "\(seed)"))
        }
        if let previous = try store.drawSummaries(period: period.label, rule: rule.id, limit: 1).draws.first {
            throw alreadyDrawn(previous.id, previous.seed)
        }
        let seed: UInt64
        if let s = r.seed {
            guard s >= 0 else { throw ControlFailure.invalid("seed", ControlReason(.negative)) }
            seed = UInt64(s)
        } else {
            // Chosen here in the shell (the core never reads a clock or a system RNG): the instant
            // mixed with system randomness, kept below 2^53 so any JSON client reads it exactly.
            var state = UInt64(bitPattern: Int64(clock.now().timeIntervalSince1970 * 1_000_000)) ^ UInt64.random(in: .min ... .max)
            seed = SeededGenerator.splitMix64(&state) & ((1 << 53) - 1)
        }
        let active = try store.inspectors().filter(\.active)
        let inspectors = active.map(\.id)
        // Each inspector only where they may go and for the kinds they may inspect, as the visit planner.
        let scopes = Dictionary(active.map { ($0.id, InspectorScope(jurisdictions: $0.jurisdictions.map(Set.init), kinds: $0.kinds.map(Set.init))) },
                                uniquingKeysWith: { a, _ in a })
        let conflicts = try store.conflicts().map(\.pair)
        // Workload: assignments already carried in draws whose period overlaps this one.
        var workload: [String: Int] = [:]
        for a in try store.drawAssignments() {
            guard let p = CalendarPeriod(label: a.period), p.start <= period.end, period.start <= p.end else { continue }
            workload[a.inspector, default: 0] += a.count
        }
        let input = SampleDrawInput(rule: rule, period: period, seed: seed, entities: entities.values, inspectors: inspectors,
                                    conflicts: Array(Set(conflicts)).sorted { ($0.inspector, $0.entity) < ($1.inspector, $1.entity) },
                                    workload: workload.filter { inspectors.contains($0.key) }, scopes: scopes)
        guard !input.population.isEmpty else {
            throw ControlFailure.invalid("rule", ControlReason(.noEligibleEntity, rule.id, period.label, rule.subject.kinds.sorted().joined(separator: ", ")))
        }
        let result: SampleDraw
        do { result = try SampleDrawing.draw(input) } catch {
            throw ControlFailure.refused(error.refusal)
        }
        let record: SampleDrawRecord
        do {
            // The population is a province's directory (tens of MB of JSON): a long write, with
            // the other writes held off the queue meanwhile (inspectd-bench stalls: a status call
            // waited 1.3 s behind a write that waited in its barrier for this one).
            record = try rebuilds.exclusively {
                try store.recordDraw(rule: rule.id, period: period.label, input: input, result: result, by: uid, at: clock.unixTime(),
                                     requestID: r.requestID)
            }
        } catch SamplingStoreError.alreadyDrawn(let id, let seed) {
            throw alreadyDrawn(id, seed)
        } catch SamplingStoreError.requestRecorded(let id) {
            // A retry computed while the first call was recording: the first call's draw.
            guard let first = try store.drawSummary(id: id) else { throw ControlFailure.invalid("request_id", ControlReason(.drawVanished, id)) }
            return try state.read { s in try drawPage(s, first, after: nil, limit: Self.drawReplyEntities) }
        }
        logger.info("sample \(record.id) drawn by uid \(uid): \(rule.id) \(period.label), seed \(seed), \(result.entities.count) of \(input.population.count) entities: \(result.entities.prefix(50).map(\.entity).joined(separator: ", "))\(result.entities.count > 50 ? ", …" : "")")
        // The drawn entities now owe the rule: recomputed in one barrier when they are few, built
        // aside and swapped in when they are a province's share.
        let drawn = record.result.entities.map(\.entity)
        func announce(_ s: inout DaemonState) {
            status.changed()
            s.notices.changed()
        }
        if drawn.count <= RebuildService.importRebuildThreshold {
            state.write { s in
                s.add(draw: drawn, rule: record.rule, period: record.period)
                s.recompute(drawn)
                announce(&s)
            }
        } else {
            // The draw is a written fact (the swap keeps the live snapshot's): added there first,
            // its entities recomputed aside and swapped in.
            try background.run("rebuild") {
                try rebuilds.sync {
                    state.write { s in _ = s.add(draw: drawn, rule: record.rule, period: record.period) }
                    try rebuilds.rebuildAside(recomputing: drawn, swapped: announce)
                }
            }
        }
        guard let summary = try store.drawSummary(id: record.id) else { throw ControlFailure.invalid("id", ControlReason(.noSampleDraw, record.id)) }
        return try state.read { s in try drawPage(s, summary, after: nil, limit: Self.drawReplyEntities) }
    }

    func verifyDraw(_ r: Control.VerifyDrawRequest, samplings: [SamplingRule], entities: EntityDirectory) throws -> Control.VerifyDrawReply {
        guard let record = try store.sampleDraw(id: r.id) else {
            throw ControlFailure.invalid("id", ControlReason(.noSampleDraw, r.id))
        }
        var differences: [String] = []
        let recordedDigest = SampleDrawing.digest(record.input.population)
        if recordedDigest != record.result.populationDigest {
            differences.append("population digest: recorded \(record.result.populationDigest), recorded population hashes to \(recordedDigest)")
        }
        do {
            let again = try SampleDrawing.draw(record.input)
            differences += Self.differences(recorded: record.result, rerun: again)
        } catch {
            differences.append("re-running the draw failed: \(error.description)")
        }
        // Today's directory against the recorded population (needs the rule's current subject).
        var currentDigest: String?
        var changed: Bool?
        var changes: [String] = []
        if let rule = samplings.first(where: { $0.id == record.rule }), let period = CalendarPeriod(label: record.period) {
            let now = SampleDrawing.population(of: rule, in: period, entities: entities.values)
            currentDigest = SampleDrawing.digest(now)
            changed = currentDigest != record.result.populationDigest
            let before = Dictionary(record.input.population.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let after = Dictionary(now.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for id in Set(before.keys).union(after.keys).sorted() {
                switch (before[id], after[id]) {
                case (nil, _?): changes.append("+ \(id) (now eligible)")
                case (_?, nil): changes.append("- \(id) (no longer eligible)")
                case (let b?, let a?) where a != b:
                    changes.append("~ \(id) grade \(b.grade ?? "—") → \(a.grade ?? "—"), industry \(b.industry ?? "—") → \(a.industry ?? "—")")
                default: break
                }
            }
        }
        return Control.VerifyDrawReply(id: record.id, verified: differences.isEmpty, differences: differences, recordedDigest: record.result.populationDigest,
                                       currentDigest: currentDigest, directoryChanged: changed, directoryChanges: changes)
    }

    /// What differs between a recorded result and a re-run, one line each.
    static func differences(recorded a: SampleDraw, rerun b: SampleDraw) -> [String] {
        var d: [String] = []
        if a.size != b.size { d.append("size: recorded \(a.size), re-run \(b.size)") }
        if a.populationSize != b.populationSize { d.append("population size: recorded \(a.populationSize), re-run \(b.populationSize)") }
        if a.populationDigest != b.populationDigest { d.append("population digest: recorded \(a.populationDigest), re-run \(b.populationDigest)") }
        if a.industries != b.industries {
            d.append("industries: recorded \(a.industries.joined(separator: ", ")); re-run \(b.industries.joined(separator: ", "))")
        }
        let ea = a.entities.map(\.entity), eb = b.entities.map(\.entity)
        if ea != eb {
            d.append("entities: recorded \(ea.joined(separator: ", ")); re-run \(eb.joined(separator: ", "))")
        } else {
            for (x, y) in zip(a.entities, b.entities) where x.inspectors != y.inspectors {
                d.append("inspectors of \(x.entity): recorded \(x.inspectors.joined(separator: ", ")); re-run \(y.inspectors.joined(separator: ", "))")
            }
        }
        return d
    }

    /// A page of the recorded draws without their entities, without their entities (a province's draw
    /// lists hundreds of thousands; `GetDraw` pages them).
    func listDraws(_ s: DaemonState, _ r: Control.ListDrawsRequest) throws -> Control.DrawList {
        let limit = try ControlFailure.pageSize(r.limit)
        let after = try PageCursor.pair("r1.", r.after).map { (at: $0.0, row: $0.1) }
        let page = try store.drawSummaries(period: r.period, rule: r.rule, after: after, limit: limit)
        let next = page.remaining > 0 ? page.last.map { PageCursor.text("r1.", [String($0.at), String($0.row)]) } : nil
        return Control.DrawList(draws: page.draws.map { view(s, $0) }, next: next, remaining: page.remaining)
    }

    /// One draw with a page of its entities.
    func getDraw(_ s: DaemonState, _ r: Control.GetDrawRequest) throws -> Control.DrawReply {
        let limit = try ControlFailure.pageSize(r.limit)
        var after: Int?
        if let a = r.after {
            guard let parts = PageCursor.parts("e1.", a, count: 2), parts[0] == r.id, let order = Int(parts[1]), (0..<Int(Int32.max)).contains(order) else {
                throw ControlFailure.invalid("after", ControlReason(.notADrawCursor))
            }
            after = order
        }
        guard let summary = try store.drawSummary(id: r.id) else {
            throw ControlFailure.invalid("id", ControlReason(.noSampleDraw, r.id))
        }
        return try drawPage(s, summary, after: after, limit: limit)
    }

    /// The draw with the page of its entities after `after` (0-based draw order).
    private func drawPage(_ s: DaemonState, _ summary: SampleDrawSummary, after: Int?, limit: Int) throws -> Control.DrawReply {
        let page = try store.drawnEntities(of: summary.id, after: after, limit: limit)
        let names = try store.inspectorNames()
        let entities = page.entities.map { e in
            Control.DrawEntity(entity: e.entity, entityName: s.snapshot.entities[e.entity]?.name ?? e.entity, grade: e.grade, industry: e.industry,
                               inspectors: e.inspectors, inspectorNames: e.inspectors.map { names[$0] ?? $0 })
        }
        let next = page.remaining > 0 ? page.entities.last.map { PageCursor.text("e1.", [summary.id, String($0.order)]) } : nil
        return Control.DrawReply(draw: Control.Draw(view(s, summary), entities: entities), next: next, remaining: page.remaining)
    }

    func view(_ s: DaemonState, _ d: SampleDrawSummary) -> Control.DrawSummary {
        var draw = Control.DrawSummary(id: d.id, rule: d.rule, title: s.configuration.rule(d.rule)?.title ?? d.rule, period: d.period, unit: d.unit,
                                       seed: Int64(bitPattern: d.seed), populationSize: d.populationSize, populationDigest: d.populationDigest,
                                       size: d.size, industries: d.industries, entityCount: d.entityCount, drawnAt: clock.iso(unixTime: d.drawnAt),
                                       drawnBy: Int(d.drawnBy))
        draw.recordedBy = people.person(d.drawnBy, s.configuration)
        return draw
    }
}
