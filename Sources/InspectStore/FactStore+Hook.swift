import Foundation
import InspectCore

/// A notice a command hook has not accepted: its attempts so far and, when dead-lettered, when.
public struct HookRecord: Sendable {
    /// The hook's name (`notices.hooks.NAME`; `default` for `notices.hook`).
    public var hook: String
    public var notice: Notice
    public var attempts: Int
    public var lastError: String?
    public var lastAttemptAt: Int64?
    public var nextAttemptAt: Int64
    public var deadAt: Int64?
    /// The digest it goes out in (a built-in channel's), once assigned.
    public var digest: String? = nil
}

/// What `recordHookFailure` decided.
public enum HookFailureOutcome: Equatable, Sendable {
    /// Retried at this unix time.
    case retryAt(Int64)
    /// Dead-lettered now (after this many attempts).
    case dead(attempts: Int)
}

extension FactStore {
    // MARK: Command hooks (notices.hook, notices.hooks)

    /// Takes or renews the lease of `hook`'s queue for `holder` until `now + seconds`; false
    /// while another holder's lease runs (issue 16: one daemon at a time runs a channel). On
    /// PostgreSQL a lease whose holder is gone is taken over at once: a holder with no session
    /// left (a daemon killed), or not heard from for ``LeaderElection/absentSeconds`` (its host
    /// lost or the process frozen: its sessions may stay open on the server long after). Once
    /// daemons elect a leader there (the table `leader_lease` exists), only the leader's lease
    /// holder, on the server's clock, takes or renews it — before each message (issue 24: a
    /// leader frozen past its lease sends nothing).
    public func leaseHook(_ hook: String, holder: String, now: Int64, seconds: Int64) throws -> Bool {
        try write { db in
            StoreChange.note(.outbox)
            // The tables are named only where they exist: PostgreSQL plans the statement whole.
            // (An INSERT … SELECT before ON CONFLICT needs its WHERE for SQLite's parser.)
            let (fenced, presence) = try db.dialect == .sqlite ? (false, false) : db.row("""
                SELECT to_regclass('leader_lease') IS NOT NULL AS fenced, to_regclass('\(LeaderElection.presenceTable)') IS NOT NULL AS presence
                """).map { ($0["fenced"] as Bool, $0["presence"] as Bool) } ?? (false, false)
            let gone = db.dialect == .sqlite ? "" : """
                 OR NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
                    AND application_name IN ('inspectd/' || hook_lease.holder || '/pool', 'inspectd/' || hook_lease.holder || '/listen',
                                             'inspectd/' || hook_lease.holder || '/leader'))
                """ + (presence ? """
                 OR NOT EXISTS (SELECT 1 FROM \(LeaderElection.presenceTable) WHERE instance = hook_lease.holder
                    AND seen > clock_timestamp() - make_interval(secs => \(LeaderElection.absentSeconds)))
                """ : "")
            return try db.execute("""
                INSERT INTO hook_lease (hook, holder, until) SELECT ?, ?, ?\(fenced ? """
                     WHERE EXISTS (SELECT 1 FROM leader_lease WHERE id = 1 AND holder = ? AND until > clock_timestamp())
                    """ : " WHERE 1 = 1")
                ON CONFLICT (hook) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE hook_lease.holder = excluded.holder OR hook_lease.until < ?\(gone)
                """, fenced ? [hook, holder, now + seconds, holder, now] : [hook, holder, now + seconds, now]) > 0
        }
    }

    /// Gives back every lease `holder` holds: a daemon starting under the name of one that died
    /// (restarted by systemd) ends its earlier life's leases, which its own sessions would
    /// otherwise keep alive until they run out. Reads first, so that a start beside a busy
    /// leader takes the write lock only when there is a lease to give back.
    public func releaseHooks(heldBy holder: String) throws {
        let held = try engine.read { db in try db.value(as: Int64.self, "SELECT count(*) FROM hook_lease WHERE holder = ?", [holder]) }
        guard (held ?? 0) > 0 else { return }
        try write { db in
            StoreChange.note(.outbox)
            try db.execute("DELETE FROM hook_lease WHERE holder = ?", [holder])
        }
    }

