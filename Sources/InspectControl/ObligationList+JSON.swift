import Varlink

/// A page of open obligations written by hand (``JSONWriter``): a province's list is 180,000 of
/// them, and `JSONEncoder` with sorted keys (a dictionary per item, its keys sorted each time) held
/// the daemon's stream to about half the rate it had before the items grew.
///
/// The keys are written in a fixed order, their sorted order — the page: `next`, `obligations`,
/// `remaining`, `today`; an obligation: `done`, `due`, `entity`, `entity_name`, `notice`,
/// `notice_pending`, `period`, `provisional`, `reminders`, `required`, `rule`, `status`,
/// `supervisor`, `supervisor_name`, `title`, `visit`, `visit_inspectors` — so the bytes are those
/// `JSONEncoder` writes with `.sortedKeys` (tested), and a list passed through by a client is the
/// same from run to run. A field added to ``Control/Obligation`` must be added here in its place
/// (the test compares every field set).
extension Control.ObligationList: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.member("next", next)
        w.key("obligations")
        w.reserve(obligations.count * 320)  // an item of a province's list: 270–300 bytes
        w.beginArray()
        for o in obligations { o.writeJSON(to: &w) }
        w.endArray()
        w.member("remaining", remaining)
        w.member("today", today)
        w.endObject()
    }
}

extension Control.Obligation: JSONWritable {
    public func writeJSON(to w: inout JSONWriter) {
        w.beginObject()
        w.member("done", done)
        w.member("due", due)
        w.member("entity", entity)
        w.member("entity_name", entityName)
        w.member("notice", notice)
        w.member("notice_pending", noticePending)
        w.member("period", period)
        w.member("provisional", provisional)
        w.member("reminders", reminders)
        w.member("required", required)
        w.member("rule", rule)
        w.member("status", status)
        w.member("supervisor", supervisor)
        w.member("supervisor_name", supervisorName)
        w.member("title", title)
        w.member("visit", visit)
        w.member("visit_inspectors", visitInspectors)
        w.endObject()
    }
}
