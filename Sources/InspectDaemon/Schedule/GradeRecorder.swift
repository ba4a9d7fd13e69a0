import InspectCore
import InspectStore

/// Records a grade assignment as a fact and puts it in force (the new grade's cadence rules at
/// once, G01): for `grade set` and for the escalations the notice run applies.
struct GradeRecorder: Sendable {
    let store: FactStore
    let clock: DaemonClock

    /// In a barrier. `notices` are recorded in the same transaction (an escalation's
    /// announcement: a crash keeps both or neither).
    @discardableResult
    func record(_ a: GradeAssignment, uid: UInt32, announcing notices: [Notice] = [], requestID: String? = nil,
                in s: inout DaemonState) throws -> GradeAssignment {
        var event = a.event(at: clock.localNow())
        event.subject = "GRADE-\(a.entityID)-\(a.scale)"  // one stream per entity and scale
        let saved = try store.append(event, by: uid, at: clock.unixTime(), announcing: notices, requestID: requestID)
        s.add(saved)
        s.notices.changed()
        var stored = a
        stored.id = saved.id
        return stored
    }
}
