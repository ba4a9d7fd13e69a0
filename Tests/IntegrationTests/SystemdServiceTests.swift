import Foundation
import Testing

/// The shipped `units/inspectd.socket` and `units/inspectd.service`, unchanged but for the
/// binaries' paths, under a real systemd: `scripts/with-systemd` boots `/lib/systemd/systemd` as
/// PID 1 of private namespaces (root only; elsewhere the test says why it skips), and a shell
/// script inside installs the units, the sysusers entry and the configuration as README.md says,
/// then drives the service with `systemctl` and `inspectctl`. Each step's output and exit status
/// come back on standard output, and the assertions are made here.
@Suite("inspectd under a real systemd")
struct SystemdServiceTests {
    static var script: String { BuiltProducts.packageRoot.appendingPathComponent("scripts/with-systemd").path }
    static var unitsDirectory: URL { BuiltProducts.packageRoot.appendingPathComponent("units") }
    /// Where the shell copies this build's binaries inside the namespace (a tmpfs), so that user
    /// inspectd can run them wherever the build directory is and whoever may read it.
    static let installed = "/run/inspectd-test/bin"

    @Test(
        "socket activation, READY=1 and STATUS=, the service's credentials, reload good and bad, restart after SIGKILL, stop",
        .enabled(if: getuid() == 0, "needs root: systemd as PID 1 of private namespaces (scripts/with-systemd)")
    )
    func serviceUnderSystemd() async throws {
        let (shipped, service) = try Self.service()
        let changed = zip(shipped.split(separator: "\n", omittingEmptySubsequences: false),
                          service.split(separator: "\n", omittingEmptySubsequences: false)).filter { $0 != $1 }
        try #require(changed.count == 2, "expected to rewrite exactly ExecStart= and ExecReload=: \(changed)")

        // RestartSec=5s would only make the test wait: the delay is systemd's timer, and
        // Restart=on-failure is what is checked.
        let run = try Self.boot(Self.shell, service: service, dropIn: "[Service]\nRestartSec=1s")
        let ended = try await run.wait(timeout: .seconds(150))
        if ended == .exited(77) {
            print("SystemdServiceTests skipped: \(run.standardError)")
            return
        }
        var checks = Checks(steps: Step.parse(run.standardOutput))
        guard !checks.steps.isEmpty else {
            Issue.record("no step ran; with-systemd \(ended), stderr:\n\(run.standardError)\nstdout:\n\(run.standardOutput)")
            return
        }
        checks.check(ended == .exited(0), "with-systemd: \(ended)\nstderr:\n\(run.standardError)")
        defer {
            if checks.failures > 0 {
                print("""
                    ---- SystemdServiceTests diagnostics ----
                    with-systemd: \(ended); stderr:
                    \(run.standardError)
                    $ systemctl status inspectd.service inspectd.socket
                    \(checks.steps["diag-status"]?.output ?? "(missing)")
                    $ journalctl -u inspectd.service -u inspectd.socket
                    \(checks.steps["diag-journal"]?.output ?? "(missing)")
                    ---- end of diagnostics ----
                    """)
            }
        }

        // Installed as README.md says: units, sysusers (creates user and group inspectd), /etc/inspectd.
        checks.succeeded("install")
        // inspectd.service is Type=notify: `systemctl start` returns once READY=1 arrived.
        checks.succeeded("start")
        checks.output("is-active", is: "active")
        let shown = checks.properties("show")
        checks.check(shown["Type"] == "notify" && shown["NotifyAccess"] == "main", "\(shown)")
        checks.check(shown["StatusText"]?.contains("\(DaemonFixture.demoEntityCount) entities") == true,
                     "STATUS= from the daemon: \(shown["StatusText"] ?? "none")")
        let firstPID = shown["MainPID"] ?? "?"
        checks.check(Int(firstPID).map { $0 > 1 } == true, "MainPID \(firstPID)")

        // User=, Group=, SupplementaryGroups=systemd-journal took effect.
        if let credentials = checks.steps["credentials"]?.output {
            let lines = Dictionary(credentials.split(separator: "\n").compactMap { line -> (String, [String])? in
                let parts = line.split(whereSeparator: { $0 == ":" || $0 == "\t" || $0 == " " || $0 == "=" }).map(String.init)
                return parts.first.map { ($0, Array(parts.dropFirst())) }
            }, uniquingKeysWith: { first, _ in first })
            let ids = lines["inspectd"] ?? []
            checks.check(ids.count == 2 && lines["Uid"]?.allSatisfy { $0 == ids[0] } == true
                         && lines["Gid"]?.allSatisfy { $0 == ids[1] } == true, "not running as inspectd:\n\(credentials)")
            let journalGroup = lines["journal"]?.first ?? "?"
            checks.check(lines["Groups"]?.contains(journalGroup) == true, "not in group systemd-journal:\n\(credentials)")
        } else {
            checks.check(false, "no credentials step")
        }
        // The socket from inspectd.socket, the directories from StateDirectory=/RuntimeDirectory=.
        let paths = checks.steps["paths"]?.output ?? ""
        checks.check(paths.contains("/run/inspectd/control.sock inspectd:inspectd 660 socket"), paths)
        checks.check(paths.contains("/var/lib/inspectd inspectd:inspectd 750 directory"), paths)
        checks.check(paths.contains("/run/inspectd inspectd:inspectd 755 directory"), paths)

        // inspectctl reaches the daemon through the socket systemd passed it.
        if let status = checks.json("ctl-status") {
            checks.check(status["entities"] as? Int == DaemonFixture.demoEntityCount, "\(status)")
            checks.check(status["config_directory"] as? String == "/etc/inspectd", "\(status)")
        }

        // ExecReload= (`inspectctl reload` as user inspectd) succeeds; the daemon stays the same process.
        checks.succeeded("reload")
        checks.output("pid-after-reload", is: firstPID)
        // A refused configuration: `systemctl reload` fails, the service keeps running on the old one.
        checks.succeeded("break-config")
        checks.failed("bad-reload")
        let afterBad = checks.properties("after-bad-reload")
        checks.check(afterBad["ActiveState"] == "active" && afterBad["SubState"] == "running" && afterBad["MainPID"] == firstPID,
                     "after a refused reload: \(afterBad)")
        checks.check(checks.json("ctl-after-bad-reload")?["entities"] as? Int == DaemonFixture.demoEntityCount,
                     "the daemon answers after a refused reload")

        // SIGKILL: Restart=on-failure starts a new main process.
        checks.succeeded("restarted")
        let restarted = checks.properties("after-restart")
        checks.check(restarted["ActiveState"] == "active" && restarted["NRestarts"] == "1"
                     && restarted["MainPID"] != firstPID && restarted["MainPID"] != "0", "after SIGKILL: \(restarted)")
        checks.succeeded("ctl-after-restart")

        // Stop: the service goes, the socket stays listening at its path (RuntimeDirectoryPreserve=).
        checks.succeeded("stop")
        checks.output("after-stop", is: "service inactive\nsocket active\nsocket-present")
        // A connection starts the service again (socket activation).
        checks.check(checks.json("activate")?["entities"] as? Int == DaemonFixture.demoEntityCount, "status through the idle socket")
        checks.succeeded("activated")
        // Stopping both removes the socket (RemoveOnStop=).
        checks.succeeded("stop-all")
        checks.output("after-stop-all", is: "service inactive\nsocket inactive\nsocket-gone")

        // What the journal recorded: the refusal (daemon and inspectctl) and the kill.
        let journal = checks.steps["journal"]?.output ?? ""
        checks.check(journal.contains("reload refused"), "no refused reload in the journal")
        checks.check(journal.contains("rules[0].cadence.per"), "the refusal does not name the key")
        checks.check(journal.contains("status=9/KILL"), "no SIGKILL in the journal")
    }

