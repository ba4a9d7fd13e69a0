import Foundation
import InspectControl
import InspectCore
import InspectStore
import Varlink

extension Daemon {
    /// Sampling (双随机) and inspector pool methods of `io.inspectd.Control`.
    ///
    /// Called once, when the control server is made (before `start()`): it also loads the
    /// recorded draws into the schedule, so drawn entities owe their sampling obligations from
    /// the first notice run on.
    func samplingMethods() -> [String: VarlinkMethodHandler] {
        return [
            Control.SamplingMethod.addInspector.rawValue: method(Control.AddInspectorRequest.self) { d, r, peer in try d.addInspector(r, uid: peer.uid) },
            Control.SamplingMethod.listInspectors.rawValue: query(Control.Empty.self) { d, _, _ in try d.listInspectors() },
            Control.SamplingMethod.declareConflict.rawValue: method(Control.DeclareConflictRequest.self) { d, r, peer in try d.declareConflict(r, uid: peer.uid) },
            Control.SamplingMethod.drawSample.rawValue: method(Control.DrawSampleRequest.self) { d, r, peer in try d.drawSample(r, uid: peer.uid) },
            // A re-run of a province's draw takes a while: on the caller's thread, from copies.
            Control.SamplingMethod.verifyDraw.rawValue: handler(.unqueued, Control.VerifyDrawRequest.self) { d, r, _ in
                let (samplings, entities) = d.read { (d.configuration.rules.samplings, d.snapshot.entities) }
                return try d.verifyDraw(r, samplings: samplings, entities: entities)
            },
            Control.SamplingMethod.listDraws.rawValue: query(Control.ListDrawsRequest.self) { d, r, _ in try d.listDraws(r) },
        ]
    }

    /// Puts every recorded draw into the schedule snapshot (at start-up, before the daemon queue
    /// runs anything else; the snapshot is computed once afterwards).
    func loadDraws() {
        do {
            snapshot.draws = [:]
            for record in try store.sampleDraws() { addToSnapshot(record) }
        } catch {
            logger.error("could not read the recorded sample draws: \(error)")
        }
    }

    private func addToSnapshot(_ record: SampleDrawRecord) {
        for e in record.result.entities {
            snapshot.draws[e.entity, default: []].append(ObligationSchedule.DrawnFor(rule: record.rule, period: record.period))
        }
    }

    // MARK: Inspectors and conflicts

    static func validID(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 64 && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
    }

    func addInspector(_ r: Control.AddInspectorRequest, uid: UInt32) throws -> Control.InspectorReply {
        let id = r.id.trimmingCharacters(in: .whitespaces)
        let name = r.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard Self.validID(id) else {
            throw ControlFailure.invalidArgument(field: "id", reason: "'\(r.id)' is not a valid inspector id (letters, digits, - _ .)")
        }
        guard !name.isEmpty else { throw ControlFailure.invalidArgument(field: "name", reason: "must not be empty") }
        let office = r.office?.trimmingCharacters(in: .whitespacesAndNewlines)
        let record = InspectorRecord(id: id, name: name, office: office?.isEmpty == false ? office : nil, addedAt: clock.unixTime(), addedBy: uid)
        do {
            try store.addInspector(record)
        } catch SamplingStoreError.duplicateInspector(_) {
            throw ControlFailure.invalidArgument(field: "id", reason: "inspector \(id) already exists")
        }
        logger.info("inspector \(id) (\(name)) added to the pool by uid \(uid)")
        return Control.InspectorReply(inspector: Control.Inspector(id: id, name: name, office: record.office, active: true, conflicts: []))
    }

    func listInspectors() throws -> Control.InspectorList {
        let conflicts = try store.conflicts()
        return Control.InspectorList(inspectors: try store.inspectors().map { i in
            Control.Inspector(id: i.id, name: i.name, office: i.office, active: i.active,
                              conflicts: Array(Set(conflicts.filter { $0.inspector == i.id }.map(\.entity))).sorted())
        })
    }

