import Foundation
import ArgumentParser
import InspectControl

func obligationTable(_ list: [Control.Obligation]) -> String { obligationTable(list.map(ObligationRow.init)) }

/// The obligations as a table, with their planned visits after it.
func obligationTable(_ list: [ObligationRow]) -> String {
    var t = TextTable(["DUE", "STATUS", "NOTICE", "RULE", "PERIOD", "ENTITY", "NAME", "DONE", "SUPERVISOR"])
    for o in list {
        t.add([o.due + (o.provisional ? "*" : ""), Messages.status(o.status), o.notice.map { Messages.noticeStage($0) + (o.noticePending ? Messages.pick(" (pending)", "（待发送）") : "") } ?? "—", o.rule, o.period, o.entity, o.entityName, "\(o.done)/\(o.required)",
               o.supervisorName.map { "\($0) (\(o.supervisor ?? ""))" } ?? (o.supervisor ?? "—")])
    }
    var s = t.render()
    // The planned visits (plan propose --apply) of the obligations shown: day and team.
    let visits = list.filter { $0.visit != nil }
    if !visits.isEmpty {
        var v = TextTable(["DUE", "RULE", "ENTITY", "VISIT", "INSPECTORS"])
        for o in visits { v.add([o.due, o.rule, o.entity, o.visit ?? "", (o.visitInspectors ?? []).joined(separator: "、")]) }
        s += "\n\n" + v.render()
    }
    if list.contains(where: \.provisional) { s += "\n" + Messages.pick("* provisional: that year's holiday arrangement is not loaded yet", "* 暂定：该年度节假日安排尚未加载") }
    return s
}
