import Foundation

/// `metrics:` in inspectd.yaml: where the daemon writes its metrics for node_exporter's textfile
/// collector, and how often. Off when absent. Read at start-up; a reload keeps the settings the
/// daemon started with (a change takes effect at the next start).
public struct MetricsSettings: Sendable, Equatable {
    /// The directory node_exporter reads (`--collector.textfile.directory`); the daemon writes
    /// `inspectd.prom` there.
    public var textfileDirectory: String
    /// Seconds between two writes (the file is also written after each notice run).
    public var every: Int

    /// Writes every 15 s: node_exporter's scrape interval is usually 15 s or more.
    public static let defaultEvery = 15
    /// The name of the file in `textfileDirectory`.
    public static let fileName = "inspectd.prom"

    public init(textfileDirectory: String, every: Int = defaultEvery) {
        self.textfileDirectory = textfileDirectory
        self.every = every
    }

    static func read(_ node: YAMLValue) throws -> MetricsSettings {
        let m = try node.mapping(allowed: ["textfile_dir", "every"])
        guard let d = m["textfile_dir"] else {
            throw node.error(.missingTextfileDir)
        }
        let dir = try d.nonEmptyString()
        guard dir.hasPrefix("/") else { throw d.error(.notAbsolutePath, dir) }
        var s = MetricsSettings(textfileDirectory: dir)
        if let e = m["every"] {
            let text = try e.string()
            guard let seconds = NoticeHook.seconds(text) else { throw e.error(.notMetricsInterval, text) }
            guard (1...3600).contains(seconds) else { throw e.error(.outOfRange, text, "1s…3600s")
 }
            s.every = seconds
        }
        return s
    }
}
