import Foundation

/// What a store shared by several daemons offers them: hearing the others' commits, electing the
/// one that sends notices, and telling who is connected. An engine that can share its database
/// (PostgreSQL) provides it; one that cannot (SQLite: one daemon per file) does not, and the
/// daemon then leads alone. The daemon asks for the capability instead of casting to an engine.
public protocol StoreCoordination: AnyObject, Sendable {
    /// Starts hearing the other daemons' commits on a thread of its own, and returns once it
    /// listens (or after `limit` seconds, when the server cannot be reached: it goes on trying).
    /// `onChange` gets what another daemon wrote; `onReconnect` says how the listener caught up
    /// after its connection was lost (the missed writes through `onChange`, or not at all).
    func listen(waitingUpTo limit: TimeInterval, onChange: @escaping @Sendable ([StoreChange]) -> Void,
                onReconnect: @escaping @Sendable (ListenerResumption) -> Void) -> any StoreListener

    /// An election of the one daemon that leads; `onChange(true)` when this one starts leading,
    /// `(false)` when it stops. Not started.
    func leaderElection(onChange: @escaping @Sendable (Bool) -> Void) -> any StoreLeaderElection

    /// Another session of a daemon named like this one, if any (where it connects from).
    func otherSessionOfInstance() throws -> String?

    /// The daemon holding the leader's lease, as the server sees it (`nil`: none).
    func leader() throws -> String?

    /// The daemons present on the database, with their versions (this one among them).
    func presentDaemons() throws -> [DaemonPresence]

    /// Commits of facts by this daemon so far (a catch-up that read before one of them reads again).
    var factCommits: Int { get }

    /// Called when a COMMIT's outcome is unknown (the connection was lost): read everything again.
    func whenCommitUncertain(_ body: @escaping @Sendable () -> Void)
}

/// How a listener caught up after its connection came back.
public enum ListenerResumption: Sendable, Equatable {
    /// The writes committed while it was away were read from the change feed and handed on as
    /// if heard (`writes` of them by other daemons).
    case fromFeed(writes: Int)
    /// The feed no longer reaches back to the last write heard (pruned, or a daemon that writes
    /// none is on the database): anything may have changed, read everything.
    case everything
}

/// A running listener of the other daemons' commits.
public protocol StoreListener: AnyObject, Sendable {
    func stop()
}

/// A running election of the leading daemon.
public protocol StoreLeaderElection: AnyObject, Sendable {
    /// Leads now (its lease has not run out): asked before every delivery step.
    var isLeader: Bool { get }
    /// Seconds left of this daemon's lease, nil when it does not lead.
    var leaseRemaining: Double? { get }
    /// `false`: says it is present, never takes the lease (gives it back if it holds it).
    func setMayLead(_ may: Bool)
    func start()
    func stop()
}

extension PostgresListener: StoreListener {}

extension LeaderElection: StoreLeaderElection {
    public func start() { start(interval: 1) }
}

extension PostgresEngine: StoreCoordination {
    public func listen(waitingUpTo limit: TimeInterval, onChange: @escaping @Sendable ([StoreChange]) -> Void,
                       onReconnect: @escaping @Sendable (ListenerResumption) -> Void) -> any StoreListener {
        let listener = PostgresListener(engine: self, onChange: { _, changes in onChange(changes) }, onReconnect: onReconnect)
        listener.start(waitingUpTo: limit)
        return listener
    }

    public func leaderElection(onChange: @escaping @Sendable (Bool) -> Void) -> any StoreLeaderElection {
        LeaderElection(engine: self, onChange: onChange)
    }

    public func whenCommitUncertain(_ body: @escaping @Sendable () -> Void) { uncertainCommit = body }
}

extension FactStore {
    /// What the store offers daemons that share it; nil on an engine one daemon has to itself.
    public var coordination: (any StoreCoordination)? { engine.coordination }
}
