import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import InspectConfig
import InspectControl
import InspectStore
import Locking
import Logging
import Prometheus

/// The daemon's metrics, in the Prometheus text format, written for node_exporter's textfile
/// collector (`metrics.textfile_dir` in inspectd.yaml): `inspectd.prom`, every `metrics.every`
/// and after each notice run, atomically (a temporary file in the same directory, renamed over
/// it), so that the collector never reads half a file. The daemon opens no port: the service
/// keeps `PrivateNetwork=yes` (README, "Metrics").
///
/// What happens is counted where it happens — calls (``CallPipeline``), notice runs
/// (``NoticeService``), rebuilds (``RebuildService``), refused connections (the Varlink server)
/// — into one `PrometheusCollectorRegistry` (swift-prometheus), which owns the exposition; what
/// the daemon holds — the schedule's size, the channels' queues, who leads, the connections
/// open — is read just before each write, as `status` reads it. Recording costs an atomic
/// increment (and the registry's lock to find a labelled series); without `metrics:` nothing is
/// written.
final class Metrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let settings: MetricsSettings?
    private let state: StateQueue<DaemonState>
    private let store: FactStore
    private let clock: DaemonClock
    private let leadership: Leadership
    /// The daemons on a shared store and their versions (nil on SQLite).
    private let versions: PlatformVersions?
    /// The daemons' info series last written (removed when a daemon is gone or changed version).
    private let daemonsShown = Locked<Set<[String]>>([])
    private let instance: String
    private let logger: Logger
    private let queue = DispatchQueue(label: "inspectd.metrics")
    private let timer = Locked<DispatchSourceHandle?>(nil)
    /// Between ``start(connections:)`` and ``stop()``: the file is written.
    private let running = Locked(false)
    /// The last write failed (and said so).
    private let failing = Locked(false)
    private let connections = Locked<(@Sendable () -> Int)?>(nil)
    /// The channels written last time: a channel a reload removed and whose queue is empty is
    /// dropped from the file.
    private let channelsShown = Locked<Set<String>>([])

    /// Call latencies: a query answers in about a millisecond, a province's report or import in
    /// seconds.
    static let callBuckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250),
                                          .seconds(1), .milliseconds(2500), .seconds(10), .seconds(30)]
    /// A notice run or a rebuild: tens of milliseconds for an office, seconds for a province.
    static let runBuckets: [Duration] = [.milliseconds(50), .milliseconds(250), .seconds(1), .milliseconds(2500), .seconds(10), .seconds(30),
                                         .seconds(120), .seconds(600)]

    init(settings: MetricsSettings?, state: StateQueue<DaemonState>, store: FactStore, clock: DaemonClock, leadership: Leadership,
         instance: String, versions: PlatformVersions? = nil, logger: Logger) {
        self.settings = settings
        self.versions = versions
        self.state = state
        self.store = store
        self.clock = clock
        self.leadership = leadership
        self.instance = instance
        self.logger = logger
        gauge("start_time_seconds", "When the daemon started, as a Unix time (its clock)").set(to: Double(clock.unixTime()))
        gauge("build_info", "The daemon's version and commit, as labels; always 1",
              ["version": BuildInfo.version, "commit": BuildInfo.commit]).set(to: 1)
        // The counters an alert watches exist from the start, at 0: `increase()` then sees
        // their first step too.
        for cause in Self.storageCauses { storageErrors(cause) }
        for reason in Self.refusalReasons { refusals(reason) }
        for outcome in ["recorded", "failed"] { noticeRuns(outcome) }
        _ = rebuilds()
    }

    /// The causes of ``StorageFailure``, as ``StorageFailure/cause`` names them.
    static let storageCauses = ["busy", "unavailable", "disk_full", "read_only", "corrupt", "io", "schema_newer"]
    /// What a refused call needed (``refusalReason(_:)``), and the control socket's limits.
    static let refusalReasons = ["needs_admin", "needs_manager", "needs_supervisor", "unknown_method", "limit_connections",
                                 "limit_connections_per_user", "limit_message_size", "limit_buffered_bytes", "limit_idle_timeout"]

    /// The textfile this daemon writes, or nil when `metrics:` is not configured.
    var path: String? { settings.map { ($0.textfileDirectory as NSString).appendingPathComponent(MetricsSettings.fileName) } }

    // MARK: Recording

    private func counter(_ metric: String, _ help: String, _ labels: KeyValuePairs<String, String> = [:]) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "inspectd", metricName: metric, unitName: "total", helpText: help),
                             labels: labels.map { ($0.key, $0.value) })
    }

    private func gauge(_ metric: String, _ help: String, _ labels: KeyValuePairs<String, String> = [:]) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "inspectd", metricName: metric, unitName: "", helpText: help),
                           labels: labels.map { ($0.key, $0.value) })
    }

    private func histogram(_ metric: String, _ help: String, _ buckets: [Duration], _ labels: KeyValuePairs<String, String> = [:]) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: MetricNameDescriptor(namespace: "inspectd", metricName: metric, unitName: "seconds", helpText: help),
                                       labels: labels.map { ($0.key, $0.value) }, buckets: buckets)
    }

    /// A control call answered: `outcome` is `ok` or the name of the error replied.
    func call(_ method: String, outcome: String, took: Duration) {
        counter("calls", "Control calls answered, by method and outcome (ok, or the error replied)",
                ["method": method, "outcome": outcome]).increment()
        histogram("call_duration", "Time to answer a control call, by method", Self.callBuckets, ["method": method]).record(took)
    }

    @discardableResult
    private func refusals(_ reason: String) -> Counter {
        counter("refusals", "Calls refused by the access rules (needs_admin, needs_manager, needs_supervisor, unknown_method) and connections refused by a limit of the control socket (limit_connections, limit_connections_per_user, limit_message_size, limit_buffered_bytes, limit_idle_timeout)",
                ["reason": reason])
    }

    @discardableResult
    private func storageErrors(_ cause: String) -> Counter {
        counter("storage_errors", "Database failures met by calls, notice runs, deliveries and the metrics' own counts, by cause (busy, unavailable, disk_full, read_only, corrupt, io, schema_newer)",
                ["cause": cause])
    }

    @discardableResult
    private func noticeRuns(_ outcome: String) -> Counter {
        counter("notice_runs", "Notice runs, by outcome (recorded: the notices decided went into the outbox; failed)", ["outcome": outcome])
    }

    private func rebuilds() -> Counter {
        counter("rebuilds", "Schedules recomputed aside and swapped in (a new day, a reload, a large import or draw, a catch-up)")
    }

    /// A call refused by the access rules, or a connection by a limit of the control socket.
    func refused(_ reason: String) { refusals(reason).increment() }

    /// A failure of the database (a call's, the notice run's or delivery's).
    func storageError(_ failure: StorageFailure) { storageErrors(failure.cause).increment() }

    /// Counts `error` when it is a failure of the database.
    func storageError(_ error: any Error) {
        if let f = StorageFailure(error) { storageError(f) }
    }

    /// A notice run begins.
    func noticeRunStarted() {
        gauge("notice_run_last_start_timestamp_seconds", "When the last notice run began, as a Unix time").set(to: Double(clock.unixTime()))
    }

    /// A notice run ended: `recorded` when its notices went into the outbox.
    func noticeRunEnded(recorded: Bool, decided: Int, took: Duration) {
        noticeRuns(recorded ? "recorded" : "failed").increment()
        histogram("notice_run_duration", "Time from a notice run's start to its notices delivered to the log and the journal", Self.runBuckets).record(took)
        if recorded {
            gauge("notice_run_last_success_timestamp_seconds", "When the last notice run whose notices were recorded ended, as a Unix time")
                .set(to: Double(clock.unixTime()))
            gauge("notice_run_decided", "Notices the last recorded notice run decided (new and already sent)").set(to: Double(decided))
        }
        writeSoon()
    }

    /// The schedule was recomputed aside and swapped in (a new day, a reload, a large import).
    func rebuilt(took: Duration) {
        rebuilds().increment()
        histogram("rebuild_duration", "Time to recompute the schedule aside and swap it in", Self.runBuckets).record(took)
    }

    /// Why the access rules refused a call, as a label: what the method needed.
    static func refusalReason(_ failure: ControlFailure) -> String? {
        guard case .permissionDenied(_, _, let needed, let reason) = failure else { return nil }
        if reason.hasSuffix("is not a method of the interface") { return "unknown_method" }
        if needed == "an admin" { return "needs_admin" }
        if needed.hasPrefix("a manager") { return "needs_manager" }
        return "needs_supervisor"
    }

    // MARK: Sampling what the daemon holds

    /// Reads the schedule, the outbox, the channels' queues, the leadership and the connections
    /// into their gauges. Off the state queue.
    func sample() {
        let today = clock.today()
        let (entities, counts, hooks, workingDay) = state.read { s in
            (s.snapshot.entities.count, s.snapshot.counts(), s.configuration.hooks, s.configuration.calendar.isWorkingDay(today))
        }
        gauge("working_day", "1 when today is a working day in the office's calendar (holidays and 调休 working weekends included), else 0")
            .set(to: workingDay ? 1 : 0)
        gauge("entities", "Entities in the directory").set(to: Double(entities))
        gauge("obligations", "Obligations computed, open or not, in the schedule").set(to: Double(counts.total))
        gauge("obligations_open", "Open obligations").set(to: Double(counts.open))
        gauge("obligations_due_soon", "Open obligations due within their reminder's reach").set(to: Double(counts.dueSoon))
        gauge("obligations_overdue", "Open obligations past their due date").set(to: Double(counts.overdue))
        let leads = leadership.leads
        gauge("leader", "1 while this daemon leads (runs the notice run, escalations, delivery and channels; always on SQLite), else 0",
              ["daemon": instance]).set(to: leads ? 1 : 0)
        if leadership.isShared {
            gauge("leader_lease_seconds", "Seconds left of this daemon's lease on the leadership (renewed every second while it leads; 0 when it does not)",
                  ["daemon": instance]).set(to: leadership.leaseRemaining ?? 0)
        }
        if let versions { sampleVersions(versions) }
        if let open = connections.withLock({ $0 }) {
            gauge("connections_open", "Connections to the control socket open now").set(to: Double(open()))
        }
        do {
            let n = try store.noticeCounts()
            gauge("notices_sent", "Notices delivered to the notice log and the journal").set(to: Double(n.sent))
            gauge("notices_pending", "Notices in the outbox not yet delivered to the notice log and the journal").set(to: Double(n.pending))
            // Every configured channel (zeros before its first notice), and queues of channels a
            // reload removed, as `status` shows them.
            let counts = try store.hookCounts()
            var shown = Set(hooks.map(\.name))
            for c in counts { shown.insert(c.hook) }
            let help = "Notices per channel and state: sent (accepted by the channel), waiting, retrying, dead (dead-lettered)"
            for channel in shown {
                let c = counts.first { $0.hook == channel }
                for (kind, value) in [("sent", c?.accepted), ("waiting", c?.waiting), ("retrying", c?.retrying), ("dead", c?.dead)] {
                    gauge("channel_notices", help, ["channel": channel, "state": kind]).set(to: Double(value ?? 0))
                }
            }
            for gone in channelsShown.exchange(shown).subtracting(shown) {
                for kind in ["sent", "waiting", "retrying", "dead"] {
                    registry.unregisterGauge(gauge("channel_notices", help, ["channel": gone, "state": kind]))
                }
            }
        } catch {
            storageError(error)
            logger.warning("metrics: could not count the notices: \(error)")
        }
    }

    /// One info series per daemon present on the platform, its versions as labels (the way
    /// Prometheus carries versions: `count(count by (version) (inspectd_platform_daemon_info)) > 1`
    /// is a platform running two versions), and how many versions run, for a plain threshold.
    private func sampleVersions(_ versions: PlatformVersions) {
        let help = "One series per daemon present on the platform (heard from within 10 s), with its host, version, schema and change-feed versions as labels; always 1"
        let labelNames = ["instance", "host", "version", "schema", "feed"]
        let present = versions.present
        let series = Set(present.map { d in
            [d.instance, d.host ?? "", d.version ?? "unknown", d.schemaVersion.map(String.init) ?? "", d.feedVersion.map(String.init) ?? ""]
        })
        func gauge(_ values: [String]) -> Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "inspectd", metricName: "platform_daemon_info", unitName: "", helpText: help),
                               labels: Array(zip(labelNames, values)))
        }
        for values in series { gauge(values).set(to: 1) }
        for gone in daemonsShown.exchange(series).subtracting(series) { registry.unregisterGauge(gauge(gone)) }
        self.gauge("platform_versions", "How many different versions (version, schema, change feed) the daemons present run: more than 1 during a rolling upgrade")
            .set(to: Double(Set(present.map(\.versions)).count))
        self.gauge("schema_newer", "1 while the database holds migrations this daemon does not know (a newer daemon migrated it): this daemon writes nothing and does not lead")
            .set(to: versions.unknownMigrations.isEmpty ? 0 : 1)
    }

    // MARK: The textfile

    /// Writes the file now and then every `every` seconds, until ``stop()``. `connections` tells
    /// the control socket's open connections.
    func start(connections open: @escaping @Sendable () -> Int) {
        connections.withLock { $0 = open }
        guard let settings else { return }
        running.withLock { $0 = true }
        writeSoon()
        let handle = DispatchSourceHandle.timer(label: "inspectd.metrics.timer", start: .now() + .seconds(settings.every),
                                                every: .seconds(settings.every), leeway: .milliseconds(500)) { [weak self] in self?.writeSoon() }
        timer.withLock { $0 = handle }
    }

    /// Stops writing and removes the file: a stopped daemon's figures are no longer true (the
    /// collector's `node_textfile_mtime_seconds` and the shipped alert tell a daemon that died).
    func stop() {
        timer.exchange(nil)?.cancel()
        running.withLock { $0 = false }
        queue.sync {
            if let path { unlink(path) }
        }
    }

    /// Writes the file on the metrics queue, soon; returns at once.
    func writeSoon() {
        guard settings != nil else { return }
        queue.async { [self] in
            if running.value { write() }
        }
    }

    /// Samples the gauges and writes the file: a temporary file in the same directory, renamed
    /// over `inspectd.prom`. Mode 0644 whatever the daemon's umask: node_exporter runs as another user.
    func write() {
        guard let path, let dir = settings?.textfileDirectory else { return }
        sample()
        let bytes = registry.emitToBuffer()
        let temporary = (dir as NSString).appendingPathComponent(".\(MetricsSettings.fileName).\(getpid())")
        // Said once when writing begins to fail (a missing directory, no permission), and once
        // when it works again: not every `every`.
        do {
            try Self.writeAtomically(bytes, to: path, through: temporary)
            if failing.exchange(false) { logger.notice("metrics: \(path) written again") }
        } catch {
            if !failing.exchange(true) { logger.warning("metrics: could not write \(path): \(error) (README, \"Metrics\")") }
        }
    }

    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `bytes` to `temporary`, then renames it over `path` (one directory, one file system).
    static func writeAtomically(_ bytes: [UInt8], to path: String, through temporary: String) throws {
        let fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(description: "\(temporary): \(String(cString: strerror(errno)))") }
        var ok = fchmod(fd, 0o644) == 0
        var offset = 0
        while ok && offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { ok = false } else { offset += n }
        }
        let err = errno
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let message = String(cString: strerror(ok ? errno : err))
            unlink(temporary)
            throw WriteError(description: "\(path): \(message)")
        }
    }
}
