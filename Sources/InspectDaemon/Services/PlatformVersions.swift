import Foundation
import InspectControl
import InspectStore
import Locking
import Logging

/// The versions of the daemons on a shared store. A rolling upgrade runs two versions side by
/// side for a while: each daemon says its own in `daemon_presence` (version, schema, change
/// feed), reads the others' every few seconds (``CoordinationService``), and says in its log
/// when one differs — once per change, naming the instance, its host and both versions.
/// `status` lists them, `status --check` warns while they differ, the metrics carry one info
/// series per daemon.
///
/// And what a daemon older than the schema does (README, "A rolling upgrade"): it answers, but
/// writes nothing and never leads, for as long as the database holds migrations it does not
/// know: an older binary's writes and notice run could break what the newer schema relies on.
final class PlatformVersions: Sendable {
    /// This daemon, as it says itself.
    let own: DaemonPresence
    private let logger: Logger
    private struct Seen {
        var present: [DaemonPresence] = []
        /// What was last said of the daemons that run another version (instance, host, versions).
        var said: Set<String> = []
        /// The migrations the database holds that this daemon does not know (empty: none).
        var unknownMigrations: [String] = []
    }
    private let seen = Locked(Seen())

    /// The version a daemon says: its build's; a test names another (`INSPECTD_TEST_VERSION`) to
    /// run two versions of the one binary side by side. Unset, as in production: the build's.
    static let said: String = {
        let v = ProcessInfo.processInfo.environment["INSPECTD_TEST_VERSION"] ?? ""
        return v.isEmpty ? BuildInfo.version : v
    }()

    init(instance: String, logger: Logger) {
        own = DaemonPresence(instance: instance, host: DaemonPresence.thisHost, version: Self.said,
                             schemaVersion: FactStore.schemaVersion, feedVersion: FactStore.feedVersion)
        self.logger = logger
    }

    /// The daemons present now (this one among them, or not yet): logs those whose versions
    /// changed since last said, and when all run alike again.
    func update(_ present: [DaemonPresence]) {
        let differing = others(runningOtherVersionsIn: present)
        let keys = Set(differing.map(Self.key))
        let (newly, before) = seen.withLock { s -> (Set<String>, Set<String>) in
            s.present = present
            defer { s.said = keys }
            return (keys.subtracting(s.said), s.said)
        }
        for d in differing where newly.contains(Self.key(d)) {
            logger.warning("daemon \(d.instance) on \(d.host ?? "an unknown host") runs \(d.versions), this daemon (\(own.instance)) runs \(own.versions): versions differ on the platform (a rolling upgrade: finish it)")
        }
        if keys.isEmpty && !before.isEmpty {
            logger.notice("every daemon on the platform runs \(own.versions) again")
        }
    }

    private static func key(_ d: DaemonPresence) -> String { "\(d.instance)\t\(d.host ?? "")\t\(d.versions)" }

    /// The daemons present as last read (empty on SQLite, or before the first read).
    var present: [DaemonPresence] { seen.withLock { $0.present } }

    /// The other daemons that run another version than this one.
    var differing: [DaemonPresence] { others(runningOtherVersionsIn: present) }

    private func others(runningOtherVersionsIn present: [DaemonPresence]) -> [DaemonPresence] {
        present.filter { $0.instance != own.instance && !$0.runsLike(own) }
    }

    /// The migrations the database holds that this daemon does not know; empty while it knows them all.
    var unknownMigrations: [String] { seen.withLock { $0.unknownMigrations } }

    /// Records what the database holds; returns whether that changed (the caller then refuses
    /// writes and leadership, or takes them up again).
    func noteUnknownMigrations(_ unknown: [String]) -> Bool {
        seen.withLock { s in
            defer { s.unknownMigrations = unknown }
            return s.unknownMigrations != unknown
        }
    }

    /// Why this daemon writes nothing, in the log's words.
    static func refusal(_ unknown: [String]) -> String {
        "\(unknown.count) migration(s) this version does not know, newest \(unknown.last ?? "?")"
    }
}
