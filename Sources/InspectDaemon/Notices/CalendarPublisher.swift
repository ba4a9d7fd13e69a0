import Foundation
import InspectConfig
import InspectControl
import InspectCore

/// The calendars the daemon keeps up to date in `notices.ics_dir` (issue 13, calendar feeds):
/// `SUPERVISOR-ID.ics` for each supervisor and `office.ics` for everything, each an RFC 5545
/// calendar of the open obligations and deadlines due within `notices.ics_within` days (overdue
/// ones included), for the office's web server to publish. Written after each full notice run,
/// from a copy of the schedule, off the query path; each file replaced at once (rename), so a
/// reader never sees half of one.
extension Daemon {
    func publishCalendars() {
        let (copy, configuration, lookups, lifecycle, now) = read { (snapshot, self.configuration, self.lookups, self.lifecycle, clock.localNow()) }
        guard let relative = configuration.icsDirectory else { return }
        let directory = relative.hasPrefix("/") ? relative : (options.stateDirectory as NSString).appendingPathComponent(relative)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let lastDay = copy.today.adding(days: configuration.icsWithin)
            let tracker = DeadlineTracker(rules: configuration.rules.deadlines, calendar: configuration.calendar)
            let deadlines = lifecycle.values.flatMap { tracker.deadlines(of: $0, now: now) }
                .filter { $0.state.isOpen && ($0.state == .overdue || $0.deadline.end <= lastDay) }
                .sorted { DeadlineCursor($0) < DeadlineCursor($1) }
                .map { Self.deadlineView($0, snapshot: copy, configuration: configuration, now: now) }
            func feed(_ name: String, _ days: OpenObligationIndex.Days, supervisor: String?) -> CalendarFeed {
                var feed = CalendarFeed(name: name, noticeMinute: configuration.noticeMinute, stamp: Date())
                days.walk(after: nil, through: lastDay.dayNumber) { r in
                    if let o = copy.obligation(r) {
                        feed.add(Self.obligationView(o, snapshot: copy, configuration: configuration, lookups: lookups, reminders: true),
                                 basis: lookups.rule(o.ruleID)?.basis)
                    }
                    return true
                }
                for d in deadlines where supervisor == nil || d.supervisor == supervisor { feed.add(d) }
                return feed
            }
            var written = 0
            for s in configuration.supervisors {
                try write(feed("\(configuration.office.name) · \(s.id) \(s.name)", copy.index.days(.supervisor, s.id), supervisor: s.id),
                          to: (directory as NSString).appendingPathComponent("\(s.id).ics"))
                written += 1
            }
            try write(feed(configuration.office.name, copy.index.all, supervisor: nil), to: (directory as NSString).appendingPathComponent("office.ics"))
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
