import Foundation
import InspectConfig
import InspectCore

/// A digest as an e-mail (RFC 5322 with MIME): UTF-8 subject and names as RFC 2047 encoded
/// words, a plain-text body in Chinese and, when the channel asks, an HTML table beside it
/// (multipart/alternative); `Message-ID` derived from the digest's key, so the mail server and
/// the reader see a resend after a crash as the same message (issue 13).
enum MailMessage {
    /// `instance`: the sending daemon's name (`X-Inspectd-Instance`), on a platform of several.
    static func compose(_ text: DigestText, from: String, to: [String], cc: [String], html: Bool, date: Date, timeZone: TimeZone,
                        instance: String? = nil) -> Data {
        let domain = MailAddress.address(in: from).flatMap { $0.split(separator: "@").last.map(String.init) } ?? "inspectd.invalid"
        let subject = text.title + "：" + text.counts.replacingOccurrences(of: "今日：", with: "")
        var headers: [(String, String)] = [
            ("From", mailbox(from)),
            ("To", to.joined(separator: ", ")),
        ]
        if !cc.isEmpty { headers.append(("Cc", cc.joined(separator: ", "))) }
        headers += [
            ("Subject", encodedWords(subject)),
            ("Date", rfc5322Date(date, timeZone)),
            ("Message-ID", "<\(messageID(text.digest.key))@\(domain)>"),
            ("MIME-Version", "1.0"),
            ("Auto-Submitted", "auto-generated"),
            ("X-Inspectd-Digest", asciiOnly(text.digest.key)),
        ]
        if let instance { headers.append(("X-Inspectd-Instance", asciiOnly(instance))) }
        let plain = text.plain() + "\n本邮件由 inspectd 自动发送（\(text.office)）。\n"
        var body = ""
        if html {
            let boundary = "inspectd-" + messageID(text.digest.key + "/boundary")
            headers.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
            body += "--\(boundary)\r\n" + part("text/plain", plain)
            body += "--\(boundary)\r\n" + part("text/html", htmlTable(text))
            body += "--\(boundary)--\r\n"
        } else {
            headers.append(("Content-Type", "text/plain; charset=UTF-8"))
            headers.append(("Content-Transfer-Encoding", "base64"))
            body = base64Lines(plain)
        }
        let head = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        return Data((head + "\r\n" + body).utf8)
    }

    /// `名称 <user@host>` with the name as encoded words; a bare address as it is.
    static func mailbox(_ s: String) -> String {
        guard let address = MailAddress.address(in: s) else { return s }
        guard let name = MailAddress.displayName(in: s) else { return address }
        return "\(encodedWords(name)) <\(address)>"
    }

    /// A supervisor's mailbox: the name as encoded words and the address.
    static func mailbox(name: String, address: String) -> String { "\(encodedWords(name)) <\(address)>" }

    /// RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, folded with CRLF SP; ASCII text
    /// without specials stays as it is. Never splits a character across two words.
    static func encodedWords(_ s: String) -> String {
        // Plain ASCII without RFC 5322 specials stays as it is ("Li, Ming" would read as two mailboxes).
        let specials = Set("()<>@,;:\\\".[]")
        if s.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) && !s.contains("=?")
            && !s.contains(where: { specials.contains($0) }) { return s }
        var words: [String] = []
        var chunk: [UInt8] = []
        for ch in s {
            let bytes = Array(String(ch).utf8)
            if chunk.count + bytes.count > 45 {  // 45 bytes → 60 base64 characters + 12 = 72
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// A stable 32-hex-digit id of `key`.
    static func messageID(_ key: String) -> String {
        CurlTransport.hmacSHA256(key: Data("inspectd-message-id".utf8), message: Data(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    static func rfc5322Date(_ date: Date, _ timeZone: TimeZone) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }

    /// Printable ASCII only: what a header may carry unencoded.
    static func asciiOnly(_ s: String) -> String {
        String(s.unicodeScalars.filter { $0.isASCII && $0.value >= 32 && $0.value < 127 }.map(Character.init))
    }

    private static func part(_ type: String, _ text: String) -> String {
        "Content-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + base64Lines(text)
    }

    /// Base64 in lines of 76 (RFC 2045), CRLF after each.
    static func base64Lines(_ text: String) -> String {
        let b = Data(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8).base64EncodedString()
        var out = ""
        var i = b.startIndex
        while i < b.endIndex {
            let j = b.index(i, offsetBy: 76, limitedBy: b.endIndex) ?? b.endIndex
            out += b[i..<j] + "\r\n"
            i = j
        }
        return out
    }

    static func escapeHTML(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Tomorrow's visits (明日检查安排) as a second table; empty when there are none.
    static func agendaTable(_ text: DigestText) -> String {
        guard let agenda = text.agenda else { return "" }
        let rows = agenda.items.map { item in
            "<tr>" + ["\(item.entityName)（\(item.entityID)）", item.team.joined(separator: "、"), item.obligations.joined(separator: "、")]
                .map { "<td>\(escapeHTML($0))</td>" }.joined() + "</tr>\n"
        }.joined()
        return "<h4>\(escapeHTML(agenda.heading))</h4>\n<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n"
            + "<tr><th>对象</th><th>检查组</th><th>事项</th></tr>\n\(rows)</table>\n"
    }

    /// The digest as an HTML table: one row per notice; 规则 the rule's id and title, 依据 the
    /// document and article (the whole citation, with the section's heading, as its tooltip).
    static func htmlTable(_ text: DigestText) -> String {
        var rows = ""
        for n in text.digest.notices {
            let cells = [n.kind.label, "\(n.entityName)（\(n.entityID)）", text.ruleTitles[n.ruleID].map { "\(n.ruleID) \($0)" } ?? n.ruleID, n.period, n.due.iso]
            let full = NoticeCitation.full(n.basis).map { " title=\"\(escapeHTML($0))\"" } ?? ""
            rows += "<tr>" + cells.map { "<td>\(escapeHTML($0))</td>" }.joined()
                + "<td\(full)>\(escapeHTML(NoticeDigest.citation(n)))</td></tr>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escapeHTML(text.title))</title></head><body>
            <h3>\(escapeHTML(text.title))</h3>
            <p>\(escapeHTML(text.counts))</p>
            \([text.forwardNote, text.overdueNote].compactMap { $0 }.map { "<p>\(escapeHTML($0))</p>" }.joined())
            \(text.calendarNote.map { "<p><strong>\(escapeHTML($0))</strong></p>" } ?? "")
            <table border="1" cellpadding="4" cellspacing="0">
            <tr><th>类别</th><th>对象</th><th>规则</th><th>期间</th><th>到期日</th><th>依据</th></tr>
            \(rows)</table>
            \(agendaTable(text))<p>本邮件由 inspectd 自动发送（\(escapeHTML(text.office))）。</p>
            </body></html>

            """
    }
}
