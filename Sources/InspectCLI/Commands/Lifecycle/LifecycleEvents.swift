import ArgumentParser
import Foundation
import InspectControl

/// Records one event and prints the subject's deadlines. `at` is what the user gave (`YYYY-MM-DD`
/// or `YYYY-MM-DDTHH:MM`, read in the office's time zone by the daemon); nil leaves the day to the
/// daemon, whose clock and `office.timezone` say what today is — not this machine's.
func recordEvent(_ connection: ConnectionOptions, subject: String?, entity: String, kind: String, at: String?,
                 attributes: [String: String], note: String?, json: Bool) throws {
    let id = ConnectionOptions.newRequestID()
    let r = try connection.callRetrying(qualified: Control.LifecycleMethod.recordEvent.qualified,
                                        Control.RecordEventRequest(subject: subject, entity: entity, kind: kind, at: at,
                                                                   attributes: attributes.isEmpty ? nil : attributes, note: note, requestID: id),
                                        requestID: id, as: Control.RecordEventResult.self)
    if json { try printJSON(r); return }
    print(Messages.say(.eventRecorded, "\(r.event.id)", r.event.subject, Messages.word(r.event.kind), readableTime(r.event.at), r.event.entity))
    if !r.deadlines.isEmpty { print(deadlineTable(r.deadlines)) }
}

/// Every deadline (open or not) of the kind `include` selects, as a table or JSON.
func listDeadlines(_ connection: ConnectionOptions, entity: String?, json: Bool, empty: String,
                   include: (Control.TrackedDeadlineView) -> Bool) throws {
    var list: [Control.TrackedDeadlineView] = []
    try connection.stream(qualified: Control.LifecycleMethod.listDeadlines.qualified, Control.ListDeadlinesRequest(entity: entity, all: true), as: Control.DeadlineList.self) {
        list += $0.deadlines.filter(include)
    }
    if json { try printJSON(list); return }
    print(list.isEmpty ? empty : deadlineTable(list))
}

func deadlineTable(_ list: [Control.TrackedDeadlineView]) -> String {
    var t = TextTable(["DUE", "STATE", "NOTICE", "RULE", "SUBJECT", "ENTITY", "NAME", "STARTED", "EXT", "SUPERVISOR"])
    for d in list {
        t.add([(d.dueTime ?? d.due) + (d.provisional ? "*" : ""), Messages.status(d.state), d.notice.map { Messages.noticeStage($0) + (d.noticePending == true ? Messages.pick(" (pending)", "（待发送）") : "") } ?? "—", d.rule, d.subject, d.entity, d.entityName,
               d.started.hasSuffix("T00:00:00") ? String(d.started.prefix(10)) : d.started, "\(d.extensions)", d.supervisor ?? "—"])
    }
    return t.render()
}

/// What every event about an existing subject gives: its id, the entity, the day, output form.
struct SubjectEventOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The subject's id (the order or case id).", "事项编号（整改通知或案件的编号）。")) var id: String
    @Option(help: ArgumentHelp("The entity id.", "监管对象编号。")) var entity: String
    @Option(help: ArgumentHelp("When (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default today).", "时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM；默认今天）。", valueName: "DATE")) var date: String?
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func record(_ connection: ConnectionOptions, kind: String, attributes: [String: String] = [:], note: String? = nil) throws {
        try recordEvent(connection, subject: id, entity: entity, kind: kind, at: date, attributes: attributes, note: note, json: json)
    }
}

/// An event's time as people write it: `2026-03-05 00:00` rather than the interface's
/// `2026-03-05T00:00:00` (the seconds are always :00 for a recorded event; JSON keeps the full form).
func readableTime(_ at: String) -> String {
    var t = at.replacingOccurrences(of: "T", with: " ")
    if t.count == 19, t.hasSuffix(":00") { t.removeLast(3) }
    return t
}
