import InspectControl
@testable import InspectCLI
import Testing

/// A problem in a file, as the daemon sends it (`InvalidData`, `ConfigInvalid`'s problems): in
/// Chinese from its code and values, the file, line and key as they are; in English, its sentence.
@Suite struct DataErrorMessagesTests {
    static let bad = Control.InvalidData(file: "dir.csv", line: 3, field: "approved_on", reason: "'2026-13-01' is not a date (expected YYYY-MM-DD)",
                                         code: "not_a_date", values: ["2026-13-01"])

    @Test func aCodedProblemReadsInTheCallersLanguage() {
        #expect(DataErrorMessages.text(Self.bad, in: .chinese) == "dir.csv:3：approved_on：“2026-13-01”不是日期（应为 YYYY-MM-DD）")
        #expect(DataErrorMessages.text(Self.bad, in: .english) == "dir.csv:3: approved_on: '2026-13-01' is not a date (expected YYYY-MM-DD)")
    }

    /// An older daemon sends no code, a newer one perhaps a code this inspectctl does not know: its
    /// sentence, in a Chinese frame.
    @Test func withoutAKnownCodeTheSentenceStays() {
        var old = Self.bad
        old.code = nil
        #expect(DataErrorMessages.text(old, in: .chinese) == "dir.csv:3：approved_on：数据有误（'2026-13-01' is not a date (expected YYYY-MM-DD)）")
        old.code = "a_code_from_the_future"
        #expect(DataErrorMessages.text(old, in: .chinese).hasSuffix("数据有误（'2026-13-01' is not a date (expected YYYY-MM-DD)）"))
    }

    @Test func aRefusedConfigurationListsEachProblem() {
        let second = Control.InvalidData(file: "inspectd.yaml", line: 4, field: "office.timezone", reason: "unknown time zone 'Mars/Olympus' (expected an IANA name such as Asia/Shanghai)",
                                         code: "unknown_time_zone", values: ["Mars/Olympus"])
        let refused = Control.ConfigInvalid(errors: ["dir.csv:3: approved_on: …", "inspectd.yaml:4: office.timezone: …"], problems: [Self.bad, second])
        #expect(DataErrorMessages.text(refused, in: .chinese)
                == "dir.csv:3：approved_on：“2026-13-01”不是日期（应为 YYYY-MM-DD）；inspectd.yaml:4：office.timezone：未知时区“Mars/Olympus”（应为 IANA 名称，如 Asia/Shanghai）")
        #expect(DataErrorMessages.text(refused, in: .english) == "dir.csv:3: approved_on: …; inspectd.yaml:4: office.timezone: …", "English: the strings, as before")
        #expect(DataErrorMessages.text(Control.ConfigInvalid(errors: ["x: y"]), in: .chinese) == "x: y", "an older daemon: its strings")
    }
}
