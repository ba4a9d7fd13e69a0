import Foundation
import Testing

/// Issue 13 under a real systemd: the shipped units with the documented network drop-in
/// (`units/examples/inspectd-network.conf`, plus the loopback address) deliver an e-mail digest over STARTTLS with AUTH and a signed webhook to servers
/// started inside the namespace (its network is a loopback of its own).
extension SystemdServiceTests {
    @Test(
        "the shipped units with the network drop-in deliver an e-mail (STARTTLS, AUTH) and a signed webhook on loopback",
        .enabled(if: getuid() == 0, "needs root: systemd as PID 1 of private namespaces (scripts/with-systemd)")
    )
    func channelsThroughTheShippedUnits() async throws {
        let network = try String(contentsOf: Self.unitsDirectory.appendingPathComponent("examples/inspectd-network.conf"), encoding: .utf8)
        let dropIn = network + """

            IPAddressAllow=127.0.0.1
            ExecStart=
            ExecStart=\(Self.installed)/inspectd --config /etc/inspectd --state-dir /var/lib/inspectd --now 2026-03-25T09:00
            """
        guard var checks = try await Self.booted(Self.channelShell, dropIn: dropIn) else { return }
        let steps = checks.steps
        defer { checks.diagnose(["servers-log"]) }
        checks.succeeded("install")
        checks.succeeded("servers")
        checks.succeeded("configure")
        checks.succeeded("start")
        checks.succeeded("delivered")
        func lines(_ step: String) -> [[String: Any]] {
            (steps[step]?.output ?? "").split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        let mails = lines("mail")
        let his = mails.first { ($0["rcpt_tos"] as? [String])?.contains("zhangwei@lanshan.example.gov.cn") == true }
        checks.check(his?["tls"] as? Bool == true && his?["authenticated"] as? Bool == true, "张伟's digest over STARTTLS with AUTH: \(mails)")
        checks.check((his?["subject"] as? String)?.hasPrefix("【监管日程】张伟 2026-03-25") == true, "subject: \(his?["subject"] ?? "none")")
        let hooks = lines("http").filter { $0["path"] as? String == "webhook" }
        checks.check(!hooks.isEmpty && hooks.allSatisfy { ($0["problems"] as? [String])?.isEmpty == true }, "webhook: \(hooks.prefix(2))")
        let status = (try? JSONSerialization.jsonObject(with: Data((steps["status"]?.output ?? "").utf8))) as? [String: Any] ?? [:]
        let channels = status["channels"] as? [[String: Any]] ?? []
        checks.check(channels.count == 2 && channels.allSatisfy { $0["dead"] as? Int == 0 && ($0["accepted"] as? Int ?? 0) > 0 }, "channels: \(channels)")
    }

    static let channelShell = #"""
        ch=/run/inspectd-test/channels
        step install install_units
        servers() {
            set -e
            mkdir -p "$ch"
            openssl req -x509 -newkey rsa:2048 -nodes -keyout "$ch/key.pem" -out "$ch/cert.pem" -days 2 -subj /CN=localhost \
                -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>/dev/null
            install -m 644 "$ch/cert.pem" /etc/inspectd/channel-ca.pem
            /usr/bin/python3 "$root/Tests/IntegrationTests/python/channel_servers.py" "$ch" "$ch/cert.pem" "$ch/key.pem" >"$ch/servers.log" 2>&1 &
            for _ in $(seq 200); do [ -e "$ch/ports.json" ] && return 0; sleep 0.1; done
            return 1
        }
        step servers servers
        configure() {
            set -e
            # A file the service's group may read. (LoadCredential=, which README recommends, leaves
            # the credentials directory root-only in this nested namespace: its tmpfs has no ACLs.)
            printf 'pw-123\n' >/etc/inspectd/smtp-password
            chown root:inspectd /etc/inspectd/smtp-password
            chmod 640 /etc/inspectd/smtp-password
            CH=$ch /usr/bin/python3 - <<'PY'
        import json, os
        ports = json.load(open(os.environ["CH"] + "/ports.json"))
        path = "/etc/inspectd/inspectd.yaml"
        text = open(path, encoding="utf-8").read()
        hooks = f"""  log: notices.jsonl
          hooks:
            mail:
              type: email
              server: smtp://127.0.0.1:{ports['smtp']}
              user: inspectd
              password_file: /etc/inspectd/smtp-password
              from: 兰山区金融办监管日程 <inspectd@lanshan.example.gov.cn>
              fallback: office@lanshan.example.gov.cn
              ca_file: /etc/inspectd/channel-ca.pem
            oa:
              type: webhook
              url: https://127.0.0.1:{ports['https']}/webhook
              secret: webhook-test-secret
              ca_file: /etc/inspectd/channel-ca.pem
        """.replace("\n        ", "\n")
        text = text.replace("  log: notices.jsonl\n", hooks, 1)
        text = text.replace("    name: 张伟\n", "    name: 张伟\n    email: zhangwei@lanshan.example.gov.cn\n", 1)
        open(path, "w", encoding="utf-8").write(text)
        PY
            grep -q 'password_file: /etc/inspectd/smtp-password' /etc/inspectd/inspectd.yaml
        }
        step configure configure
        step start systemctl start inspectd.socket inspectd.service
        delivered() {
            for _ in $(seq 600); do
                if [ -s "$ch/mail.jsonl" ] && grep -q '"path": "webhook"' "$ch/http.jsonl" 2>/dev/null \
                    && "$INSPECTD_TEST_CTL" --socket /run/inspectd/control.sock status --json | grep -q '"hook_pending" *: *0'; then return 0; fi
                sleep 0.1
            done
            return 1
        }
        step delivered delivered
        step mail cat "$ch/mail.jsonl"
        step http cat "$ch/http.jsonl"
        step status "$INSPECTD_TEST_CTL" --socket /run/inspectd/control.sock status --json
        step servers-log cat "$ch/servers.log"
        step diag-journal journalctl --no-pager -o short-monotonic -u inspectd.service -u inspectd.socket
        exit 0
        """#
}
