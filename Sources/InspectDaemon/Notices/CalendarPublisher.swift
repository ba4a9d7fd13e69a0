import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging

/// The calendars the daemon keeps up to date in `notices.ics_dir`: `SUPERVISOR-ID.ics` for each
/// supervisor and `office.ics` for everything, each an RFC 5545 calendar of the open obligations
/// and deadlines due within `notices.ics_within` days (overdue ones included), for the office's
/// web server to publish. Written after each full notice run, from a copy of the state, off the
/// query path; each file replaced at once (rename), so a reader never sees half of one.
struct CalendarPublisher: Sendable {
    let stateDirectory: String
    let logger: Logger
    /// The planned visits come from here (`inspector-ID.ics` for each inspector who has one).
    let store: FactStore

    func publish(_ copy: DaemonState, now: LocalDateTime) {
        let configuration = copy.configuration
        guard let relative = configuration.icsDirectory else { return }
        let directory = relative.hasPrefix("/") ? relative : (stateDirectory as NSString).appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let lastDay = copy.today.adding(days: configuration.icsWithin)
            let deadlines = copy.deadlines(now: now)
                .filter { $0.state.isOpen && ($0.state == .overdue || $0.deadline.end <= lastDay) }
                .map { copy.view($0, now: now) }
            // Planned visits from today through the feeds' horizon, each on its day.
            let names = try store.inspectorNames()
            let visits = try store.visits(from: copy.today, to: lastDay).map { v in
                Control.Visit(date: v.date.iso, entity: v.entity, entityName: copy.snapshot.entities[v.entity]?.name ?? v.entity, jurisdiction: v.jurisdiction,
                              obligations: v.obligations, inspectors: v.inspectors, inspectorNames: v.inspectors.map { names[$0] ?? $0 }, due: v.due.iso,
                              reason: v.reason, id: v.id, moveReason: v.moveReason)
            }
            func feed(_ name: String, _ days: OpenObligationIndex.Days, supervisor: String?) -> CalendarFeed {
                var feed = CalendarFeed(name: name, noticeMinute: configuration.noticeMinute, stamp: Date())
                days.walk(after: nil, through: lastDay.dayNumber) { r in
                    if let o = copy.snapshot.obligation(r) {
                        feed.add(copy.view(o, reminders: true), basis: copy.lookups.rule(o.ruleID)?.basis)
                    }
                    return true
                }
                for d in deadlines where supervisor == nil || d.supervisor == supervisor { feed.add(d) }
                for v in visits where supervisor == nil || copy.snapshot.entities[v.entity]?.supervisor == supervisor { feed.add(v) }
                return feed
            }
            var written = 0
            for s in configuration.supervisors {
                try write(feed("\(configuration.office.name) · \(s.id) \(s.name)", copy.snapshot.index.days(.supervisor, s.id), supervisor: s.id),
                          to: (directory as NSString).appendingPathComponent("\(s.id).ics"))
                written += 1
            }
            try write(feed(configuration.office.name, copy.snapshot.index.all, supervisor: nil),
                      to: (directory as NSString).appendingPathComponent("office.ics"))
            // Each inspector's own visits.
            for (id, name) in names.sorted(by: { $0.key < $1.key }) {
                var own = CalendarFeed(name: "\(configuration.office.name) · 检查人员 \(id) \(name)", noticeMinute: configuration.noticeMinute, stamp: Date())
                for v in visits where v.inspectors.contains(id) { own.add(v) }
                guard own.count > 0 else { continue }
                try write(own, to: (directory as NSString).appendingPathComponent("inspector-\(id).ics"))
                written += 1
            }
            logger.info("calendars: \(written + 1) files in \(directory), due through \(lastDay.iso)")
        } catch {
            logger.error("calendars: could not write \(directory): \(error)")
        }
    }

    private func write(_ feed: CalendarFeed, to path: String) throws {
        let temporary = path + ".new"
        try Data(feed.text().utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    }
}
