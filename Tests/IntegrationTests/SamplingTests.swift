import Foundation
import Testing

/// Sample draws (双随机, RULES.md §3) end to end: the inspector pool, conflicts (回避, P07), a
/// seeded draw, its verification, refusals, and the obligations of the drawn entities. The rules
/// come from a file of the test's own, so the test does not depend on the shipped S-rules.
@Suite("inspectctl plan draw / verify and the inspector pool")
struct SamplingTests {
    static let rules = """
    rules:
      - id: TS1
        title: 测试抽查劳务派遣单位
        source: [S01]
        actor: { authority: county }
        subject: { kinds: [labor-dispatch] }
        action: onsite-inspection
        counts: [onsite]
        sample: { count: "2-3", per: year, inspectors: 2 }
        basis: 测试依据
      - id: TS2
        title: 测试季度抽查
        source: [S05]
        actor: { authority: county }
        subject: { kinds: [labor-dispatch] }
        action: onsite-inspection
        counts: [onsite]
        sample: { count: "1", per: quarter, inspectors: 2 }
        basis: 测试依据
      - id: TS3
        title: 停用的抽查
        source: [S07]
        enabled: false
        actor: { authority: county }
        subject: { kinds: [labor-dispatch] }
        action: onsite-inspection
        counts: [onsite]
        sample: { count: "1", per: year }
        basis: 测试依据

    """

    func fixture() throws -> DaemonFixture {
        let d = try DaemonFixture()
        try Self.rules.write(toFile: d.configDirectory + "/rules/test-sampling.yaml", atomically: true, encoding: .utf8)
        return d
    }