    /// Gives the lease back (a pass is over): another daemon may run the queue at once.
    public func releaseHook(_ hook: String, holder: String) throws {
        try write { db in
            StoreChange.note(.outbox)
            try db.execute("DELETE FROM hook_lease WHERE hook = ? AND holder = ?", [hook, holder])
        }
    }

    /// Queues these notices for each of `hooks` (idempotent: a notice already queued for a hook
    /// keeps its state there). Called before the notices are delivered, so a crash in between
    /// delivers and then hooks them.
    public func queueForHook(_ keys: [String], hooks: [String], at time: Int64) throws {
        guard !keys.isEmpty, !hooks.isEmpty else { return }
        // Rows by the hundred in one statement, not one statement per row: a day of thousands of
        // notices held the write lock for as many round trips, and every other write timed out.
        try write { db in
            StoreChange.note(.outbox)
            for hook in hooks {
                for start in stride(from: 0, to: keys.count, by: 300) {
                    let rows = keys[start..<min(keys.count, start + 300)]
                    try db.execute("INSERT INTO notice_hook (hook, key, queued_at) VALUES " + Array(repeating: "(?, ?, ?)", count: rows.count).joined(separator: ", ")
                                   + " ON CONFLICT DO NOTHING", rows.flatMap { [hook, $0, time] as StoreArguments })
                }
            }
        }
    }

    /// Notices to give to `hook` now: delivered to the log and journal, queued for the hook, not
    /// accepted, not dead, next attempt due. Oldest first, with their attempt count so far.
    public func pendingForHook(_ hook: String, now: Int64, limit: Int = 100) throws -> [HookRecord] {
        try engine.read { db in
            try db.rows("""
                SELECT h.hook, n.body, h.attempts, h.last_error, h.last_attempt_at, h.next_attempt_at, h.dead_at, h.digest
                FROM notice_hook h JOIN notice n ON n.key = h.key
                WHERE h.hook = ? AND n.delivered_at IS NOT NULL AND h.accepted_at IS NULL AND h.dead_at IS NULL AND h.next_attempt_at <= ?
                ORDER BY n.id LIMIT ?
                """, [hook, now, limit]).map(Self.hookRecord)
        }
    }

    /// The earliest unix time at which a notice queued for `hook` is due for another attempt, if any waits.
    public func nextHookAttempt(_ hook: String) throws -> Int64? {
        try engine.read { db in
            try db.value(as: Int64.self, """
                SELECT MIN(h.next_attempt_at) FROM notice_hook h JOIN notice n ON n.key = h.key
                WHERE h.hook = ? AND n.delivered_at IS NOT NULL AND h.accepted_at IS NULL AND h.dead_at IS NULL
                """, [hook])
        }
    }

    /// `hook` accepted the notice (exit status 0).
    public func recordHookSuccess(_ key: String, hook: String, at time: Int64) throws {
        try recordHookSuccess([key], hook: hook, at: time)
    }

    /// `hook` accepted these notices (a digest's members): all marked in one transaction, a
    /// statement per ``keyListSize`` keys (not one per key: a digest of hundreds held the write
    /// lock for as many round trips, seconds on a loaded machine, and other writers timed out).
    public func recordHookSuccess(_ keys: [String], hook: String, at time: Int64) throws {
        guard !keys.isEmpty else { return }
        try write { db in
            StoreChange.note(.outbox)
            for chunk in Self.keyLists(keys) {
                try db.execute("""
                    UPDATE notice_hook SET attempts = attempts + 1, last_attempt_at = ?, accepted_at = ?, last_error = NULL
                    WHERE hook = ? AND accepted_at IS NULL AND key IN (\(Self.placeholders(chunk.count)))
                    """, [time, time, hook] + chunk.map { $0 as (any StoreValueConvertible)? })
            }
        }
    }

