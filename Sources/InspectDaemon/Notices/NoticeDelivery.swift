import Foundation
import InspectConfig
import InspectCore
import Logging
import InspectStore
import SystemdSupport

/// Delivers decided notices to their sinks: the systemd journal (structured fields, one
/// `MESSAGE_ID` per kind) or, where there is no journal, standard error; and the JSON-lines log.
struct NoticeDelivery: Sendable {
    var log: NoticeLog
    var useJournal: Bool
    var logger: Logger
    /// Called during long recovery work (the journal barrier and lookups): the daemon pings its
    /// watchdog there, as the work runs on the queue that normally pings it.
    var keepAlive: @Sendable () -> Void = {}
    /// The test hook that kills the daemon at a named step (`INSPECTD_TEST_CRASH_AT`).
    var crashPoint = TestCrashPoint()
    /// The test hook that holds the delivery at a named step (`INSPECTD_TEST_PAUSE_AT=after-log`).
    var pausePoint = TestPausePoint(environment: [:])
    /// This daemon's name, kept with each notice whose delivery it begins (issue 16).
    var instance: String?
    /// Whether this daemon may deliver now: on a shared store, while it holds the leader's lease
    /// (``LeaderElection``); always on SQLite. Asked before each step of each batch.
    var mayAct: @Sendable () -> Bool = { true }

    /// This daemon's lease ran out (or it stopped leading) in the middle of a delivery: the rest
    /// is the next leader's, which repeats what was begun here and not marked.
    struct LeaseLost: Error, CustomStringConvertible {
        var description: String { "this daemon no longer leads: the rest of the delivery is left to the next leader" }
    }

    private func checkLease() throws { guard mayAct() else { throw LeaseLost() } }

    /// Journal fields of a notice. Names are uppercase `[A-Z0-9_]`: journald drops any other.
    static func journalFields(_ n: Notice, supervisorName: String?, office: String) -> [(String, String)] {
        var f: [(String, String)] = [
            ("MESSAGE_ID", n.kind.messageID),
            ("SYSLOG_IDENTIFIER", "inspectd"),
            ("INSPECTD_NOTICE", n.kind.rawValue),
            ("INSPECTD_STAGE", n.stage),
            ("INSPECTD_KEY", n.key),
            ("INSPECTD_ENTITY", n.entityID),
            ("INSPECTD_ENTITY_NAME", n.entityName),
            ("INSPECTD_RULE", n.ruleID),
            ("INSPECTD_SOURCE", n.source.joined(separator: ",")),
            ("INSPECTD_PERIOD", n.period),
            ("INSPECTD_DUE", n.due.iso),
            ("INSPECTD_OFFICE", office),
            ("INSPECTD_BASIS", n.basis),
        ]
        if let s = n.supervisor { f.append(("INSPECTD_SUPERVISOR", s)) }
        if let s = supervisorName { f.append(("INSPECTD_SUPERVISOR_NAME", s)) }
        for cc in n.copyTo ?? [] { f.append(("INSPECTD_CC", cc)) }
        return f
    }

    /// Delivers the outbox's pending notices: the log first (fsynced), then the journal (or
    /// standard error), marking each step in the outbox so that a crash at any point neither
    /// loses nor duplicates a notice:
    ///
    /// - a notice whose log write had begun is looked for in the log (``NoticeLog/recover(inFlight:)``)
    ///   and written only if it is not there;
    /// - a notice already logged may have reached the journal: after a journal barrier (every
    ///   entry the crashed daemon sent is then written) the journal is searched for its
    ///   `INSPECTD_KEY` and it is sent only if absent. When the journal cannot be read (the
    ///   service is not in group `systemd-journal`), it is sent again, with a warning: a
    ///   duplicate is better than a missed deadline.
    ///
    /// Throws when the log or the outbox cannot be written; the notices stay pending and are retried.
    func deliver(_ pending: [PendingNotice], store: FactStore, configuration: Configuration, now: () -> Int64) throws {
        guard !pending.isEmpty else { return }
        // A delivery another daemon began is taken over: that daemon led before this one, and its
        // lease, which ended before this one's began, stopped it before its next step (issue 24).
        // In batches, each through every step before the next begins: a daemon killed at any
        // point leaves at most one batch begun and not finished, and only that batch is repeated
        // by whoever delivers after it.
        for start in stride(from: 0, to: pending.count, by: Self.batchSize) {
            try deliverBatch(Array(pending[start..<min(pending.count, start + Self.batchSize)]), store: store, configuration: configuration, now: now)
        }
    }

    /// The most notices delivered through the steps together (and so the most a kill repeats).
    static let batchSize = 100

