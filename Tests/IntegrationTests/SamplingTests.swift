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

    /// Issue 11: a province's draw is thousands of entities. The reply and `plan show` give them
    /// a page at a time with a cursor, `--all` streams them, `plan draws` lists summaries only,
    /// and a draw above the rebuild threshold (2,000) is put into the schedule aside.
    @Test func aLargeDrawIsReadInPagesAndItsEntitiesOweTheRule() throws {
        let d = try fixture()
        try """
        rules:
          - id: TS4
            title: 测试大比例抽查
            source: [S04]
            actor: { authority: county }
            subject: { kinds: [employer] }
            action: onsite-inspection
            counts: [onsite]
            sample: { percent: 60, per: year, inspectors: 2 }
            basis: 测试依据

        """.write(toFile: d.configDirectory + "/rules/test-large-sampling.yaml", atomically: true, encoding: .utf8)
        try d.start(now: "2026-03-25T09:00")
        var csv = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n"
        for i in 0..<4_000 { csv += "P-\(String(format: "%05d", i)),某某用人单位\(i),employer,兰山区,2015-03-01,,S01,制造业\n" }
        try csv.write(toFile: d.directory + "/employers.csv", atomically: true, encoding: .utf8)
        #expect(try d.ctl("entity", "import", d.directory + "/employers.csv").exitCode == 0)
        for i in ["I1", "I2", "I3"] { #expect(try d.ctl("inspector", "add", i, "--name", "检查员\(i)").exitCode == 0) }

        // The draw's reply carries the first 1,000 entities; --json gathers the rest.
        let draw = try d.ctl("plan", "draw", "TS4", "2026", "--seed", "7", "--json")
        #expect(draw.exitCode == 0, "\(draw)")
        let j = try #require(try draw.json() as? [String: Any])
        let count = try #require(j["entity_count"] as? Int)
        #expect(count > 2_400, "60 % of over 4,000 employers")
        let whole = try #require(j["entities"] as? [[String: Any]]).compactMap { $0["entity"] as? String }
        #expect(whole.count == count && Set(whole).count == count)

        // A page, what is left, and the next page right after it.
        let page = try d.ctl("plan", "show", "D-2026-TS4-1", "--limit", "10")
        #expect(page.exitCode == 0, "\(page)")
        let more = try #require(page.stdout.split(separator: "\n").last.map(String.init))
        #expect(more.hasPrefix("… \(count - 10) more entities: inspectctl plan show D-2026-TS4-1 --after "), "\(more)")
        let cursor = try #require(more.split(separator: " ").first { $0.hasPrefix("e1.") }.map(String.init))
        func entities(_ r: DaemonFixture.CLIResult) throws -> [String] {
            try #require(try r.json() as? [String: Any], "\(r)")["entities"].flatMap { $0 as? [[String: Any]] }?.compactMap { $0["entity"] as? String } ?? []
        }
        #expect(try entities(try d.ctl("plan", "show", "D-2026-TS4-1", "--limit", "10", "--after", cursor, "--json")) == Array(whole[10..<20]))
        #expect(try entities(try d.ctl("plan", "show", "D-2026-TS4-1", "--all", "--json")) == whole)
        // A cursor of another list, or of another draw, is refused naming the field.
        let bad = try d.ctl("plan", "show", "D-2026-TS4-1", "--after", "o1.garbage")
        #expect(bad.exitCode == 65 && bad.stderr.contains("after"), "\(bad)")
        #expect(try d.ctl("plan", "show", "D-1999-X-1").exitCode == 65)
        // A cursor forged with the largest order is refused, not trusted (it overflowed before).
        let forged = "e1." + Data(#"["D-2026-TS4-1","9223372036854775807"]"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let overflow = try d.ctl("plan", "show", "D-2026-TS4-1", "--after", forged)
        #expect(overflow.exitCode == 65 && overflow.stderr.contains("after"), "\(overflow)")

        // The list of draws carries summaries, not the entities.
        let list = try #require(try d.ctl("plan", "draws", "--json").json() as? [[String: Any]])
        #expect(list.count == 1 && list[0]["entities"] == nil && list[0]["entity_count"] as? Int == count)
        #expect((try d.ctl("plan", "draws", "--rule", "TS1", "--json").json() as? [Any])?.isEmpty == true)

        // Every drawn entity owes the rule once the draw returned (first, middle, last), and no other.
        for id in [whole[0], whole[count / 2], whole[count - 1]] {
            let show = try #require(try d.ctl("entity", "show", id, "--json").json() as? [String: Any])
            #expect(((show["obligations"] as? [[String: Any]]) ?? []).contains { $0["rule"] as? String == "TS4" }, "\(id)")
        }
        let drawn = Set(whole)
        let notDrawn = try #require((0..<4_000).map { "P-\(String(format: "%05d", $0))" }.first { !drawn.contains($0) })
        let other = try #require(try d.ctl("entity", "show", notDrawn, "--json").json() as? [String: Any])
        #expect(!((other["obligations"] as? [[String: Any]]) ?? []).contains { $0["rule"] as? String == "TS4" })

        // After a restart the draw is still owed and still verifies.
        #expect(try d.stop() == .exited(0))
        try d.start(now: "2026-03-26T09:00")
        let again = try #require(try d.ctl("entity", "show", whole[count - 1], "--json").json() as? [String: Any])
        #expect(((again["obligations"] as? [[String: Any]]) ?? []).contains { $0["rule"] as? String == "TS4" })
        #expect(try d.ctl("plan", "verify", "D-2026-TS4-1").exitCode == 0)
        #expect(try d.stop() == .exited(0))
    }

    /// Each drawn entity gets inspectors who may go there (辖区) and inspect its kind, as the visit
    /// planner gives them; the draw verifies with the scopes it was made with, and a pool that
    /// cannot staff a drawn entity within its scopes is refused, in Chinese under zh_CN.
    @Test func aDrawStaysWithinTheInspectorsTerritoriesAndKinds() throws {
        let d = try fixture()
        try d.start(now: "2026-03-25T09:00")
        let companies = try #require(try d.ctl("entity", "list", "--json").json() as? [[String: Any]])
            .filter { $0["kind"] as? String == "labor-dispatch" }
        let jurisdictions = Set(companies.compactMap { $0["jurisdiction"] as? String })
        #expect(jurisdictions.count >= 3)
        // Two inspectors per jurisdiction, and in each one more who only inspects employers.
        var team: [String: Set<String>] = [:]
        var n = 0
        for j in jurisdictions.sorted() {
            for _ in 0..<2 {
                n += 1
                #expect(try d.ctl("inspector", "add", "I\(n)", "--name", "检查员\(n)", "--jurisdiction", j).exitCode == 0)
                team[j, default: []].insert("I\(n)")
            }
            n += 1
            #expect(try d.ctl("inspector", "add", "I\(n)", "--name", "检查员\(n)", "--jurisdiction", j, "--kind", "employer").exitCode == 0)
        }
        for seed in ["1", "2", "3"] {
            let period = "2026-Q\(seed)"
            let draw = try d.ctl("plan", "draw", "TS2", period, "--seed", seed, "--json")
            #expect(draw.exitCode == 0, "\(draw)")
            let j = try #require(try draw.json() as? [String: Any])
            for e in try #require(j["entities"] as? [[String: Any]]) {
                let entity = try #require(companies.first { $0["id"] as? String == e["entity"] as? String })
                let place = try #require(entity["jurisdiction"] as? String)
                #expect(Set(e["inspectors"] as? [String] ?? []) == team[place], "\(e) in \(place)")
            }
            let verify = try d.ctl("plan", "verify", try #require(j["id"] as? String))
            #expect(verify.exitCode == 0, "\(verify)")
        }
        // One inspector left in each jurisdiction: no drawn company can be staffed within scope.
        for (_, members) in team { #expect(try d.ctl("inspector", "set", members.sorted()[0], "--no-active").exitCode == 0) }
        let refused = try d.ctl(["plan", "draw", "TS1", "2026", "--seed", "5"], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(refused.exitCode == 65, "\(refused)")
        #expect(refused.stderr.contains("无法为") && refused.stderr.contains("可检查该对象"), "\(refused)")
        #expect(try d.stop() == .exited(0))
    }
}
