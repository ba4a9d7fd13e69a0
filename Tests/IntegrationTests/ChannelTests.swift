import Foundation
import InspectCore
import Testing

/// The built-in channels (issue 13) against real servers on loopback: an SMTP server (aiosmtpd)
/// that requires STARTTLS and AUTH, and an HTTPS server playing WeCom, DingTalk, Feishu and a
/// webhook, each checking the platform's documented body and signature
/// (`python/channel_servers.py`). The messages are read back parsed by Python's `email` package.
@Suite("notice channels: e-mail, robots, webhook, digests")
final class ChannelTests {
    let d: DaemonFixture
    let out: String
    var servers: ChildProcess?

    init() throws {
        d = try DaemonFixture()
        out = d.directory + "/channels"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    }

    deinit { servers?.send(SIGKILL) }

    /// Starts the servers with a fresh certificate for 127.0.0.1; returns (smtp port, https port).
    func startServers() throws -> (smtp: Int, https: Int) {
        let (process, smtp, https) = try Self.startServers(in: out)
        servers = process
        return (smtp, https)
    }

    /// The servers, writing what they receive into `out` (`mail.jsonl`, `http.jsonl`), with a
    /// fresh certificate there for 127.0.0.1 (`cert.pem`); the caller ends the process.
    static func startServers(in out: String) throws -> (process: ChildProcess, smtp: Int, https: Int) {
        let openssl = try ChildProcess("/usr/bin/openssl", arguments: [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", out + "/key.pem", "-out", out + "/cert.pem", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        #expect(try openssl.wait() == .exited(0))
        let servers = try ChildProcess("/usr/bin/python3", arguments: [
            BuiltProducts.packageRoot.appendingPathComponent("Tests/IntegrationTests/python/channel_servers.py").path, out, out + "/cert.pem", out + "/key.pem",
        ])
        #expect(NoticeHookTests.eventually(30) { FileManager.default.fileExists(atPath: out + "/ports.json") }, "the servers did not start")
        let ports = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/ports.json"))) as? [String: Int])
        return (servers, try #require(ports["smtp"]), try #require(ports["https"]))
    }

    func lines(_ name: String) throws -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: out + "/" + name, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    /// The digests of `day` (the date in their subject), once one has come for every addressee of
    /// that day's notices: a day's mails may still be going out when the test reads them (on
    /// PostgreSQL, and after a restart that sends an earlier day's digests first).
    func mails(of day: String, seconds: Double = 90) throws -> [[String: Any]] {
        let addressees = Set(try d.noticeLog().filter { $0["day"] as? String == day }.map { ($0["supervisor"] as? String) ?? "-" })
        func ofDay() -> [[String: Any]] { ((try? lines("mail.jsonl")) ?? []).filter { ($0["subject"] as? String)?.contains(" \(day)：") == true } }
        #expect(NoticeHookTests.eventually(seconds) { ofDay().count >= addressees.count }, "\(ofDay().count) of \(addressees.count) mails of \(day)")
        try d.settle()
        return ofDay()
    }

    /// The `mail` channel to the test's SMTP server (STARTTLS, AUTH), indented for `notices.hooks`.
    func mailChannel(_ smtp: Int, from: String, extra: [String] = []) -> String {
        (["    mail:", "      type: email", "      server: smtp://127.0.0.1:\(smtp)", "      user: inspectd", "      password: pw-123",
          "      from: \(from)", "      ca_file: \(out)/cert.pem"] + extra.map { "      " + $0 }).joined(separator: "\n")
    }

    func configure(smtp: Int, https: Int) throws {
        let base = "https://127.0.0.1:\(https)"
        try "SECdingtalk-test\n".write(toFile: out + "/dingtalk.secret", atomically: true, encoding: .utf8)
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: """
              log: notices.jsonl
              hooks:
            \(mailChannel(smtp, from: "兰山区金融办监管日程 <inspectd@lanshan.example.gov.cn>", extra: ["fallback: office@lanshan.example.gov.cn", "backoff: 1s"]))
                wecom:
                  type: wecom
                  url: \(base)/wecom?key=office
                  ca_file: \(out)/cert.pem
                  backoff: 1s
                ding:
                  type: dingtalk
                  url: \(base)/dingtalk?access_token=office
                  secret_file: \(out)/dingtalk.secret
                  ca_file: \(out)/cert.pem
                feishu:
                  type: feishu
                  url: \(base)/feishu
                  secret: feishu-test-secret
                  ca_file: \(out)/cert.pem
                oa:
                  type: webhook
                  url: \(base)/webhook
                  secret: webhook-test-secret
                  ca_file: \(out)/cert.pem

            """)
        try d.editConfig("inspectd.yaml", replacing: "  - id: S01\n    name: 张伟\n    office: 兰山区金融办\n    manager: false\n", with: """
              - id: S01
                name: 张伟
                office: 兰山区金融办
                manager: false
                email: zhangwei@lanshan.example.gov.cn
                mobile: "13800000001"
                robots: { ding: "\(base)/dingtalk?access_token=zhangwei" }

            """)
        try d.editConfig("inspectd.yaml", replacing: "  - id: S04\n    name: 刘洋\n    office: 兰山区金融办\n    manager: true\n", with: """
              - id: S04
                name: 刘洋
                office: 兰山区金融办
                manager: true
                email: liuyang@lanshan.example.gov.cn
                mobile: "13800000004"

            """)
    }

    @Test("each addressee gets one digest per channel, in the platform's shape, once, across a restart")
    func digestsOverEveryChannel() throws {
        let (smtp, https) = try startServers()
        try configure(smtp: smtp, https: https)
        try d.start(now: "2026-03-25T09:00")
        let log = try d.noticeLog()
        #expect(log.count >= 5, "the demo has notices on this day")
        // One addressee per supervisor (or none): one digest each on every daily channel.
        let addressees = Set(log.map { ($0["supervisor"] as? String) ?? "-" })
        func settled() throws -> Bool {
            let http = try lines("http.jsonl").filter { $0["rejected"] as? Bool != true }
            return try lines("mail.jsonl").count >= addressees.count && http.filter { $0["path"] as? String == "wecom" }.count >= addressees.count
                && http.filter { $0["path"] as? String == "dingtalk" }.count >= addressees.count
                && http.filter { $0["path"] as? String == "feishu" }.count >= addressees.count
                && http.filter { $0["path"] as? String == "webhook" }.count >= log.count
        }
        #expect(try NoticeHookTests.eventually(90, settled), "not every channel delivered: \((try? lines("http.jsonl").count) ?? 0) requests, \((try? lines("mail.jsonl").count) ?? 0) mails")
        try d.settle()

        // The journal-side log keeps one entry per notice; the channels got one message per addressee.
        let mails = try lines("mail.jsonl")
        #expect(mails.count == addressees.count)
        let http = try lines("http.jsonl")
        #expect(http.allSatisfy { ($0["problems"] as? [String])?.isEmpty == true }, "\(http.filter { ($0["problems"] as? [String])?.isEmpty != true })")
        for path in ["wecom", "dingtalk", "feishu"] {
            #expect(http.filter { $0["path"] as? String == path && $0["rejected"] as? Bool != true }.count == addressees.count, "\(path)")
        }
        // WeCom refused the first message (rate limit): it was retried, not sent twice.
        #expect(http.filter { $0["path"] as? String == "wecom" }.count == addressees.count + 1)

        // 张伟's e-mail: over STARTTLS, authenticated; the subject in RFC 2047 decoded; counts first;
        // every one of his notices a line with entity, rule, period, due date and basis reference.
        let mine = log.filter { $0["supervisor"] as? String == "S01" }
        #expect(!mine.isEmpty)
        let mail = try #require(mails.first { ($0["rcpt_tos"] as? [String])?.contains("zhangwei@lanshan.example.gov.cn") == true })
        #expect(mail["tls"] as? Bool == true && mail["authenticated"] as? Bool == true)
        let subject = try #require(mail["subject"] as? String)
        #expect(subject.hasPrefix("【监管日程】张伟 2026-03-25："), "\(subject)")
        #expect((mail["raw_subject"] as? String)?.contains("=?UTF-8?B?") == true)
        let count = { (kind: String) in mine.filter { $0["kind"] as? String == kind }.count }
        let plain = try #require(mail["plain"] as? String)
        #expect(plain.contains("今日：逾期 \(count("overdue")) 项，今日到期 \(count("due")) 项，提醒 \(count("reminder")) 项"), "\(plain)")
        // Each line names the rule's title and cites the law by document and article, as the
        // notice log's basis gives them (issue 26), not the rule id a second time.
        let rules = try #require(try d.ctl("rules", "list", "--json").json() as? [[String: Any]])
        let titles = Dictionary(uniqueKeysWithValues: rules.compactMap { r in (r["id"] as? String).map { ($0, r["title"] as? String ?? "") } })
        let html = try #require(mail["html"] as? String)
        for n in mine {
            let line = try #require(plain.split(whereSeparator: \.isNewline).first { $0.contains("（\(n["entity"] as? String ?? "?")）") && $0.contains(n["period"] as? String ?? "?") && $0.contains(n["rule"] as? String ?? "?") },
                                    "\(n["key"] ?? "") is not in the mail")
            let rule = n["rule"] as? String ?? "?", basis = n["basis"] as? String ?? ""
            let citation = try #require(NoticeCitation.short(basis), "\(basis)")
            #expect(citation.hasPrefix("《") && !citation.contains("〔"), "\(citation)")
            #expect(line.contains("到期 \(n["due"] as? String ?? "?")") && line.hasSuffix("依据" + citation), "\(line)")
            if let title = titles[rule] { #expect(line.contains("\(rule) \(title) "), "\(line)") }
            // HTML: 规则 is the id and title, 依据 the document and article (the whole citation its tooltip).
            #expect(html.contains("<td>\(rule + (titles[rule].map { " " + $0 } ?? ""))</td>"), "\(rule)")
            #expect(html.contains("\">\(citation)</td>"), "\(citation)")
        }
        #expect(html.contains("<th>规则</th>") && html.contains("<th>依据</th>"))
        // Overdue first, then due today, then reminders.
        let order = plain.split(separator: "\n").compactMap { l -> Int? in
            l.contains("[逾期]") ? 0 : l.contains("[今日到期]") ? 2 : l.contains("[提醒]") ? 3 : nil
        }
        #expect(order == order.sorted())
        #expect(html.contains("<table"))
        #expect((mail["message_id"] as? String)?.hasSuffix("@lanshan.example.gov.cn>") == true)
        #expect((mail["from"] as? String)?.contains("兰山区金融办监管日程") == true)
        if mine.contains(where: { ($0["cc"] as? [String])?.contains("S04") == true }) {
            #expect((mail["cc"] as? String)?.contains("liuyang@lanshan.example.gov.cn") == true, "the manager is copied on the overdue items")
        }
        // Entities without a supervisor e-mail went to the office's fallback mailbox. That mailbox
        // is 兰山区金融办's, whoever's digest it carries: `To:` names the person and their own
        // office (吴敏 is 兰山区司法局's), and the body asks to pass it on (issue 26).
        let fallback = mails.filter { ($0["rcpt_tos"] as? [String])?.contains("office@lanshan.example.gov.cn") == true }
        #expect(!fallback.isEmpty)
        let offices = ["王芳": "兰山区金融办", "李娜": "兰山区金融办", "陈静": "罗庄区金融办", "赵磊": "河东区金融办",
                       "孙丽": "兰山区人力资源和社会保障局", "周强": "兰山区人力资源和社会保障局", "吴敏": "兰山区司法局"]
        var named = 0
        for m in fallback {
            let subject = m["subject"] as? String ?? ""
            guard let (name, office) = offices.first(where: { subject.hasPrefix("【监管日程】\($0.key) ") }) else {
                // The digest of the entities without a supervisor: the office's own.
                #expect(m["to"] as? String == "临沂市兰山区金融工作办公室（演示） <office@lanshan.example.gov.cn>", "\(m["to"] ?? "")")
                continue
            }
            named += 1
            #expect(m["to"] as? String == "\(name)（\(office)） <office@lanshan.example.gov.cn>", "\(m["to"] ?? "")")
            #expect((m["plain"] as? String ?? "").contains("\(name)（\(office)）未登记电子邮箱，本摘要发至 office@lanshan.example.gov.cn，请转交本人。"))
        }
        #expect(named > 0 && fallback.contains { ($0["subject"] as? String ?? "").hasPrefix("【监管日程】吴敏 ") }, "\(fallback.map { $0["subject"] ?? "" })")

        // WeCom's card (capped at 4 KB) cites each document once, by mark; DingTalk's and Feishu's whole.
        let cards = http.filter { $0["path"] as? String == "wecom" && $0["rejected"] as? Bool != true }
            .compactMap { (($0["body"] as? [String: Any])?["markdown"] as? [String: Any])?["content"] as? String }
        #expect(!cards.isEmpty && cards.allSatisfy { $0.contains("依据文件：①《") && $0.contains("，依据①") && !$0.contains("依据 C") }, "\(cards.first ?? "")")
        let feishu = http.filter { $0["path"] as? String == "feishu" }
            .compactMap { (($0["body"] as? [String: Any])?["content"] as? [String: Any])?["text"] as? String }
        #expect(feishu.allSatisfy { $0.contains("，依据《") && !$0.contains("依据 C") }, "\(feishu.first ?? "")")

        // DingTalk: 张伟's own robot, @-mentioning his mobile; the office's robot for the others.
        let dings = http.filter { $0["path"] as? String == "dingtalk" }
        let his = try #require(dings.first { ($0["query"] as? [String: String])?["access_token"] == "zhangwei" })
        let at = try #require((his["body"] as? [String: Any])?["at"] as? [String: Any])
        #expect((at["atMobiles"] as? [String])?.contains("13800000001") == true)
        #expect(dings.filter { ($0["query"] as? [String: String])?["access_token"] == "office" }.count == addressees.count - 1)

        // The webhook (digest: each by default): one signed POST per notice, each notice once.
        let posted = http.filter { $0["path"] as? String == "webhook" }
            .flatMap { (($0["body"] as? [String: Any])?["notices"] as? [[String: Any]]) ?? [] }.compactMap { $0["key"] as? String }
        #expect(posted.sorted() == log.compactMap { $0["key"] as? String }.sorted())

        // Operators see delivery per channel.
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        let channels = try #require(status["channels"] as? [[String: Any]])
        for name in ["mail", "wecom", "ding", "feishu", "oa"] {
            let c = try #require(channels.first { $0["hook"] as? String == name || $0["name"] as? String == name }, "\(channels)")
            #expect(c["dead"] as? Int == 0, "\(c)")
        }
        #expect(channels.first { $0["hook"] as? String == "mail" }?["digest"] as? String == "daily")
        // Messages beside notices (issue 26): one e-mail per addressee, each notice once in one.
        let mailCounts = try #require(channels.first { $0["hook"] as? String == "mail" })
        #expect(mailCounts["accepted_messages"] as? Int == mails.count && mailCounts["accepted"] as? Int == log.count, "\(mailCounts)")
        #expect(channels.first { $0["hook"] as? String == "oa" }?["accepted_messages"] as? Int == log.count)
        #expect(channels.first { $0["hook"] as? String == "oa" }?["type"] as? String == "webhook")
        let text = try d.ctl("status").stdout
        // Counted in messages and in notices (a digest's members).
        #expect(mails.count < log.count)
        #expect(text.contains("mail (email, daily digest): \(mails.count) messages (\(log.count) notices) sent, 0 waiting, 0 retrying, 0 dead"), "\(text)")
        #expect(text.contains("oa (webhook): \(log.count) sent"), "\(text)")

        // A restart sends nothing again.
        #expect(try d.stop() == .exited(0))
        let before = (try lines("mail.jsonl").count, try lines("http.jsonl").count)
        try d.start(now: "2026-03-25T10:00")
        try d.settle()
        Thread.sleep(forTimeInterval: 2)
        #expect((try lines("mail.jsonl").count, try lines("http.jsonl").count) == before)
        #expect(try d.stop() == .exited(0))
    }

    /// Issue 26: on day two a daily digest lists the day's new overdue notices, and its subject
    /// and counts say how many are overdue in all ("逾期 8 项（新增 2 项）"), the body saying the
    /// rest were announced before and where to see them — the count is what `inspectctl overdue`
    /// and `deadlines --overdue` list for that supervisor at the time.
    @Test("day two: the subject counts all the addressee's overdue items and says how many are new")
    func subjectCountsEveryOverdueItem() throws {
        let (smtp, https) = try startServers()
        try configure(smtp: smtp, https: https)
        try d.start(now: "2026-03-25T09:00")
        let first = try d.noticeLog().filter { $0["supervisor"] as? String == "S01" }
        _ = try mails(of: "2026-03-25")
        #expect(try d.stop() == .exited(0))

        // 1 April: March's monthly inspections fell due yesterday.
        try d.start(now: "2026-04-01T09:00")
        let day = try d.noticeLog().filter { $0["supervisor"] as? String == "S01" && $0["day"] as? String == "2026-04-01" }
        let new = day.filter { $0["kind"] as? String == "overdue" }.count
        let obligations = try #require(try d.ctl("overdue", "--supervisor", "S01", "--json").json() as? [Any]).count
        let deadlines = try #require(try d.ctl("deadlines", "--overdue", "--supervisor", "S01", "--json").json() as? [Any]).count
        let total = obligations + deadlines
        #expect(new > 0 && total > new, "the test needs new and earlier overdue items: \(new) new of \(total); day one had \(first.count) notices")
        let mail = try mails(of: "2026-04-01").first { ($0["subject"] as? String)?.hasPrefix("【监管日程】张伟 ") == true }
        #expect(mail != nil, "张伟's mail of 1 April did not arrive")
        let subject = try #require(mail?["subject"] as? String)
        #expect(subject.contains("逾期 \(total) 项（新增 \(new) 项）"), "\(subject)")
        let plain = try #require(mail?["plain"] as? String)
        #expect(plain.contains("今日：逾期 \(total) 项（新增 \(new) 项）"), "\(plain)")
        #expect(plain.contains("另有 \(total - new) 项此前已通知的逾期事项未在此列出，见 inspectctl overdue --supervisor S01"), "\(plain)")
        // The body lists the new ones: as many overdue lines as the subject says are new.
        #expect(plain.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("- [逾期]") }.count == new, "\(plain)")
        #expect((mail?["html"] as? String ?? "").contains("另有 \(total - new) 项此前已通知的逾期事项"))
        #expect(try d.stop() == .exited(0))
    }

    /// Killed after a digest was accepted and before its members were marked: after the restart
    /// the digest goes again under the same key (the same `Message-ID`, which mail systems
    /// recognise as one message), every member is delivered, and nothing else is sent twice.
    @Test("killed between sending a digest and marking it: sent again with the same Message-ID, no member lost")
    func crashAfterADigestWasSent() throws {
        let (smtp, _) = try startServers()
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: """
              log: notices.jsonl
              hooks:
            \(mailChannel(smtp, from: "inspectd@lanshan.example.gov.cn", extra: ["fallback: office@lanshan.example.gov.cn"]))

            """)
        try d.start(now: "2026-03-25T09:00", environment: ["INSPECTD_TEST_CRASH_AT": "channel-sent:2"], settle: false)
        #expect(try d.process?.wait(timeout: .seconds(60)) == .signaled(SIGKILL))
        _ = try d.stop()
        #expect(try lines("mail.jsonl").count == 2, "two digests went out before the crash")
        try d.start(now: "2026-03-25T09:05")
        let log = try d.noticeLog()
        let addressees = Set(log.map { ($0["supervisor"] as? String) ?? "-" })
        #expect(NoticeHookTests.eventually(60) { ((try? self.lines("mail.jsonl").count) ?? 0) >= addressees.count + 1 })
        try d.settle()
        Thread.sleep(forTimeInterval: 1)
        let mails = try lines("mail.jsonl")
        #expect(mails.count == addressees.count + 1)
        let ids = mails.compactMap { $0["message_id"] as? String }
        let repeated = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }
        #expect(repeated.count == 1 && repeated.first?.value.count == 2, "one digest sent again under its own Message-ID: \(ids)")
        #expect(ids[1] == repeated.first?.key, "the second digest (the one killed before its mark) is the one sent again")
        // Every notice is in some mail.
        let bodies = mails.compactMap { $0["plain"] as? String }.joined(separator: "\n")
        for n in log {
            #expect(bodies.contains("（\(n["entity"] as? String ?? "?")） \(n["rule"] as? String ?? "?")"), "\(n["key"] ?? "") lost")
        }
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        let mail = try #require((status["channels"] as? [[String: Any]])?.first { $0["hook"] as? String == "mail" })
        #expect(mail["accepted"] as? Int == log.count && mail["waiting"] as? Int == 0 && mail["dead"] as? Int == 0, "\(mail)")
        #expect(try d.stop() == .exited(0))
    }

