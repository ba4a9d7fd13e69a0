import Foundation
import Testing

/// The daemon's metrics as an operator scrapes them: the textfile `inspectd.prom` it writes for
/// node_exporter, read by a real node_exporter and a real Prometheus (Debian's), checked with
/// PromQL; and the shipped alert rules with promtool.
@Suite("metrics for Prometheus", .serialized)
struct MetricsTests {
    static let promtool = "/usr/bin/promtool"
    static var examples: URL { BuiltProducts.packageRoot.appendingPathComponent("units/examples") }

    /// The samples of a text exposition: `name{labels}` → value.
    static func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = value
        }
        return out
    }

    /// Polls `path` until `ready` holds for its samples (the daemon writes every second here).
    static func waitForFile(_ path: String, timeout: Duration = .seconds(20), until ready: ([String: Double]) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                last = text
                if ready(samples(text)) { return text }
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        Issue.record("\(path) never had the figures expected; last:\n\(last)")
        return last
    }

    /// A TCP port on 127.0.0.1 free now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ChildProcess.Failure(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `GET url` with curl: the body, or nil when it failed.
    static func get(_ url: String) throws -> String? {
        let p = try ChildProcess("/usr/bin/curl", arguments: ["-sf", "--max-time", "5", url])
        guard try p.wait(timeout: .seconds(10)) == .exited(0) else { return nil }
        return p.standardOutput
    }

    /// The value of an instant PromQL query with one result, nil while it has none.
    static func query(_ prometheus: Int, _ promql: String) throws -> Double? {
        let encoded = promql.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        guard let body = try get("http://127.0.0.1:\(prometheus)/api/v1/query?query=\(encoded)"),
              let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]],
              let value = result.first?["value"] as? [Any], let text = value.last as? String else { return nil }
        return Double(text)
    }

    @Test("calls, refusals, the notice run and the schedule reach the textfile, node_exporter and Prometheus")
    func scrapedByARealPrometheus() throws {
        let d = try DaemonFixture()
        let textfiles = d.directory + "/textfile"
        try FileManager.default.createDirectory(atPath: textfiles, withIntermediateDirectories: true)
        try d.editConfig("inspectd.yaml", replacing: "\nsupervisors:\n", with: "\nmetrics:\n  textfile_dir: \(textfiles)\n  every: 1s\n\nsupervisors:\n")
        // A channel that always fails, without retries: every notice it is given is dead-lettered.
        try d.editConfig("inspectd.yaml", replacing: "  # hook:\n  #   command: /usr/local/libexec/inspectd-sms   # absolute path to an executable",
                         with: "  hook:\n    command: /bin/false\n    retries: 0\n  #")
        try d.start(now: "2026-03-25T09:00")  // a Wednesday, after the notice hour: the day's run happens at start
        let file = textfiles + "/inspectd.prom"

        for _ in 0..<3 { #expect(try d.ctl("status").exitCode == 0) }
        #expect(try d.ctl("upcoming", "--all", "--within", "30d").exitCode == 0)
        // An invalid argument: an inspection in the future (exit 65).
        let future = try d.ctl("inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-04-20", "--kind", "onsite", "--inspectors", "张伟")
        #expect(future.exitCode == 65, "\(future)")
        // A refusal: a reload by a user who is no admin (root only: runs inspectctl as nobody).
        let asRoot = getuid() == 0
        if asRoot {
            chmod(d.directory, 0o755)
            chmod(d.socketPath, 0o666)
            let p = try ChildProcess("/usr/bin/setpriv", arguments: ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--",
                                                                    try BuiltProducts.inspectctl(), "--socket", d.socketPath, "reload"])
            #expect(try p.wait(timeout: .seconds(30)) == .exited(77), "\(p.standardError)")
        }

        let status = "inspectd_calls_total{method=\"io.inspectd.Control.GetStatus\",outcome=\"ok\"}"
        let text = try Self.waitForFile(file) { s in
            (s[status] ?? 0) >= 3 && s["inspectd_calls_total{method=\"io.inspectd.Control.RecordInspection\",outcome=\"InvalidArgument\"}"] == 1
                && (!asRoot || s["inspectd_refusals_total{reason=\"needs_admin\"}"] == 1)
                && (s["inspectd_channel_notices{channel=\"default\",state=\"dead\"}"] ?? 0) > 0
        }
        let s = Self.samples(text)
        #expect((s["inspectd_calls_total{method=\"io.inspectd.Control.ListDeadlines\",outcome=\"ok\"}"] ?? 0)
            + (s["inspectd_calls_total{method=\"io.inspectd.Control.ListObligations\",outcome=\"ok\"}"] ?? 0) >= 1, "upcoming: \(text)")
        if asRoot { #expect(s["inspectd_calls_total{method=\"io.inspectd.Control.Reload\",outcome=\"PermissionDenied\"}"] == 1) }
        #expect((s["inspectd_call_duration_seconds_count{method=\"io.inspectd.Control.GetStatus\"}"] ?? 0) >= 3)
        #expect(s["inspectd_entities"] == Double(DaemonFixture.demoEntityCount))
        #expect((s["inspectd_obligations_open"] ?? 0) > 0 && (s["inspectd_obligations"] ?? 0) >= (s["inspectd_obligations_open"] ?? 0))
        #expect(s["inspectd_obligations_overdue"] != nil)
        #expect(s.keys.contains { $0.hasPrefix("inspectd_leader{daemon=") } && s.filter { $0.key.hasPrefix("inspectd_leader{") }.values.first == 1)
        #expect(s["inspectd_working_day"] == 1)
        #expect(s["inspectd_notice_runs_total{outcome=\"recorded\"}"] ?? 0 >= 1)
        #expect((s["inspectd_notice_run_decided"] ?? 0) > 0)
        // The daemon's clock (--now 2026-03-25T09:00): the run started at or after it.
        #expect((s["inspectd_notice_run_last_success_timestamp_seconds"] ?? 0) >= 1_774_400_400)
        #expect((s["inspectd_notice_run_last_start_timestamp_seconds"] ?? 0) >= 1_774_400_400)
        #expect((s["inspectd_notices_sent"] ?? 0) > 0 && s["inspectd_notices_pending"] == 0)
        #expect(s["inspectd_channel_notices{channel=\"default\",state=\"sent\"}"] == 0)
        #expect((s["inspectd_connections_open"] ?? -1) >= 0)
        #expect(text.contains("# HELP inspectd_calls_total ") && text.contains("# TYPE inspectd_call_duration_seconds histogram"))
        // Mode 0644: node_exporter runs as another user.
        let mode = (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o644, "mode \(String(mode, radix: 8))")
        // No temporary file is left beside it (the collector reads *.prom only, but still).
        #expect(try FileManager.default.contentsOfDirectory(atPath: textfiles) == ["inspectd.prom"])

        // promtool's linter accepts the exposition.
        let lint = try ChildProcess("/bin/sh", arguments: ["-c", "\(Self.promtool) check metrics < '\(file)'"])
        #expect(try lint.wait() == .exited(0), "\(lint.standardOutput)\(lint.standardError)")

        // A real node_exporter reads the directory; a real Prometheus scrapes it every second.
        let exporterPort = try Self.freePort()
        let exporter = try ChildProcess("/usr/bin/prometheus-node-exporter", arguments: [
            "--collector.disable-defaults", "--collector.textfile", "--collector.textfile.directory=\(textfiles)",
            "--web.listen-address=127.0.0.1:\(exporterPort)",
        ])
        let prometheusPort = try Self.freePort()
        let config = d.directory + "/prometheus.yml"
        try """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: node
            static_configs:
              - targets: ['127.0.0.1:\(exporterPort)']
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let prometheus = try ChildProcess("/usr/bin/prometheus", arguments: [
            "--config.file=\(config)", "--storage.tsdb.path=\(d.directory)/tsdb", "--web.listen-address=127.0.0.1:\(prometheusPort)",
        ])
        defer {
            prometheus.send(SIGTERM)
            exporter.send(SIGTERM)
            _ = try? prometheus.wait(timeout: .seconds(20))
            _ = try? exporter.wait(timeout: .seconds(10))
        }
        for _ in 0..<5 { #expect(try d.ctl("status").exitCode == 0) }  // 8 in all
        let deadline = ContinuousClock.now + .seconds(60)
        var scraped: Double?
        while ContinuousClock.now < deadline {
            scraped = try Self.query(prometheusPort, "inspectd_calls_total{method=\"io.inspectd.Control.GetStatus\",outcome=\"ok\"}")
            if let scraped, scraped >= 8 { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect((scraped ?? 0) >= 8, "Prometheus: \(prometheus.standardError.suffix(2000)) node_exporter: \(exporter.standardError.suffix(1000))")
        #expect(try Self.query(prometheusPort, "sum(inspectd_calls_total{outcome=\"InvalidArgument\"})") == 1)
        #expect(try Self.query(prometheusPort, "inspectd_entities") == Double(DaemonFixture.demoEntityCount))
        #expect(try Self.query(prometheusPort, "sum(inspectd_leader)") == 1)
        #expect(try Self.query(prometheusPort, "inspectd_obligations_open > 0") != nil)
        #expect(try Self.query(prometheusPort, "sum(inspectd_call_duration_seconds_count{method=\"io.inspectd.Control.GetStatus\"})") ?? 0 >= 8)
        if asRoot { #expect(try Self.query(prometheusPort, "inspectd_refusals_total{reason=\"needs_admin\"}") == 1) }
        // The shipped alert's expression finds the dead letters.
        #expect(try Self.query(prometheusPort, "inspectd_channel_notices{state=\"dead\"} > 0") ?? 0 > 0)
        // node_exporter read the file without error.
        #expect(try Self.query(prometheusPort, "node_textfile_scrape_error") == 0)

        // A clean stop removes the file: its figures are no longer true.
        #expect(try d.stop() == .exited(0))
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test("the shipped alert rules pass promtool check rules and their own unit tests")
    func alertRules() throws {
        let check = try ChildProcess(Self.promtool, arguments: ["check", "rules", Self.examples.appendingPathComponent("inspectd-alerts.yml").path])
        #expect(try check.wait() == .exited(0), "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("SUCCESS: 8 rules found"), "\(check.standardOutput)")
        let test = try ChildProcess(Self.promtool, arguments: ["test", "rules", "inspectd-alerts.test.yml"], currentDirectory: Self.examples.path)
        #expect(try test.wait() == .exited(0), "\(test.standardOutput)\(test.standardError)")
    }
}
