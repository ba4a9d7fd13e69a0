import Foundation
import PostgresTestSupport
import Testing

/// A leader frozen for 15 s (SIGSTOP: a VM paused, a stall of the whole process) in the middle of
/// its deliveries, while the other daemon takes the lead; then thawed (SIGCONT). Its lease is
/// counted on its monotonic clock, which ran on while it was frozen: when it resumes it must find
/// that it no longer leads before it writes another notice line, journal entry (standard error
/// here, the journal's stand-in) or channel message. Counted in the drill: what it wrote to its
/// log and standard error after SIGCONT, and what the channel servers received from it (the
/// `X-Inspectd-Instance` header of each e-mail and webhook call) after SIGCONT. The other daemon
/// sends everything, each notice once in the hosts' logs (a repeat marked).
@Suite(.serialized) struct PausedLeaderTests {
    static let now = "2026-11-25T09:00"
    static let frozen = 15.0

    static func noticeLines(_ d: DaemonFixture) -> Int { FencingTests.stderr(d).components(separatedBy: "inspectd: notice: ").count - 1 }

    /// The messages the channel servers received from `instance`, with when (unix time).
    static func received(_ servers: ChannelServers, from instance: String) throws -> [(what: String, at: Double)] {
        let mails = try servers.lines("mail.jsonl").filter { $0["instance"] as? String == instance }
            .map { ("mail \($0["message_id"] as? String ?? "")", $0["received_at"] as? Double ?? 0) }
        let hooks = try servers.lines("http.jsonl").filter { $0["instance"] as? String == instance && $0["path"] as? String == "webhook" }
            .map { ("webhook \((($0["body"] as? [String: Any])?["digest"] as? String) ?? "")", $0["received_at"] as? Double ?? 0) }
        return mails + hooks
    }

    /// Freezes `a` for ``frozen`` seconds (after `whileFrozen` ran, at its start); returns the
    /// unix time at which it was thawed and when b led (seconds after the freeze).
    static func freeze(_ a: DaemonFixture, _ b: DaemonFixture, whileFrozen: () throws -> Void = {}) throws -> (thawed: Double, bLed: Double?) {
        let pid = try #require(a.process?.pid)
        kill(pid, SIGSTOP)
        let frozenAt = ContinuousClock.now
        try whileFrozen()
        let led = PlatformTests.within(.seconds(Self.frozen)) { NoticeKillDrillTests.status(b)?["leading"] as? Bool == true }
        let rest = Duration.seconds(Self.frozen) - (ContinuousClock.now - frozenAt)
        if rest > .zero { Thread.sleep(forTimeInterval: NoticeKillDrillTests.seconds(rest)) }
        let thawed = Date().timeIntervalSince1970
        kill(pid, SIGCONT)
        return (thawed, led.map { NoticeKillDrillTests.seconds($0) })
    }

    /// Each notice once in the hosts' logs unmarked; b's repeats marked `a` and at most a batch.
    static func checkLogs(_ a: DaemonFixture, _ b: DaemonFixture, what: String) throws {
        let keysA = FencingTests.logKeys(a), keysB = FencingTests.logKeys(b)
        let repeated = keysB.filter { $0.repeatOf != nil }, unmarked = keysB.filter { $0.repeatOf == nil }.map(\.key)
        #expect(Set(keysA.map(\.key)).isDisjoint(with: unmarked), "\(what): a notice in both hosts' logs, unmarked")
        #expect(Set(unmarked).count == unmarked.count && repeated.count <= NoticeBatch.size && repeated.allSatisfy { $0.repeatOf == "a" })
        let sent = try #require(NoticeKillDrillTests.status(b)?["notices_sent"] as? Int)
        #expect(Set(keysA.map(\.key)).union(keysB.map(\.key)).count == sent)
        print("paused leader, \(what): a logged \(keysA.count), b \(keysB.count) of which \(repeated.count) repeated, \(sent) notices")
    }