    func declareConflict(_ r: Control.DeclareConflictRequest, uid: UInt32) throws -> Control.ConflictReply {
        if let id = r.requestID, let first = try store.conflict(requestID: id) {  // a retry: the first call's declaration
            return Control.ConflictReply(conflict: Control.ConflictDeclaration(inspector: first.inspector, entity: first.entity, reason: first.reason,
                                                                               declaredAt: isoTime(first.declaredAt), declaredBy: Int(first.declaredBy)))
        }
        guard try store.inspectors().contains(where: { $0.id == r.inspector }) else {
            throw ControlFailure.invalidArgument(field: "inspector", reason: "unknown inspector '\(r.inspector)' (add it first: inspectctl inspector add)")
        }
        guard snapshot.entities[r.entity] != nil else { throw ControlFailure.noSuchEntity(r.entity) }
        let reason = r.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw ControlFailure.invalidArgument(field: "reason", reason: "a conflict declaration needs its reason (回避事由)") }
        let c = ConflictRecord(inspector: r.inspector, entity: r.entity, reason: reason, declaredAt: clock.unixTime(), declaredBy: uid)
        try store.declareConflict(c, requestID: r.requestID)
        logger.info("conflict declared: inspector \(r.inspector) withdraws from \(r.entity) (\(reason)), by uid \(uid)")
        return Control.ConflictReply(conflict: Control.ConflictDeclaration(inspector: c.inspector, entity: c.entity, reason: c.reason,
                                                                           declaredAt: isoTime(c.declaredAt), declaredBy: Int(uid)))
    }

    // MARK: Draws

    func drawSample(_ r: Control.DrawSampleRequest, uid: UInt32) throws -> Control.DrawReply {
        if let id = r.requestID, let first = try store.sampleDraw(requestID: id) {  // a retry: the first call's draw
            return Control.DrawReply(draw: try view(first))
        }
        guard let rule = configuration.rules.samplings.first(where: { $0.id == r.rule }) else {
            let known = configuration.rules.samplings.map(\.id).sorted()
            throw ControlFailure.invalidArgument(field: "rule", reason: "'\(r.rule)' is not a sampling rule" + (known.isEmpty ? " (none is configured)" : " (sampling rules: \(known.joined(separator: ", ")))"))
        }
        guard rule.enabled else { throw ControlFailure.invalidArgument(field: "rule", reason: "\(rule.id) is disabled in the configuration") }
        guard let period = CalendarPeriod(label: r.period), period.unit == rule.per else {
            throw ControlFailure.invalidArgument(field: "period", reason: "'\(r.period)' is not a period of \(rule.id), which samples per \(rule.per.rawValue) (e.g. \(CalendarPeriod(unit: rule.per, containing: snapshot.today).label))")
        }
        if let previous = try store.sampleDraws(period: period.label, rule: rule.id).first {
            throw ControlFailure.invalidArgument(field: "period", reason: "\(rule.id) was already drawn for \(period.label) (\(previous.id), seed \(previous.input.seed)); a second draw is refused (verify it with: inspectctl plan verify \(previous.id))")
        }
        let seed: UInt64
        if let s = r.seed {
            guard s >= 0 else { throw ControlFailure.invalidArgument(field: "seed", reason: "must not be negative") }
            seed = UInt64(s)
        } else {
            // Chosen here in the shell (the core never reads a clock or a system RNG): the instant
            // mixed with system randomness, kept below 2^53 so any JSON client reads it exactly.
            var state = UInt64(bitPattern: Int64(clock.now().timeIntervalSince1970 * 1_000_000)) ^ UInt64.random(in: .min ... .max)
            seed = SeededGenerator.splitMix64(&state) & ((1 << 53) - 1)
        }
        let inspectors = try store.inspectors().filter(\.active).map(\.id)
        let conflicts = try store.conflicts().map(\.pair)
        // Workload: assignments already carried in draws whose period overlaps this one.
        var workload: [String: Int] = [:]
        for d in try store.sampleDraws() {
            guard let p = CalendarPeriod(label: d.period), p.start <= period.end, period.start <= p.end else { continue }
            for (i, n) in d.result.assignments { workload[i, default: 0] += n }
        }
        let input = SampleDrawInput(rule: rule, period: period, seed: seed, entities: snapshot.entities.values, inspectors: inspectors,
                                    conflicts: Array(Set(conflicts)).sorted { ($0.inspector, $0.entity) < ($1.inspector, $1.entity) },
                                    workload: workload.filter { inspectors.contains($0.key) })
        guard !input.population.isEmpty else {
            throw ControlFailure.invalidArgument(field: "rule", reason: "\(rule.id) has no eligible entity in \(period.label) (kinds: \(rule.subject.kinds.sorted().joined(separator: ", ")))")
        }
        let result: SampleDraw
        do { result = try SampleDrawing.draw(input) } catch {
            throw ControlFailure.invalidArgument(field: "inspectors", reason: error.description)
        }
        let record = try store.recordDraw(rule: rule.id, period: period.label, input: input, result: result, by: uid, at: clock.unixTime(),
                                          requestID: r.requestID)
        addToSnapshot(record)
        for e in record.result.entities { snapshot.recompute(entity: e.entity, configuration) }
        logger.info("sample \(record.id) drawn by uid \(uid): \(rule.id) \(period.label), seed \(seed), \(result.entities.count) of \(input.population.count) entities: \(result.entities.map(\.entity).joined(separator: ", "))")
        statusChanged()
        scheduleChanged = true
        return Control.DrawReply(draw: try view(record))
    }

    func verifyDraw(_ r: Control.VerifyDrawRequest, samplings: [SamplingRule], entities: EntityDirectory) throws -> Control.VerifyDrawReply {
        guard let record = try store.sampleDraw(id: r.id) else {
            throw ControlFailure.invalidArgument(field: "id", reason: "no sample draw '\(r.id)' (see inspectctl plan draws)")
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

    func listDraws(_ r: Control.ListDrawsRequest) throws -> Control.DrawList {
        Control.DrawList(draws: try store.sampleDraws(period: r.period).map(view))
    }

    func view(_ record: SampleDrawRecord) throws -> Control.Draw {
        let names = Dictionary(try store.inspectors().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let members = Dictionary(record.input.population.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let entities = record.result.entities.map { e in
            Control.DrawEntity(entity: e.entity, entityName: snapshot.entities[e.entity]?.name ?? e.entity,
                               grade: members[e.entity]?.grade, industry: members[e.entity]?.industry,
                               inspectors: e.inspectors, inspectorNames: e.inspectors.map { names[$0] ?? $0 })
        }
        var draw = Control.Draw(id: record.id, rule: record.rule, title: configuration.rule(record.rule)?.title ?? record.rule, period: record.period,
                                unit: record.input.parameters.unit.rawValue, seed: Int64(bitPattern: record.input.seed),
                                populationSize: record.result.populationSize, populationDigest: record.result.populationDigest,
                                size: record.result.size, industries: record.result.industries, entities: entities,
                                drawnAt: isoTime(record.drawnAt), drawnBy: Int(record.drawnBy))
        draw.recordedBy = people.person(record.drawnBy, configuration)
        return draw
    }

    /// Unix seconds as an ISO 8601 instant in the office's time zone.
    func isoTime(_ seconds: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = clock.timeZone
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
