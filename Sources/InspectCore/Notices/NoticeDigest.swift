/// A digest (摘要): one addressee's notices of one channel as one message (issue 13). A
/// supervisor with eleven overdue items gets one message with eleven lines, not eleven messages:
/// counts at the top, then overdue, due today, reminders and the rest, each line with entity,
/// rule and its title, period, due date and the basis cited by document and article (issue 26).
public struct NoticeDigest: Sendable, Hashable {
    /// The digest's key: what its outbox item and its e-mail `Message-ID` are derived from.
    public var key: String
    /// The supervisor id it is for; nil for the notices of entities without one.
    public var addressee: String?
    /// The day of its notices (the latest).
    public var day: CivilDate
    /// In reading order: overdue, escalated, due today, reminders, rescheduled; then by due date.
    public var notices: [Notice]
    /// All the addressee's overdue items as the daemon's state has them when the digest goes
    /// (open obligations and deadlines past due), set for a daily digest: its list holds only the
    /// new overdue notices, and its counts must say how many there are in all (issue 26). Nil:
    /// the digest's own overdue notices are the count.
    public var overdueTotal: Int?

    public init(key: String, addressee: String?, notices: [Notice]) {
        self.key = key
        self.addressee = addressee
        self.notices = notices.sorted { a, b in
            (Self.section(a.kind), a.due, a.entityID, a.key) < (Self.section(b.kind), b.due, b.entityID, b.key)
        }
        day = notices.map(\.day).max() ?? CivilDate(dayNumber: 0)
    }

    /// The reading order of the kinds.
    public static func section(_ kind: NoticeKind) -> Int {
        switch kind {
        case .overdue: 0
        case .escalated: 1
        case .due: 2
        case .reminder: 3
        case .rescheduled: 4
        }
    }

    public var overdue: Int { notices.count { $0.kind == .overdue } }
    public var dueToday: Int { notices.count { $0.kind == .due } }
    public var reminders: Int { notices.count { $0.kind == .reminder } }
    public var others: Int { notices.count - overdue - dueToday - reminders }

    /// Overdue items of the addressee not in this digest (announced on an earlier day).
    public var earlierOverdue: Int { max(0, (overdueTotal ?? 0) - overdue) }

    /// The counts line at the top: `今日：逾期 3 项，今日到期 1 项，提醒 5 项` (and `其他 N 项`). With
    /// overdue items announced earlier, the overdue count is the addressee's total and says how
    /// many of them the digest lists: `逾期 8 项（新增 2 项）`, `逾期 6 项（无新增）`.
    public var countsLine: String {
        let earlier = earlierOverdue
        let overdueCount = earlier == 0 ? "逾期 \(overdue) 项" : "逾期 \(overdue + earlier) 项（\(overdue == 0 ? "无新增" : "新增 \(overdue) 项")）"
        var parts = [overdueCount, "今日到期 \(dueToday) 项", "提醒 \(reminders) 项"]
        if others > 0 { parts.append("其他 \(others) 项") }
        return "今日：" + parts.joined(separator: "，")
    }

    /// One notice as a line: `[逾期] 汇通小贷（LS-PFS-001） C01 县区金融办对民间融资服务公司现场检查（每月）
    /// 2026-03，到期 2026-03-31，依据《临沂市金融工作办公室责任清单》三(三)四(三)`. `citation` replaces the
    /// basis's (a robot's card cites the document by a footnote mark).
    public static func line(_ n: Notice, ruleTitle: String?, citation: String? = nil) -> String {
        let title = ruleTitle.map { " \($0)" } ?? ""
        let cited = citation ?? Self.citation(n)
        // 依据《…》 and 依据① as Chinese sets them; a space before a rule id.
        let basis = cited.first?.isASCII == true ? " " + cited : cited
        return "[\(n.kind.label)] \(n.entityName)（\(n.entityID)） \(n.ruleID)\(title) \(n.period)，到期 \(n.due.iso)，依据\(basis)"
    }

    /// The notice's basis as a line cites it: the document and article; the source ids when the
    /// basis text is empty.
    public static func citation(_ n: Notice) -> String {
        NoticeCitation.short(n.basis) ?? (n.source.isEmpty ? n.ruleID : n.source.joined(separator: "、"))
    }

    /// The notices grouped for reading: the label of each kind and its notices, in order.
    public var sections: [(label: String, notices: [Notice])] {
        var out: [(String, [Notice])] = []
        for n in notices {
            if out.last?.0 == n.kind.label { out[out.count - 1].1.append(n) } else { out.append((n.kind.label, [n])) }
        }
        return out
    }

    /// Groups pending notices into digests: one per addressee, except urgent ones (deadlines in
    /// hours), which go alone; `each` makes one per notice. Keys: `<channel>/<day>/<addressee or
    /// ->/<first member's key>`, unique because a notice is in one digest only.
    public static func group(_ notices: [Notice], channel: String, daily: Bool) -> [NoticeDigest] {
        var byAddressee: [String: [Notice]] = [:]
        var order: [String] = []
        var out: [NoticeDigest] = []
        for n in notices {
            if !daily || n.urgent == true {
                out.append(NoticeDigest(key: "\(channel)/\(n.day.iso)/\(n.supervisor ?? "-")/\(n.key)", addressee: n.supervisor, notices: [n]))
                continue
            }
            let a = n.supervisor ?? "-"
            if byAddressee[a] == nil { order.append(a) }
            byAddressee[a, default: []].append(n)
        }
        for a in order {
            let members = byAddressee[a] ?? []
            let first = members.map(\.key).min() ?? ""
            out.append(NoticeDigest(key: "\(channel)/\(members.map(\.day).max()?.iso ?? "")/\(a)/\(first)", addressee: a == "-" ? nil : a, notices: members))
        }
        return out
    }
}