    @Test(
        "killed by SIGKILL after sending its notices to the journal, restarted by systemd: each notice once, found by reading the journal as user inspectd",
        .enabled(if: getuid() == 0, "needs root: systemd as PID 1 of private namespaces (scripts/with-systemd)")
    )
    func noticesOnceAcrossARestartBySystemd() async throws {
        // A drop-in: a notice day (--now, a Tuesday), and the test hook that kills the daemon once,
        // after its first notice run reached the journal and before the outbox knew.
        let dropIn = """
            [Service]
            ExecStart=
            ExecStart=\(Self.installed)/inspectd --config /etc/inspectd --state-dir /var/lib/inspectd --now 2026-03-31T09:00
            Environment=INSPECTD_TEST_CRASH_AT=after-journal INSPECTD_TEST_CRASH_ONCE=/var/lib/inspectd/crashed-once
            RestartSec=1s
            """
        let run = try Self.boot(Self.crashShell, service: try Self.service().service, dropIn: dropIn)
        let ended = try await run.wait(timeout: .seconds(150))
        if ended == .exited(77) { print("SystemdServiceTests skipped: \(run.standardError)"); return }
        var checks = Checks(steps: Step.parse(run.standardOutput))
        checks.check(ended == .exited(0), "with-systemd: \(ended)\nstderr:\n\(run.standardError)")
        defer {
            if checks.failures > 0 { print("---- diagnostics ----\n\(checks.steps["diag-journal"]?.output ?? "(missing)")\n----") }
        }
        checks.succeeded("install")
        let restarted = checks.properties("after-restart")
        checks.check(restarted["ActiveState"] == "active" && restarted["NRestarts"] == "1", "not restarted once: \(restarted)")
        checks.succeeded("crashed-once")

        func keys(_ step: String, field: String) -> [String] {
            (checks.steps[step]?.output ?? "").split(separator: "\n").compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?[field] as? String
            }
        }
        let outbox = ((try? JSONSerialization.jsonObject(with: Data((checks.steps["outbox"]?.output ?? "").utf8))) as? [[String: Any]] ?? [])
            .compactMap { $0["key"] as? String }
        checks.check(outbox.count > 6, "too few notices to mean anything: \(outbox.count)")
        let journal = keys("journal-notices", field: "INSPECTD_KEY")
        let log = keys("notice-log", field: "key")
        checks.check(journal.sorted() == outbox.sorted(), "journal vs outbox: \(NoticeCrashTests.difference(journal, outbox))")
        checks.check(log.sorted() == outbox.sorted(), "log vs outbox: \(NoticeCrashTests.difference(log, outbox))")
        // The restarted daemon read the journal (SupplementaryGroups=systemd-journal) instead of
        // falling back to sending again.
        let messages = checks.steps["journal-messages"]?.output ?? ""
        checks.check(messages.contains("were already in the journal before a crash; not sent again"), "no journal lookup:\n\(messages)")
        checks.check(!messages.contains("cannot read the journal back"), "the service could not read the journal")
    }

    @Test(
        "the shipped socket (0660, group inspectd) under systemd: a supervisor and a manager by group, each with their role; a user outside the group cannot connect",
        .enabled(if: getuid() == 0, "needs root: systemd as PID 1 of private namespaces (scripts/with-systemd)")
    )
    func rolesThroughTheShippedSocket() async throws {
        guard var checks = try await Self.booted(Self.accessShell, dropIn: "[Service]\n") else { return }
        let steps = checks.steps
        defer { checks.diagnose() }
        checks.succeeded("install")
        checks.succeeded("users")
        checks.succeeded("start")
        checks.check(steps["socket-mode"]?.output.contains("/run/inspectd/control.sock inspectd:inspectd 660") == true,
                     "socket: \(steps["socket-mode"]?.output ?? "")")
        func json(_ step: String) -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data((steps[step]?.output ?? "").utf8))) as? [String: Any] ?? [:]
        }
        checks.check(json("whoami-supervisor")["role"] as? String == "supervisor" && json("whoami-supervisor")["supervisor"] as? String == "S01",
                     "supervisor: \(steps["whoami-supervisor"]?.output ?? "")")
        checks.check(json("whoami-manager")["role"] as? String == "manager", "manager: \(steps["whoami-manager"]?.output ?? "")")
        checks.succeeded("record-own")
        checks.check(steps["record-other"]?.status == 77, "a supervisor recorded for another's entity: \(steps["record-other"].map { "\($0.status) \($0.output)" } ?? "")")
        checks.succeeded("manager-records")
        checks.check(steps["manager-reload"]?.status == 77, "a manager reloaded: \(steps["manager-reload"]?.status ?? -1)")
        checks.succeeded("admin-reload")  // ExecReload= as the service's own user
        checks.check(steps["stranger"]?.status != 0 && steps["stranger"]?.output.lowercased().contains("permission") == true,
                     "a user outside group inspectd: \(steps["stranger"].map { "\($0.status) \($0.output)" } ?? "")")
        let audit = steps["audit"]?.output ?? ""
        checks.check(audit.contains("RecordInspection") && audit.contains("refused") && audit.contains("zhangwei"), "audit:\n\(audit)")
    }

    static let accessShell = #"""
        step install install_units
        users() {
            set -e
            useradd -M -N -s /usr/sbin/nologin -G inspectd zhangwei
            useradd -M -N -s /usr/sbin/nologin -G inspectd,inspectd-manager liuyang
            useradd -M -N -s /usr/sbin/nologin stranger
            sed -i 's/^    name: 张伟$/    name: 张伟\n    user: zhangwei/' /etc/inspectd/inspectd.yaml
            grep -q 'user: zhangwei' /etc/inspectd/inspectd.yaml
        }
        step users users
        step start systemctl start inspectd.socket inspectd.service
        sock=/run/inspectd/control.sock
        ctl=/run/inspectd-test/bin/inspectctl
        as() { u=$1; shift; setpriv --reuid "$u" --regid users --init-groups -- "$ctl" --socket "$sock" "$@"; }
        step socket-mode stat -c '%n %U:%G %a' "$sock"
        step whoami-supervisor as zhangwei whoami --json
        step whoami-manager as liuyang whoami --json
        step record-own as zhangwei inspection record --entity LS-PFS-001 --date 2026-03-20 --kind onsite --inspectors 李娜,赵磊
        step record-other as zhangwei inspection record --entity LS-PFS-003 --date 2026-03-20 --kind onsite --inspectors 李娜,赵磊
        step manager-records as liuyang inspection record --entity LS-PFS-003 --date 2026-03-20 --kind onsite --inspectors 李娜,赵磊
        step manager-reload as liuyang reload
        step admin-reload systemctl reload inspectd.service
        step stranger as stranger status
        step audit as liuyang audit
        step diag-journal journalctl --no-pager -o short-monotonic -u inspectd.service -u inspectd.socket
        exit 0
        """#

    /// Boots systemd with the shipped units, `dropIn` and `shell`; the steps to check, nil when
    /// the machine cannot boot it (with-systemd exits 77 and says why).
    static func booted(_ shell: String, dropIn: String) async throws -> Checks? {
        let run = try boot(shell, service: try service().service, dropIn: dropIn)
        let ended = try await run.wait(timeout: .seconds(150))
        if ended == .exited(77) { print("SystemdServiceTests skipped: \(run.standardError)"); return nil }
        var checks = Checks(steps: Step.parse(run.standardOutput))
        checks.check(ended == .exited(0), "with-systemd: \(ended)\nstderr:\n\(run.standardError)")
        return checks
    }

    /// The shipped service and the one installed: ExecStart=/ExecReload= point at this build's
    /// binaries; every other line (sandboxing, user, directories, Type=notify, watchdog, restart
    /// policy) is kept.
    static func service() throws -> (shipped: String, service: String) {
        let shipped = try String(contentsOf: unitsDirectory.appendingPathComponent("inspectd.service"), encoding: .utf8)
        let service = shipped
            .replacingOccurrences(of: "\nExecStart=/usr/bin/inspectd ", with: "\nExecStart=\(installed)/inspectd ")
            .replacingOccurrences(of: "\nExecReload=/usr/bin/inspectctl ", with: "\nExecReload=\(installed)/inspectctl ")
        return (shipped, service)
    }

    /// Runs `shell` (after `prelude`) under a booted systemd, with `service` and the drop-in to install.
    /// The working directory must be visible inside (with-systemd hides /tmp, /var/tmp, /run).
    static func boot(_ shell: String, service: String, dropIn: String) throws -> ChildProcess {
        try ChildProcess(script, arguments: ["/bin/sh", "-c", prelude + shell], environment: [
            "INSPECTD_TEST_ROOT": BuiltProducts.packageRoot.path, "INSPECTD_TEST_SERVICE": service, "INSPECTD_TEST_DROPIN": dropIn,
            "INSPECTD_TEST_CTL": try BuiltProducts.inspectctl(), "INSPECTD_TEST_INSPECTD": try BuiltProducts.inspectd(),
        ], currentDirectory: BuiltProducts.packageRoot.path)
    }

    /// Runs inside the booted namespace (as root, in the package's directory) before each test's
    /// shell. `step NAME CMD...` prints `@@step NAME STATUS`, CMD's output (standard output and
    /// error), `@@end`; `install_units` installs the units, the drop-in, the configuration and the
    /// users as README.md says.
    static let prelude = #"""
        set -u
        root=$INSPECTD_TEST_ROOT
        step() {
            name=$1; shift
            out=$("$@" 2>&1); rc=$?
            printf '@@step %s %s\n%s\n@@end\n' "$name" "$rc" "$out"
        }
        install_units() {
            set -e
            mkdir -p /etc/inspectd /etc/systemd/system/inspectd.service.d /run/inspectd-test/bin
            cp "$INSPECTD_TEST_INSPECTD" "$INSPECTD_TEST_CTL" /run/inspectd-test/bin/
            cp -R "$root/config/." /etc/inspectd/
            printf '%s\n' "$INSPECTD_TEST_SERVICE" >/etc/systemd/system/inspectd.service
            printf '%s\n' "$INSPECTD_TEST_DROPIN" >/etc/systemd/system/inspectd.service.d/zz-test.conf
            cp "$root/units/inspectd.socket" /etc/systemd/system/
            systemd-sysusers "$root/units/inspectd.sysusers"
            systemctl daemon-reload
        }

        """#

    static let crashShell = #"""
        # Active again after exactly one restart (at most 30 s).
        wait_restarted() {
            for _ in $(seq 300); do
                if [ "$(systemctl is-active inspectd.service)" = active ] && [ "$(systemctl show -p NRestarts --value inspectd.service)" = 1 ]; then return 0; fi
                sleep 0.1
            done
            return 1
        }
        step install install_units
        systemctl start inspectd.socket
        # The first start dies (SIGKILL) before READY=1; Restart=on-failure starts it again.
        systemctl start inspectd.service >/dev/null 2>&1
        wait_restarted
        step after-restart systemctl show -p ActiveState -p NRestarts inspectd.service
        step crashed-once test -e /var/lib/inspectd/crashed-once
        step outbox "$INSPECTD_TEST_CTL" --socket /run/inspectd/control.sock notices --json
        systemctl stop inspectd.service
        journalctl --sync
        step journal-notices sh -c 'journalctl --no-pager -o json -u inspectd.service | grep INSPECTD_KEY'
        step notice-log cat /var/lib/inspectd/notices.jsonl
        step journal-messages journalctl --no-pager -o cat -u inspectd.service
        step diag-journal journalctl --no-pager -o short-monotonic -u inspectd.service
        exit 0
        """#

    static let shell = #"""
        ctl=$INSPECTD_TEST_CTL
        sock=/run/inspectd/control.sock

        main_pid() { systemctl show -p MainPID --value inspectd.service; }
        # Waits (at most 30 s) until inspectd.service is active with a main pid other than $1.
        wait_active() {
            for _ in $(seq 300); do
                state=$(systemctl is-active inspectd.service); pid=$(main_pid)
                if [ "$state" = active ] && [ "$pid" != 0 ] && [ "$pid" != "$1" ]; then echo "$pid"; return 0; fi
                sleep 0.1
            done
            echo "still $state, MainPID=$pid"; return 1
        }
        credentials() {
            grep -E '^(Uid|Gid|Groups):' "/proc/$1/status"
            echo "inspectd=$(id -u inspectd):$(id -g inspectd)"
            echo "journal=$(getent group systemd-journal | cut -d: -f3)"
        }
        units_state() {
            printf 'service %s\nsocket %s\n' "$(systemctl is-active inspectd.service)" "$(systemctl is-active inspectd.socket)"
            if [ -e "$sock" ]; then echo socket-present; else echo socket-gone; fi
        }

        step install install_units
        step start systemctl start inspectd.socket inspectd.service
        step is-active systemctl is-active inspectd.service
        step show systemctl show -p Type -p NotifyAccess -p StatusText -p MainPID inspectd.service
        pid=$(main_pid)
        step credentials credentials "$pid"
        step paths stat -c '%n %U:%G %a %F' /run/inspectd/control.sock /var/lib/inspectd /run/inspectd
        step ctl-status "$ctl" --socket "$sock" status --json

        step reload systemctl reload inspectd.service
        step pid-after-reload main_pid
        step break-config sed -i 's/per: month/per: weekly/' /etc/inspectd/rules/financial.yaml
        step bad-reload systemctl reload inspectd.service
        step after-bad-reload systemctl show -p ActiveState -p SubState -p MainPID inspectd.service
        step ctl-after-bad-reload "$ctl" --socket "$sock" status --json
        sed -i 's/per: weekly/per: month/' /etc/inspectd/rules/financial.yaml

        kill -KILL "$pid"
        step restarted wait_active "$pid"
        step after-restart systemctl show -p ActiveState -p NRestarts -p MainPID inspectd.service
        step ctl-after-restart "$ctl" --socket "$sock" status

        step stop systemctl stop inspectd.service
        step after-stop units_state
        step activate "$ctl" --socket "$sock" status --json
        step activated wait_active 0
        step stop-all systemctl stop inspectd.socket inspectd.service
        step after-stop-all units_state

        journalctl --sync
        step journal journalctl --no-pager -o cat -u inspectd.service
        step diag-status systemctl status --no-pager --full inspectd.service inspectd.socket
        step diag-journal journalctl --no-pager -o short-monotonic -u inspectd.service -u inspectd.socket
        exit 0
        """#

    /// One `step` of the shell script: its exit status and output.
    struct Step {
        let status: Int
        let output: String

        static func parse(_ text: String) -> [String: Step] {
            var steps: [String: Step] = [:]
            var current: (name: String, status: Int, lines: [Substring])?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("@@step ") {
                    let parts = line.split(separator: " ")
                    current = (parts.count > 1 ? String(parts[1]) : "?", parts.count > 2 ? Int(parts[2]) ?? -1 : -1, [])
                } else if line == "@@end", let step = current {
                    steps[step.name] = Step(status: step.status, output: step.lines.joined(separator: "\n"))
                    current = nil
                } else {
                    current?.lines.append(line)
                }
            }
            return steps
        }
    }

    /// Expectations on the steps that count their failures, so that the diagnostics are printed once.
    struct Checks {
        let steps: [String: Step]
        var failures = 0

        /// After a failure: the journal of the run (and `extra` steps' output) to see why.
        func diagnose(_ extra: [String] = []) {
            guard failures > 0 else { return }
            print("---- diagnostics ----\n" + (extra + ["diag-journal"]).map { steps[$0]?.output ?? "(\($0) missing)" }.joined(separator: "\n") + "\n----")
        }

        mutating func check(_ condition: Bool, _ comment: @autoclosure () -> String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
            guard !condition else { return }
            failures += 1
            Issue.record(Comment(rawValue: comment()), sourceLocation: sourceLocation)
        }

        private mutating func step(_ name: String, sourceLocation: SourceLocation) -> Step? {
            let step = steps[name]
            check(step != nil, "step \(name) did not run", sourceLocation: sourceLocation)
            return step
        }

        /// The step exited 0.
        mutating func succeeded(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let step = step(name, sourceLocation: sourceLocation) else { return }
            check(step.status == 0, "\(name) exited \(step.status):\n\(step.output)", sourceLocation: sourceLocation)
        }

        /// The step exited non-zero.
        mutating func failed(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let step = step(name, sourceLocation: sourceLocation) else { return }
            check(step.status != 0, "\(name) succeeded but should have failed:\n\(step.output)", sourceLocation: sourceLocation)
        }

        /// The step's output, without surrounding white space, is `expected`.
        mutating func output(_ name: String, is expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let step = step(name, sourceLocation: sourceLocation) else { return }
            let actual = step.output.trimmingCharacters(in: .whitespacesAndNewlines)
            check(actual == expected, "\(name): expected \(expected.debugDescription), got \(actual.debugDescription) (exit \(step.status))",
                  sourceLocation: sourceLocation)
        }

        /// `NAME=value` lines of a successful `systemctl show` step.
        mutating func properties(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: String] {
            succeeded(name, sourceLocation: sourceLocation)
            var result: [String: String] = [:]
            for line in steps[name]?.output.split(separator: "\n") ?? [] {
                guard let equals = line.firstIndex(of: "=") else { continue }
                result[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
            return result
        }

        /// The JSON object a successful step printed.
        mutating func json(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any]? {
            succeeded(name, sourceLocation: sourceLocation)
            let output = steps[name]?.output ?? ""
            guard let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else {
                check(false, "\(name) printed no JSON object:\n\(output)", sourceLocation: sourceLocation)
                return nil
            }
            return object
        }
    }
}
