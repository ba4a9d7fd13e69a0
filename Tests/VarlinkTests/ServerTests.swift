import Foundation
import Testing
@testable import Varlink
#if canImport(Glibc)
import Glibc
#endif

@Suite("Varlink server and client over a real socket")
struct ServerTests {
    @Test func pingRoundTripAndSocketMode() throws {
        try withServer { server, path in
            #expect(server.socketPath == path)
            var status = stat()
            #expect(stat(path, &status) == 0)
            #expect(status.st_mode & 0o777 == 0o660)

            let client = try VarlinkClient.connect(path: path, timeout: .seconds(30))
            struct Pong: Decodable { var pong: String }
            let pong = try client.call(method: "org.example.test.Ping", parameters: ["ping": "你好"], as: Pong.self)
            #expect(pong.pong == "你好")
            // The connection stays usable for more calls.
            let again = try client.call(method: "org.example.test.Ping", parameters: ["ping": "again"])
            #expect(again.parameters == ["pong": "again"])
        }
    }

    @Test func echoKeepsEveryTypeExact() throws {
        try withServer { _, path in
            let client = try VarlinkClient.connect(path: path)
            let item = Item(name: "某某市食品有限公司", count: 9_007_199_254_740_993, ratio: 0.25, tags: ["a", "b"],
                            attributes: ["grade": "A"], note: nil, kind: "onsite")
            struct Parameters: Codable { var item: Item }
            let reply = try client.call(method: "org.example.test.Echo", parameters: Parameters(item: item), as: Parameters.self)
            #expect(reply.item == item)
        }
    }

    @Test func getInfo() throws {
        try withServer { _, path in
            let info = try VarlinkClient.connect(path: path).getInfo()
            #expect(info.vendor == "Example")
            #expect(info.product == "Varlink tests")
            #expect(info.version == "1.0")
            #expect(info.url == "https://example.org/varlink")
            #expect(info.interfaces == ["org.varlink.service", "org.example.test"])
        }
    }

