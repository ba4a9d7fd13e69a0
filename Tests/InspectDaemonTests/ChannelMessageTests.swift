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

    /// Issue 26: the e-mail's table has the rule's id and title under 规则 and the document and
    /// article under 依据 (the whole citation as the cell's tooltip); WeCom's card cites each
    /// document once, by mark, so that its 4 KB hold more lines.
    @Test func digestsCiteTheRulesTitleAndTheLaw() throws {
        let configuration = try ConfigurationLoader.load(directory: RobotMessageBudgetTests.config)
        let rule = try #require(configuration.rule("C01"))
        let day = CivilDate(year: 2026, month: 3, day: 25)!
        let notice = Notice(key: "C01/LS-PFS-001/2026-02/overdue", kind: .overdue, stage: "overdue", entityID: "LS-PFS-001", entityName: "汇通小贷",
                            ruleID: "C01", source: rule.source, period: "2026-02", due: day, supervisor: "S01", day: day, message: "m", basis: rule.basis)
        let text = DigestText(try #require(NoticeDigest.group([notice], channel: "mail", daily: true).first), configuration: configuration)
        let html = MailMessage.htmlTable(text)
        #expect(html.contains("<th>规则</th>") && html.contains("<th>依据</th>"))
        #expect(html.contains("<td>C01 县区金融办对民间融资服务公司现场检查（每月）</td>"), "\(html)")
        #expect(html.contains("<td title=\"《临沂市金融工作办公室责任清单》（2015年7月）三(三)四(三)〔对民间融资服务公司的监督管理·实行现场检查〕\">《临沂市金融工作办公室责任清单》三(三)四(三)</td>"), "\(html)")
        #expect(text.plain().contains("C01 县区金融办对民间融资服务公司现场检查（每月） 2026-02，到期 2026-03-25，依据《临沂市金融工作办公室责任清单》三(三)四(三)"))

        let wecom = RobotMessage.wecom(text, url: "https://example.invalid/wecom", format: nil, mentions: [])
        let content = try #require(((try JSONSerialization.jsonObject(with: wecom.body) as? [String: Any])?["markdown"] as? [String: Any])?["content"] as? String)
        #expect(content.contains("依据文件：①《临沂市金融工作办公室责任清单》"), "\(content)")
        #expect(content.contains("现场检查（每月） 2026-02，到期 2026-03-25，依据①三(三)四(三)"), "\(content)")
    }
}
