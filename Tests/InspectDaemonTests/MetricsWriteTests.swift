import Foundation
import InspectConfig
import InspectControl
import InspectCore
import InspectStore
import Logging
import Testing

@testable import InspectDaemon

/// The textfile the daemon writes for node_exporter: written whole (a temporary file renamed),
/// readable by another user, and what one write costs with every series the daemon can have.
@Suite("metrics textfile")
struct MetricsWriteTests {
    static let configDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config").path

    /// A `Metrics` on a real (empty) SQLite store and the shipped configuration.
    static func metrics(directory: String) throws -> Metrics {
        try FileManager.default.createDirectory(atPath: directory + "/textfile", withIntermediateDirectories: true)
        let store = try FactStore(path: directory + "/state.sqlite")
        var configuration = try ConfigurationLoader.load(directory: configDirectory)
        configuration.hooks = (1...8).map { NoticeHook(name: "channel\($0)", command: "/bin/true") }
        let today = try #require(CivilDate(iso: "2026-03-25"))
        let state = StateQueue(label: "test", DaemonState(snapshot: .empty(today), lifecycle: LifecycleBook(), configuration: configuration))
        return Metrics(settings: MetricsSettings(textfileDirectory: directory + "/textfile", every: 3600), state: state, store: store,
                       clock: DaemonClock(timeZone: TimeZone(identifier: "Asia/Shanghai")!), leadership: Leadership(), instance: "test",
                       logger: Logger(label: "test"))
    }

    /// Every method of the interface called, each with three outcomes; every refusal reason and
    /// storage cause; runs and rebuilds: the largest file the daemon writes, short of more channels.
    static func fill(_ m: Metrics) {
        for method in ControlInterface.Method.allCases {
            for outcome in ["ok", "InvalidArgument", "PermissionDenied"] {
                m.call("io.inspectd.Control.\(method.rawValue)", outcome: outcome, took: .microseconds(Int64.random(in: 100...5_000_000)))
            }
        }
        for reason in ["needs_admin", "needs_manager", "needs_supervisor", "unknown_method", "limit_connections", "limit_connections_per_user"] {
            m.refused(reason)
        }
        let failures = [StorageFailure.busy, .unavailable("x"), .diskFull, .readOnly, .corrupt, .io("x"), .schemaNewer("x")]
        #expect(Set(failures.map(\.cause)) == Set(Metrics.storageCauses))
        for f in failures { m.storageError(f) }
        m.noticeRunStarted()
        m.noticeRunEnded(recorded: true, decided: 2421, took: .seconds(3))
        m.rebuilt(took: .milliseconds(800))
    }

    @Test func theFileIsWrittenWholeReadableAndFullyDescribed() throws {
        let directory = NSTemporaryDirectory() + "inspectd-metrics-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let m = try Self.metrics(directory: directory)
        Self.fill(m)
        let old = umask(0o077)
        m.write()
        umask(old)
        let path = try #require(m.path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/textfile") == ["inspectd.prom"])
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o644)
        // Every metric has its HELP and TYPE, every name is inspectd_….
        let names = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            String(line.prefix { $0 != "{" && $0 != " " })
        })
        #expect(names.allSatisfy { $0.hasPrefix("inspectd_") }, "\(names)")
        for help in text.split(separator: "\n").filter({ $0.hasPrefix("# TYPE ") }) {
            let name = help.split(separator: " ")[2]
            #expect(text.contains("# HELP \(name) "), "no HELP for \(name)")
        }
        #expect(text.contains("inspectd_channel_notices{channel=\"channel8\",state=\"dead\"} 0"))
        #expect(text.contains("inspectd_storage_errors_total{cause=\"unavailable\"} 1"))
        #expect(text.contains("inspectd_notice_run_decided 2421"))
        // What alerts watch is there from the start, at 0.
        #expect(text.contains("inspectd_refusals_total{reason=\"limit_idle_timeout\"} 0"))
        #expect(text.contains("inspectd_notice_runs_total{outcome=\"failed\"} 0"))
    }

    /// `swift test --filter MetricsWriteTests` prints the cost (BENCHMARKS.md, "Metrics").
    @Test func whatOneWriteCosts() throws {
        let directory = NSTemporaryDirectory() + "inspectd-metrics-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let m = try Self.metrics(directory: directory)
        Self.fill(m)
        m.write()
        let path = try #require(m.path)
        let bytes = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        var times: [Duration] = []
        for _ in 0..<200 {
            let t0 = ContinuousClock.now
            m.write()
            times.append(ContinuousClock.now - t0)
        }
        times.sort()
        // Of which the exposition alone (swift-prometheus' emit), and the gauges' sampling.
        var emits: [Duration] = [], samples: [Duration] = []
        for _ in 0..<200 {
            let t0 = ContinuousClock.now
            _ = m.registry.emitToBuffer()
            let t1 = ContinuousClock.now
            m.sample()
            emits.append(t1 - t0)
            samples.append(ContinuousClock.now - t1)
        }
        emits.sort()
        samples.sort()
        func ms(_ d: Duration) -> String { String(format: "%.2f ms", Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15) }
        let series = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }.count
        print("metrics write: \(bytes) bytes, \(series) series; median \(ms(times[100])), p90 \(ms(times[180])), max \(ms(times[199])) (200 writes); of which emit median \(ms(emits[100])), sampling median \(ms(samples[100]))")
        #expect(times[100] < .milliseconds(100))
    }
}
