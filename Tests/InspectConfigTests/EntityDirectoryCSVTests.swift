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
            return ConfigError(file: "", reason: "")
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

    @Test func quotedFieldsWithCommasQuotesAndNewlines() throws {
        let e = try parse(#"""
            A1,"临沂市某某公司,分部",microloan,兰山区,2020-01-02,,S01,"金融 ""服务"""
            A2,"两行
            名称",employer,兰山区,,,,

            """#)
        #expect(e.count == 2)
        #expect(e[0].name == "临沂市某某公司,分部")
        #expect(e[0].industry == "金融 \"服务\"")
        #expect(e[0].approvedOn == CivilDate(iso: "2020-01-02"))
        #expect(e[1].name == "两行\n名称")
        #expect(e[1].supervisor == nil)
    }

    @Test func aBadRowNamesItsPhysicalLineAndColumn() throws {
        // The first record spans lines 2–3, so the bad row is on line 4.
        let e = try error(#"""
            A1,"两行
            名称",employer,兰山区,,,,
            A2,乙,micro-loan,兰山区,,,,
            """#)
        #expect(e.line == 4)
        #expect(e.key == "kind")
        #expect(e.reason.contains("micro-loan"))
        #expect(e.description.hasPrefix("dir.csv:4: kind:"))
    }

    @Test(arguments: [
        ("A1,甲,microloan,兰山区,2020-13-01,,,\n", "approved_on"),
        ("A1,甲,microloan,兰山区,,,S99,\n", "supervisor"),
        (",甲,microloan,兰山区,,,,\n", "id"),
        ("A1,甲,microloan,,,,,\n", "jurisdiction"),
        ("A1,甲,microloan,兰山区,,,,\nA1,乙,microloan,兰山区,,,,\n", "id"),
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