    private func deliverBatch(_ pending: [PendingNotice], store: FactStore, configuration: Configuration, now: () -> Int64) throws {
        var pending = pending
        // Begun by a daemon that is gone (on a shared store): its log and journal are on its own
        // host, where this one cannot look, so what it began is written again here — marked with
        // the instance that began it, so that a reader merging the hosts' logs drops it by key.
        var repeatOf: [String: String] = [:]
        for p in pending where p.progress != .decided {
            if let other = p.deliveredBy, other != instance { repeatOf[p.key] = other }
        }

        // 1. The notice log.
        var inLog = Set(pending.filter { $0.progress == .logged }.map(\.key))
        let uncertain = Set(pending.filter { $0.progress == .logStarted }.map(\.key))
        if !uncertain.isEmpty {
            let recovery = try log.recover(inFlight: uncertain)
            if recovery.cutBytes > 0 {
                logger.warning("notice log \(log.path): cut a torn last line (\(recovery.cutBytes) bytes) left by a crash during a write")
            }
            if !recovery.found.isEmpty {
                logger.notice("\(recovery.found.count) notice(s) were already in the notice log before a crash; not written again")
            }
            inLog.formUnion(recovery.found)
        }
        var toLog = pending.map(\.notice).filter { !inLog.contains($0.key) }
        try checkLease()
        // A notice only decided is claimed by marking it: one another daemon marked first is
        // that daemon's to deliver (issue 16: two daemons that both believed they led).
        let decided = Set(pending.filter { $0.progress == .decided }.map(\.key))
        let claimed = try store.markLogStarted(toLog.map(\.key), at: now(), by: instance)
        let others = decided.subtracting(claimed)
        if !others.isEmpty {
            logger.notice("\(others.count) notice(s) are being delivered by another daemon; not sent here")
            pending.removeAll { others.contains($0.key) }
            toLog.removeAll { others.contains($0.key) }
        }
        crashPoint.reach("after-log-started")
        try checkLease()
        // Checked before each line and each journal entry too, not only before each step: a
        // daemon paused in the middle of a batch (a VM frozen) finds when it resumes that it no
        // longer leads before it writes another line; the next leader repeats the batch, marked.
        let cut = try log.append(toLog.map { try NoticeLog.line(for: $0, configuration: configuration, repeatOf: repeatOf[$0.key]) }, crashPoint: crashPoint,
                                 beforeEachLine: checkLease)
        if cut > 0 { logger.warning("notice log \(log.path): cut a torn last line (\(cut) bytes) left by an interrupted write") }
        crashPoint.reach("after-log")
        pausePoint.reach("after-log")
        try store.markLogged(pending.filter { $0.progress != .logged }.map(\.key), at: now())
        crashPoint.reach("after-logged")

        // 2. The journal (or standard error).
        try checkLease()
        let alreadySent = useJournal ? journalHolds(pending.filter { $0.progress == .logged }.map(\.key)) : []
        var retry: Set<String> = []
        for n in pending.map(\.notice) where !alreadySent.contains(n.key) {
            pausePoint.reach("journal-entry")
            try checkLease()
            if !send(n, configuration: configuration, repeatOf: repeatOf[n.key]) { retry.insert(n.key) }
            crashPoint.reach("journal-entry")
        }
        crashPoint.reach("after-journal")
        try store.markDelivered(pending.map(\.key).filter { !retry.contains($0) }, at: now())
        if !retry.isEmpty {
            // Left as logged: the next tick looks them up in the journal and sends what is missing.
            logger.warning("journald did not take \(retry.count) notice(s) for now; they are retried")
        }
    }

    /// Which of `keys` (notices logged before a crash) the journal already holds.
    private func journalHolds(_ keys: [String]) -> Set<String> {
        guard !keys.isEmpty else { return [] }
        do {
            let token = UUID().uuidString
            guard try JournalReader.barrier(message: "inspectd: checking the journal for \(keys.count) notice(s) sent before a restart",
                                            field: "INSPECTD_SYNC", token: token, waiting: keepAlive) else {
                logger.warning("cannot read the journal back (is the service in group systemd-journal?): \(keys.count) notice(s) logged before a crash are sent to the journal again and may appear there twice")
                return []
            }
            let reader = try JournalReader()
            var held: Set<String> = []
            for (i, key) in keys.enumerated() {
                // Only inspectd's notices: other entries may carry an INSPECTD_KEY-like field.
                if try reader.contains([("INSPECTD_KEY", key), ("SYSLOG_IDENTIFIER", "inspectd")]) { held.insert(key) }
                if i % 1000 == 999 { keepAlive() }
            }
            if !held.isEmpty { logger.notice("\(held.count) notice(s) were already in the journal before a crash; not sent again") }
            return held
        } catch {
            logger.warning("journal lookup failed (\(error)): \(keys.count) notice(s) logged before a crash are sent again")
            return []
        }
    }

    /// Sends one notice; false when journald did not take it for now (to retry), true when it
    /// did — or refused it for good (too large), which is logged: the notice is in the log.
    private func send(_ n: Notice, configuration: Configuration, repeatOf: String? = nil) -> Bool {
        let office = configuration.responsibleOffice(of: n.supervisor)
        let supervisorName = configuration.supervisor(n.supervisor)?.name
        let copies = (n.copyTo ?? []).compactMap { configuration.supervisor($0)?.name }
        var addressee = supervisorName.map { "致 \($0)" } ?? "致 \(office)（该对象未指定主监管员）"
        if !copies.isEmpty { addressee += "，抄送 \(copies.joined(separator: "、"))" }
        addressee += "："
        let text = addressee + n.message
        if useJournal {
            do {
                try Journal.send(message: text, priority: JournalPriority(rawValue: Int32(n.kind.priority)) ?? .notice,
                                 orderedFields: Self.journalFields(n, supervisorName: supervisorName, office: office)
                                    + (repeatOf.map { [("INSPECTD_REPEAT_OF", $0)] } ?? []))
            } catch JournalError.sendFailed(let code) where [EAGAIN, ENOBUFS, ECONNREFUSED, EINTR].contains(code) {
                return false
            } catch {
                logger.error("journal refused notice \(n.key) (it is in the notice log): \(error)")
            }
        } else {
            FileHandle.standardError.write(Data("inspectd: notice: \(text)\n".utf8))
        }
        return true
    }
}
