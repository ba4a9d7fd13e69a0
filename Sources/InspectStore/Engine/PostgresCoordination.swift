import CLibPQ
import Foundation
import Locking

/// Hears the other daemons' commits (LISTEN on ``PostgresEngine/channel``; issue 16: a write on
/// one daemon is visible on the others within a second, without a polling loop that scans
/// tables). A thread of its own on a connection of its own, which it opens again when it is
/// lost (the server restarted, the session was cut), then reports that changes may have been
/// missed meanwhile.
public final class PostgresListener: Sendable {
    let engine: PostgresEngine
    let onChange: @Sendable (_ from: String, _ changes: [StoreChange]) -> Void
    let onReconnect: @Sendable () -> Void
    private let stopped = Locked(false)

    /// - Parameters:
    ///   - onChange: another daemon committed (its instance name); called on the listener's thread.
    ///   - onReconnect: the connection came back after a loss: anything may have changed.
    public init(engine: PostgresEngine, onChange: @escaping @Sendable (String, [StoreChange]) -> Void, onReconnect: @escaping @Sendable () -> Void) {
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
        while !isStopped {
            do {
                let c = try engine.dedicatedConnection(role: "listen")
                try c.script("LISTEN \(PostgresEngine.channel)")
                if first { first = false; listening.signal() }
                if lost { onReconnect() }
                lost = false
                while !isStopped {
                    var fds = pollfd(fd: c.socket, events: Int16(POLLIN), revents: 0)
                    let ready = poll(&fds, 1, 500)
                    if ready < 0 && errno != EINTR { throw StorageFailure.unavailable("poll: \(String(cString: strerror(errno)))") }
                    for n in try c.notifications() {
                        let (from, changes) = StoreChange.parse(n.payload)
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

/// Which daemon leads (issue 16): the one holding a session-level advisory lock. Only the leader
/// runs the notice run, escalations and hooks. The lock lives as long as the leader's session: a
/// leader that dies (kill -9, a lost host) loses it when the server ends its session, and another
/// daemon takes it at its next try (every second). A leader that loses its connection steps down
/// at once.
public final class LeaderElection: @unchecked Sendable {
    // @unchecked Sendable: `connection` is a libpq handle (not Sendable), touched only behind
    // `lock` and by the election's thread; `leading` and `stopped` are behind `lock` too.
    /// The lock's key: "insp" and 3 (the writes' and the migrations' are 1 and 2).
    public static let key: Int64 = 0x696E_7370_0003
    let engine: PostgresEngine
    let onChange: @Sendable (Bool) -> Void
    private let lock = NSLock()
    private var leading = false
    private var stopped = false
    private var connection: PostgresConnection?

    /// `onChange(true)` when this daemon becomes the leader, `(false)` when it stops being one;
    /// called on the election's thread.
    public init(engine: PostgresEngine, onChange: @escaping @Sendable (Bool) -> Void) {
        self.engine = engine
        self.onChange = onChange
    }

    public var isLeader: Bool { lock.lock(); defer { lock.unlock() }; return leading }

    public func start(interval: TimeInterval = 1) {
        let t = Thread { [self] in
            while true {
                lock.lock()
                let stop = stopped
                if stop { connection = nil }  // PQfinish: the session, and the lock, end
                lock.unlock()
                if stop { break }
                step()
                Thread.sleep(forTimeInterval: interval)
            }
        }
        t.name = "inspectd.leader"
        t.start()
    }

    /// Stops leading: the election's thread ends its session (and so the lock) at its next step,
    /// within `interval`; the process ending ends it at once.
    public func stop() {
        lock.lock()
        stopped = true
        let was = leading
        leading = false
        lock.unlock()
        if was { onChange(false) }
    }

    private func step() {
        do {
            lock.lock(); let existing = connection; lock.unlock()
            let c = try existing ?? engine.dedicatedConnection(role: "leader")
            lock.lock(); connection = c; let was = leading; lock.unlock()
            if was {
                _ = try c.run("SELECT 1", [])  // still our session: the lock is still ours
                if c.isBroken { throw StorageFailure.unavailable("the leader's connection was lost") }
            } else {
                let got = try c.run("SELECT pg_try_advisory_lock($1)", [.integer(Self.key)]).rows.first.flatMap { $0[0] as Bool? } ?? false
                if got { set(true) }
            }
        } catch {
            lock.lock(); connection = nil; lock.unlock()
            set(false)
        }
    }

    private func set(_ value: Bool) {
        lock.lock()
        if stopped && value { lock.unlock(); return }  // stopped meanwhile: never lead again
        let changed = leading != value
        leading = value
        lock.unlock()
        if changed { onChange(value) }
    }
}

extension PostgresEngine {
    /// Whether a daemon of that name has a session on this database now.
    public func isConnected(instance name: String) throws -> Bool {
        try read { db in
            try db.value(as: Int.self, "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name IN (?, ?, ?) AND datname = current_database()",
                         PostgresSettings.applicationNames(name)) ?? 0 > 0
        }
    }

    /// Another session of a daemon named like this one (`inspectd/NAME/…`), if any: its pid and
    /// where it connects from. Two daemons of one name would ignore each other's writes.
    public func otherSessionOfInstance() throws -> String? {
        let name = settings.instance
        return try read { db in
            try db.row("""
                SELECT pid, COALESCE(client_addr::text, 'local socket') AS from_addr FROM pg_stat_activity
                WHERE application_name IN (?, ?, ?) AND pid <> pg_backend_pid() AND datname = current_database() LIMIT 1
                """, PostgresSettings.applicationNames(name)).map { r in
                "server pid \(r["pid"] as Int), from \(r["from_addr"] as String)"
            }
        }
    }

    /// The instance whose session holds the leader's lock, as the server sees it (`nil`: none).
    public func leader() throws -> String? {
        let key = LeaderElection.key
        return try read { db in
            let name = try db.value(as: String.self, """
                SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, [key >> 32, key & 0xFFFF_FFFF])
            // application_name is inspectd/INSTANCE/leader.
            return name.flatMap { n in
                let parts = n.split(separator: "/")
                return parts.count == 3 ? String(parts[1]) : n
            }
        }
    }
}