    /// Puts each group's notices (queued for `hook`, not yet in a digest) into the digest keyed
    /// `key`, in one transaction: the digest is then the outbox item its members go out in.
    /// The pairs (notice, digest) go by the hundred in one statement: a channel with a message
    /// per notice has as many digests as notices, and a statement per digest held the write lock
    /// for thousands of round trips.
    public func assignDigests(_ groups: [(key: String, members: [String])], hook: String) throws {
        let pairs = groups.flatMap { g in g.members.map { (key: $0, digest: g.key) } }
        guard !pairs.isEmpty else { return }
        try write { db in
            StoreChange.note(.outbox)
            for start in stride(from: 0, to: pairs.count, by: 400) {
                let chunk = pairs[start..<min(pairs.count, start + 400)]
                try db.execute("""
                    WITH assigned (notice, digest) AS (VALUES \(Array(repeating: "(?, ?)", count: chunk.count).joined(separator: ", ")))
                    UPDATE notice_hook SET digest = (SELECT digest FROM assigned WHERE assigned.notice = notice_hook.key)
                    WHERE hook = ? AND digest IS NULL AND key IN (SELECT notice FROM assigned)
                    """, chunk.flatMap { [$0.key, $0.digest] as StoreArguments } + [hook])
            }
        }
    }

    /// The members of a digest still waiting (not accepted, not dead), oldest first.
    public func digestMembers(_ digest: String, hook: String) throws -> [HookRecord] {
        try engine.read { db in
            try db.rows("""
                SELECT h.hook, n.body, h.attempts, h.last_error, h.last_attempt_at, h.next_attempt_at, h.dead_at, h.digest
                FROM notice_hook h JOIN notice n ON n.key = h.key
                WHERE h.hook = ? AND h.digest = ? AND h.accepted_at IS NULL AND h.dead_at IS NULL ORDER BY n.id
                """, [hook, digest]).map(Self.hookRecord)
        }
    }

    /// A failed attempt: counts it and schedules the next one `backoff × 2^(attempts−1)` seconds on
    /// (at most `maxBackoff`), or dead-letters the notice when the failed attempt was the last
    /// retry (the first attempt and `retries` retries, `retries + 1` attempts in all, failed).
    public func recordHookFailure(_ key: String, hook: String, error: String, at time: Int64, retries: Int, backoff: Int,
                                  maxBackoff: Int = 6 * 3600) throws -> HookFailureOutcome {
        try recordHookFailure([key], hook: hook, error: error, at: time, retries: retries, backoff: backoff, maxBackoff: maxBackoff)
    }

    /// A failed attempt of several notices sent together (a digest): each counted and scheduled
    /// as `recordHookFailure` does, in one transaction; the outcome of the last.
    @discardableResult
    public func recordHookFailure(_ keys: [String], hook: String, error: String, at time: Int64, retries: Int, backoff: Int,
                                  maxBackoff: Int = 6 * 3600) throws -> HookFailureOutcome {
        guard !keys.isEmpty else { return .dead(attempts: 0) }
        // The members' attempts read together and updated by how many they had (a digest's
        // members share it, as a rule): a few statements, not two per member under the write lock.
        return try write { db in
            StoreChange.note(.outbox)
            var before: [String: Int] = [:]
            for chunk in Self.keyLists(keys) {
                for row in try db.rows("SELECT key, attempts FROM notice_hook WHERE hook = ? AND key IN (\(Self.placeholders(chunk.count)))",
                                       [hook] + chunk.map { $0 as (any StoreValueConvertible)? }) {
                    before[row["key"] as String] = row["attempts"] as Int
                }
            }
            var outcomes: [Int: HookFailureOutcome] = [:]
            for (attempted, members) in Dictionary(grouping: keys, by: { before[$0] ?? 0 }) {
                let attempts = attempted + 1
                let outcome = Self.failureOutcome(attempts: attempts, at: time, retries: retries, backoff: backoff, maxBackoff: maxBackoff)
                outcomes[attempted] = outcome
                for chunk in Self.keyLists(members) {
                    let list = chunk.map { $0 as (any StoreValueConvertible)? }
                    switch outcome {
                    case .dead:
                        try db.execute("""
                            UPDATE notice_hook SET attempts = ?, last_error = ?, last_attempt_at = ?, dead_at = ?
                            WHERE hook = ? AND accepted_at IS NULL AND dead_at IS NULL AND key IN (\(Self.placeholders(chunk.count)))
                            """, [attempts, error, time, time, hook] + list)
                    case .retryAt(let next):
                        try db.execute("""
                            UPDATE notice_hook SET attempts = ?, last_error = ?, last_attempt_at = ?, next_attempt_at = ?
                            WHERE hook = ? AND accepted_at IS NULL AND dead_at IS NULL AND key IN (\(Self.placeholders(chunk.count)))
                            """, [attempts, error, time, next, hook] + list)
                    }
                }
            }
            // The outcome of the last key, as before.
            return outcomes[before[keys[keys.count - 1]] ?? 0] ?? .dead(attempts: 0)
        }
    }

