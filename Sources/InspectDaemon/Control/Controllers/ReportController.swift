import Dispatch
import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Locking

/// `GetReport`: the manager's report. Off the state queue, from a copy: at a province's size it
/// computes a year of obligations for every entity (on every core).
struct ReportController: ControlController {
    let state: StateQueue<DaemonState>
    let store: FactStore
    let clock: DaemonClock

    func register(in routes: inout ControlRoutes) {
        routes.unqueued(Control.ReportMethod.getReport, Control.GetReportRequest.self) { r, _ in try report(r) }
    }

    /// The longest period a report covers (two years and a day, a leap year included).
    static let reportSpan = 731

    func report(_ r: Control.GetReportRequest) throws -> Control.ReportReply {
        guard let from = CivilDate(iso: r.from), CivilDate.factRange.contains(from) else {
            throw ControlFailure.invalid("from", ControlReason(.notADate, "\(r.from)", "2000–2099"))
        }
        guard let to = CivilDate(iso: r.to), CivilDate.factRange.contains(to) else {
            throw ControlFailure.invalid("to", ControlReason(.notADate, "\(r.to)", "2000–2099"))
        }
        guard from <= to, to.dayNumber - from.dayNumber < Int32(Self.reportSpan) else {
            throw ControlFailure.invalid("to", ControlReason(.reportSpan, "\(Self.reportSpan)"))
        }
        let byText = r.by ?? ReportGrouping.supervisor.rawValue
        guard let grouping = ReportGrouping(rawValue: byText) else {
            throw ControlFailure.invalid("by", ControlReason(.notAGrouping, byText, ReportGrouping.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        let copy = state.read { $0 }, now = clock.localNow()
        let snapshot = copy.snapshot, configuration = copy.configuration
        if let office = r.office, !configuration.offices.contains(office) {
            throw ControlFailure.invalid("office", ControlReason(.noOfficeHere, office, configuration.offices.joined(separator: ", ")))
        }
        let supervisors = Dictionary(configuration.supervisors.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func office(of supervisor: String?) -> String { supervisor.flatMap { supervisors[$0]?.office } ?? configuration.office.name }
        let entities = r.office.map { o in snapshot.entities.values.filter { office(of: $0.supervisor) == o } } ?? snapshot.entities.values
        let calendar = configuration.calendar
        let schedule = configuration.schedule

        // Obligations: computed through the period's end as `plan` computes them, in parallel.
        let titles = Dictionary(configuration.rules.cadences.map { ($0.id, $0.title) } + configuration.rules.samplings.map { ($0.id, $0.title) }
                                + configuration.rules.followUps.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let ownOffice = configuration.office.name
        let key: @Sendable (Obligation) -> (key: String, label: String) = { o in
            let e = snapshot.entities[o.entityID]
            switch grouping {
            case .supervisor:
                let s = e?.supervisor
                return (s ?? "-", s.flatMap { supervisors[$0]?.name } ?? "（未指定主监管员）")
            case .office: let o = e?.supervisor.flatMap { supervisors[$0]?.office } ?? ownOffice; return (o, o)
            case .rule: return (o.ruleID, titles[o.ruleID] ?? o.ruleID)
            case .kind: let k = e?.kind ?? "-"; return (k, k)
            case .jurisdiction: let j = e?.jurisdiction ?? "-"; return (j, j)
            case .month: let m = PerformanceReport.monthLabel(o.due); return (m, m)
            }
        }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = (entities.count + workers - 1) / workers
        let parts = Locked<[(groups: [PerformanceReport.Group], total: ObligationTally, months: [PerformanceReport.Group])?]>(Array(repeating: nil, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let slice = entities[min(entities.count, w * chunk)..<min(entities.count, (w + 1) * chunk)]
            let obligations = slice.lazy.flatMap { snapshot.compute($0, schedule, through: to) }
            let part = PerformanceReport.tally(obligations, from: from, to: to, calendar: calendar, group: key)
            parts.withLock { $0[w] = part }
        }
        let merged = PerformanceReport.merge(parts.withLock { $0.compactMap { $0 } })

        // Deadlines started in the period, by their state now.
        let allowed = r.office.map { o in Set(entities.map(\.id)) }
        let deadlines = copy.deadlines(now: now).filter { allowed?.contains($0.entityID) ?? true }
        let deadlineRows = PerformanceReport.deadlineRows(deadlines, rules: configuration.rules.deadlines, from: from, to: to)

        return Control.ReportReply(report: PerformanceReport(
            from: from, to: to, today: snapshot.today, grouping: grouping, groups: merged.groups, total: merged.total, months: merged.months,
            deadlines: deadlineRows, sampling: try samplingRows(snapshot, configuration, entities: entities, from: from, to: to),
            grades: gradeRows(snapshot, entities: entities, from: from, to: to)))
    }

    /// Each enabled sampling rule over its periods that meet the report's.
    private func samplingRows(_ snapshot: ScheduleSnapshot, _ configuration: Configuration, entities: [Entity],
                              from: CivilDate, to: CivilDate) throws -> [PerformanceReport.SamplingRow] {
        let followUps = Set(configuration.rules.followUps.map(\.id))
        var rows: [PerformanceReport.SamplingRow] = []
        for rule in configuration.rules.samplings where rule.enabled {
            var row = PerformanceReport.SamplingRow(rule: rule.id, title: rule.title, periods: [], unit: rule.unit.rawValue)
            var period = CalendarPeriod(unit: rule.per, containing: from)
            while period.start <= to {
                row.periods.append(period.label)
                let q = PerformanceReport.quota(of: rule, in: period, entities: entities)
                row.quotaMin += q.min
                row.quotaMax += q.max
                for draw in try store.drawSummaries(period: period.label, rule: rule.id).draws {
                    row.drawn += draw.size
                    let drawn = try store.drawnEntities(of: draw.id).entities.map(\.entity)
                    row.drawnEntities += drawn.count
                    for id in drawn {
                        let owed = snapshot.obligations[id] ?? []
                        if owed.contains(where: { $0.ruleID == rule.id && $0.period.label == period.label && $0.status == .met }) { row.inspected += 1 }
                        if owed.contains(where: { followUps.contains($0.ruleID) && $0.status == .met && period.start <= $0.due && $0.due <= period.end }) {
                            row.published += 1
                        }
                    }
                }
                period = CalendarPeriod(unit: rule.per, containing: CivilDate(dayNumber: period.end.dayNumber + 1))
            }
            rows.append(row)
        }
        return rows
    }

    /// Entities per grade at the period's end, and the escalations during it.
    private func gradeRows(_ snapshot: ScheduleSnapshot, entities: [Entity], from: CivilDate, to: CivilDate) -> [PerformanceReport.GradeRow] {
        var rows: [String: PerformanceReport.GradeRow] = [:]
        for e in entities {
            let scale = snapshot.gradeScaleOfKind[e.kind] ?? "directory"
            guard let level = snapshot.gradeOn(e)?(to) ?? e.grade else { continue }
            rows["\(scale)\u{1}\(level)", default: PerformanceReport.GradeRow(scale: scale, level: level)].entities += 1
            for a in snapshot.gradeHistory[e.id]?.assignments ?? [] where a.isEscalation && a.effective >= from && a.effective <= to {
                rows["\(a.scale)\u{1}\(a.level)", default: PerformanceReport.GradeRow(scale: a.scale, level: a.level)].escalations += 1
            }
        }
        return rows.values.sorted { ($0.scale, $0.level) < ($1.scale, $1.level) }
    }

}
