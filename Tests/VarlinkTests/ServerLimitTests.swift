import Foundation
import Testing
@testable import Varlink
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10, drills 3, 4, 9: no number of idle, slow or careless connections takes the service
/// from the others, and every refusal is a reply that says which limit, never a silent close.
@Suite("Varlink server limits")
struct ServerLimitTests {
    static let limitError: JSONValue = "org.varlink.service.LimitReached"

    /// Before: 64 idle sockets locked everybody out and the 65th was closed without a word.
    @Test func idleConnectionsOfOneUserCannotLockOutTheService() throws {
        let limits = Locked<[String]>([])
        var config = VarlinkServerConfiguration(maxConnections: 50, maxConnectionsPerUser: 4)
        config.limitReached = { limit in limits.withValue { $0.append(limit) } }
        try withServer(configuration: config) { server, path in
            var idle = try (0..<4).map { _ in try RawConnection(path: path) }
            try waitUntil("4 connections counted") { server.connectionCount == 4 }
            // The fifth connection of the same uid is told why it is refused (and the service, for its metrics).
            let refused = try RawConnection(path: path)
            let reply = try refused.receive()
            #expect(limits.withValue { $0 } == ["connections_per_user"])
            #expect(server.connectionCount == 4)
            #expect(reply?["error"] == Self.limitError)
            #expect(reply?["parameters"]?["limit"] == "connections_per_user")
            #expect(reply?["parameters"]?["reason"]?.stringValue?.contains("uid \(getuid())") == true)
            #expect(try refused.receive() == nil)
            // Closing one idle connection gives its slot back.
            idle.removeLast()
            try waitUntil("a slot is free again") {
                guard let client = try? VarlinkClient.connect(path: path, timeout: .seconds(5)) else { return false }
                return (try? client.call(method: "org.example.test.Ping", parameters: ["ping": "x"])) != nil
            }
            _ = idle.count
        }
    }

    /// Before: the service replied and closed at once, so a client that called straight away
    /// failed on its send (EPIPE) and reported a lost connection (7 of 8 runs), not the limit.
    @Test func aClientAtTheLimitReadsTheRefusalAsItsReply() throws {
        try withServer(configuration: VarlinkServerConfiguration(maxConnections: 50, maxConnectionsPerUser: 2)) { _, path in
            let held = try (0..<2).map { _ in try RawConnection(path: path) }
            for _ in 0..<20 {
                let client = try VarlinkClient.connect(path: path, timeout: .seconds(5))
                // Give the service time to refuse and close before the call is written.
                Thread.sleep(forTimeInterval: 0.02)
                do {
                    _ = try client.call(method: "org.example.test.Ping", parameters: ["ping": "x"])
                    Issue.record("a call over the per-user limit was answered")
                } catch let e as VarlinkError {
                    #expect(e.name == "org.varlink.service.LimitReached")
                } catch {
                    Issue.record("not the limit's reply: \(error)")
                }
            }
            _ = held.count
        }
    }

    /// Before: with the service full of other users' connections, root's calls failed (479 of 482):
    /// the operator was locked out of the daemon they had to repair.
    @Test func privilegedPeersKeepAReserve() throws {
        let privileged = Locked(false)
        let config = VarlinkServerConfiguration(maxConnections: 10, maxConnectionsPerUser: 100, reservedConnections: 3,
                                                isPrivileged: { _ in privileged.withValue { $0 } })
        try withServer(configuration: config) { _, path in
            // Others fill everything but the reserve.
            let others = try (0..<7).map { _ in try RawConnection(path: path) }
            let refused = try RawConnection(path: path)
            #expect(try refused.receive()?["parameters"]?["limit"] == "connections")
            // The operator's calls are all answered, from the reserve.
            privileged.withValue { $0 = true }
            for n in 0..<3 {
                let client = try VarlinkClient.connect(path: path, timeout: .seconds(5))
                #expect(try client.call(method: "org.example.test.Ping", parameters: ["ping": "\(n)"]).parameters == ["pong": .string("\(n)")])
            }
            _ = others.count
        }
    }

