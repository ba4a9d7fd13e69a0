import Foundation
import InspectControl
import InspectCore
@testable import InspectCLI
import Testing

/// Issue 15, "Chinese interface": one catalog, every message in both languages, the locale
/// chosen as Unix programs choose it.
@Suite struct MessageCatalogTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/InspectCLI")

    /// Every source file of the module, its folders included (the commands are grouped by concept).
    static func sourceFiles() -> [String] {
        let all = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".swift") }.sorted()
    }

    static func sourceText() throws -> String {
        try sourceFiles().map { try String(contentsOf: sources.appendingPathComponent($0), encoding: .utf8) }.joined(separator: "\n")
    }

    @Test func everyTableHeadingAndStatusLabelHasItsChinese() throws {
        let text = try Self.sourceText()
        var headings: Set<String> = []
        // TextTable(["ID", "DATE", …]) literals
        let table = try NSRegularExpression(pattern: #"TextTable\(\[([^\]]*)\]\)"#)
        for m in table.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let inner = String(text[Range(m.range(at: 1), in: text)!])
            for q in inner.split(separator: ",") { headings.insert(q.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
        }
        // ("Office", …) labels of `status`
        let statusFile = try #require(Self.sourceFiles().first { $0.hasSuffix("/StatusCommand.swift") || $0 == "StatusCommand.swift" })
        let status = try String(contentsOf: Self.sources.appendingPathComponent(statusFile), encoding: .utf8)
        let label = try NSRegularExpression(pattern: #"\("([A-Z][A-Za-z ]+)", "#)
        for m in label.matches(in: status, range: NSRange(status.startIndex..., in: status)) { headings.insert(String(status[Range(m.range(at: 1), in: status)!])) }
        #expect(headings.count > 60)
        let missing = headings.filter { Messages.headings[$0] == nil }.sorted()
        #expect(missing.isEmpty, "headings without Chinese in Messages.headings: \(missing)")
    }

    @Test func everyListSummaryIsInTheCatalog() throws {
        let text = try Self.sourceText()
        let empty = try NSRegularExpression(pattern: #"empty: "([^"\\]*)""#)
        let literals = empty.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range(at: 1), in: text)!]) }
        #expect(literals.count >= 8)
        for l in literals { #expect(Messages.sentence(l, in: .chinese) != l, "no Chinese for \"\(l)\"") }
    }

    @Test func everyPhraseHasBothLanguagesWithTheSameValues() throws {
        let placeholder = try NSRegularExpression(pattern: #"\{[0-9]\}"#)
        func slots(_ s: String) -> [String] { placeholder.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { String(s[Range($0.range, in: s)!]) }.sorted() }
        for p in Messages.Phrase.allCases {
            #expect(!p.english.isEmpty && !p.chinese.isEmpty)
            #expect(p.chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(p) is not Chinese")
            #expect(slots(p.english) == slots(p.chinese), "\(p): \(slots(p.english)) vs \(slots(p.chinese))")
        }
        #expect(Messages.say(.nothingOverdue, "2026-03-25") == "Nothing is overdue on 2026-03-25." || Language.current == .chinese)
        #expect(Messages.Phrase.more.text(["3", "inspectctl upcoming", "o1.x"], in: .chinese) == "…… 另有 3 项：inspectctl upcoming --after o1.x（或 --all）")
    }

    @Test func theStatusWordsOfTheIssue() {
        for (raw, word) in [("pending", "待办"), ("due-soon", "即将到期"), ("due", "今日到期"), ("overdue", "逾期"), ("met", "已完成"), ("waived", "已豁免")] {
            #expect(Messages.status(raw, in: .chinese) == word)
            #expect(Messages.status(raw, in: .english) == raw, "English keeps the word the JSON has")
        }
    }

    @Test func noticeStages() {
        #expect(Messages.noticeStage("reminder-5wd", in: .chinese) == "提醒 5wd")
        #expect(Messages.noticeStage("overdue", in: .chinese) == "逾期")
        #expect(Messages.noticeStage("due", in: .chinese) == "今日到期")
        #expect(Messages.noticeStage("overdue-r2", in: .chinese) == "逾期 r2")
        #expect(Messages.noticeStage("reminder-5wd", in: .english) == "reminder-5wd")
    }

    @Test func theLocaleDecides() {
        #expect(Language.detect(["LANG": "zh_CN.UTF-8"]) == .chinese)
        #expect(Language.detect(["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"]) == .english)
        #expect(Language.detect(["LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"]) == .chinese)
        #expect(Language.detect(["LANG": "zh_CN.UTF-8", "LC_ALL": "C"]) == .english)
        #expect(Language.detect(["LANG": ""]) == .english)
        #expect(Language.detect([:]) == .english)
    }
}

/// The daemon's refusals, said in the caller's language from their codes.
@Suite struct RefusalLanguageTests {
    @Test func whoMayMakeACallInChinese() {
        #expect(Messages.neededRole("an admin") == "管理员")
        #expect(Messages.neededRole("a manager of 兰山区金融办 or an admin") == "兰山区金融办的负责人、管理员")
        #expect(Messages.neededRole("a supervisor, a manager or an admin") == "主监管员、负责人、管理员")
        #expect(Messages.neededRole("the entity's supervisor S01 张伟, a supervisor named among the inspectors, a manager of 兰山区金融办 or an admin")
                == "该对象的主监管员 S01 张伟、列为检查人员的主监管员、兰山区金融办的负责人、管理员")
    }

    /// A refusal on the wire (code and values) reads Chinese; one without a code has no Chinese.
    /// (Every code in both languages: CodedSentenceTests.)
    @Test func aCodedRefusalOnTheWireReadsChinese() {
        let wire = Control.InvalidArgument(field: "to", reason: "2026-05-01 is before 2026-05-10", code: "before", values: ["2026-05-01", "2026-05-10"])
        #expect(wire.chineseReason == "2026-05-01 早于 2026-05-10")
        #expect(Control.InvalidArgument(field: "x", reason: "whatever").chineseReason == nil)
    }
}

