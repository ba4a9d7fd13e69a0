import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import InspectDaemon
import Locking
import Logging
import SystemdSupport
import Testing
import Varlink

/// The diagnostics an operator turns on to see where a call's time went, and the bulk work that
/// runs beside the calls at a lower priority.
@Suite struct DiagnosticsTests {
    @Test func theLogLevelComesFromTheEnvironmentAndANameThatIsNoLevelIsRefused() {
        #expect(SystemdLogging.logLevel(environment: [:]) == .info)
        #expect(SystemdLogging.logLevel(environment: ["INSPECTD_LOG_LEVEL": ""]) == .info)
        #expect(SystemdLogging.logLevel(environment: ["INSPECTD_LOG_LEVEL": "debug"]) == .debug)
        #expect(SystemdLogging.logLevel(environment: ["INSPECTD_LOG_LEVEL": "WARNING"]) == .warning)
        #expect(SystemdLogging.logLevel(environment: ["INSPECTD_LOG_LEVEL": "verbose"]) == nil)
        let english = StartFailure.logLevel("verbose", levels: SystemdLogging.levelNames, environment: [:])
        #expect(english.hasPrefix("inspectd: cannot start: INSPECTD_LOG_LEVEL=verbose is not a level"))
        #expect(SystemdLogging.levelNames.allSatisfy { english.contains($0) })
        let chinese = StartFailure.logLevel("verbose", levels: SystemdLogging.levelNames, environment: ["LANG": "zh_CN.UTF-8"])
        #expect(chinese.hasPrefix("inspectd：无法启动：INSPECTD_LOG_LEVEL=verbose 不是日志级别"))
    }

    @Test func aTimelineNamesEachPhaseWithItsMillisecondsFromArrivalToReply() {
        let ms: UInt64 = 1_000_000
        let t = VarlinkCallTiming(method: "io.inspectd.Control.GetStatus", peer: VarlinkPeer(uid: 0, gid: 0, pid: 1),
                                  woke: 100 * ms, read: 100 * ms + 20_000, handled: 140 * ms, written: 141 * ms)
        // A mark of an earlier call (before the read) is not this call's.
        let marks: [(phase: StaticString, at: UInt64)] = [("stale", 50 * ms), ("began", 101 * ms), ("queue", 135 * ms), ("body", 139 * ms)]
        #expect(CallPhases.timeline(t, marks) == "read 0.0, began 1.0, queue 34.0, body 4.0, handled 1.0, replied 1.0")
        #expect(CallPhases.milliseconds(12_349_999) == "12.3")
        #expect(CallPhases.milliseconds(12_350_000) == "12.4")
    }

    @Test func theMarksAreTheCallingThreadsOwn() throws {
        CallPhases.begin()
        CallPhases.mark("here")
        let other = Locked<[String]>([])
        let done = DispatchSemaphore(value: 0)
        Thread {
            CallPhases.begin()
            other.withLock { $0 = CallPhases.current.map { "\($0.phase)" } }
            done.signal()
        }.start()
        done.wait()
        #expect(CallPhases.current.map { "\($0.phase)" } == ["began", "here"])
        #expect(other.withLock { $0 } == ["began"])
    }

    @Test func bulkWorkLowersOnlyItsOwnThread() throws {
        let callerNice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let seen = Locked<Int32?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            BackgroundPriority.lowerThisThread()
            seen.withLock { $0 = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
            done.signal()
        }.start()
        done.wait()
        #expect(seen.withLock { $0 } == max(callerNice, BackgroundPriority.niceValue))
        // The caller keeps its priority: it may be a queue's thread that answers calls next.
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == callerNice)
    }
}
