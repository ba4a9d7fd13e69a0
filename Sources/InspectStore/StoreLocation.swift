/// Where the daemon keeps its state (`storage:` in inspectd.yaml).
public enum StoreLocation: Sendable, Equatable {
    /// The embedded default: a SQLite file (WAL) under the state directory.
    case sqlite(path: String, busyTimeout: Double)
    /// A PostgreSQL database, possibly shared by several daemons (issue 16).
    case postgresql(PostgresSettings)
}
