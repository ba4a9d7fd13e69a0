import CLibPQ
import Foundation
import Locking

/// Hears the other daemons' commits (LISTEN on ``PostgresEngine/channel``; issue 16: a write on
/// one daemon is visible on the others within a second, without a polling loop that scans
/// tables). A thread of its own on a connection of its own, which it opens again when it is
/// lost (the server restarted, the session was cut); then it reads the writes it missed
/// meanwhile from the change feed (``ChangeFeed``) and hands them on as if heard, or, when the
/// feed no longer reaches back that far, reports that anything may have changed.
public final class PostgresListener: Sendable {
    let engine: PostgresEngine
    let onChange: @Sendable (_ from: String, _ changes: [StoreChange]) -> Void
    let onReconnect: @Sendable (ListenerResumption) -> Void
    private let stopped = Locked(false)
    /// After this long without a byte from the server, the listener asks it something.
    static let quietLimit: UInt64 = 10_000_000_000

    /// - Parameters:
    ///   - onChange: another daemon committed (its instance name); called on the listener's thread.
    ///   - onReconnect: the connection came back after a loss; the missed writes, when the feed
    ///     held them, went to `onChange` first.
    public init(engine: PostgresEngine, onChange: @escaping @Sendable (String, [StoreChange]) -> Void,
                onReconnect: @escaping @Sendable (ListenerResumption) -> Void) {
        self.engine = engine
        self.onChange = onChange
        self.onReconnect = onReconnect
    }

    /// Starts listening on a thread of its own; returns once LISTEN is in force (or after
    /// `waitingUpTo` seconds, if the server cannot be reached: it goes on trying).
    public func start(waitingUpTo limit: TimeInterval = 0) {
        let t = Thread { [self] in run() }
        t.name = "inspectd.listen"
        t.start()
        if limit > 0 { _ = listening.wait(timeout: .now() + limit) }
    }
    private let listening = DispatchSemaphore(value: 0)

    public func stop() { stopped.exchange(true) }
    private var isStopped: Bool { stopped.value }

