import InspectControl
import Varlink

/// What the obligation table prints of an obligation (`obligationTable`): read from the daemon's
/// JSON text of each item, only these members (issue 26: decoding every field of a province's
/// list with `JSONDecoder` held `upcoming --all` as a table to a third of the daemon's rate). The
/// title and reminder days are not printed, so not read.
struct ObligationRow {
    var due: String
    var provisional: Bool
    var status: String
    var notice: String?
    var noticePending: Bool
    var rule: String
    var period: String
    var entity: String
    var entityName: String
    var done: Int
    var required: Int
    var supervisor: String?
    var supervisorName: String?
    var visit: String?
    var visitInspectors: [String]?

    init(_ o: Control.Obligation) {
        due = o.due; provisional = o.provisional; status = o.status; notice = o.notice; noticePending = o.noticePending == true
        rule = o.rule; period = o.period; entity = o.entity; entityName = o.entityName; done = o.done; required = o.required
        supervisor = o.supervisor; supervisorName = o.supervisorName; visit = o.visit; visitInspectors = o.visitInspectors
    }

    /// The item as the daemon wrote it (`Control.Obligation`'s JSON).
    init(_ item: JSONObjectText) throws {
        due = try item.required("due"); provisional = try item.bool("provisional") ?? false; status = try item.required("status")
        notice = try item.string("notice"); noticePending = try item.bool("notice_pending") == true
        rule = try item.required("rule"); period = try item.required("period"); entity = try item.required("entity")
        entityName = try item.required("entity_name"); done = try item.int("done") ?? 0; required = try item.int("required") ?? 0
        supervisor = try item.string("supervisor"); supervisorName = try item.string("supervisor_name")
        visit = try item.string("visit"); visitInspectors = try item.strings("visit_inspectors")
    }

    /// The rows of a page as it came.
    static func rows(_ page: RawPage<Control.ObligationList>) throws -> [ObligationRow] {
        try page.items.map { try ObligationRow(JSONObjectText(page.frame, $0)) }
    }
}