    @Test("a supervisor without an address and no fallback is a dead letter at once, named; a bad channel is refused at load")
    func undeliverableAndBadConfiguration() throws {
        let (smtp, _) = try startServers()
        try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: """
              log: notices.jsonl
              hooks:
            \(mailChannel(smtp, from: "inspectd@lanshan.example.gov.cn"))

            """)
        try d.start(now: "2026-03-25T09:00")
        let log = try d.noticeLog()
        var dead: [[String: Any]] = []
        #expect(NoticeHookTests.eventually(60) {
            dead = (try? d.ctl("notices-dead", "--json").json() as? [[String: Any]]) ?? []
            return dead.count >= log.count
        })
        #expect(dead.allSatisfy { ($0["last_error"] as? String)?.contains("has no email") == true || ($0["last_error"] as? String)?.contains("no supervisor") == true }, "\(dead.prefix(2))")
        #expect(dead.allSatisfy { $0["attempts"] as? Int == 1 })
        #expect(try lines("mail.jsonl").isEmpty)
        #expect(try d.stop() == .exited(0))

        // Refused with the file, line and key: an unknown type, a URL that is not one, a robot of no channel.
        let fresh = try DaemonFixture()
        for (yaml, words) in [
            ("  hooks:\n    x: { type: pager, url: https://a.example }\n", "not a channel type"),
            ("  hooks:\n    x: { type: wecom, url: ftp://a.example }\n", "not a https or http URL"),
            ("  hooks:\n    x: { type: email, server: smtp://a.example, from: nobody }\n", "no e-mail address"),
            ("  hooks:\n    x: { type: feishu, url: https://a.example, secret_file: /nonexistent/secret }\n", "cannot read a secret"),
        ] {
            try fresh.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: "  log: notices.jsonl\n" + yaml)
            let r = try fresh.ctl("config", "check", fresh.configDirectory)
            #expect(r.exitCode != 0 && (r.stdout + r.stderr).contains(words) && (r.stdout + r.stderr).contains("inspectd.yaml:"), "\(yaml): \(r.stdout) \(r.stderr)")
            try fresh.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n" + yaml, with: "  log: notices.jsonl\n")
        }
    }

    /// The working day before a planned visit, the daily digest of each supervisor concerned —
    /// whose entity it is, or who is in the team — lists it under 明日检查安排 with the team and
    /// the obligations it serves; nobody else's digest does, and a message per notice carries none.
    @Test("the daily digest lists tomorrow's visits of its addressee (明日检查安排)")
    func tomorrowsVisitsInTheDigest() throws {
        let (smtp, https) = try startServers()
        try configure(smtp: smtp, https: https)
        // 张伟 (S01) is also an inspector of the pool: the same id is the same person.
        try d.start(now: "2026-05-06T08:00")
        for (id, name) in [("I1", "检查员甲"), ("I2", "检查员乙"), ("S01", "张伟")] {
            #expect(try d.ctl("inspector", "add", id, "--name", name).exitCode == 0)
        }
        #expect(try d.ctl("plan", "propose", "--month", "2026-05", "--apply").exitCode == 0)
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-05-06T09:00")  // Wednesday; the next working day is Thursday 7 May
        let log = try d.noticeLog()
        let addressees = Set(log.map { ($0["supervisor"] as? String) ?? "-" })
        #expect(NoticeHookTests.eventually(90) { ((try? self.lines("mail.jsonl"))?.count ?? 0) >= addressees.count }, "the mails did not arrive")
        try d.settle()

        let tomorrow = try #require(try d.ctl("plan", "visits", "--date", "2026-05-07", "--json").json() as? [[String: Any]])
        let csv = try String(contentsOf: BuiltProducts.packageRoot.appendingPathComponent("config/demo/entities.csv"), encoding: .utf8)
        let supervisorOf = Dictionary(uniqueKeysWithValues: csv.split(separator: "\n").dropFirst().map { line -> (String, String) in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (f[0], f[6])
        })
        let his = tomorrow.filter { v in
            supervisorOf[v["entity"] as? String ?? ""] == "S01" || (v["inspectors"] as? [String] ?? []).contains("S01")
        }
        #expect(!his.isEmpty, "the month's proposal has visits on 7 May that concern 张伟: \(tomorrow)")
        let mails = try lines("mail.jsonl")
        let mail = try #require(mails.first { ($0["rcpt_tos"] as? [String])?.contains("zhangwei@lanshan.example.gov.cn") == true })
        let plain = try #require(mail["plain"] as? String)
        let section = try #require(plain.components(separatedBy: "【明日检查安排（2026-05-07）】").dropFirst().first, "\(plain)")
        let listed = section.split(whereSeparator: \.isNewline).filter { $0.hasPrefix("- ") }
        #expect(listed.count == his.count, "\(section.debugDescription)")
        for v in his {
            let entity = v["entity"] as? String ?? "?"
            let line = try #require(listed.first { $0.contains("（\(entity)）") }, "\(entity) is not in 张伟's agenda")
            let names = (v["inspectors"] as? [String] ?? []).map { ["I1": "检查员甲", "I2": "检查员乙", "S01": "张伟"][$0] ?? $0 }
            #expect(line.contains("检查组：" + names.joined(separator: "、")), "\(line)")
            for key in v["obligations"] as? [String] ?? [] { #expect(line.contains(key), "\(line)") }
        }
        #expect((mail["html"] as? String)?.contains("明日检查安排（2026-05-07）") == true)
        // A visit that concerns nobody else is in no one else's mail.
        for other in mails where (other["rcpt_tos"] as? [String])?.contains("zhangwei@lanshan.example.gov.cn") != true {
            let text = other["plain"] as? String ?? ""
            for v in tomorrow where (v["inspectors"] as? [String] ?? []).allSatisfy({ $0 != "S01" }) && supervisorOf[v["entity"] as? String ?? ""] == "S01" {
                #expect(!text.contains("（\(v["entity"] as? String ?? "?")） 检查组"), "\(text)")
            }
        }
        // The webhook sends a message per notice: no agenda there.
        let hooks = try lines("http.jsonl").filter { $0["path"] as? String == "webhook" }
        #expect(hooks.allSatisfy { (($0["body"] as? [String: Any])?["visits"] as? [Any])?.isEmpty ?? true })
        #expect(try d.stop() == .exited(0))
    }

    /// From 1 November, while next year's holiday arrangement is missing, `status` says so, and
    /// the managers' and the office's digests carry one line about it on the week's first
    /// working day — not the other supervisors', and not the next day's.
    @Test("next year's calendar missing: status says so; the managers' digest once a week")
    func nextYearsCalendarMissing() throws {
        let (smtp, https) = try startServers()
        try configure(smtp: smtp, https: https)
        try d.start(now: "2026-10-30T09:00")
        #expect(try #require(try d.ctl("status", "--json").json() as? [String: Any])["provisional_year"] == nil)
        #expect(try d.stop() == .exited(0))
        let line = "2027 年节假日安排尚未加载"
        // Tuesday 24 November: status says it; no digest does (not the week's first working day).
        try d.start(now: "2026-11-24T09:00")
        let status = try #require(try d.ctl("status", "--json").json() as? [String: Any])
        #expect(status["provisional_year"] as? Int == 2027)
        let open = try #require(try d.ctl("upcoming", "--all", "--within", "3660", "--json").json() as? [[String: Any]])
            + (try #require(try d.ctl("overdue", "--all", "--json").json() as? [[String: Any]]))
        let provisional = open.filter { $0["provisional"] as? Bool == true }.count
        #expect(status["provisional_due_dates"] as? Int == provisional && provisional > 0, "\(status)")
        #expect(try d.ctl("status").stdout.contains("2027's holiday arrangement is not loaded: \(provisional) due dates"))
        #expect(try d.ctl(["status"], environment: ["LC_ALL": "zh_CN.UTF-8"]).stdout.contains(line))
        let tuesday = try mails(of: "2026-11-24")
        #expect(tuesday.allSatisfy { !($0["plain"] as? String ?? "").contains(line) })
        #expect(try d.stop() == .exited(0))

        // Monday 30 November: the managers' and the office's digests carry one line; a supervisor's does not.
        try d.start(now: "2026-11-30T09:00")
        let monday = try mails(of: "2026-11-30")
        let told = monday.filter { ($0["plain"] as? String ?? "").contains(line) }
        #expect(!told.isEmpty, "\(monday.map { $0["rcpt_tos"] ?? "" })")
        for m in monday {
            // By the digest's addressee (the title names them): the manager 刘洋, or the office itself.
            let text = m["plain"] as? String ?? ""
            let title = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let expected = title.hasPrefix("【监管日程】刘洋 ") || title.hasPrefix("【监管日程】临沂市兰山区金融工作办公室（演示） ")
            #expect(text.contains(line) == expected, "\(title)")
            if expected {
                #expect(text.components(separatedBy: line).count == 2, "one line, not one per obligation")
                #expect(text.contains("\(provisional) 个到期日"), "\(text)")
                #expect((m["html"] as? String ?? "").contains(line))
            }
        }
        #expect(try d.stop() == .exited(0))
    }
}