/// The visit planner's reasons: the core's clauses keep the English sentences clients have always
/// read, and each code has its Chinese in the CLI, rendered from the code (no pattern matching).
@Suite struct PlanReasonTests {
    @Test func theCoresClausesReadAsTheSentencesBefore() {
        let cases: [([PlanReason], String)] = [
            ([PlanReason(.due, "2026-05-29"), PlanReason(.leastLoadedDay, "2026-05-06", "2026-05-29"), PlanReason(.drawnTeam), PlanReason(.combined, "3")],
             "due 2026-05-29; a working day in its window (2026-05-06–2026-05-29) with the least loaded team; the draw's inspectors (双随机); one visit for 3 obligations"),
            ([PlanReason(.pinned, "2026-05-12")], "planned for 2026-05-12 by a manager (plan set)"),
            ([PlanReason(.notInDirectory, "LS-X")], "LS-X is not in the directory"),
            ([PlanReason(.pinPassed, "2026-04-01")], "its planned date 2026-04-01 (plan set) has passed; set a new one or clear it"),
            ([PlanReason(.pinNotWorkingDay, "2026-05-02")], "its planned date 2026-05-02 (plan set) is not a working day"),
            ([PlanReason(.dueBeforeFirstDay, "2026-03-31", "2026-04-01")], "due 2026-03-31, before the first day that can be planned (2026-04-01): a visit can only be late"),
            ([PlanReason(.noOnTimeDay, "2026-05-01", "2026-05-05")], "no working day from 2026-05-01 to 2026-05-05 on which a visit would count and be on time"),
            ([PlanReason(.noCapacity, "2", "LS-PFS-001", "兰山区", "2026-05-06", "2026-05-29"), PlanReason(.capacityShort, "3")],
             "no capacity left: the 2 inspectors who may visit LS-PFS-001 (兰山区) are fully booked or away on every working day from 2026-05-06 to 2026-05-29; capacity short in that window by 3 visits"),
            ([PlanReason(.capacityShort, "1")], "capacity short in that window by 1 visit"),
            ([PlanReason(.drawnTeamBarred, "I1, I2", "LS-PFS-001", "兰山区", "microloan")],
             "the draw's inspectors I1, I2 may not visit LS-PFS-001 (inactive, not covering 兰山区 or microloan, or in conflict)"),
            ([PlanReason(.nobodyCovers, "兰山区", "microloan")], "no active inspector covers jurisdiction 兰山区 and kind microloan"),
            ([PlanReason(.allInConflict, "兰山区", "I1, I2", "LS-PFS-001")], "every inspector covering 兰山区 (I1, I2) has declared a conflict with LS-PFS-001"),
            ([PlanReason(.teamTooSmall, "2", "1", "LS-PFS-001", "I1")], "needs 2 inspectors on site, only 1 may visit LS-PFS-001 (I1)"),
        ]
        for (clauses, english) in cases { #expect(PlanReason.sentence(clauses) == english) }
        #expect(Set(cases.flatMap { $0.0.map(\.code) }) == Set(PlanReason.Code.allCases), "every code has a case here")
    }

    /// Clauses read Chinese under a Chinese locale and as the sentence otherwise. (Every code in
    /// both languages: CodedSentenceTests.)
    @Test func clausesAreSaidInTheCallersLanguage() {
        let clauses = [PlanReason(.due, "2026-05-29"), PlanReason(.capacityShort, "1")]
        let wire = clauses.map(Control.PlanReasonClause.init)
        #expect(PlanReasons.localized("english", wire, in: .chinese) == "到期 2026-05-29；该期间缺少 1 次检查")
        #expect(PlanReasons.localized("english", wire, in: .english) == "english")
        // A reason without clauses (an older daemon), or with a code this CLI does not know: the sentence.
        #expect(PlanReasons.localized("a sentence", nil, in: .chinese) == "a sentence")
        #expect(PlanReasons.localized("a sentence", [Control.PlanReasonClause(code: "new_code", values: [])], in: .chinese) == "a sentence")
    }
}

/// The core's refusals travel with codes the CLI knows, and read in English as the core wrote them.
@Suite struct CoreRefusalCodeTests {
    @Test func aCoreRefusalTravelsUnderItsOwnCodeAndSentences() {
        for code in Refusal.Code.allCases {
            let values = (0..<6).map { "v\($0)" }
            let refusal = Refusal(code: code, values: values)
            let control = ControlReason(refusal)
            #expect(control.code.rawValue == code.rawValue && ControlReason.Code(rawValue: code.rawValue) == .core(code))
            #expect(control.english == refusal.english && control.chinese == refusal.chinese, "\(code)")
        }
        // The core's "a or b" reads with 或 whichever way it travels.
        let r = Refusal("event", .needsFirst, "verification", "inspection or rectification_order", "R-1")
        #expect(ControlReason(r).chinese == "verification 须先有 inspection 或 rectification_order：R-1 没有")
    }
}
