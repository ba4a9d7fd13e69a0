import Foundation
import InspectCore
@testable import InspectDaemon
import Testing

/// What the daemon finds in its notice log after a crash during a write: the lines it already
/// wrote (not written again) and a torn last line (cut, so the log stays JSON lines).
@Suite("notice log recovery after a crash")
struct NoticeLogRecoveryTests {
    let directory: String
    let log: NoticeLog

    init() throws {
        directory = NSTemporaryDirectory() + "inspectd-log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        log = NoticeLog(path: directory + "/notices.jsonl")
    }

    func line(_ key: String) throws -> Data {
        let d = try #require(CivilDate(iso: "2026-03-31"))
        let n = Notice(key: key, kind: .due, stage: "due", entityID: "LS-1", entityName: "汇通", ruleID: "C01", source: ["C01"],
                       period: "2026-03", due: d, supervisor: "S01", day: d, message: "今日到期", basis: "依据")
        return try NoticeLog.line(for: n, supervisorName: "张伟", office: "办公室")
    }

    func lines() throws -> [String] {
        try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test func findsTheInFlightLinesAtTheEndAndStopsAtAnOlderNotice() throws {
        try log.append([line("old-1"), line("a"), line("b")])
        let r = try log.recover(inFlight: ["a", "b", "c", "old-1-not"])
        #expect(r == .init(found: ["a", "b"], cutBytes: 0))
        // "old-1" is before the batch: not looked at, even if asked for (it was delivered long ago).
        #expect(try log.recover(inFlight: ["old-1", "c"]).found.isEmpty)
    }

    @Test func cutsATornLastLineAndDoesNotCountIt() throws {
        let torn = try line("b")
        try log.append([line("a")])
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        handle.seekToEndOfFile()
        handle.write(torn.prefix(torn.count / 2))
        try handle.close()
        let r = try log.recover(inFlight: ["a", "b"])
        #expect(r.found == ["a"])
        #expect(r.cutBytes == torn.count / 2)
        #expect(try lines().dropLast().allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        #expect(try lines().count == 2)  // one line and the empty string after its newline
        // Appending after the repair gives whole lines again.
        try log.append([torn])
        #expect(try lines().filter { !$0.isEmpty }.count == 2)
    }

    @Test func anAppendAfterATornLineCutsItFirst() throws {
        // As an older version could leave it: a torn line and no delivery marks to say so.
        try log.append([line("a")])
        let handle = try #require(FileHandle(forWritingAtPath: log.path))
        handle.seekToEndOfFile()
        handle.write(try line("b").prefix(40))
        try handle.close()
        #expect(try log.append([line("b"), line("c")]) == 40)
        let all = try lines().filter { !$0.isEmpty }
        #expect(all.count == 3)
        #expect(all.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test func findsABatchThatSpansManyReadChunks() throws {
        // About 1.5 MB: the backward scan reads 64 KiB at a time, lines cross chunk boundaries.
        let old = try (0..<500).map { try line("old-\($0)") }
        let batch = try (0..<3000).map { try line("new-\($0)") }
        try log.append(old + batch)
        let inFlight = Set((0..<3000).map { "new-\($0)" } + ["missing"])
        let r = try log.recover(inFlight: inFlight)
        #expect(r.found == inFlight.subtracting(["missing"]))
        #expect(r.cutBytes == 0)
        // Every line of the file in flight: the scan reaches the start (and would read PATH.1).
        #expect(try log.recover(inFlight: inFlight.union((0..<500).map { "old-\($0)" })).found.count == 3500)
    }

    @Test func looksInTheRotatedLogWhenTheCurrentOneHoldsOnlyInFlightLinesOrNothing() throws {
        try log.append([line("old"), line("a")])
        try FileManager.default.moveItem(atPath: log.path, toPath: log.path + ".1")
        #expect(try log.recover(inFlight: ["a", "b"]).found == ["a"])
        try log.append([line("b")])
        #expect(try log.recover(inFlight: ["a", "b"]).found == ["a", "b"])
    }

    @Test func aMissingLogHoldsNothing() throws {
        #expect(try log.recover(inFlight: ["a"]) == .init(found: [], cutBytes: 0))
    }
}

@Suite("the test crash hook")
struct TestCrashPointTests {
    @Test func unsetItNeverFires() {
        let p = TestCrashPoint(environment: [:])
        #expect(TestCrashPoint.steps.allSatisfy { !p.isDue($0) })
    }

    @Test func firesAtTheNamedStepsNthReachOnly() {
        let p = TestCrashPoint(environment: [TestCrashPoint.variable: "journal-entry:3"])
        #expect(!p.isDue("log-line"))
        #expect([p.isDue("journal-entry"), p.isDue("journal-entry"), p.isDue("journal-entry"), p.isDue("journal-entry")] == [false, false, true, false])
    }

    @Test func withAMarkerFileItIsArmedOnlyWhileTheFileIsMissing() throws {
        let marker = NSTemporaryDirectory() + "inspectd-crash-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let env = [TestCrashPoint.variable: "after-log", TestCrashPoint.onceVariable: marker]
        #expect(TestCrashPoint(environment: env).isDue("after-log"))
        FileManager.default.createFile(atPath: marker, contents: nil)
        #expect(!TestCrashPoint(environment: env).isDue("after-log"))
    }
}