    private func run() {
        // The first LISTEN comes before the daemon loads its state (Daemon.listen): nothing is
        // missed; a LISTEN after a lost connection may have missed commits.
        var lost = false
        var first = true
        // The newest feed row this daemon has (heard, read, or in the state it loaded); nil
        // when unknown (no feed, or a daemon heard that writes no feed): a reconnect then
        // reads everything.
        var last: Int64?
        while !isStopped {
            do {
                let c = try engine.dedicatedConnection(role: "listen")
                try c.script("LISTEN \(PostgresEngine.channel)")
                if first {
                    // Read after LISTEN, before the daemon loads its state: a write up to this
                    // id is in what it loads; one after it is heard.
                    last = try ChangeFeed.head(on: c)
                    first = false
                    listening.signal()
                    // Listening only after the daemon may have loaded its state (the server
                    // could not be reached at first): what came between is not known.
                    if lost { onReconnect(.everything) }
                } else if lost {
                    // LISTEN is in force again: a write committed from now on is heard, one
                    // before is in the feed (or both: applying a write twice changes nothing).
                    if let from = last, let missed = try ChangeFeed.entries(after: from, on: c) {
                        for entry in missed where entry.instance != engine.settings.instance {
                            engine.noteRemoteChange(entry.changes)
                            onChange(entry.instance, entry.changes)
                        }
                        last = missed.last?.id ?? from
                        onReconnect(.fromFeed(writes: missed.count { $0.instance != engine.settings.instance }))
                    } else {
                        last = try ChangeFeed.head(on: c)
                        onReconnect(.everything)
                    }
                }
                lost = false
                var heard = DispatchTime.now().uptimeNanoseconds
                while !isStopped {
                    var fds = pollfd(fd: c.socket, events: Int16(POLLIN), revents: 0)
                    let ready = poll(&fds, 1, 500)
                    if ready < 0 && errno != EINTR { throw StorageFailure.unavailable("poll: \(String(cString: strerror(errno)))") }
                    if ready > 0 {
                        heard = DispatchTime.now().uptimeNanoseconds
                    } else if DispatchTime.now().uptimeNanoseconds - heard > Self.quietLimit {
                        // Nothing heard for a while: ask. A server that no longer answers (a
                        // partition TCP has not noticed yet, a hung server) fails the statement
                        // within its answer timeout, and the listener starts again — and reads
                        // the writes it missed meanwhile from the feed.
                        _ = try c.run("SELECT 1", [])
                        heard = DispatchTime.now().uptimeNanoseconds
                    }
                    for n in try c.notifications() {
                        let (from, changes, id) = StoreChange.parseFeed(n.payload)
                        if let id {
                            // Read from the feed already (heard again after a reconnect).
                            if let l = last, id <= l { continue }
                            if last != nil { last = id }
                        } else if from != engine.settings.instance {
                            last = nil  // a daemon that writes no feed: the feed cannot say what was missed
                        }
                        guard from != engine.settings.instance else { continue }
                        engine.noteRemoteChange(changes)
                        onChange(from, changes)
                    }
                    if c.isBroken { throw StorageFailure.unavailable("the listening connection was lost") }
                }
            } catch {
                lost = true
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}

/// Which daemon leads: the holder of a lease, one row of `leader_lease` whose `until` the
/// leader renews every second from the database's clock. Only the leader runs the notice run,
/// escalations, deliveries and channels.
///
/// The lease fences the leader (issue 24): a leader cut off from the database, or whose server
/// stopped answering, stops deciding and sending before any other daemon may take over.
///
/// - A renewal sets `until = clock_timestamp() + lease` on the server. The leader counts its own
///   lease from the moment it *sent* the renewal, on its monotonic clock, and acts only while
///   less than `lease - margin` has passed since then. The server's clock read the renewal
///   later than that moment, so the leader's own end comes at least `margin` before `until`.
/// - Another daemon takes the row only once `until` has passed on the server's clock.
/// - Every delivery step checks ``isLeader`` before it begins, and each step (a batch of 100
///   through the log or the journal, a channel's lease renewal) is far shorter than `margin`.
///
/// So the two never act together; the cost is that a killed leader is replaced only after its
/// lease ends (``leaseSeconds`` + the follower's next try, about 7 s), and a leader whose
/// database stalls for more than `lease - margin - renewal` (3 s) pauses until it renews again.
/// Neither clock needs to agree with the other: only the rates of the two clocks matter over
/// the few seconds of a lease.
public final class LeaderElection: @unchecked Sendable {
    // @unchecked Sendable: `connection` is a libpq handle (not Sendable), touched only behind
    // `lock` and by the election's thread; the other state is behind `lock` too.
    /// How long a renewal keeps the lease on the server's clock.
    public static let leaseSeconds: Double = 6
    /// How much earlier than the server's `until` the leader stops: longer than any delivery
    /// step that began after a check, and than the clocks' drift over a lease.
    public static let marginSeconds: Double = 2
    /// How often the leader renews and the others try to take the lease.
    public static let renewalSeconds: Double = 1
    /// A renewal waits for the server no longer than this (then the connection is given up and
    /// another one opened at the next try).
    static let renewalAnswerSeconds: Double = 2
    /// A daemon not heard from for this long, on the server's clock, is taken for gone: every
    /// daemon's election says it is present at each step (``presenceTable``), leader or not.
    /// The server's sessions are no proof of life — a lost host's stay open until TCP notices,
    /// or for as long as a proxy in between keeps them — so what waits for a daemon that may be
    /// gone (a channel's queue it held, a second daemon of its name) waits for this instead.
    public static let absentSeconds: Double = 10
    /// One row per daemon: `seen`, when its election last reached the server.
    static let presenceTable = "daemon_presence"

    let engine: PostgresEngine
    let onChange: @Sendable (Bool) -> Void
    private let lock = NSLock()
    private var leading = false
    private var stopped = false
    private var connection: PostgresConnection?
    /// The end of this daemon's own lease, on the monotonic clock (nanoseconds of uptime).
    private var leadsUntil: UInt64 = 0
    /// The lease's term this daemon holds (a new term each time the lease changes hands).
    private var term: Int64?
    private var tableReady = false
    /// Takes part in the election (else it only says it is present): false while the database's
    /// schema is newer than this daemon knows (``FactStore/unknownMigrations()``).
    private var mayLead = true
    /// Wakes the election's thread from its pause between steps (a stop).
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled by the election's thread once it gave the lease back and ended.
    private let ended = DispatchSemaphore(value: 0)

    /// `onChange(true)` when this daemon becomes the leader, `(false)` when it stops being one;
    /// called on the election's thread, or on a timer's when the lease ran out.
    public init(engine: PostgresEngine, onChange: @escaping @Sendable (Bool) -> Void) {
        self.engine = engine
        self.onChange = onChange
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    private static func nanoseconds(_ t: Double) -> UInt64 { UInt64(t * 1_000_000_000) }

    /// Whether this daemon leads now: it holds the lease and less than `lease - margin` has passed
    /// since it sent its last renewal. Checked before every delivery step.
    public var isLeader: Bool { lock.lock(); defer { lock.unlock() }; return leading && Self.now() < leadsUntil }

    /// Whether this daemon may take the lease: a daemon older than the schema says it is present
    /// and never leads (a leader gives the lease back at its next step).
    public func setMayLead(_ may: Bool) {
        lock.lock(); mayLead = may; lock.unlock()
        if !may { wake.signal() }
    }

    /// What remains of this daemon's lease (nil when it does not lead).
    public var leaseRemaining: Double? {
        lock.lock(); defer { lock.unlock() }
        let now = Self.now()
        guard leading, now < leadsUntil else { return nil }
        return Double(leadsUntil - now) / 1e9
    }

    public func start(interval: TimeInterval = renewalSeconds) {
        let t = Thread { [self] in
            while true {
                lock.lock()
                let stop = stopped
                let held = stop ? connection : nil
                if stop { connection = nil }
                lock.unlock()
                if stop {
                    // The lease ends `margin` from now rather than at once: a step that began
                    // before the stop finishes first. The session ends with the connection.
                    if let held { try? release(on: held) }
                    ended.signal()
                    break
                }
                step()
                _ = wake.wait(timeout: .now() + interval)
            }
        }
        t.name = "inspectd.leader"
        t.start()
    }

    /// Stops leading at once and gives the lease back (another daemon takes it `margin` later);
    /// returns once it is given back, or after 3 s (a server that does not answer: the lease
    /// then runs out by itself).
    public func stop() {
        lock.lock()
        let first = !stopped
        stopped = true
        let was = leading
        leading = false
        leadsUntil = 0
        lock.unlock()
        if was { onChange(false) }
        guard first else { return }
        wake.signal()
        _ = ended.wait(timeout: .now() + 3)
    }

    private func step() {
        do {
            lock.lock(); let existing = connection; lock.unlock()
            let c = try existing ?? engine.dedicatedConnection(role: "leader", answerTimeout: Self.renewalAnswerSeconds)
            lock.lock(); connection = c; let ready = tableReady; lock.unlock()
            if !ready {
                try Self.createTable(on: c)
                lock.lock(); tableReady = true; lock.unlock()
            }
            lock.lock(); let may = mayLead, held = leading; lock.unlock()
            let identity: [StoreValue] = [.text(engine.settings.software), .text(DaemonPresence.thisHost),
                                             .integer(Int64(StoreSchema.migrations.count)), .integer(Int64(ChangeFeed.version))]
            guard may else {
                // Present, with its version, and nothing else; a lease it held is given back.
                _ = try c.run("INSERT INTO \(Self.presenceTable) (instance, seen, version, host, schema_version, feed_version) " +
                              "VALUES ($1, clock_timestamp(), $2, $3, $4, $5) " + Self.presentAgain, [.text(engine.settings.instance)] + identity)
                if held { try release(on: c) }
                expire(term: nil, regardless: true)
                return
            }
            // Counted from before the renewal is sent: the server reads its clock after this.
            let sent = Self.now()
            // Present (whether or not the lease is granted), with its versions, in the same round trip.
            let granted = try c.run("""
                WITH present AS (
                  INSERT INTO \(Self.presenceTable) (instance, seen, version, host, schema_version, feed_version)
                  VALUES ($1, clock_timestamp(), $3, $4, $5, $6) \(Self.presentAgain)
                )
                UPDATE leader_lease SET
                  term = CASE WHEN holder = $1 AND until > clock_timestamp() THEN term ELSE term + 1 END,
                  holder = $1,
                  until = clock_timestamp() + make_interval(secs => $2)
                WHERE id = 1 AND (holder = $1 OR until <= clock_timestamp())
                RETURNING term
                """, [.text(engine.settings.instance), .real(Self.leaseSeconds)] + identity).rows.first.flatMap { $0[0] as Int64? }
            if let granted {
                renewed(term: granted, sent: sent)
            } else {
                expire(term: nil)  // another daemon holds it
            }
        } catch {
            lock.lock(); connection = nil; lock.unlock()
            // The lease may still be ours for a while: it runs out on its own (``expire``).
        }
        lock.lock(); let end = leadsUntil, was = leading; lock.unlock()
        if was && Self.now() >= end { expire(term: nil) }
    }

    /// The lease is ours until `sent + lease - margin`; a timer stops leading then unless
    /// a renewal moved it on.
    private func renewed(term granted: Int64, sent: UInt64) {
        let until = sent + Self.nanoseconds(Self.leaseSeconds - Self.marginSeconds)
        lock.lock()
        if stopped { lock.unlock(); return }  // stopped meanwhile: never lead again
        let changed = !leading || term != granted
        let wasLeading = leading
        leading = true
        term = granted
        leadsUntil = until
        lock.unlock()
        if changed && wasLeading { onChange(false) }  // cannot happen while our end precedes `until`; said if it did
        if changed { onChange(true) }
        let delay = Double(until - min(until, Self.now())) / 1e9
        DispatchQueue.global().asyncAfter(deadline: .now() + delay + 0.01) { [weak self] in self?.expire(term: granted) }
    }

    /// A presence row written again: the daemon's versions replace what its name said before
    /// (a daemon upgraded in place, or a downgrade).
    static let presentAgain = """
        ON CONFLICT (instance) DO UPDATE SET seen = excluded.seen, version = excluded.version, host = excluded.host,
          schema_version = excluded.schema_version, feed_version = excluded.feed_version
        """

    /// Stops leading if the lease (of `term`, or any) has run out or another daemon holds it;
    /// `regardless`: now, whatever remains of it.
    private func expire(term which: Int64?, regardless: Bool = false) {
        lock.lock()
        let ends = leading && (regardless || ((which == nil || which == term) && (which == nil || Self.now() >= leadsUntil)))
        if ends { leading = false; leadsUntil = 0 }
        lock.unlock()
        if ends { onChange(false) }
    }

    /// Gives the lease back at a clean stop: it ends `margin` from now (not later than it would).
    private func release(on c: PostgresConnection) throws {
        _ = try c.run("UPDATE leader_lease SET until = LEAST(until, clock_timestamp() + make_interval(secs => $2)) WHERE id = 1 AND holder = $1",
                      [.text(engine.settings.instance), .real(Self.marginSeconds)])
    }

    /// The lease's one row and the daemons' presence (PostgreSQL only: an SQLite daemon leads
    /// alone), made once by whichever daemon comes first, under the migrations' lock.
    static func createTable(on c: PostgresConnection) throws {
        try c.script("""
            BEGIN; SET LOCAL lock_timeout = 0; SELECT pg_advisory_xact_lock(\(PostgresEngine.migrationLockKey));
            CREATE TABLE IF NOT EXISTS leader_lease (id INTEGER PRIMARY KEY CHECK (id = 1), holder TEXT NOT NULL,
              until TIMESTAMPTZ NOT NULL, term BIGINT NOT NULL);
            INSERT INTO leader_lease (id, holder, until, term) VALUES (1, '', '-infinity', 0) ON CONFLICT (id) DO NOTHING;
            CREATE TABLE IF NOT EXISTS \(presenceTable) (instance TEXT PRIMARY KEY, seen TIMESTAMPTZ NOT NULL);
            COMMIT
            """)
        // Each daemon's versions (a rolling upgrade): added once, by the first daemon that knows
        // them; a daemon of an earlier version writes its rows without them (NULL: older).
        if try c.run("SELECT 1 FROM information_schema.columns WHERE table_name = '\(presenceTable)' AND column_name = 'feed_version' AND table_schema = current_schema()", []).rows.isEmpty {
            try c.script("""
                BEGIN; SET LOCAL lock_timeout = 0; SELECT pg_advisory_xact_lock(\(PostgresEngine.migrationLockKey));
                ALTER TABLE \(presenceTable) ADD COLUMN IF NOT EXISTS version TEXT, ADD COLUMN IF NOT EXISTS host TEXT,
                  ADD COLUMN IF NOT EXISTS schema_version INTEGER, ADD COLUMN IF NOT EXISTS feed_version INTEGER;
                COMMIT
                """)
        }
    }
}

extension PostgresEngine {
    /// Another session of a daemon named like this one (`inspectd/NAME/…`), if any: its pid and
    /// where it connects from. Two daemons of one name would ignore each other's writes. Only a
    /// daemon still present counts (``LeaderElection/absentSeconds``): the sessions of one whose
    /// host was lost stay on the server until TCP notices, and must not keep it from starting
    /// again there.
    public func otherSessionOfInstance() throws -> String? {
        let name = settings.instance
        return try read { db in
            let presence = try db.value(as: Bool.self, "SELECT to_regclass('\(LeaderElection.presenceTable)') IS NOT NULL") == true
            return try db.row("""
                SELECT pid, COALESCE(client_addr::text, 'local socket') AS from_addr FROM pg_stat_activity
                WHERE application_name IN (?, ?, ?) AND pid <> pg_backend_pid() AND datname = current_database()\(presence ? """
                 AND EXISTS (SELECT 1 FROM \(LeaderElection.presenceTable) WHERE instance = ?
                                AND seen > clock_timestamp() - make_interval(secs => \(LeaderElection.absentSeconds)))
                """ : "") LIMIT 1
                """, PostgresSettings.applicationNames(name) + (presence ? [name] as StoreArguments : [])).map { r in
                "server pid \(r["pid"] as Int), from \(r["from_addr"] as String)"
            }
        }
    }

    /// The instance holding the leader's lease now, on the server's clock (`nil`: none), and
    /// how many seconds the lease has left.
    public func leaderLease() throws -> (holder: String, seconds: Double)? {
        try read { db in
            guard try db.value(as: Bool.self, "SELECT to_regclass('leader_lease') IS NOT NULL") == true else { return nil }
            return try db.row("SELECT holder, EXTRACT(EPOCH FROM until - clock_timestamp())::float8 AS left FROM leader_lease WHERE id = 1 AND until > clock_timestamp()")
                .map { r in (r["holder"] as String, r["left"] as Double) }
        }
    }

    /// The instance holding the leader's lease, as the server sees it (`nil`: none).
    public func leader() throws -> String? { try leaderLease()?.holder }

    /// The daemons present on the database (heard from within ``LeaderElection/absentSeconds``),
    /// by name, with the versions each said.
    public func presentDaemons() throws -> [DaemonPresence] {
        try read { db in
            guard try db.value(as: Bool.self, """
                SELECT count(*) = 1 FROM information_schema.columns WHERE table_name = '\(LeaderElection.presenceTable)'
                  AND column_name = 'feed_version' AND table_schema = current_schema()
                """) == true else { return [] }
            return try db.rows("""
                SELECT instance, host, version, schema_version, feed_version FROM \(LeaderElection.presenceTable)
                WHERE seen > clock_timestamp() - make_interval(secs => \(LeaderElection.absentSeconds)) ORDER BY instance
                """).map { r in
                DaemonPresence(instance: r["instance"], host: r["host"], version: r["version"],
                               schemaVersion: (r["schema_version"] as Int64?).map(Int.init), feedVersion: (r["feed_version"] as Int64?).map(Int.init))
            }
        }
    }
}
