import Foundation
import InspectConfig
import InspectCore

/// Sends one digest over a built-in channel (issue 13): works out who it goes to (the
/// supervisor's e-mail or robot, the managers copied), formats it the platform's way and
/// hands it to libcurl. Runs on the channel's own queue (`NoticeHookRunner`).
enum ChannelDelivery {
    enum Outcome: Equatable {
        case accepted
        /// Worth retrying (the server was down, refused for now).
        case failed(String)
        /// No retry can help until the configuration changes (no address): dead-lettered at once.
        case undeliverable(String)
        /// Not handed over: `mayHandOver` said no at the last moment (this daemon no longer leads).
        case withheld
    }

    /// `overdue`: all the addressee's overdue items, for a daily digest's counts (issue 26).
    /// `instance`: the sending daemon's name, in the message's `X-Inspectd-Instance` header (which
    /// daemon of a platform sent it). `mayHandOver` is asked once the message is composed, right
    /// before it is handed to libcurl: a daemon paused (a VM frozen, a GC-like stall) while it
    /// composed finds there that it no longer leads, and sends nothing.
    static func send(_ digest: NoticeDigest, hook: NoticeHook, configuration: Configuration, agenda: VisitAgenda? = nil, calendarNote: String? = nil,
                     overdue: OverdueTotals.Count? = nil, now: Date, instance: String? = nil,
                     mayHandOver: () -> Bool = { true }) -> Outcome {
        var digest = digest
        digest.overdueTotal = overdue?.total
        var text = DigestText(digest, configuration: configuration, agenda: agenda)
        text.calendarNote = calendarNote
        text.overdueNote = overdue.flatMap { DigestText.overdueNote(digest, $0) }
        let seconds = Int64(now.timeIntervalSince1970)
        do {
            switch hook.kind {
            case .command:
                return .undeliverable("a command hook runs per notice")
            case .email:
                guard let mail = hook.mail else { return .undeliverable("no mail settings") }
                guard let sender = MailAddress.address(in: mail.from) else { return .undeliverable("no sender address in \(mail.from)") }
                var to: [(String, String)] = []
                if let s = text.addressee, let e = s.email {
                    to.append((s.name, e))
                } else if let f = mail.fallback {
                    // The fallback is one office's mailbox, whoever's digest it carries (吴敏 of
                    // 兰山区司法局's, in 兰山区金融办's mailbox): `To:` names the person and office the
                    // digest is for, and the body asks the mailbox's reader to pass it on (issue 26).
                    let name = text.addressee.map { "\($0.name)（\(text.office)）" } ?? text.office
                    to.append((name, f))
                    if text.addressee != nil { text.forwardNote = "\(name)未登记电子邮箱，本摘要发至 \(f)，请转交本人。" }
                }
                guard !to.isEmpty else {
                    return .undeliverable("\(text.addressee.map { "supervisor \($0.id) has no email" } ?? "no supervisor") and the channel has no fallback address")
                }
                let cc = text.copied.compactMap { s in s.email.map { (s.name, $0) } }.filter { c in !to.contains { $0.1 == c.1 } }
                let message = MailMessage.compose(text, from: mail.from, to: to.map { MailMessage.mailbox(name: $0.0, address: $0.1) },
                                                  cc: cc.map { MailMessage.mailbox(name: $0.0, address: $0.1) }, html: mail.html,
                                                  date: now, timeZone: TimeZone(identifier: configuration.office.timeZone) ?? .current,
                                                  instance: instance)
                guard mayHandOver() else { return .withheld }
                try CurlTransport.sendMail(server: mail.server, starttls: mail.starttls, user: mail.user, password: mail.password, sender: sender,
                                           recipients: (to + cc).map(\.1), message: message, caFile: hook.caFile, timeout: hook.timeout)
                return .accepted
            case .wecom, .dingtalk, .feishu, .webhook:
                let robot = text.addressee?.robots[hook.name] ?? hook.url
                guard let url = robot else { return .undeliverable("no url") }
                let mentions = ([text.addressee] + text.copied).compactMap { $0?.mobile }
                let request: RobotMessage.Request = switch hook.kind {
                case .wecom: RobotMessage.wecom(text, url: url, format: hook.format, mentions: mentions)
                case .dingtalk: RobotMessage.dingtalk(text, url: url, secret: hook.secret, mentions: mentions, timestampMs: seconds * 1000)
                case .feishu: RobotMessage.feishu(text, url: url, secret: hook.secret, timestamp: seconds)
                default: RobotMessage.webhook(text, channel: hook.name, url: url, secret: hook.secret, timestamp: seconds, configuration: configuration)
                }
                let headers = request.headers + (instance.map { ["X-Inspectd-Instance: \(MailMessage.asciiOnly($0))"] } ?? [])
                guard mayHandOver() else { return .withheld }
                let reply = try CurlTransport.post(request.url, body: request.body, headers: headers, caFile: hook.caFile, timeout: hook.timeout)
                return RobotMessage.refusal(hook.kind, reply).map { .failed($0) } ?? .accepted
            }
        } catch {
            return .failed("\(error)")
        }
    }
}
