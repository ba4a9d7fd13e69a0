import Foundation

/// An RFC 5545 calendar of what is due (issue 13, calendar feeds): one `VTODO` per open obligation
/// and per open deadline, so that a supervisor's calendar or phone shows the inspections and
/// deadlines coming, with an alarm at each of the rule's reminders.
///
/// - `UID` is the obligation's key (`RULE/ENTITY/PERIOD`) or the deadline's, `@inspectd`: stable,
///   so a re-published feed updates the same items instead of adding new ones.
/// - `DUE` is the due day (`VALUE=DATE`), or the day and time of a deadline in hours; local to the
///   office (floating: the office's calendar is local time, RFC 5545 §3.3.12).
/// - Each reminder day is a `VALARM` at the notice hour, as a duration before the due day
///   (`TRIGGER;RELATED=END`), the working days already counted by the daemon.
/// - Text is escaped (§3.3.11) and lines are folded at 75 octets without splitting a character
///   (§3.1); lines end with CRLF.
public struct CalendarFeed {
    /// The calendar's name (`X-WR-CALNAME`), e.g. the office or the supervisor.
    public var name: String
    /// Minutes after midnight of the notice hour: when alarms ring.
    public var noticeMinute: Int
    /// `DTSTAMP` of every item.
    public var stamp: Date
    private var items: [String] = []

    public init(name: String, noticeMinute: Int, stamp: Date) {
        self.name = name; self.noticeMinute = noticeMinute; self.stamp = stamp
    }

    public var count: Int { items.count }

    /// An open obligation; `basis` is its rule's legal basis.
    public mutating func add(_ o: Control.Obligation, basis: String?) {
        guard let due = Self.date(o.due) else { return }
        var description = "\(o.title)（\(o.rule)）\n对象：\(o.entityName)（\(o.entity)）\n期间：\(o.period)，应完成 \(o.required) 次，已完成 \(o.done) 次"
        if let s = o.supervisor { description += "\n主监管员：\(o.supervisorName ?? s)（\(s)）" }
        if o.provisional { description += "\n到期日为暂定：当年节假日安排尚未载入" }
        if let basis, !basis.isEmpty { description += "\n依据：\(basis)" }
        items.append(todo(uid: "\(o.rule)/\(o.entity)/\(o.period)@inspectd", due: "DUE;VALUE=DATE:\(Self.compact(due))",
                          summary: "\(o.title)：\(o.entityName)", description: description, category: o.rule,
                          overdue: o.status == "overdue", dueDay: due, reminders: o.reminders ?? []))
    }

    /// An open deadline (rectification, case, report).
    public mutating func add(_ d: Control.TrackedDeadlineView) {
        guard let due = Self.date(d.due) else { return }
        var dueLine = "DUE;VALUE=DATE:\(Self.compact(due))"
        if let t = d.dueTime, let hm = Self.time(t) { dueLine = "DUE:\(Self.compact(due))T\(String(format: "%02d%02d00", hm.0, hm.1))" }
        var description = "\(d.title)（\(d.rule)）\n对象：\(d.entityName)（\(d.entity)）\n事项：\(d.subject)，起算 \(d.started)"
        if let s = d.supervisor { description += "\n主监管员：\(s)" }
        if !d.basis.isEmpty { description += "\n依据：\(d.basis)" }
        items.append(todo(uid: "\(d.key)@inspectd", due: dueLine, summary: "\(d.title)：\(d.entityName)（\(d.subject)）",
                          description: description, category: d.rule, overdue: d.state == "overdue", dueDay: due, reminders: d.reminders ?? []))
    }

