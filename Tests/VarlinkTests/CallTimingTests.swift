import Foundation
import Testing
@testable import Varlink

/// The server's account of each call (`callTimed`): instants on the host's monotonic clock that a
/// client can set beside its own, in the order the call went through the server.
@Suite("Varlink call timing")
struct CallTimingTests {
    @Test func eachAnsweredCallIsTimedInOrderWithinTheClientsOwnSpan() throws {
        let timings = Locked<[VarlinkCallTiming]>([])
        var configuration = VarlinkServerConfiguration()
        configuration.callTimed = { t in timings.withValue { $0.append(t) } }
        let gate = Gate()
        try withServer(configuration: configuration, gate: gate) { _, path in
            let client = try VarlinkClient.connect(path: path)
            let before = VarlinkCallTiming.now()
            _ = try client.call(method: "org.example.test.Ping", parameters: ["ping": "一"])
            let between = VarlinkCallTiming.now()
            // A call its handler holds: the server's account must put that hold between the
            // read and the handler's return.
            let waiter = try VarlinkClient.connect(path: path)
            let released = Locked<UInt64>(0)
            let opener = Thread {
                gate.waitForArrival()
                released.withValue { $0 = VarlinkCallTiming.now() }
                gate.open()
            }
            opener.start()
            _ = try waiter.call(method: "org.example.test.Wait")
            let after = VarlinkCallTiming.now()
            // A streamed reply is timed once, when its last reply is written.
            var counted: [JSONValue] = []
            try client.stream(VarlinkCall(method: "org.example.test.Count", parameters: ["n": .int(3)], more: true)) { counted.append(contentsOf: $0.parameters.values) }
            #expect(counted == [.int(1), .int(2), .int(3)])

            // Each timed once (in the order their replies were written, which two connections
            // need not keep: looked up by method).
            let list = settled(timings, count: 3)
            #expect(list.map(\.method).sorted() == ["org.example.test.Count", "org.example.test.Ping", "org.example.test.Wait"])
            for t in list {
                #expect(t.woke <= t.read && t.read <= t.handled && t.handled <= t.written)
                #expect(t.peer.uid == getuid())
            }
            let ping = try #require(list.first { $0.method == "org.example.test.Ping" })
            let wait = try #require(list.first { $0.method == "org.example.test.Wait" })
            // Handled before the client had its reply ("written" is read after the write returns,
            // which may be after the client read the reply).
            #expect(ping.woke >= before && ping.handled <= between)
            #expect(wait.woke >= between && wait.handled <= after)
            let opened = released.withValue { $0 }
            #expect(wait.read <= opened && opened <= wait.handled)
            // The thread's scheduler account is read where Linux keeps one.
            if FileManager.default.fileExists(atPath: "/proc/thread-self/schedstat") {
                // (The running thread's own account is brought up to date at its next switch or
                // tick: a short call may show no CPU time yet.)
                #expect(list.allSatisfy { $0.onCPU != nil && $0.waitedForCPU != nil })
            }
        }
    }

    @Test func onewayCallsAreNotTimed() throws {
        let timings = Locked<[VarlinkCallTiming]>([])
        var configuration = VarlinkServerConfiguration()
        configuration.callTimed = { t in timings.withValue { $0.append(t) } }
        let recorded = Locked<[String]>([])
        try withServer(configuration: configuration, recorded: recorded) { _, path in
            let raw = try RawConnection(path: path)
            raw.send(bytes: Array(#"{"method":"org.example.test.Record","parameters":{"value":"x"},"oneway":true}"#.utf8) + [0])
            raw.send(bytes: Array(#"{"method":"org.example.test.Recorded"}"#.utf8) + [0])
            _ = try raw.receive()
            #expect(recorded.withValue { $0 } == ["x"])
            #expect(settled(timings, count: 1).map(\.method) == ["org.example.test.Recorded"])
        }
    }

    @Test func theSchedulerAccountGrowsWithWork() throws {
        guard let sched = ThreadSchedStat(), let first = sched.read() else { return }  // not Linux, or no schedstats
        var x: UInt64 = 0
        for i in 0..<5_000_000 { x &+= UInt64(i) &* 2_654_435_761 }
        #expect(x != 1)
        let second = try #require(sched.read())
        #expect(second.onCPU > first.onCPU)
        #expect(second.waiting >= first.waiting)
    }

    /// The timings once `count` are in: a call is timed after its reply is written, so the client
    /// may have read the reply a moment before (waits at most 10 s).
    private func settled(_ timings: Locked<[VarlinkCallTiming]>, count: Int) -> [VarlinkCallTiming] {
        let deadline = ContinuousClock.now + .seconds(10)
        while timings.withValue({ $0.count }) < count && ContinuousClock.now < deadline { usleep(1_000) }
        usleep(20_000)  // and none more arrives
        return timings.withValue { $0 }
    }
}
