/// How `inspectd` was asked to run. Defaults suit a system install under systemd.
public struct DaemonOptions: Sendable {
    public var configDirectory: String = "/etc/inspectd"
    public var stateDirectory: String = "/var/lib/inspectd"
    public var socketPath: String = "/run/inspectd/control.sock"
    /// `--now`: the instant the daemon's clock starts at, unparsed (parsed in the office's time zone).
    public var now: String?
    /// `--instance`: this daemon's name on a shared PostgreSQL store (overrides `storage.instance`).
    public var instance: String?
    public init() {}
}
