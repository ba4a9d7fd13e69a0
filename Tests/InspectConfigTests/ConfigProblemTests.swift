import Foundation
@testable import InspectConfig
import Testing

/// The problems of files in Chinese from their codes and values. (Every code in both languages,
/// with its values and without English words: InspectCLITests' CodedSentenceTests.)
@Suite struct ConfigProblemTests {
    /// The program's own English words among the values (a weekday, "or", libyaml's complaint)
    /// become Chinese; the file's words stay.
    @Test func theProgramsWordsAmongTheValuesBecomeChinese() {
        #expect(ConfigProblem(.makeupNotWeekend, "2026-10-07", "Wednesday").chinese == "2026-10-07 是星期三，不是周末：只有星期六或星期日才能调为工作日")
        #expect(ConfigProblem(.notURL, "ftp://x", "smtp or smtps").chinese == "“ftp://x”不是 smtp 或 smtps 网址")
        #expect(ConfigProblem(.notYAML, "mapping values are not allowed in this context").chinese.hasPrefix("不是有效的 YAML（解析器：此处不能写键值对"))
        #expect(ConfigProblem(.unknownKind, "bank", "fund, microloan").chinese == "未知类别“bank”（应为以下之一：fund, microloan）")
    }

    /// What files really hold, located: the English sentence as ever, and its Chinese.
    @Test func aRealProblemInBothLanguages() throws {
        let csv = "id,name,kind,jurisdiction,approved_on\nLS-1,甲公司,bank,兰山区,2020-01-01\n"
        let e = try #require(throws: ConfigError.self) { try EntityDirectoryCSV.parse(csv, file: "dir.csv", supervisors: []) }
        #expect(e.problem.code == .unknownKind && e.problem.values.first == "bank")
        #expect(e.description.hasPrefix("dir.csv:2: kind: unknown kind 'bank' (expected one of: "))
        #expect(e.chinese.hasPrefix("dir.csv:2：kind：未知类别“bank”（应为以下之一："))

        let yaml = try #require(throws: ConfigError.self) { try CalendarLoader.parse("year: 2026\nsource: 国办发明电〔2025〕7号\nholidays: []\n", file: "2026.yaml") }
        #expect(yaml.description == "2026.yaml:3: holidays: the list of holidays is empty")
        #expect(yaml.chinese == "2026.yaml:3：holidays：节假日列表为空")

        // The YAML parser's complaints: a key given twice, one line at its mapping; a syntax error
        // in Chinese where libyaml's words are known.
        let twice = try #require(throws: ConfigError.self) { try CalendarLoader.parse("year: 2026\nsource: x\nyear: 2027\n", file: "2026.yaml") }
        #expect(twice.description == "2026.yaml:1: key given twice: 'year'" && twice.chinese == "2026.yaml:1：键 'year' 重复出现", "\(twice)")
        let open = try #require(throws: ConfigError.self) { try CalendarLoader.parse("year: 2026\nholidays: [2026-01-01\n", file: "2026.yaml") }
        #expect(open.description.hasPrefix("2026.yaml:3: not valid YAML: did not find expected ',' or ']'"), "\(open)")
        #expect(open.chinese == "2026.yaml:3：不是有效的 YAML（解析器：未找到应有的“,”或“]”（方括号未闭合））", "\(open.chinese)")
    }
}
