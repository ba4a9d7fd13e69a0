import Foundation
import InspectConfig
import InspectCore
import Testing

@Suite struct EntityDirectoryCSVTests {
    let header = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n"
    let supervisors: Set<String> = ["S01", "S02"]

    func parse(_ body: String) throws -> [Entity] {
        try EntityDirectoryCSV.parse(header + body, file: "dir.csv", supervisors: supervisors)
    }

    func error(_ body: String) throws -> ConfigError {
        do {
            _ = try parse(body)
            Issue.record("expected the file to be rejected")
            return ConfigError(file: "", ConfigProblem(.unexpected, ""))
        } catch let e as ConfigError { return e }
    }

    @Test func theShippedDemoDirectoryParses() throws {
        let path = ScratchConfig.shipped + "/demo/entities.csv"
        let c = try ConfigurationLoader.load(directory: ScratchConfig.shipped)
        let entities = try EntityDirectoryCSV.parse(try String(contentsOfFile: path, encoding: .utf8), file: path,
                                                    supervisors: Set(c.supervisors.map(\.id)))
        #expect(entities.count >= 24)
        #expect(Set(entities.map(\.id)).count == entities.count)
        #expect(entities.contains { $0.supervisor == nil })
        for kind in ["microloan", "private-financing-service", "private-financing-registration"] {
            #expect(entities.contains { $0.kind == kind })
        }
    }

    @Test func quotedFieldsWithCommasAndQuotes() throws {
        let e = try parse(#"""
            A1,"临沂市某某公司,分部",microloan,兰山区,2020-01-02,,S01,"金融 ""服务"""
            A2,"乙",employer,兰山区,,,,

            """#)
        #expect(e.count == 2)
        #expect(e[0].name == "临沂市某某公司,分部")
        #expect(e[0].industry == "金融 \"服务\"")
        #expect(e[0].approvedOn == CivilDate(iso: "2020-01-02"))
        #expect(e[1].name == "乙")
        #expect(e[1].supervisor == nil)
    }

    /// A quoted line break is valid CSV, but no directory field is more than one line (a name
    /// with a line break would break every table and journal line): refused, naming the record's
    /// first physical line (issue 10).
    @Test func aQuotedLineBreakInANameIsRefusedOnItsLine() throws {
        let e = try error(#"""
            A0,甲,employer,兰山区,,,,
            A1,"两行
            名称",employer,兰山区,,,,
            """#)
        #expect(e.line == 3)
        #expect(e.key == "name")
        #expect(e.reason.contains("line break"))
        #expect(e.description.hasPrefix("dir.csv:3: name:"))
    }

    @Test func aBadRowNamesItsLineAndColumn() throws {
        let e = try error(#"""
            A1,"甲,分部",employer,兰山区,,,,
            A2,乙,micro-loan,兰山区,,,,
            """#)
        #expect(e.line == 3)
        #expect(e.key == "kind")
        #expect(e.reason.contains("micro-loan"))
        #expect(e.description.hasPrefix("dir.csv:3: kind:"))
    }

    @Test(arguments: [
        ("A1,甲,microloan,兰山区,2020-13-01,,,\n", "approved_on"),
        ("A1,甲,microloan,兰山区,,,S99,\n", "supervisor"),
        (",甲,microloan,兰山区,,,,\n", "id"),
        ("A1,甲,microloan,,,,,\n", "jurisdiction"),
        ("A1,甲,microloan,兰山区,,,,\nA1,乙,microloan,兰山区,,,,\n", "id"),
        // Issue 10: meaningless dates, control characters and unbounded text are refused by column.
        ("A1,甲,microloan,兰山区,2999-01-01,,,\n", "approved_on"),
        ("A1,甲,microloan,兰山区,0001-01-01,,,\n", "approved_on"),
        ("A1,甲\u{0}乙,microloan,兰山区,,,,\n", "name"),
        ("A1,\"甲\n乙\",microloan,兰山区,,,,\n", "name"),
        ("A1,甲\u{1B}[2J,microloan,兰山区,,,,\n", "name"),
        ("A1,\(String(repeating: "名", count: 257)),microloan,兰山区,,,,\n", "name"),
        ("\(String(repeating: "A", count: 129)),甲,microloan,兰山区,,,,\n", "id"),
    ])
    func invalidValuesAreRejected(body: String, column: String) throws {
        #expect(try error(body).key == column)
    }

    @Test func wrongFieldCountAndUnknownColumn() throws {
        #expect(try error("A1,甲,microloan\n").line == 2)
        do {
            _ = try EntityDirectoryCSV.parse("id,name,kind,jurisdiction,colour\n", file: "x.csv", supervisors: [])
            Issue.record("expected an unknown column error")
        } catch let e as ConfigError {
            #expect(e.key == "colour")
            #expect(e.line == 1)
        }
    }
}
