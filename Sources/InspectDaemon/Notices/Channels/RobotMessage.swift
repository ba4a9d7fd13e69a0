import Foundation
import InspectConfig
import InspectCore

/// A digest as the POST a group robot or webhook takes (issue 13), each in the platform's
/// documented shape: 企业微信 `markdown` (or `text` with `mentioned_mobile_list`), 钉钉 `markdown`
/// with `at.atMobiles` and the signed `timestamp`/`sign` query (HMAC-SHA256 of
/// "timestamp\nsecret" under the secret, base64, URL-encoded), 飞书 `text` with `timestamp` and
/// `sign` (HMAC-SHA256 of nothing under "timestamp\nsecret", base64), and a generic JSON of the
/// office's own, signed in `X-Inspectd-Signature` when a secret is set.
enum RobotMessage {
    struct Request {
        var url: String
        var body: Data
        var headers: [String] = []
    }

    /// Message size caps of the platforms (bytes of UTF-8), with some room.
    static let wecomMarkdownBudget = 4_000, wecomTextBudget = 2_000, dingtalkBudget = 18_000, feishuBudget = 18_000

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    static func markdown(_ t: DigestText, budget: Int, compact: Bool = false) -> String {
        t.plain(budget: budget, heading: { "**\($0)**" }, bullet: "> ", header: ["### \(t.title)", t.counts], compact: compact)
    }

    /// WeCom's caps (2 KB of text, 4 KB of markdown) hold a dozen full lines: its cards cite each
    /// document once, by mark (`DigestText.compactSections`). DingTalk's and Feishu's 18 KB hold
    /// a day's list with every line cited whole.
    static func wecom(_ t: DigestText, url: String, format: String?, mentions: [String]) -> Request {
        if format == "text" {
            return Request(url: url, body: json(["msgtype": "text",
                                                 "text": ["content": t.plain(budget: wecomTextBudget, compact: true), "mentioned_mobile_list": mentions]]))
        }
        return Request(url: url, body: json(["msgtype": "markdown", "markdown": ["content": markdown(t, budget: wecomMarkdownBudget, compact: true)]]))
    }

    /// DingTalk's signature: base64(HMAC-SHA256(key: secret, "timestamp\nsecret")), timestamp in ms.
    static func dingtalkSign(secret: String, timestampMs: Int64) -> String {
        CurlTransport.hmacSHA256(key: Data(secret.utf8), message: Data("\(timestampMs)\n\(secret)".utf8)).base64EncodedString()
    }

    static func dingtalk(_ t: DigestText, url: String, secret: String?, mentions: [String], timestampMs: Int64) -> Request {
        var target = url
        if let secret {
            let sign = dingtalkSign(secret: secret, timestampMs: timestampMs)
                .addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics) ?? ""
            target += (url.contains("?") ? "&" : "?") + "timestamp=\(timestampMs)&sign=\(sign)"
        }
        // DingTalk mentions only those whose number also appears in the text.
        var text = markdown(t, budget: dingtalkBudget)
        if !mentions.isEmpty { text += "\n" + mentions.map { "@\($0)" }.joined(separator: " ") }
        return Request(url: target, body: json(["msgtype": "markdown", "markdown": ["title": t.title, "text": text],
                                                "at": ["atMobiles": mentions, "isAtAll": false]]))
    }

    /// Feishu's signature: base64(HMAC-SHA256(key: "timestamp\nsecret", empty message)), timestamp in seconds.
    static func feishuSign(secret: String, timestamp: Int64) -> String {
        CurlTransport.hmacSHA256(key: Data("\(timestamp)\n\(secret)".utf8), message: Data()).base64EncodedString()
    }

    static func feishu(_ t: DigestText, url: String, secret: String?, timestamp: Int64) -> Request {
        var body: [String: Any] = ["msg_type": "text", "content": ["text": t.plain(budget: feishuBudget)]]
        if let secret {
            body["timestamp"] = String(timestamp)
            body["sign"] = feishuSign(secret: secret, timestamp: timestamp)
        }
        return Request(url: url, body: json(body))
    }

    /// The generic webhook's signature: hex HMAC-SHA256 of "timestamp.body" under the secret.
    static func webhookSign(secret: String, timestamp: Int64, body: Data) -> String {
        CurlTransport.hmacSHA256(key: Data(secret.utf8), message: Data("\(timestamp).".utf8) + body).map { String(format: "%02x", $0) }.joined()
    }

    static func webhook(_ t: DigestText, channel: String, url: String, secret: String?, timestamp: Int64, configuration: Configuration) -> Request {
        let notices: [Any] = t.digest.notices.compactMap { n in
            (try? NoticeLog.line(for: n, configuration: configuration)).flatMap { try? JSONSerialization.jsonObject(with: $0) }
        }
        let body = json([
            "channel": channel, "digest": t.digest.key, "addressee": t.digest.addressee ?? NSNull(), "addressee_name": t.addressee?.name ?? NSNull(),
            "office": t.office, "title": t.title, "summary": t.counts, "text": t.plain(),
            "counts": ["overdue": t.digest.overdue, "overdue_total": t.digest.overdueTotal ?? t.digest.overdue, "due": t.digest.dueToday, "reminder": t.digest.reminders, "other": t.digest.others],
            "notices": notices,
            "visits": (t.agenda?.items ?? []).map { v -> [String: Any] in
                ["id": v.visitID.map { Int($0) as Any } ?? NSNull(), "date": v.date.iso, "entity": v.entityID, "entity_name": v.entityName,
                 "obligations": v.obligations, "team": v.team]
            },
        ])
        var headers = ["X-Inspectd-Timestamp: \(timestamp)"]
        if let secret { headers.append("X-Inspectd-Signature: sha256=\(webhookSign(secret: secret, timestamp: timestamp, body: body))") }
        return Request(url: url, body: body, headers: headers)
    }

    /// Whether the platform took the message: nil, or why not. The robots answer HTTP 200 with
    /// an error code in the body (`errcode`, `code`); a webhook answers with its status.
    static func refusal(_ kind: NoticeHook.Kind, _ reply: CurlTransport.Reply) -> String? {
        let text = String(decoding: reply.body.prefix(300), as: UTF8.self)
        guard (200..<300).contains(reply.status) else { return "HTTP \(reply.status): \(text)" }
        guard kind != .webhook else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any] else { return "not the platform's JSON reply: \(text)" }
        let code = (object["errcode"] ?? object["code"] ?? object["StatusCode"]) as? Int
        return code == 0 ? nil : "refused: \(text)"
    }
}