    @Test func getInterfaceDescription() throws {
        try withServer { _, path in
            let client = try VarlinkClient.connect(path: path)
            #expect(try client.getInterfaceDescription("org.example.test") == testIDL)
            #expect(try client.getInterfaceDescription("org.varlink.service") == VarlinkServiceInterface.description)
            #expect(throws: VarlinkError.interfaceNotFound("org.example.missing")) {
                try client.getInterfaceDescription("org.example.missing")
            }
        }
    }

    @Test func standardErrors() throws {
        try withServer { _, path in
            let client = try VarlinkClient.connect(path: path)
            #expect(throws: VarlinkError.methodNotFound("org.example.test.Nope")) {
                try client.call(method: "org.example.test.Nope")
            }
            #expect(throws: VarlinkError.interfaceNotFound("org.example.missing")) {
                try client.call(method: "org.example.missing.Ping")
            }
            #expect(throws: VarlinkError.methodNotImplemented("org.example.test.Unimplemented")) {
                try client.call(method: "org.example.test.Unimplemented")
            }
            // Missing, mistyped, unknown and nested parameters are named.
            #expect(throws: VarlinkError.invalidParameter("ping")) {
                try client.call(method: "org.example.test.Ping")
            }
            #expect(throws: VarlinkError.invalidParameter("ping")) {
                try client.call(method: "org.example.test.Ping", parameters: ["ping": 42] as JSONValue)
            }
            #expect(throws: VarlinkError.invalidParameter("extra")) {
                try client.call(method: "org.example.test.Ping", parameters: ["ping": "x", "extra": 1] as JSONValue)
            }
            let item: JSONValue = ["name": "n", "count": "many", "ratio": 1, "tags": [], "attributes": [:], "kind": "remote"]
            #expect(throws: VarlinkError.invalidParameter("item.count")) {
                try client.call(method: "org.example.test.Echo", parameters: ["item": item] as JSONValue)
            }
            // The connection survives error replies.
            #expect(try client.call(method: "org.example.test.Ping", parameters: ["ping": "ok"]).parameters == ["pong": "ok"])
        }
    }

    @Test func typedErrorAndInternalError() throws {
        let messages = Locked<[String]>([])
        let configuration = VarlinkServerConfiguration(log: { _, message in messages.withValue { $0.append(message) } })
        try withServer(configuration: configuration) { _, path in
            let client = try VarlinkClient.connect(path: path)
            do {
                _ = try client.call(method: "org.example.test.Find", parameters: ["id": "E042"])
                Issue.record("Find should fail")
            } catch let error as VarlinkError {
                #expect(error.name == "org.example.test.NotFound")
                struct NotFound: Decodable { var id: String }
                #expect(try error.decodeParameters(NotFound.self).id == "E042")
            }
            #expect(throws: VarlinkError.internalError) {
                try client.call(method: "org.example.test.Crash")
            }
        }
        #expect(messages.withValue { $0.contains { $0.contains("org.example.test.Crash") } })
    }

    @Test func messageSentByteByByte() throws {
        try withServer { _, path in
            let connection = try RawConnection(path: path)
            for byte in Array(#"{"method":"org.example.test.Ping","parameters":{"ping":"slow"}}"#.utf8) + [0] {
                connection.send(bytes: [byte])
            }
            #expect(try connection.receive() == ["parameters": ["pong": "slow"]])
        }
    }

    @Test func twoMessagesInOneWriteAreAnsweredInOrder() throws {
        try withServer { _, path in
            let connection = try RawConnection(path: path)
            connection.send(#"{"method":"org.example.test.Ping","parameters":{"ping":"one"}}"# + "\0"
                + #"{"method":"org.example.test.Find","parameters":{"id":"two"}}"# + "\0"
                + #"{"method":"org.example.test.Ping","parameters":{"ping":"three"}}"# + "\0")
            #expect(try connection.receive() == ["parameters": ["pong": "one"]])
            #expect(try connection.receive() == ["error": "org.example.test.NotFound", "parameters": ["id": "two"]])
            #expect(try connection.receive() == ["parameters": ["pong": "three"]])
        }
    }

    @Test func onewayCallsGetNoReply() throws {
        let recorded = Locked<[String]>([])
        try withServer(recorded: recorded) { _, path in
            let connection = try RawConnection(path: path)
            connection.send(#"{"method":"org.example.test.Record","parameters":{"value":"first"},"oneway":true}"# + "\0"
                + #"{"method":"org.example.test.Nope","oneway":true}"# + "\0"
                + #"{"method":"org.example.test.Recorded"}"# + "\0")
            // The first reply is Recorded's: neither oneway call (not even the failing one) answered.
            #expect(try connection.receive() == ["parameters": ["values": ["first"]]])

            let client = try VarlinkClient.connect(path: path)
            try client.callOneway(method: "org.example.test.Record", parameters: ["value": "second"])
            struct Values: Decodable { var values: [String] }
            #expect(try client.call(method: "org.example.test.Recorded", as: Values.self).values == ["first", "second"])
        }
    }

    @Test func peerCredentials() throws {
        try withServer { _, path in
            struct Credentials: Decodable { var uid: UInt32; var gid: UInt32; var pid: Int32 }
            let credentials = try VarlinkClient.connect(path: path).call(method: "org.example.test.WhoAmI", as: Credentials.self)
            #expect(credentials.uid == getuid())
            #expect(credentials.gid == getgid())
            #expect(credentials.pid == getpid())
        }
    }

    @Test func adoptsAListeningSocket() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("activated.sock")
        let fd = try makeListeningSocket(at: path)
        let server = try VarlinkServer(info: testInfo, interfaces: [makeTestInterface()])
        try server.start(adoptingListeningSocket: fd)
        #expect(server.socketPath == nil)
        let client = try VarlinkClient.connect(path: path)
        #expect(try client.call(method: "org.example.test.Ping", parameters: ["ping": "fd"]).parameters == ["pong": "fd"])
        client.close()
        server.stop()
        // The socket file belongs to whoever created it (systemd): it stays.
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(throws: VarlinkConnectionError.serviceUnavailable(path: path, errno: ECONNREFUSED)) {
            try VarlinkClient.connect(path: path)
        }
    }

    @Test func refusesDescriptorsThatAreNotListeningSockets() throws {
        let server = try VarlinkServer(info: testInfo, interfaces: [])
        var fds: [Int32] = [-1, -1]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(throws: VarlinkServerError.invalidListeningSocket(fd: fds[0], reason: "not a socket")) {
            try server.start(adoptingListeningSocket: fds[0])
        }
        let unbound = UnixSocket.makeStreamSocket()
        defer { close(unbound) }
        #expect(throws: VarlinkServerError.invalidListeningSocket(fd: unbound, reason: "not listening")) {
            try server.start(adoptingListeningSocket: unbound)
        }
    }

    @Test func socketFileHandling() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("control.sock")

        // No service: a distinct error for the CLI's exit 69.
        do {
            _ = try VarlinkClient.connect(path: path)
            Issue.record("connect should fail")
        } catch let error as VarlinkConnectionError {
            #expect(error.isServiceUnavailable)
        }

        // A stale socket file (nobody listening) is refused by clients and replaced by a server.
        closeStale(try makeListeningSocket(at: path))
        #expect(throws: VarlinkConnectionError.serviceUnavailable(path: path, errno: ECONNREFUSED)) {
            try VarlinkClient.connect(path: path)
        }
        let server = try VarlinkServer(info: testInfo, interfaces: [])
        try server.start(listeningAt: path)
        #expect(try VarlinkClient.connect(path: path).getInfo().interfaces == ["org.varlink.service"])

        // A live socket is not taken over.
        let second = try VarlinkServer(info: testInfo, interfaces: [])
        #expect(throws: VarlinkServerError.addressInUse(path)) { try second.start(listeningAt: path) }
        #expect(throws: VarlinkServerError.alreadyStarted) { try server.start(listeningAt: path) }

        server.stop()
        #expect(!FileManager.default.fileExists(atPath: path))
        server.stop()  // idempotent

        // The directory is not created, and files that are not sockets are left alone.
        #expect(throws: VarlinkServerError.socketDirectoryMissing(directory.file("missing"))) {
            try VarlinkServer(info: testInfo, interfaces: []).start(listeningAt: directory.file("missing/control.sock"))
        }
        let regular = directory.file("regular")
        _ = FileManager.default.createFile(atPath: regular, contents: Data("keep".utf8))
        #expect(throws: VarlinkServerError.pathOccupied(regular)) {
            try VarlinkServer(info: testInfo, interfaces: []).start(listeningAt: regular)
        }
        #expect(FileManager.default.contents(atPath: regular) == Data("keep".utf8))
        #expect(throws: VarlinkServerError.invalidSocketPath(directory.file(String(repeating: "x", count: 120)))) {
            try VarlinkServer(info: testInfo, interfaces: []).start(listeningAt: directory.file(String(repeating: "x", count: 120)))
        }
    }

    @Test func oversizedMessageClosesTheConnection() throws {
        try withServer(configuration: VarlinkServerConfiguration(maxMessageSize: 1024)) { _, path in
            let connection = try RawConnection(path: path)
            connection.send(#"{"method":"org.example.test.Ping","parameters":{"ping":""# + String(repeating: "x", count: 2000))
            // Refused with a reply that says why, then closed (issue 10: never a silent close).
            let refusal = try connection.receive()
            #expect(refusal?["error"] == "org.varlink.service.LimitReached")
            #expect(refusal?["parameters"]?["limit"] == "message_size")
            #expect(try connection.receive() == nil)
            // Other connections are unaffected, and a message just under the limit passes.
            let client = try VarlinkClient.connect(path: path)
            let ping = String(repeating: "y", count: 900)
            #expect(try client.call(method: "org.example.test.Ping", parameters: ["ping": ping]).parameters == ["pong": .string(ping)])
        }
    }

    @Test func malformedMessagesCloseTheConnection() throws {
        try withServer { _, path in
            let notJSON = try RawConnection(path: path)
            notJSON.send("{not json\0")
            #expect(try notJSON.receive() == nil)
            let notACall = try RawConnection(path: path)
            notACall.send(#"{"parameters":{}}"# + "\0")
            #expect(try notACall.receive() == nil)
        }
    }

    @Test func clientTimeout() throws {
        let gate = Gate()
        try withServer(gate: gate) { _, path in
            let client = try VarlinkClient.connect(path: path, timeout: .milliseconds(100))
            #expect(throws: VarlinkConnectionError.timedOut) {
                try client.call(method: "org.example.test.Wait")
            }
            // A timed-out connection is closed: a late reply can never be taken for another call's.
            #expect(throws: VarlinkConnectionError.closed) {
                try client.call(method: "org.example.test.Ping", parameters: ["ping": "late"])
            }
            gate.open()
        }
    }

    @Test func stopLetsRunningCallsFinish() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("stop.sock")
        let gate = Gate()
        let server = try VarlinkServer(info: testInfo, interfaces: [makeTestInterface(gate: gate)])
        try server.start(listeningAt: path)
        let idle = try VarlinkClient.connect(path: path)
        _ = try idle.getInfo()

        let result = Locked<Result<VarlinkReply, Error>?>(nil)
        let caller = Thread {
            let outcome = Result<VarlinkReply, Error> { try VarlinkClient.connect(path: path).call(method: "org.example.test.Wait") }
            result.withValue { $0 = outcome }
        }
        caller.start()
        gate.waitForArrival()

        let stopped = Locked(false)
        let stopper = Thread {
            server.stop(timeout: .seconds(60))
            stopped.withValue { $0 = true }
        }
        stopper.start()
        // stop() removes the socket before it waits for running calls.
        while FileManager.default.fileExists(atPath: path) { usleep(1000) }
        #expect(throws: VarlinkConnectionError.serviceUnavailable(path: path, errno: ENOENT)) {
            try VarlinkClient.connect(path: path)
        }
        gate.open()
        while !stopped.withValue({ $0 }) || result.withValue({ $0 == nil }) { usleep(1000) }

        let reply = try #require(result.withValue { $0 })
        #expect(try reply.get().parameters == ["done": true])
        // The idle connection was closed by the server.
        #expect(throws: VarlinkConnectionError.closed) { try idle.getInfo() }
    }
}
