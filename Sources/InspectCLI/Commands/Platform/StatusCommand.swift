import ArgumentParser
import InspectControl

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: Help.text("Show the daemon's state: entities, obligations, what is overdue and what is next.", "显示守护进程的状态：监管对象、检查义务、逾期事项和下一到期事项。"),
        discussion: Help.text("""
            With --check: one line for a monitor and the exit status Nagios and Zabbix agents read — 0 ok, 1 warning \
            (dead letters; next year's holiday calendar not loaded in the year's last 30 days; daemons of different \
            versions on the platform, or a database schema newer than this daemon knows), 2 critical (no notice \
            run by half an hour after the notice hour on a working day; no daemon leads the platform; the daemon or \
            its database cannot be reached).
            """, """
            使用 --check 时：为监控输出一行，退出状态供 Nagios 和 Zabbix 代理读取——0 正常，1 警告（有投递失败的通知；一年的最后 30 天内尚未加载下一年的节假日安排；平台上的守护进程版本不一致，或数据库结构比本守护进程所知的新），2 严重（工作日通知时刻后半小时仍无通知批次；没有守护进程主持平台；无法连接守护进程或其数据库）。
            """))

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false
    @Flag(help: ArgumentHelp("One line and exit 0 (ok), 1 (warning) or 2 (critical), for Nagios, Zabbix or a script.", "只输出一行，退出状态为 0（正常）、1（警告）或 2（严重），供 Nagios、Zabbix 或脚本使用。")) var check = false

    /// `--check`: the worst check decides the exit status; the line names what is not ok.
    func runCheck() throws {
        let s: Control.Status
        do {
            s = try connection.call(.getStatus, as: Control.Status.self)
        } catch let f as CLIFailure {
            print(Messages.pick("inspectd CRITICAL: \(f.message)", "inspectd 严重：\(f.message)"))
            throw ExitCode(2)
        }
        let items = s.health ?? []
        let rank = ["ok": 0, "warning": 1, "critical": 2]
        let worst = items.map { rank[$0.level] ?? 2 }.max() ?? 0
        let shown = worst == 0 ? items : items.filter { (rank[$0.level] ?? 2) > 0 }
        guard Language.current == .chinese else {
            let word = ["OK", "WARNING", "CRITICAL"][worst]
            print("inspectd \(word): " + shown.map { "\($0.name): \($0.detail)" }.joined(separator: "; "))
            if worst > 0 { throw ExitCode(Int32(worst)) }
            return
        }
        // The exit status is what a monitor reads; the line is for the person it alerts.
        let word = ["正常", "警告", "严重"][worst]
        print("inspectd \(word)：" + shown.map { "\(Self.checkNames[$0.name] ?? $0.name)：\(Self.chineseDetail($0))" }.joined(separator: "；"))
        if worst > 0 { throw ExitCode(Int32(worst)) }
    }

    static let checkNames = ["leader": "主守护进程", "notice_run": "通知批次", "dead_letters": "放弃的通知", "calendar": "节假日安排", "versions": "版本"]

    /// A check's detail in Chinese from its code, else as the daemon wrote it.
    static func chineseDetail(_ h: Control.HealthItem) -> String {
        let v = h.values ?? []
        func at(_ i: Int) -> String { i < v.count ? v[i] : "?" }
        switch h.code {
        case "leads": return "本守护进程为主"
        case "other_leads": return "\(at(0)) 为主"
        case "no_leader": return "平台上没有主守护进程：不会进行通知批次、升级或投递"
        case "run_by_leader": return "由主守护进程执行"
        case "no_run_today": return "今日未执行通知批次（应于 \(at(0)) 执行）"
        case "last_run": return "最近一次 \(at(0))"
        case "not_due_yet": return "尚未到时间"
        case "dead_letters": return "\(at(0)) 条通知已放弃（inspectctl notices-dead）"
        case "no_dead_letters": return "没有放弃的通知"
        case "calendar_missing": return "\(at(0)) 年节假日安排未载入（\(at(1)) 个到期日待定）"
        case "calendar_loaded": return "节假日安排已载入"
        case "same_versions": return "所有守护进程均运行 \(versions(Array(v.prefix(3))))"
        case "schema_newer": return "数据库结构比本守护进程（\(versions(Array(v.prefix(3)))) 所知的新：升级前本守护进程不写入任何内容，也不担任主守护进程"
        case "versions_differ":
            // This daemon's three values, then five for each other daemon.
            let others = stride(from: 3, to: v.count - 4, by: 5).map { i in "\(v[i])（主机 \(v[i + 1])）运行 \(versions(Array(v[(i + 2)...(i + 4)])))" }
            return others.joined(separator: "，") + "；本守护进程运行 \(versions(Array(v.prefix(3))))"
        default: return h.detail
        }
    }

    /// A daemon's version, schema and change feed (three values; an empty version: older than
    /// the versions that say it), in the caller's language.
    static func versions(_ v: [String]) -> String {
        guard v.count == 3, !v[0].isEmpty else { return Messages.pick("unknown (older)", "未知（较旧版本）") }
        return Messages.pick("\(v[0]) (schema \(v[1]), feed \(v[2]))", "\(v[0])（架构 \(v[1])，变更流 \(v[2])）")
    }

    static func versions(_ d: Control.PlatformDaemon) -> String {
        versions([d.version ?? "", d.schema.map(String.init) ?? "", d.feed.map(String.init) ?? ""])
    }

    /// On a platform: each daemon present and what it runs, marked where it differs from this one.
    func platformRows(_ s: Control.Status) -> [(String, String)] {
        guard let daemons = s.daemons, !daemons.isEmpty else { return [] }
        let own = Self.versions([s.version ?? "", s.schema.map(String.init) ?? "", s.feed.map(String.init) ?? ""])
        var rows = daemons.map { d -> (String, String) in
            let runs = Self.versions(d)
            let mark = runs == own ? "" : Messages.pick(" — differs from this daemon", " —— 与本守护进程不同")
            return ("Daemon on platform", Messages.pick("\(d.instance) on \(d.host ?? "?"): \(runs)", "\(d.instance)（主机 \(d.host ?? "?")）：\(runs)") + mark)
        }
        if let newer = s.schemaNewer, !newer.isEmpty {
            rows.append(("Schema", Messages.pick("newer than this daemon knows (\(newer.count) migration(s), newest \(newer.last ?? "?")): it writes nothing and does not lead until it is upgraded",
                                                 "比本守护进程所知的新（\(newer.count) 项迁移，最新为 \(newer.last ?? "?")）：升级前本守护进程不写入任何内容，也不担任主守护进程")))
        }
        return rows
    }

    /// The store and, on a platform, who leads.
    func storageText(_ s: Control.Status) -> String {
        guard let storage = s.storage else { return "-" }
        guard storage == "postgresql" else { return storage }
        let who = s.leader.map { $0 == s.instance ? Messages.pick("this daemon leads", "本守护进程为主") : Messages.pick("\($0) leads", "\($0) 为主") }
            ?? Messages.pick("no daemon leads now (the notice run waits)", "当前没有主守护进程（通知批次等待中）")
        return Messages.pick("postgresql, instance \(s.instance ?? "?"); \(who)", "postgresql，实例 \(s.instance ?? "?")；\(who)")
    }

    /// Background work by name (`notice-run`, `delivery`, `rebuild`).
    func workText(_ name: String) -> String {
        Language.current == .chinese ? ["notice-run": "通知批次", "delivery": "投递", "rebuild": "重新计算"][name] ?? name : name
    }

    /// One channel's delivery counts.
    func channelText(_ c: Control.ChannelCounts) -> String {
        let kind = c.type.map { t in Messages.pick(" (\(t)\(c.digest == "daily" ? ", daily digest" : ""))",
                                                   "（\(Self.channelTypes[t] ?? t)\(c.digest == "daily" ? "，每日摘要" : "")）") }
            ?? Messages.pick(" (no longer configured)", "（已不在配置中）")
        return "\(c.hook)\(kind): " + Self.sent(c) + Messages.pick(", \(c.waiting) waiting, \(c.retrying) retrying, \(c.dead) dead",
                                                                   "，待发送 \(c.waiting)，重试中 \(c.retrying)，已放弃 \(c.dead)")
            + (c.deadMessages.map { $0 != c.dead ? Messages.pick(" (\($0) message\($0 == 1 ? "" : "s"))", "（\($0) 封消息）") : "" } ?? "")
            + (c.dead > 0 ? Messages.pick(" (inspectctl notices-dead; notices retry --all-dead)", "（inspectctl notices-dead；inspectctl notices retry --all-dead）") : "")
    }

    /// A channel's type as people say it.
    static let channelTypes = ["command": "命令", "email": "电子邮件", "webhook": "网络钩子", "wecom": "企业微信", "dingtalk": "钉钉", "feishu": "飞书"]

    /// Next year's holiday arrangement missing (from 1 November): said until it is loaded.
    func calendarRows(_ s: Control.Status) -> [(String, String)] {
        guard let year = s.provisionalYear else { return [] }
        return [("Holiday calendar", Messages.say(.calendarYearMissing, "\(year)", "\(s.provisionalDueDates ?? 0)"))]
    }

    /// What a channel sent: `7 messages (75 notices) sent` where digests carried several notices
    /// each (issue 26), `75 sent` where each notice went alone (the counts agree).
    static func sent(_ c: Control.ChannelCounts) -> String {
        guard let messages = c.acceptedMessages, messages != c.accepted || c.digest == "daily" else {
            return Messages.pick("\(c.accepted) sent", "已发送 \(c.accepted)")
        }
        return Messages.pick("\(messages) message\(messages == 1 ? "" : "s") (\(c.accepted) notice\(c.accepted == 1 ? "" : "s")) sent",
                             "已发送 \(messages) 封消息（\(c.accepted) 条通知）")
    }

    func run() throws {
        if check { return try runCheck() }
        try reportingFailures {
            let s = try connection.call(.getStatus, as: Control.Status.self)
            if json { try printJSON(s); return }
            let zh = Language.current == .chinese
            let commit = s.commit.map { zh && $0 == "development build" ? "开发版本" : $0 } ?? "?"
            let rows: [(String, String)] = [
                ("Office", s.office),
                ("Daemon", s.version.map { v in
                    let daemon = "\(v) (\(commit))"
                    return v == BuildInfo.version && s.commit == BuildInfo.commit ? daemon
                        : daemon + Messages.pick("; this inspectctl is \(BuildInfo.description): they differ", "；本 inspectctl 为 \(BuildInfo.description)：版本不一致")
                } ?? Messages.pick("older than 0.1.0 (no version reported)", "早于 0.1.0（未报告版本）")),
                ("Now", s.now),
                ("Storage", storageText(s)),
                ("Configuration", "\(s.configDirectory) " + Messages.pick("(\(s.rules) rules)", "（\(s.rules) 条规则）")),
                ("Entities", "\(s.entities)"),
                ("Obligations", "\(s.obligations) " + Messages.pick("(\(s.open) open, \(s.dueSoon) due soon, \(s.overdue) overdue)",
                                                                  "（未完成 \(s.open)，即将到期 \(s.dueSoon)，逾期 \(s.overdue)）")),
                ("Next due", s.nextDue ?? "-"),
                ("Notices", Messages.pick("\(s.noticesSent) sent, \(s.noticesPending) waiting for delivery", "已发送 \(s.noticesSent)，待投递 \(s.noticesPending)")
                    + (s.hookPending + s.hookDead > 0
                        ? Messages.pick("; hooks: \(s.hookPending) waiting, \(s.hookDead) dead (inspectctl notices-dead)",
                                        "；通道：待发送 \(s.hookPending)，已放弃 \(s.hookDead)（inspectctl notices-dead）") : "")),
                ("Notice run", s.lastNoticeRun.map { "\($0) " + Messages.pick("(\(s.lastNoticeRunDecided ?? 0) decided)", "（决定 \(s.lastNoticeRunDecided ?? 0) 条）") }
                    ?? Messages.pick("not yet since start", "启动以来尚未运行")),
                ("Working on", (s.backgroundWork ?? []).isEmpty ? "-" : (s.backgroundWork ?? []).map(workText).joined(separator: ", ")),
            ] + platformRows(s) + calendarRows(s) + (s.channels ?? []).map { c in
                ("Channel", channelText(c))
            }
            print(Messages.fields(rows))
        }
    }
}