    /// Frozen in the middle of a batch's journal step (held before its 150th entry, the 50th of
    /// the second batch, then stopped): thawed, it writes none of the batch's other entries.
    @Test func aLeaderFrozenInsideItsJournalStepWritesNothingMoreWhenThawed() throws {
        // Both directly on the server (frozen, not cut off), with both channels.
        let pair = try DaemonPair(channels: .mailAndWebhook)
        defer { pair.stop() }
        let (a, b, servers) = (pair.a, pair.b, try #require(pair.servers))
        let release = pair.directory + "/release"
        try pair.startLeaderThenFollower(now: Self.now, environment: ["INSPECTD_TEST_PAUSE_AT": "journal-entry:150", "INSPECTD_TEST_PAUSE_UNTIL": release])
        #expect(PlatformTests.within(.seconds(60)) { Self.noticeLines(a) >= 149 } != nil, "a did not reach its 150th journal entry")
        Thread.sleep(forTimeInterval: 0.3)
        var logged = 0, journaled = 0
        let (thawed, led) = try Self.freeze(a, b) {
            FileManager.default.createFile(atPath: release, contents: nil)  // a goes on only once thawed
            Thread.sleep(forTimeInterval: 0.5)  // what a wrote before is read from its pipe
            logged = FencingTests.logKeys(a).count
            journaled = Self.noticeLines(a)
        }
        #expect(led != nil, "b did not lead while a was frozen")
        #expect(PlatformTests.within(.seconds(60)) { NoticeKillDrillTests.finished(b) } != nil, "b did not send everything")
        #expect(PlatformTests.within(.seconds(10)) { FencingTests.stderr(a).contains("no longer leading") } != nil)
        Thread.sleep(forTimeInterval: 1)
        let afterLog = FencingTests.logKeys(a).count - logged, afterJournal = Self.noticeLines(a) - journaled
        let afterChannels = try Self.received(servers, from: "a").filter { $0.at > thawed }
        print("paused leader, frozen in its journal step: b led \(led ?? -1) s into the freeze; after the thaw a wrote \(afterLog) log line(s), "
              + "\(afterJournal) journal entr(ies), \(afterChannels.count) channel message(s)")
        #expect(journaled == 149 && logged == 2 * NoticeBatch.size, "a had journaled \(journaled), logged \(logged)")
        #expect(afterLog == 0 && afterJournal == 0 && afterChannels.isEmpty, "\(afterChannels)")
        try Self.checkLogs(a, b, what: "frozen in its journal step")
    }

    /// Frozen while its channels send (the webhook has had 30 of its calls): thawed, it hands
    /// nothing more to the channels; what it had handed over when frozen (at most one message per
    /// channel) may still arrive, and b sends each notice's message.
    @Test func aLeaderFrozenWhileItsChannelsSendHandsThemNothingMoreWhenThawed() throws {
        let pair = try DaemonPair(channels: .mailAndWebhook)
        defer { pair.stop() }
        let (a, b, servers) = (pair.a, pair.b, try #require(pair.servers))
        try pair.startLeaderThenFollower(now: Self.now)
        #expect(try PlatformTests.within(.seconds(60)) { try Self.received(servers, from: "a").count >= 30 } != nil, "a's channels did not send")
        var logged = 0, journaled = 0, before = 0
        let (thawed, led) = try Self.freeze(a, b) {
            Thread.sleep(forTimeInterval: 0.5)
            logged = FencingTests.logKeys(a).count
            journaled = Self.noticeLines(a)
            before = try Self.received(servers, from: "a").count
        }
        #expect(led != nil, "b did not lead while a was frozen")
        #expect(PlatformTests.within(.seconds(60)) { NoticeKillDrillTests.finished(b) } != nil, "b did not send everything")
        #expect(PlatformTests.within(.seconds(10)) { FencingTests.stderr(a).contains("no longer leading") } != nil)
        Thread.sleep(forTimeInterval: 1)
        let fromA = try Self.received(servers, from: "a")
        let whileFrozen = fromA.count - before - fromA.filter { $0.at > thawed }.count
        let afterThaw = fromA.filter { $0.at > thawed }
        let afterLog = FencingTests.logKeys(a).count - logged, afterJournal = Self.noticeLines(a) - journaled
        print("paused leader, frozen while its channels send: b led \(led ?? -1) s into the freeze; a's channels had sent \(before), "
              + "\(whileFrozen) more arrived while it was frozen, \(afterThaw.count) after the thaw \(afterThaw.map(\.what)); "
              + "after the thaw a wrote \(afterLog) log line(s), \(afterJournal) journal entr(ies)")
        // The residual window: a message a had handed to libcurl when it was frozen reaches the server once it is thawed.
        #expect(afterThaw.count <= 2 && Set(afterThaw.map { $0.what.prefix(4) }).count == afterThaw.count, "\(afterThaw)")
        #expect(afterLog == 0 && afterJournal == 0)
        // Every notice reached the webhook; a message again at most once per channel.
        let keys = Set(FencingTests.logKeys(a).map(\.key)).union(FencingTests.logKeys(b).map(\.key))
        let hooks = try servers.lines("http.jsonl").filter { $0["path"] as? String == "webhook" }
            .flatMap { (($0["body"] as? [String: Any])?["notices"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String } }
        let mails = try servers.lines("mail.jsonl").compactMap { $0["message_id"] as? String }
        #expect(Set(hooks) == keys && NoticeKillDrillTests.repeats(hooks) <= 1 && NoticeKillDrillTests.repeats(mails) <= 1,
                "\(Set(hooks).count) of \(keys.count) notices at the webhook, \(NoticeKillDrillTests.repeats(hooks)) again, \(NoticeKillDrillTests.repeats(mails)) e-mails again")
        try Self.checkLogs(a, b, what: "frozen while its channels send")
    }
}
