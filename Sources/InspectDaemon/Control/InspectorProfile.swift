import InspectControl
import InspectCore
import InspectStore

/// An inspector's territory, kinds and capacity as a caller gives them: checked where they enter.
enum InspectorProfile {
    /// Sets what is given: a list replaces the recorded one (empty: every one); `visitsPerDay`
    /// must lie in ``PlanningInspector/visitsPerDayRange``.
    static func apply(jurisdictions: [String]?, kinds: [String]?, visitsPerDay: Int?, to record: inout InspectorRecord) throws {
        if let jurisdictions { record.jurisdictions = try list(jurisdictions, field: "jurisdictions") }
        if let kinds {
            record.kinds = try list(kinds, field: "kinds")
            for k in record.kinds ?? [] where !SamplingController.validID(k) {
                throw ControlFailure.invalid("kinds", ControlReason(.notAKind, k))
            }
        }
        if let v = visitsPerDay {
            let range = PlanningInspector.visitsPerDayRange
            guard range.contains(v) else {
                throw ControlFailure.invalid("visits_per_day", ControlReason(.outOfRange, "\(v)", "\(range.lowerBound)…\(range.upperBound)"))
            }
            record.visitsPerDay = v
        }
    }

    /// The trimmed, distinct, sorted entries; nil (every one) for an empty list.
    private static func list(_ given: [String], field: String) throws -> [String]? {
        let trimmed = given.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !trimmed.contains(where: \.isEmpty) else { throw ControlFailure.invalid(field, ControlReason(.emptyEntry)) }
        return trimmed.isEmpty ? nil : Array(Set(trimmed)).sorted()
    }

    static func view(_ i: InspectorRecord, conflicts: [String]) -> Control.Inspector {
        Control.Inspector(id: i.id, name: i.name, office: i.office, active: i.active, conflicts: conflicts, jurisdictions: i.jurisdictions,
                          kinds: i.kinds, visitsPerDay: i.visitsPerDay)
    }

    /// The inspector as the planner sees them, with their leave.
    static func planning(_ i: InspectorRecord, leave: [InspectorLeaveRecord]) -> PlanningInspector {
        PlanningInspector(id: i.id, active: i.active, jurisdictions: i.jurisdictions.map(Set.init), kinds: i.kinds.map(Set.init),
                          visitsPerDay: i.visitsPerDay, leave: leave.filter { $0.inspector == i.id }.map { $0.from...$0.to })
    }
}