    /// What a failed attempt, the `attempts`-th, leads to: dead once `retries` retries failed,
    /// else the next attempt `backoff × 2^(attempts−1)` seconds on (at most `maxBackoff`).
    private static func failureOutcome(attempts: Int, at time: Int64, retries: Int, backoff: Int, maxBackoff: Int) -> HookFailureOutcome {
        if attempts > retries { return .dead(attempts: attempts) }
        let exponent = min(attempts - 1, 30)
        let (product, overflow) = backoff.multipliedReportingOverflow(by: 1 << exponent)
        let delay = overflow ? maxBackoff : min(product, maxBackoff)
        return .retryAt(time + Int64(delay))
    }

    /// Dead-lettered notices of every hook, oldest first.
    public func hookDeadLetters() throws -> [HookRecord] {
        try engine.read { db in
            try db.rows("""
                SELECT h.hook, n.body, h.attempts, h.last_error, h.last_attempt_at, h.next_attempt_at, h.dead_at
                FROM notice_hook h JOIN notice n ON n.key = h.key
                WHERE h.dead_at IS NOT NULL ORDER BY h.dead_at, n.id
                """).map(Self.hookRecord)
        }
    }

    /// A page of the dead letters in `hookDeadLetters`' order, after the one at `after` (its
    /// `dead_at`, notice row id and hook); each with its notice's row id, for the next cursor.
    public func hookDeadLetterPage(after: (deadAt: Int64, notice: Int64, hook: String)?, limit: Int) throws
        -> (letters: [(notice: Int64, record: HookRecord)], remaining: Int) {
        try engine.read { db in
            let base = "FROM notice_hook h JOIN notice n ON n.key = h.key WHERE h.dead_at IS NOT NULL"
            var args: StoreArguments = []
            var page = base
            if let after { page += " AND (h.dead_at, n.id, h.hook) > (?, ?, ?)"; args = [after.deadAt, after.notice, after.hook] }
            let rows = try db.rows("""
                SELECT n.id AS notice_id, h.hook, n.body, h.attempts, h.last_error, h.last_attempt_at, h.next_attempt_at, h.dead_at
                \(page) ORDER BY h.dead_at, n.id, h.hook LIMIT ?
                """, args + [min(limit, Int(Int32.max))])
            let letters = try rows.map { (notice: $0["notice_id"] as Int64, record: try Self.hookRecord($0)) }
            var remaining = 0
            if let last = letters.last, letters.count == limit {
                remaining = try db.value(as: Int.self, "SELECT COUNT(*) \(base) AND (h.dead_at, n.id, h.hook) > (?, ?, ?)",
                                             [last.record.deadAt ?? 0, last.notice, last.record.hook]) ?? 0
            }
            return (letters, remaining)
        }
    }

