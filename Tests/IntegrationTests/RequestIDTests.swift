import Foundation
import InspectControl
import Testing
import Varlink

/// A write carries a request id, so that repeating it — by hand, by a script, or by inspectctl
/// after the daemon died before answering — records the fact once.
@Suite("request ids: a repeated write records its fact once")
struct RequestIDTests {
    func inspections(_ d: DaemonFixture, entity: String) throws -> [[String: Any]] {
        try #require(try d.ctl("inspection", "list", "--entity", entity, "--json").json() as? [[String: Any]])
    }

    @Test func theSameRequestIDTwiceRecordsOneInspection() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let args = ["inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite", "--inspectors", "A,B",
                    "--request-id", "batch-2026-03-20-1", "--json"]
        let first = try #require(try d.ctl(args).json() as? [String: Any])
        let again = try #require(try d.ctl(args).json() as? [String: Any])
        let id = (first["inspection"] as? [String: Any])?["id"] as? Int
        #expect(id != nil)
        #expect((again["inspection"] as? [String: Any])?["id"] as? Int == id)
        #expect(try inspections(d, entity: "LS-PFS-001").count == 1)
        // Without an id each run is a new write (a second inspection that day is a fact of its own).
        #expect(try d.ctl(Array(args.dropLast(3)) + ["--json"]).exitCode == 0)
        #expect(try inspections(d, entity: "LS-PFS-001").count == 2)
        #expect(try d.stop() == .exited(0))
    }

    @Test func theSameRequestIDTwiceRecordsOneEventAndOneSubject() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(30))
        defer { client.close() }
        let request = Control.RecordEventRequest(subject: nil, entity: "LS-ML-002", kind: "rectification.ordered", at: "2026-03-12",
                                                 attributes: ["rule": "D01"], requestID: "order-1")
        let method = Control.LifecycleMethod.recordEvent.qualified
        let first = try client.call(method: method, parameters: request, as: Control.RecordEventResult.self)
        let again = try client.call(method: method, parameters: request, as: Control.RecordEventResult.self)
        #expect(again.event.id == first.event.id)
        #expect(again.event.subject == first.event.subject)
        let events = try #require(try d.ctl("event", "list", "--entity", "LS-ML-002", "--json").json() as? [[String: Any]])
        #expect(events.filter { $0["kind"] as? String == "rectification.ordered" }.count == 1, "\(events)")
        #expect(try d.stop() == .exited(0))
    }

    @Test func theSameRequestIDTwiceRecordsOneGradeAssignment() throws {
        let d = try DaemonFixture()
        try d.start(now: "2026-03-25T09:00")
        let before = try #require(try d.ctl("grade", "history", "LS-ML-002", "--json").json() as? [[String: Any]]).count
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(30))
        defer { client.close() }
        let request = Control.SetGradeRequest(entity: "LS-ML-002", level: "II", reason: "年度评级", requestID: "grade-1")
        let method = Control.GradeMethod.setGrade.qualified
        let first = try client.call(method: method, parameters: request, as: Control.SetGradeResult.self)
        let again = try client.call(method: method, parameters: request, as: Control.SetGradeResult.self)
        #expect(again.entry.id == first.entry.id)
        #expect(again.entry.level == "II")
        #expect(try #require(try d.ctl("grade", "history", "LS-ML-002", "--json").json() as? [[String: Any]]).count == before + 1)
        #expect(try d.stop() == .exited(0))
    }

    @Test func theSameRequestIDTwiceDrawsOnceAndDeclaresOnce() throws {
        let d = try DaemonFixture()
        try SamplingTests.rules.write(toFile: d.configDirectory + "/rules/test-sampling.yaml", atomically: true, encoding: .utf8)
        try d.start(now: "2026-03-25T09:00")
        for (id, name) in [("I01", "甲"), ("I02", "乙"), ("I03", "丙"), ("I04", "丁")] {
            #expect(try d.ctl("inspector", "add", id, "--name", name).exitCode == 0)
        }
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(30))
        defer { client.close() }
        let conflict = Control.DeclareConflictRequest(inspector: "I01", entity: "LS-LD-001", reason: "近亲属任职", requestID: "c-1")
        let conflictMethod = Control.SamplingMethod.declareConflict.qualified
        _ = try client.call(method: conflictMethod, parameters: conflict, as: Control.ConflictReply.self)
        _ = try client.call(method: conflictMethod, parameters: conflict, as: Control.ConflictReply.self)
        let pool = try #require(try d.ctl("inspector", "list", "--json").json() as? [[String: Any]])
        #expect(pool.first { $0["id"] as? String == "I01" }?["conflicts"] as? [String] == ["LS-LD-001"], "\(pool)")

        let draw = Control.DrawSampleRequest(rule: "TS1", period: "2026", requestID: "draw-1")
        let drawMethod = Control.SamplingMethod.drawSample.qualified
        let first = try client.call(method: drawMethod, parameters: draw, as: Control.DrawReply.self)
        // Not "already drawn": the same request, the same draw.
        let again = try client.call(method: drawMethod, parameters: draw, as: Control.DrawReply.self)
        #expect(again.draw.id == first.draw.id)
        #expect(again.draw.seed == first.draw.seed)
        // Another request for the same period is still refused.
        #expect(try d.ctl("plan", "draw", "TS1", "2026").exitCode == 65)
        #expect(try d.stop() == .exited(0))
    }

    @Test("the daemon dies after recording and before answering: inspectctl sends the request again once it is back, and the inspection is recorded once")
    func retryAfterTheDaemonDied() throws {
        let d = try DaemonFixture()
        let marker = d.directory + "/crashed-once"
        try d.start(now: "2026-03-25T09:00", environment: ["INSPECTD_TEST_CRASH_AT": "after-record", "INSPECTD_TEST_CRASH_ONCE": marker])
        let crashed = try #require(d.process)
        let cli = try ChildProcess(try BuiltProducts.inspectctl(), arguments: [
            "--socket", d.socketPath, "inspection", "record", "--entity", "LS-PFS-001", "--date", "2026-03-20", "--kind", "onsite",
            "--inspectors", "A,B", "--json",
        ])
        // The daemon recorded the inspection and was killed before its reply.
        #expect(try crashed.wait(timeout: .seconds(30)) == .signaled(SIGKILL))
        #expect(FileManager.default.fileExists(atPath: marker))
        try d.start(now: "2026-03-25T09:00")
        #expect(try cli.wait(timeout: .seconds(90)) == .exited(0), "\(cli.standardError)")
        #expect(cli.standardError.contains("sending request"), "\(cli.standardError)")
        let reply = try #require(try JSONSerialization.jsonObject(with: Data(cli.standardOutput.utf8)) as? [String: Any])
        let recorded = try inspections(d, entity: "LS-PFS-001")
        #expect(recorded.count == 1)
        #expect((reply["inspection"] as? [String: Any])?["id"] as? Int == recorded.first?["id"] as? Int)
        // The audit trail kept the write although the daemon died right after it: its entry was
        // in the inspection's transaction (issue 12). The retry wrote nothing, and says so.
        let trail = try #require(try d.ctl("audit", "--json").json() as? [[String: Any]])
        let records = trail.filter { $0["method"] as? String == "RecordInspection" && $0["entity"] as? String == "LS-PFS-001" }
        #expect(records.count == 2, "\(records)")
        #expect(records.allSatisfy { $0["outcome"] as? String == "ok" } && Set(records.compactMap { $0["request_id"] as? String }).count == 1)
        #expect(try d.stop() == .exited(0))
    }
}