    @Test func inspectorsConflictsDrawVerifyAndObligations() throws {
        let d = try fixture()
        try d.start(now: "2026-03-25T09:00")

        // No pool yet: the draw cannot staff its entities.
        let unstaffed = try d.ctl("plan", "draw", "TS1", "2026", "--seed", "1")
        #expect(unstaffed.exitCode == 65, "\(unstaffed)")
        #expect(unstaffed.stderr.contains("cannot staff"), "\(unstaffed)")

        for (id, name) in [("I01", "张三"), ("I02", "李四"), ("I03", "王五"), ("I04", "赵六")] {
            let r = try d.ctl("inspector", "add", id, "--name", name, "--office", "兰山区人社局")
            #expect(r.exitCode == 0, "\(r)")
        }
        #expect(try d.ctl("inspector", "add", "I01", "--name", "重复").exitCode == 65)

        // 回避: I01 and I02 withdraw from every labor-dispatch company.
        let companies = try #require(try d.ctl("entity", "list", "--json").json() as? [[String: Any]])
            .filter { $0["kind"] as? String == "labor-dispatch" }.compactMap { $0["id"] as? String }
        #expect(companies.count >= 3)
        for c in companies {
            for i in ["I01", "I02"] {
                let r = try d.ctl("inspector", "conflict", i, c, "--reason", "近亲属任职")
                #expect(r.exitCode == 0, "\(r)")
            }
        }
        #expect(try d.ctl("inspector", "conflict", "I99", companies[0], "--reason", "x").exitCode == 65)
        #expect(try d.ctl("inspector", "conflict", "I01", "NO-SUCH", "--reason", "x").exitCode == 65)
        let pool = try #require(try d.ctl("inspector", "list", "--json").json() as? [[String: Any]])
        #expect(pool.count == 4)
        #expect((pool.first { $0["id"] as? String == "I01" }?["conflicts"] as? [String])?.sorted() == companies.sorted())
        #expect(try d.ctl("inspector", "list").stdout.contains("张三"))

        // Only I03 and I04 are free of conflicts: every drawn company gets exactly those two.
        let draw = try d.ctl("plan", "draw", "TS1", "2026", "--seed", "20260325", "--json")
        #expect(draw.exitCode == 0, "\(draw)")
        let j = try #require(try draw.json() as? [String: Any])
        #expect(j["id"] as? String == "D-2026-TS1-1")
        #expect(j["seed"] as? Int == 20_260_325)
        #expect(j["population_size"] as? Int == companies.count)
        let drawn = try #require(j["entities"] as? [[String: Any]])
        #expect((2...3).contains(drawn.count))
        for e in drawn {
            let inspectors = try #require(e["inspectors"] as? [String])
            #expect(Set(inspectors) == ["I03", "I04"], "\(e)")
            #expect(e["entity_name"] as? String != e["entity"] as? String)
        }
        let drawnIDs = drawn.compactMap { $0["entity"] as? String }

        let verify = try d.ctl("plan", "verify", "D-2026-TS1-1")
        #expect(verify.exitCode == 0, "\(verify)")
        #expect(verify.stdout.contains("verified"))
        #expect(verify.stdout.contains("matches the recorded snapshot"), "\(verify)")
        let list = try d.ctl("plan", "draws")
        #expect(list.exitCode == 0 && list.stdout.contains("D-2026-TS1-1") && list.stdout.contains("20260325"), "\(list)")
        #expect((try d.ctl("plan", "draws", "--json").json() as? [Any])?.count == 1)

        // Refusals (exit 65): a second draw, unknown or disabled rule, a period of the wrong unit.
        for args in [["TS1", "2026"], ["NOPE", "2026"], ["TS3", "2026"], ["TS1", "2026-Q1"], ["TS2", "2026"], ["TS1", "20x6"]] {
            let r = try d.ctl(["plan", "draw"] + args)
            #expect(r.exitCode == 65, "\(args): \(r)")
        }
        #expect(try d.ctl("plan", "verify", "D-1999-X-1").exitCode == 65)

        // A draw without a seed: the daemon picks one and records it.
        let q = try #require(try d.ctl("plan", "draw", "TS2", "2026-Q2", "--json").json() as? [String: Any])
        #expect(q["id"] as? String == "D-2026-Q2-TS2-1")
        #expect(q["seed"] is Int)
        let text = try d.ctl("plan", "verify", "D-2026-Q2-TS2-1")
        #expect(text.exitCode == 0, "\(text)")

        // Each drawn company now owes the rule's inspection in 2026.
        for id in drawnIDs {
            let show = try #require(try d.ctl("entity", "show", id, "--json").json() as? [String: Any])
            let obligations = try #require(show["obligations"] as? [[String: Any]])
            #expect(obligations.contains { $0["rule"] as? String == "TS1" && $0["period"] as? String == "2026" && $0["required"] as? Int == 1 },
                    "\(id): \(obligations)")
        }
        let notDrawn = companies.filter { !drawnIDs.contains($0) }
        for id in notDrawn {
            let show = try #require(try d.ctl("entity", "show", id, "--json").json() as? [String: Any])
            #expect(!((show["obligations"] as? [[String: Any]]) ?? []).contains { $0["rule"] as? String == "TS1" })
        }

        // After a restart the draws are still owed and still verify.
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-26T09:00")
        let again = try #require(try d.ctl("entity", "show", drawnIDs[0], "--json").json() as? [String: Any])
        #expect(((again["obligations"] as? [[String: Any]]) ?? []).contains { $0["rule"] as? String == "TS1" })
        #expect(try d.ctl("plan", "verify", "D-2026-TS1-1").exitCode == 0)

        // A tampered record no longer verifies: exit 1 with the difference.
        #expect(try d.stop() == .exited(0))
        let script = """
        import json, sqlite3, sys
        db = sqlite3.connect(sys.argv[1])
        (r,) = db.execute("SELECT result FROM sample_draw WHERE id = 'D-2026-TS1-1'").fetchone()
        r = json.loads(r); r["entities"].reverse()
        db.execute("UPDATE sample_draw SET result = ? WHERE id = 'D-2026-TS1-1'", (json.dumps(r),))
        db.commit()
        """
        let py = try ChildProcess("/usr/bin/env", arguments: ["python3", "-c", script, d.stateDirectory + "/inspectd.sqlite"])
        #expect(try py.wait(timeout: .seconds(30)) == .exited(0), "\(py.standardError)")
        try d.start(now: "2026-03-26T09:00")
        let tampered = try d.ctl("plan", "verify", "D-2026-TS1-1")
        #expect(tampered.exitCode == 1, "\(tampered)")
        #expect(tampered.stdout.contains("NOT verified") && tampered.stdout.contains("entities: recorded"), "\(tampered)")
        #expect(try d.stop() == .exited(0))
    }
}