    @Test func theTotalLimitIsAnErrorReplyToo() throws {
        try withServer(configuration: VarlinkServerConfiguration(maxConnections: 3, maxConnectionsPerUser: 10)) { _, path in
            let held = try (0..<3).map { _ in try RawConnection(path: path) }
            let refused = try RawConnection(path: path)
            #expect(try refused.receive()?["parameters"]?["limit"] == "connections")
            _ = held.count
        }
    }

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() throws {
        try withServer(configuration: VarlinkServerConfiguration(idleTimeout: .milliseconds(300))) { _, path in
            let client = try VarlinkClient.connect(path: path, timeout: .seconds(10))
            #expect(try client.call(method: "org.example.test.Ping", parameters: ["ping": "a"]).parameters == ["pong": "a"])
            // Quiet: closed without a reply (nothing was begun).
            let quiet = try RawConnection(path: path)
            let started = ContinuousClock.now
            #expect(try quiet.receive() == nil)
            #expect(ContinuousClock.now - started >= .milliseconds(250))
            // Half a message, never finished (sent byte by byte it could hold a slot forever):
            // refused with a reply, then closed.
            let slow = try RawConnection(path: path)
            slow.send(#"{"method":"org.example.test.Ping","para"#)
            let reply = try slow.receive()
            #expect(reply?["parameters"]?["limit"] == "idle_timeout")
            #expect(try slow.receive() == nil)
        }
    }

    /// Before: each half-sent 8 MiB frame held about 11 MB; 60 took the daemon to 726 MB.
    @Test func partialMessagesAcrossConnectionsAreBounded() throws {
        let config = VarlinkServerConfiguration(maxMessageSize: 4 << 20, maxBufferedBytes: 3 << 20)
        try withServer(configuration: config) { _, path in
            let chunk = #"{"method":"org.example.test.Ping","parameters":{"ping":""# + String(repeating: "x", count: 1 << 20)
            var refusedLimit: JSONValue?
            var open: [RawConnection] = []
            for _ in 0..<6 {
                let c = try RawConnection(path: path)
                // The server may refuse and close while this is still being written (EPIPE).
                _ = UnixSocket.writeAll(c.fd, Array(chunk.utf8))
                open.append(c)
                // The server reads what was sent; give it a moment before the next one.
                if !UnixSocket.waitReadable([c.fd], timeout: 300).isEmpty, let r = try c.receive() {
                    refusedLimit = r["parameters"]?["limit"]
                    break
                }
            }
            #expect(refusedLimit == "buffered_bytes", "the connection that took the total over 3 MiB is refused")
            // Others still work.
            let client = try VarlinkClient.connect(path: path, timeout: .seconds(10))
            #expect(try client.call(method: "org.example.test.Ping", parameters: ["ping": "ok"]).parameters == ["pong": "ok"])
        }
    }

    /// Before: a client that stopped reading its replies held a connection thread forever.
    @Test func aPeerThatStopsReadingLosesItsConnection() throws {
        let config = VarlinkServerConfiguration(maxConnectionsPerUser: 1, sendTimeout: .milliseconds(200))
        try withServer(configuration: config) { _, path in
            let stalled = try RawConnection(path: path)
            var size: Int32 = 4096
            setsockopt(stalled.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            // Many calls with large replies, never read: the server's send blocks, then times out.
            let ping = String(repeating: "z", count: 60_000)
            let call = Array((#"{"method":"org.example.test.Ping","parameters":{"ping":""# + ping + "\"}}\0").utf8)
            // Keeps sending (blocking) until the server hangs up on it.
            let fd = stalled.fd
            let sender = Thread { while UnixSocket.writeAll(fd, call) == 0 {} }
            sender.start()
            // The one slot of this uid comes free once the server gives up on the stalled peer.
            try waitUntil("the stalled connection is dropped") {
                guard let client = try? VarlinkClient.connect(path: path, timeout: .seconds(5)) else { return false }
                return (try? client.call(method: "org.example.test.Ping", parameters: ["ping": "x"]))?.parameters == ["pong": "x"]
            }
        }
    }

    @Test func anUpgradeIsRefusedAndTheConnectionStaysUsable() throws {
        try withServer { _, path in
            let c = try RawConnection(path: path)
            c.send(#"{"method":"org.example.test.Ping","parameters":{"ping":"a"},"upgrade":true}"# + "\0")
            let reply = try c.receive()
            #expect(reply?["error"] == "org.varlink.service.InvalidParameter")
            #expect(reply?["parameters"]?["parameter"] == "upgrade")
            c.send(#"{"method":"org.example.test.Ping","parameters":{"ping":"b"}}"# + "\0")
            #expect(try c.receive()?["parameters"]?["pong"] == "b")
        }
    }
}

/// Polls `condition` every 50 ms for up to 20 s; fails the test if it never holds.
func waitUntil(_ what: String, _ condition: () throws -> Bool) throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record("timed out waiting until \(what)")
}

/// `more` calls (issue 11: `--all` streams a province's list instead of one huge reply).
@Suite("Varlink streaming replies")
struct StreamingTests {
    func count(_ client: VarlinkClient, _ n: Int, failAt: Int? = nil) throws -> [(Int64, Bool)] {
        var got: [(Int64, Bool)] = []
        var p: [String: JSONValue] = ["n": .int(Int64(n))]
        if let failAt { p["failAt"] = .int(Int64(failAt)) }
        try client.stream(VarlinkCall(method: "org.example.test.Count", parameters: p)) { reply in
            got.append((reply.parameters["i"]?.int64Value ?? -1, reply.continues))
        }
        return got
    }

    @Test func eachReplyComesWithContinuesButTheLast() throws {
        try withServer { _, path in
            let client = try VarlinkClient.connect(path: path, timeout: .seconds(30))
            let got = try count(client, 5)
            #expect(got.map(\.0) == [1, 2, 3, 4, 5])
            #expect(got.map(\.1) == [true, true, true, true, false])
            // Without `more`: one reply. And the connection goes on after a stream.
            #expect(try client.call(method: "org.example.test.Count", parameters: ["n": 5]).parameters == ["i": 5])
            // An empty stream is one reply, without `continues`.
            #expect(try count(client, 0).map(\.1) == [false])
        }
    }

    @Test func anErrorEndsTheStreamAfterWhatCameBefore() throws {
        try withServer { _, path in
            let client = try VarlinkClient.connect(path: path, timeout: .seconds(30))
            var got: [Int64] = []
            do {
                try client.stream(VarlinkCall(method: "org.example.test.Count", parameters: ["n": 5, "failAt": 3])) { got.append($0.parameters["i"]?.int64Value ?? -1) }
                Issue.record("the stream should have ended with an error")
            } catch let e as VarlinkError {
                #expect(e.name == "org.example.test.NotFound")
            }
            #expect(got == [1, 2])
            #expect(try client.call(method: "org.example.test.Ping", parameters: ["ping": "after"]).parameters == ["pong": "after"])
        }
    }
}
