import Foundation
import InspectConfig
import InspectCore

/// A digest as people read it, before a channel formats it: the title, the counts line and one
/// line per notice by section; the names of the addressee and of those copied (issue 13).
struct DigestText {
    var digest: NoticeDigest
    /// `【监管日程】张伟 2026-03-25`.
    var title: String
    var counts: String
    /// By section: the kind's label and its lines, each citing its basis by document and article.
    var sections: [(label: String, lines: [String])]
    /// The same lines for a card whose platform caps its size (WeCom: 4 KB): each cites its
    /// document by a mark (`依据①三(三)四(三)`) that `documents` explains once, so that a long
    /// document title is not repeated on every line and more lines fit (issue 26).
    var compactSections: [(label: String, lines: [String])]
    /// `依据文件：①《临沂市金融工作办公室责任清单》`: the documents the compact lines mark; nil when none.
    var documents: String?
    /// The titles of the digest's rules, by id (an escalation's rule has none).
    var ruleTitles: [String: String]
    var office: String
    /// The supervisor it is for, if any, and the managers copied on its overdue and escalated items.
    var addressee: Supervisor?
    var copied: [Supervisor]
    /// Tomorrow's visits that concern the addressee (明日检查安排), after the notices; nil when none.
    var agenda: VisitAgenda?
    /// A line for the office about the holiday calendar (next year's arrangement missing), under the counts.
    var calendarNote: String?
    /// First under the counts when an e-mail goes to the channel's fallback mailbox for a
    /// supervisor without an address: whose digest it is, to pass on.
    var forwardNote: String?
    /// Under the counts when the addressee has overdue items the digest does not list (announced
    /// on an earlier day): how many, and the commands that list them.
    var overdueNote: String?

    init(_ digest: NoticeDigest, configuration: Configuration, agenda: VisitAgenda? = nil) {
        self.digest = digest
        self.agenda = agenda.flatMap { $0.items.isEmpty ? nil : $0 }
        addressee = configuration.supervisor(digest.addressee)
        office = configuration.responsibleOffice(of: digest.addressee)
        let copyIDs = Set(digest.notices.flatMap { $0.copyTo ?? [] }).subtracting([digest.addressee].compactMap { $0 })
        copied = copyIDs.sorted().compactMap { configuration.supervisor($0) }
        title = "【监管日程】\(addressee?.name ?? office) \(digest.day.iso)"
        counts = digest.countsLine
        var titles: [String: String] = [:]
        for n in digest.notices { titles[n.ruleID] = configuration.rule(n.ruleID)?.title }
        ruleTitles = titles
        sections = digest.sections.map { s in (s.label, s.notices.map { NoticeDigest.line($0, ruleTitle: titles[$0.ruleID]) }) }
        var marks: [String: String] = [:], order: [String] = []
        compactSections = digest.sections.map { s in
            (s.label, s.notices.map { n in
                guard let cited = NoticeCitation.parts(n.basis), !cited.document.isEmpty else {
                    return NoticeDigest.line(n, ruleTitle: titles[n.ruleID])
                }
                if marks[cited.document] == nil {
                    order.append(cited.document)
                    marks[cited.document] = Self.mark(order.count)
                }
                let mark = marks[cited.document] ?? ""
                return NoticeDigest.line(n, ruleTitle: titles[n.ruleID], citation: mark + cited.article)
            })
        }
        documents = order.isEmpty ? nil : "依据文件：" + order.map { (marks[$0] ?? "") + $0 }.joined(separator: " ")
    }

    /// `另有 6 项此前已通知的逾期事项未在此列出，见 inspectctl overdue --supervisor S02`: the overdue items
    /// counted in the digest's counts and not in its list; nil when it lists them all.
    static func overdueNote(_ digest: NoticeDigest, _ count: OverdueTotals.Count) -> String? {
        let earlier = digest.earlierOverdue
        guard earlier > 0 else { return nil }
        let who = digest.addressee.map { " --supervisor \($0)" } ?? ""
        let lists = ["inspectctl overdue\(who)"] + (count.deadlines > 0 ? ["inspectctl deadlines --overdue\(who)"] : [])
        return "另有 \(earlier) 项此前已通知的逾期事项未在此列出，见 " + lists.joined(separator: "、")
    }

    /// The footnote mark of the `n`th document: ① … ⑳, then [21].
    static func mark(_ n: Int) -> String {
        guard (1...20).contains(n), let scalar = Unicode.Scalar(0x245F + n) else { return "[\(n)]" }
        return String(Character(scalar))
    }

    /// The whole text, plain: title, counts, then each section's lines; cut to `budget` UTF-8
    /// bytes with a last line that says how many were left out (robots cap a message's size).
    /// `compact`: the lines that cite documents by mark, the marks explained under the counts.
    func plain(budget: Int = .max, heading: (String) -> String = { "【\($0)】" }, bullet: String = "- ",
               header: [String]? = nil, compact: Bool = false) -> String {
        let notes = [forwardNote, overdueNote, compact ? documents : nil, calendarNote].compactMap { $0 }
        var out = ((header ?? [title, counts]) + notes).joined(separator: "\n") + "\n"
        var shown = 0
        let total = digest.notices.count
        let reserve = 120  // room for the line that says what was left out
        outer: for s in compact ? compactSections : sections {
            let h = "\n" + heading(s.label) + "\n"
            if out.utf8.count + h.utf8.count + reserve > budget { break }
            out += h
            for line in s.lines {
                let l = bullet + line + "\n"
                if out.utf8.count + l.utf8.count + reserve > budget { break outer }
                out += l
                shown += 1
            }
        }
        if shown < total { out += "\n……另有 \(total - shown) 项未列出，请用 inspectctl upcoming 或 overdue 查看。\n" }
        if let agenda {
            // After the notices, within the same budget: the visits are a convenience, the
            // notices are what the digest is for.
            var block = "\n" + heading(agenda.heading) + "\n"
            var listed = 0
            for item in agenda.items {
                let l = bullet + item.line + "\n"
                if out.utf8.count + block.utf8.count + l.utf8.count + reserve > budget { break }
                block += l
                listed += 1
            }
            if listed < agenda.items.count { block += "……另有 \(agenda.items.count - listed) 次检查，请用 inspectctl plan visits --date \(agenda.day.iso) 查看。\n" }
            if out.utf8.count + block.utf8.count <= budget { out += block }
        }
        return out
    }
}
