import InspectConfig
import InspectCore
import InspectStore

/// Reads the planned visits a daily digest announces (明日检查安排) from the store, once per
/// day for a channel's pass: a pass sends many digests of the same day, and each takes the
/// visits that concern its addressee (`VisitAgenda.concerns`).
struct VisitAgendaReader {
    let store: FactStore
    let calendar: WorkCalendar
    private var byDay: [CivilDate: [(visit: PlannedVisitRecord, entity: Entity?)]] = [:]
    private var names: [String: String]?

    init(store: FactStore, calendar: WorkCalendar) {
        self.store = store
        self.calendar = calendar
    }

    /// The visits of the working day after the digest's day that concern its addressee; nil when none.
    /// A read that fails leaves the agenda out: the notices must go whatever the visits' table says.
    mutating func agenda(for digest: NoticeDigest) -> VisitAgenda? {
        let day = VisitAgenda.agendaDay(after: digest.day, calendar: calendar)
        if byDay[day] == nil {
            let visits = (try? store.visits(from: day, to: day)) ?? []
            byDay[day] = visits.map { v in (v, try? store.entity(id: v.entity)) }
        }
        let mine = (byDay[day] ?? []).filter {
            VisitAgenda.concerns(addressee: digest.addressee, entitySupervisor: $0.entity?.supervisor, team: $0.visit.inspectors)
        }
        guard !mine.isEmpty else { return nil }
        if names == nil { names = (try? store.inspectorNames()) ?? [:] }
        let items = mine.map { v, e in
            VisitAgenda.Item(visitID: v.id, date: v.date, entityID: v.entity, entityName: e?.name ?? v.entity, obligations: v.obligations,
                             team: v.inspectors.map { names?[$0] ?? $0 })
        }
        return VisitAgenda(day: day, items: items)
    }
}
