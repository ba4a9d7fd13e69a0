import Foundation
import InspectConfig
import InspectCore
@testable import InspectDaemon
import Testing

/// A supervisor with hundreds of items: each robot's message stays under its platform's cap and
/// says how many lines it left out (issue 13), in the order people read them.
@Suite struct RobotMessageBudgetTests {
    static let config = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config").path

    func digest(_ count: Int) throws -> (DigestText, Configuration) {
        let configuration = try ConfigurationLoader.load(directory: Self.config)
        let day = CivilDate(year: 2026, month: 3, day: 25)!
        let kinds: [NoticeKind] = [.overdue, .due, .reminder]
        let notices = (0..<count).map { i in
            Notice(key: "C01/E\(i)/2026-03/\(kinds[i % 3].rawValue)", kind: kinds[i % 3], stage: kinds[i % 3].rawValue, entityID: "LS-\(i)",
                   entityName: "临沂市兰山区某某民间融资服务有限公司第\(i)号", ruleID: "C01", source: ["C01"], period: "2026-03",
                   due: day, supervisor: "S01", day: day, message: "m", basis: configuration.rule("C01")?.basis ?? "")
        }
        let d = try #require(NoticeDigest.group(notices, channel: "wecom", daily: true).first)
        return (DigestText(d, configuration: configuration), configuration)
    }

    @Test func eachPlatformsCapIsKeptAndTheRestCounted() throws {
        let (text, _) = try digest(400)
        let wecom = RobotMessage.wecom(text, url: "https://example.invalid/wecom", format: nil, mentions: [])
        let body = try #require(try JSONSerialization.jsonObject(with: wecom.body) as? [String: Any])
        let content = try #require((body["markdown"] as? [String: Any])?["content"] as? String)
        #expect(content.utf8.count <= 4096)
        let shown = content.split(separator: "\n").filter { $0.hasPrefix("> ") }.count
        #expect(shown > 10 && shown < 400)
        #expect(content.contains("另有 \(400 - shown) 项未列出"), "\(content.suffix(200))")
        #expect(content.contains(text.digest.countsLine), "the counts come first, whatever is cut")
        // Overdue lines before due-today lines before reminders.
        let first = content.range(of: "[逾期]")!.lowerBound
        if let due = content.range(of: "[今日到期]") { #expect(first < due.lowerBound) }

        let ding = RobotMessage.dingtalk(text, url: "https://example.invalid/ding?access_token=x", secret: "s", mentions: ["13800000001"], timestampMs: 1)
        let dingText = try #require(((try JSONSerialization.jsonObject(with: ding.body) as? [String: Any])?["markdown"] as? [String: Any])?["text"] as? String)
        #expect(dingText.utf8.count <= 20_000 && dingText.hasSuffix("@13800000001"))
        #expect(ding.url.contains("&timestamp=1&sign="))

        // A short digest is whole: no "left out" line.
        let (small, _) = try digest(5)
        let whole = small.plain(budget: RobotMessage.wecomMarkdownBudget)
        #expect(!whole.contains("未列出") && whole.split(separator: "\n").filter { $0.hasPrefix("- ") }.count == 5)
    }
}