    /// Puts dead letters back in their hook's queue, due now, their attempts counted from zero
    /// (after the operator fixed the cause): the given keys, or every dead letter; optionally of
    /// one hook. Returns how many.
    @discardableResult
    public func requeueDeadLetters(keys: [String]?, hook: String?, at time: Int64) throws -> Int {
        try write { db in
            StoreChange.note(.outbox)
            var sql = "UPDATE notice_hook SET dead_at = NULL, attempts = 0, next_attempt_at = ?, last_error = NULL WHERE dead_at IS NOT NULL"
            var args: StoreArguments = [time]
            if let hook { sql += " AND hook = ?"; args.append(hook) }
            if let keys {
                guard !keys.isEmpty else { return 0 }
                sql += " AND key IN (" + keys.map { _ in "?" }.joined(separator: ",") + ")"
                args += keys
            }
            return try db.execute(sql, args)
        }
    }

    /// Per hook: notices waiting for their first attempt, waiting to be retried, accepted, dead;
    /// and the messages accepted and dead (a digest counts once). Counted again only after the
    /// queues changed (every `status` asks).
    public func hookCounts() throws -> [HookCounts] {
        let generation = engine.changeGeneration
        if let cached = counts.withLock({ $0.hooks }), cached.generation == generation { return cached.counts }
        let fresh = try countHooks()
        counts.withLock { c in if c.hooks.map({ $0.generation <= generation }) ?? true { c.hooks = (generation, fresh) } }
        return fresh
    }

    private func countHooks() throws -> [HookCounts] {
        // A message is a digest (its key, shared by its members, marked together) or a notice
        // sent alone (no digest: a command hook's run); '#' keeps a notice's key apart from a
        // digest's. COUNT(DISTINCT CASE …) rather than FILTER on a DISTINCT aggregate: the same
        // text on SQLite and PostgreSQL.
        try engine.read { db in
            try db.rows("""
                SELECT hook,
                       COUNT(*) FILTER (WHERE accepted_at IS NULL AND dead_at IS NULL AND attempts = 0) AS waiting,
                       COUNT(*) FILTER (WHERE accepted_at IS NULL AND dead_at IS NULL AND attempts > 0) AS retrying,
                       COUNT(*) FILTER (WHERE accepted_at IS NOT NULL) AS accepted,
                       COUNT(*) FILTER (WHERE dead_at IS NOT NULL) AS dead,
                       COUNT(DISTINCT CASE WHEN accepted_at IS NOT NULL THEN COALESCE(digest, '#' || key) END) AS accepted_messages,
                       COUNT(DISTINCT CASE WHEN dead_at IS NOT NULL THEN COALESCE(digest, '#' || key) END) AS dead_messages
                FROM notice_hook GROUP BY hook ORDER BY hook
                """).map {
                HookCounts(hook: $0["hook"], waiting: $0["waiting"], retrying: $0["retrying"], accepted: $0["accepted"], dead: $0["dead"],
                           acceptedMessages: $0["accepted_messages"], deadMessages: $0["dead_messages"])
            }
        }
    }

    static func hookRecord(_ row: StoreRow) throws -> HookRecord {
        let body: String = row["body"]
        return HookRecord(hook: row["hook"], notice: try JSONDecoder().decode(Notice.self, from: Data(body.utf8)),
                          attempts: row["attempts"], lastError: row["last_error"], lastAttemptAt: row["last_attempt_at"],
                          nextAttemptAt: row["next_attempt_at"], deadAt: row["dead_at"],
                          digest: row.hasColumn("digest") ? row["digest"] : nil)
    }
}

/// A channel's queue counted for `status`: its notices by state, and the messages they went out
/// (or died) in — a daily digest carries many notices in one message (issue 26: "75 sent" when 7
/// e-mails went out).
public struct HookCounts: Sendable, Equatable {
    public var hook: String
    public var waiting: Int
    public var retrying: Int
    public var accepted: Int
    public var dead: Int
    /// Distinct digests accepted (a notice sent alone counts as one).
    public var acceptedMessages: Int
    /// Distinct digests dead-lettered (a notice alone counts as one).
    public var deadMessages: Int

    public init(hook: String, waiting: Int, retrying: Int, accepted: Int, dead: Int, acceptedMessages: Int, deadMessages: Int) {
        self.hook = hook; self.waiting = waiting; self.retrying = retrying; self.accepted = accepted; self.dead = dead
        self.acceptedMessages = acceptedMessages; self.deadMessages = deadMessages
    }
}
