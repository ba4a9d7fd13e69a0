import Foundation
import InspectConfig
import InspectCore
@testable import InspectDaemon
import Testing

/// The formats of the built-in channels (issue 13) that need no server to check.
@Suite struct ChannelMessageTests {
    @Test func encodedWordsAreShortAndDecodeToTheText() throws {
        let subject = "【监管日程】张伟 2026-03-25：逾期 12 项，今日到期 3 项，提醒 25 项，其他 1 项——请及时处理相关事项"
        let encoded = MailMessage.encodedWords(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var bytes = Data()
        for w in words {
            #expect(w.count <= 75 && w.hasPrefix("=?UTF-8?B?") && w.hasSuffix("?="), "\(w)")
            let b64 = String(w.dropFirst(10).dropLast(2))
            let chunk = try #require(Data(base64Encoded: b64))
            #expect(String(data: chunk, encoding: .utf8) != nil, "a word splits a character")
            bytes += chunk
        }
        #expect(String(decoding: bytes, as: UTF8.self) == subject)
        #expect(MailMessage.encodedWords("plain ASCII") == "plain ASCII")
        // RFC 5322 specials in a plain name: encoded, so "Li, Ming" stays one mailbox.
        #expect(MailMessage.encodedWords("Li, Ming").hasPrefix("=?UTF-8?B?"))
        #expect(MailMessage.mailbox(name: "Li, Ming", address: "li@x.cn").hasSuffix(" <li@x.cn>"))
    }

    @Test func addressesAreChecked() {
        #expect(MailAddress.address(in: "兰山区金融办 <inspectd@lanshan.gov.cn>") == "inspectd@lanshan.gov.cn")
        #expect(MailAddress.displayName(in: "兰山区金融办 <inspectd@lanshan.gov.cn>") == "兰山区金融办")
        for bad in ["nobody", "a@b", "a b@c.d", "<x@y.z", "a@b.c>", "a@@b.c", "张@b.c"] { #expect(MailAddress.address(in: bad) == nil, "\(bad)") }
    }

    /// DingTalk's documented algorithm, recomputed here from its parts (RFC 4231 test case 2's
    /// key and data give the known HMAC-SHA256, so OpenSSL is called right).
    @Test func signaturesUseHMACSHA256() {
        let mac = CurlTransport.hmacSHA256(key: Data("Jefe".utf8), message: Data("what do ya want for nothing?".utf8))
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        let ding = RobotMessage.dingtalkSign(secret: "SEC1", timestampMs: 1_700_000_000_000)
        #expect(ding == CurlTransport.hmacSHA256(key: Data("SEC1".utf8), message: Data("1700000000000\nSEC1".utf8)).base64EncodedString())
        let feishu = RobotMessage.feishuSign(secret: "s", timestamp: 1_700_000_000)
        #expect(feishu == CurlTransport.hmacSHA256(key: Data("1700000000\ns".utf8), message: Data()).base64EncodedString())
    }
}