    /// A planned visit: an event on its day, with the team, the entity and the obligations it serves.
    public mutating func add(_ v: Control.Visit) {
        guard let day = Self.date(v.date), let next = Calendar(identifier: .gregorian).date(from: day).flatMap({
            Calendar(identifier: .gregorian).date(byAdding: .day, value: 1, to: $0)
        }) else { return }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let end = calendar.dateComponents([.year, .month, .day], from: next)
        var description = "检查对象：\(v.entityName)（\(v.entity)），\(v.jurisdiction)\n检查人员：\(v.inspectorNames.joined(separator: "、"))"
        description += "\n检查义务：\(v.obligations.joined(separator: "，"))\n最迟：\(v.due)"
        if let r = v.moveReason { description += "\n改期原因：\(r)" }
        let lines = [
            "BEGIN:VEVENT", "UID:" + Self.escape("visit-\(v.id ?? 0)@inspectd"), "DTSTAMP:" + Self.utc(stamp),
            "DTSTART;VALUE=DATE:" + Self.compact(day), "DTEND;VALUE=DATE:" + Self.compact(end),
            "SUMMARY:" + Self.escape("检查：\(v.entityName)（\(v.inspectorNames.joined(separator: "、"))）"),
            "LOCATION:" + Self.escape(v.jurisdiction), "DESCRIPTION:" + Self.escape(description),
            "CATEGORIES:" + Self.escape("检查安排"), "STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT",
        ]
        items.append(lines.map(Self.fold).joined())
    }

    private func todo(uid: String, due: String, summary: String, description: String, category: String, overdue: Bool,
                      dueDay: DateComponents, reminders: [String]) -> String {
        var lines = [
            "BEGIN:VTODO", "UID:" + Self.escape(uid), "DTSTAMP:" + Self.utc(stamp), due,
            "SUMMARY:" + Self.escape(summary), "DESCRIPTION:" + Self.escape(description),
            "CATEGORIES:" + Self.escape(category), "STATUS:NEEDS-ACTION", "PRIORITY:" + (overdue ? "1" : "5"),
        ]
        for r in Set(reminders).sorted() {
            guard let day = Self.date(r), let days = Self.days(from: day, to: dueDay) else { continue }
            // From the start of the due day back to the reminder day's notice hour.
            let minutes = days * 1440 - noticeMinute
            let trigger = minutes >= 0 ? "-PT\(minutes)M" : "PT\(-minutes)M"
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + Self.escape("提醒：" + summary),
                      "TRIGGER;RELATED=END:" + trigger, "END:VALARM"]
        }
        lines.append("END:VTODO")
        return lines.map(Self.fold).joined()
    }

    /// The calendar, CRLF line ends.
    public func text() -> String {
        let head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//inspectd//supervision calendar//ZH",
                    "CALSCALE:GREGORIAN", "X-WR-CALNAME:" + Self.escape(name)].map(Self.fold).joined()
        return head + items.joined() + Self.fold("END:VCALENDAR")
    }

    // MARK: RFC 5545 text

    /// TEXT escaping (§3.3.11): backslash, semicolon, comma, line break.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out
    }

    /// A content line folded at 75 octets (§3.1), never inside a UTF-8 sequence, with its CRLF.
    static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let n = String(scalar).utf8.count
            if width + n > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(scalar)
            width += n
        }
        return out + "\r\n"
    }

    static func date(_ iso: String) -> DateComponents? {
        let p = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        return DateComponents(year: p[0], month: p[1], day: p[2])
    }

    /// `HH:MM` as hour and minute.
    /// Also the time of `YYYY-MM-DDTHH:MM[:SS]`.
    public static func time(_ hhmm: String) -> (Int, Int)? {
        let clock = hhmm.split(separator: "T").last ?? Substring(hhmm)
        let p = clock.split(separator: ":").map { Int($0) }
        guard p.count >= 2, let h = p[0], let m = p[1], (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return (h, m)
    }

    static func compact(_ d: DateComponents) -> String { String(format: "%04d%02d%02d", d.year ?? 0, d.month ?? 0, d.day ?? 0) }

    /// Days from `a` to `b` (civil days, no time zone involved).
    static func days(from a: DateComponents, to b: DateComponents) -> Int? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let x = calendar.date(from: a), let y = calendar.date(from: b) else { return nil }
        return Int((y.timeIntervalSince(x) / 86_400).rounded())
    }

    static func utc(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.string(from: d)
    }
}
