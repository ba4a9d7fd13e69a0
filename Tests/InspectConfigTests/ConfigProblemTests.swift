import Foundation
@testable import InspectConfig
import Testing

/// Every problem a file can have reads Chinese under a Chinese locale, from its code and values:
/// no English word outside what the reader looks up or types — the file's own keys and values,
/// quoted (“at_most”, “entity: true”), paths, and the names of programs.
@Suite struct ConfigProblemTests {
    /// Latin words a Chinese reader meets outside quotes: programs and protocols by their names,
    /// and a line of YAML given as an example (`sms: { command: … }`).
    static let names: Set<String> = ["sqlite", "postgresql", "libpq", "node_exporter", "http", "sms", "command"]

    /// The Latin words of `text` a reader would have to read rather than look up: outside “…”
    /// (the file's keys and values, quoted), paths, URLs, addresses, options and settings to type.
    static func englishWords(_ text: String) -> [String] {
        let unquoted = text.replacingOccurrences(of: #"“[^”]*”"#, with: "", options: .regularExpression)
        return unquoted.split(whereSeparator: { $0.isWhitespace || "，。：；（）、()[],;:'\"|<>…{}".contains($0) })
            .filter { token in !token.contains(where: { "/@.=$".contains($0) }) && !token.hasPrefix("--") }
            .flatMap { $0.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0))) }) }
            .map(String.init)
            .filter { $0.count >= 3 && $0.contains(where: \.isLowercase) && !$0.contains(where: \.isNumber) && !Self.names.contains($0) }
    }

    static func placeholders(_ template: String) -> Set<String> {
        Set((0..<10).map { "{\($0)}" }.filter { template.contains($0) })
    }

    @Test func everyCodeReadsChineseWithTheSameValuesAsItsEnglish() {
        #expect(ConfigProblem.Code.allCases.count > 150)
        // The check can fail: it finds the English sentences English.
        let english = ConfigProblem.Code.allCases.filter { !Self.englishWords(ConfigProblem(code: $0, values: ["V0", "V1"]).english).isEmpty }
        #expect(english.count > ConfigProblem.Code.allCases.count * 9 / 10, "\(Set(ConfigProblem.Code.allCases).subtracting(english))")
        for code in ConfigProblem.Code.allCases {
            #expect(Self.placeholders(code.english) == Self.placeholders(code.chinese), "\(code): \(code.english) | \(code.chinese)")
            // Sample values as a file gives them: ids, keys, dates — never English words.
            let values = (0..<6).map { "V\($0)" }
            let problem = ConfigProblem(code: code, values: values)
            let zh = problem.chinese
            #expect(zh.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(code) is not Chinese: \(zh)")
            #expect(Self.englishWords(zh).isEmpty, "\(code): \(Self.englishWords(zh)) ← \(zh)")
            for (i, v) in values.enumerated() where code.english.contains("{\(i)}") {
                #expect(zh.contains(v) && problem.english.contains(v), "\(code): value \(i) is lost")
            }
            #expect(problem.english.range(of: #"\{[0-9]\}"#, options: .regularExpression) == nil, "\(code): a placeholder left in \(problem.english)")
        }
    }

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
