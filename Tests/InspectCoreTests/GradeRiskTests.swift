import Foundation
import InspectConfig
import InspectCore
import Testing

@Suite("Risk score model (config/grades.yaml risk)")
struct GradeRiskTests {
    @Test("contributions add up to the score, every configured signal listed")
    func contributionsSum() throws {
        let risk = try GradeFixtures.grades().risk
        let counts = ["overdue-rectifications": 1, "serious-findings": 2, "findings": 3, "complaints": 1, "missed-filings": 2, "obstructions": 0]
        let a = risk.assess(counts, scale: "G01")
        #expect(a.contributions.map(\.signal) == ["overdue-rectifications", "serious-findings", "findings", "complaints",
                                                  "missed-filings", "obstructions", "offsite-breaches"])
        #expect(a.contributions.reduce(0) { $0 + $1.points } == a.score)
        #expect(a.score == 30 + 40 + 15 + 10 + 20)            // 115
        #expect(a.proposed == "V(1)" && a.band?.from == 100)
        #expect(a.explanation.first == "overdue-rectifications 逾期未整改: 1 × 30 = 30")
        #expect(a.explanation.contains("score: 115"))
        #expect(a.explanation.contains("proposed G01 grade: V(1) (score ≥ 100)"))
    }

    @Test("thresholds map scores to levels at their boundaries")
    func thresholds() throws {
        let risk = try GradeFixtures.grades().risk
        #expect([0, 9, 10, 29, 30, 59, 60, 99, 100, 1000].map { risk.level(forScore: $0, scale: "G01") }
                == ["I", "I", "II", "II", "III", "III", "IV", "IV", "V(1)", "V(1)"])
        #expect(risk.assess([:], scale: "G02").proposed == "I")
        #expect(risk.assess(["complaints": 2], scale: "G02").proposed == "II")       // 20
        #expect(risk.assess(["obstructions": 1], scale: "N03").proposed == "C")      // 50
        #expect(risk.assess(["obstructions": 1], scale: "G03").proposed == nil)      // no thresholds for G03
    }

    @Test("unknown signals are ignored and named; negative counts count as zero")
    func unknownSignals() throws {
        let risk = try GradeFixtures.grades().risk
        let a = risk.assess(["complaints": -3, "weather": 4], scale: "G01")
        #expect(a.score == 0 && a.ignored == ["weather"] && a.proposed == "I")
    }
}

@Suite("Grade configuration loader")
struct GradeConfigTests {
    func write(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("grade-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("grades.yaml"), atomically: true, encoding: .utf8)
        return dir.path
    }

    static let scale = """
        scales:
          - id: G01
            name: 小额贷款公司分类评级
            source: [G01]
            kinds: [microloan]
            levels: [I, II, V(1), V(2)]
            basis: x

        """

    @Test("no grades.yaml → empty configuration")
    func absent() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("grade-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        #expect(try GradeConfigLoader.load(directory: dir.path).isEmpty)
    }

    @Test("an escalation to a level not on its scale names file, line and key")
    func unknownTarget() throws {
        let dir = try write(Self.scale + """
            escalations:
              - id: E1
                title: t
                source: [G01]
                kinds: [microloan]
                scale: G01
                to: V(9)
                when:
                  - event: { kind: inspection.obstructed }
                reason: r
                basis: b
            """)
        let e = try #require(throws: ConfigErrors.self) { try GradeConfigLoader.load(directory: dir) }
        let first = try #require(e.errors.first)
        #expect(first.file.hasSuffix("grades.yaml"), "\(first)")
        #expect(first.line == 14 && first.key == "escalations[0].to", "\(first)")
        #expect(first.reason.contains("not a level of scale G01"))
    }

    @Test("unknown deadline rules and event kinds are refused")
    func unknownRulesAndKinds() throws {
        let dir = try write(Self.scale + """
            escalations:
              - id: E1
                title: t
                source: [G01]
                kinds: [microloan]
                scale: G01
                to: V(1)
                when:
                  - deadline_overdue: { rules: [D01, D99] }
                  - event: { kind: inspection.vanished }
                reason: r
                basis: b
            """)
        let e = try #require(throws: ConfigErrors.self) { try GradeConfigLoader.load(directory: dir, deadlineRuleIDs: ["D01", "D02"]) }
        #expect(e.errors.count == 1)
        #expect(e.errors[0].key == "escalations[0].when[0].deadline_overdue.rules" && e.errors[0].reason.contains("D99"))
    }

    @Test("weights must be positive and thresholds rise with worse levels; every problem is listed")
    func riskValidation() throws {
        let dir = try write(Self.scale + """
            risk:
              signals:
                - { id: complaints, title: 投诉, weight: 0 }
                - { id: findings, title: 问题, weight: 5 }
              thresholds:
                G01:
                  - { from: 0, level: I }
                  - { from: 50, level: V(1) }
                  - { from: 40, level: V(2) }
            """)
        let e = try #require(throws: ConfigErrors.self) { try GradeConfigLoader.load(directory: dir) }
        #expect(e.errors.count == 2)
        #expect(e.errors[0].line == 10 && e.errors[0].key == "risk.signals[0].weight" && e.errors[0].reason.contains("positive"))
        #expect(e.errors[1].line == 16 && e.errors[1].key == "risk.thresholds.G01[2].from" && e.errors[1].reason.contains("must rise"), "\(e)")

        let worse = try write(Self.scale + """
            risk:
              signals: [{ id: findings, title: 问题, weight: 5 }]
              thresholds:
                G01: [{ from: 0, level: II }, { from: 10, level: I }]
            """)
        let w = try #require(throws: ConfigErrors.self) { try GradeConfigLoader.load(directory: worse) }
        #expect(w.errors.map(\.key) == ["risk.thresholds.G01[1].level"])
    }

    @Test("unknown keys and kinds in a scale are located")
    func scaleErrors() throws {
        let dir = try write("""
            scales:
              - id: G09
                name: n
                source: [G09]
                kinds: [bakery]
                levels: [A, B]
                basis: b
              - id: G10
                name: n
                source: [G10]
                kinds: [microloan]
                levels: [A, B]
                colour: red
                basis: b
            """)
        let e = try #require(throws: ConfigErrors.self) { try GradeConfigLoader.load(directory: dir) }
        #expect(e.errors.map(\.key) == ["scales[0].kinds", "scales[1].colour"])
        #expect(e.errors.map(\.line) == [5, 13])
    }
}
