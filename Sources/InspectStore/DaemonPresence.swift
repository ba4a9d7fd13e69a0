import Foundation

/// A daemon present on a shared store, as it says itself in `daemon_presence` at each step of
/// its election: its name, host and versions. During a rolling upgrade two versions run side by
/// side for a while; each daemon sees the others' versions here and says when they differ.
public struct DaemonPresence: Sendable, Equatable {
    public var instance: String
    /// Its host name; nil for a daemon of a version that did not say it (older).
    public var host: String?
    /// Its version (`0.9.0`); nil: older than the versions that say it.
    public var version: String?
    /// How many migrations it knows (``FactStore/schemaVersion``) and its change feed's format.
    public var schemaVersion: Int?
    public var feedVersion: Int?

    public init(instance: String, host: String?, version: String?, schemaVersion: Int?, feedVersion: Int?) {
        self.instance = instance; self.host = host; self.version = version; self.schemaVersion = schemaVersion; self.feedVersion = feedVersion
    }

    /// Whether it runs what `other` runs: the same version, schema and feed.
    public func runsLike(_ other: DaemonPresence) -> Bool {
        version == other.version && schemaVersion == other.schemaVersion && feedVersion == other.feedVersion
    }

    /// `0.9.0 (schema 24, feed 1)`; `unknown (older)` for a daemon that said nothing.
    public var versions: String {
        guard let version else { return "unknown (older)" }
        return "\(version) (schema \(schemaVersion.map(String.init) ?? "?"), feed \(feedVersion.map(String.init) ?? "?"))"
    }

    /// This host's name, as the daemon says it.
    public static let thisHost = ProcessInfo.processInfo.hostName
}
