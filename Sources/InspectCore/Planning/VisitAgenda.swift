/// Tomorrow's visits for one reader of a digest (明日检查安排): the planned visits of the next
/// working day that concern a supervisor — to an entity they supervise, or with them in the team
/// (an inspector whose id is a supervisor's id is that person) — so the team can prepare the
/// day before. The office's digest (no addressee) gets the visits to entities without a supervisor.
public struct VisitAgenda: Sendable, Hashable {
    /// One visit as the digest lists it.
    public struct Item: Sendable, Hashable {
        public var visitID: Int64?
        public var date: CivilDate
        public var entityID: String
        public var entityName: String
        public var obligations: [String]
        /// The team's names (their ids where no name is known), in the visit's order.
        public var team: [String]

        public init(visitID: Int64?, date: CivilDate, entityID: String, entityName: String, obligations: [String], team: [String]) {
            self.visitID = visitID; self.date = date; self.entityID = entityID; self.entityName = entityName
            self.obligations = obligations; self.team = team
        }

        /// `汇通小贷（LS-PFS-001） 检查组：检查员1、检查员2；事项 LS-PFS-001/C01/2026-05`.
        public var line: String {
            let tasks = obligations.isEmpty ? "" : "；事项 " + obligations.joined(separator: "、")
            return "\(entityName)（\(entityID)） 检查组：\(team.joined(separator: "、"))\(tasks)"
        }
    }

    /// The day the visits are on.
    public var day: CivilDate
    public var items: [Item]

    public init(day: CivilDate, items: [Item]) {
        self.day = day
        self.items = items.sorted { ($0.entityID, $0.visitID ?? 0) < ($1.entityID, $1.visitID ?? 0) }
    }

    /// The heading the digest prints above the items: `明日检查安排（2026-05-07）`.
    public var heading: String { "明日检查安排（\(day.iso)）" }

    /// The day a digest of `day` announces visits for: the next working day of the office's
    /// calendar (a Friday's digest announces Monday's, or the make-up Saturday's — 调休).
    public static func agendaDay(after day: CivilDate, calendar: WorkCalendar) -> CivilDate {
        calendar.addingWorkingDays(1, to: day)
    }

    /// Whether a visit concerns `addressee`: their entity, or they are in the team. For the
    /// office's digest (`addressee == nil`): visits to entities without a supervisor.
    public static func concerns(addressee: String?, entitySupervisor: String?, team: [String]) -> Bool {
        guard let addressee else { return entitySupervisor == nil }
        return entitySupervisor == addressee || team.contains(addressee)
    }
}
