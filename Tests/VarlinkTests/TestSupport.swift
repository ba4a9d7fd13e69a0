import Foundation
import Testing
@testable import Varlink
#if canImport(Glibc)
import Glibc
#endif

/// The interface the tests serve.
let testIDL = """
    # An interface for testing the Varlink library.
    interface org.example.test

    # Something with every kind of field.
    type Item (
      name: string,
      count: int,
      ratio: float,
      tags: []string,
      attributes: [string]string,
      note: ?string,
      kind: (onsite, remote)
    )

    # Returns what it was given.
    method Ping(ping: string) -> (pong: string)

    # Returns the item unchanged.
    method Echo(item: Item) -> (item: Item)

    # The credentials the server saw for this connection.
    method WhoAmI() -> (uid: int, gid: int, pid: int)

    # Always fails with NotFound.
    method Find(id: string) -> (name: string)

    # Stores a value (tests call it oneway).
    method Record(value: string) -> ()

    # The values stored so far, in order.
    method Recorded() -> (values: []string)

    # Blocks until the test opens the gate.
    method Wait() -> (done: bool)

    # Fails with a Swift error that is not a VarlinkError.
    method Crash() -> ()

    # Declared, never implemented.
    method Unimplemented() -> ()

    # With more: one reply per number 1…n (fails at `failAt` when given); without: just n.
    method Count(n: int, failAt: ?int) -> (i: int)

    # No item with this id.
    error NotFound (id: string)

    """

struct Item: Codable, Equatable {
    var name: String
    var count: Int64
    var ratio: Double
    var tags: [String]
    var attributes: [String: String]
    var note: String?
    var kind: String
}

/// A value tests and handlers share across threads (guarded by a lock).
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withValue<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// A gate a handler waits at until the test opens it.
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false
    private var waiting = 0

    func wait() {
        condition.lock()
        waiting += 1
        condition.broadcast()
        while !isOpen { condition.wait() }
        condition.unlock()
    }

    /// Blocks until a handler waits at the gate.
    func waitForArrival() {
        condition.lock()
        while waiting == 0 { condition.wait() }
        condition.unlock()
    }

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }
}

struct CrashError: Error {}

func makeTestInterface(recorded: Locked<[String]> = Locked([]), gate: Gate = Gate()) -> VarlinkInterface {
    VarlinkInterface(name: "org.example.test", description: testIDL, methods: [
        "Ping": { call, _ in
            struct Parameters: Decodable { var ping: String }
            return ["pong": try call.decode(Parameters.self).ping] as [String: String]
        },
        "Echo": { call, _ in
            struct Parameters: Codable { var item: Item }
            return try call.decode(Parameters.self)
        },
        "WhoAmI": { _, peer in
            ["uid": Int64(peer.uid), "gid": Int64(peer.gid), "pid": Int64(peer.pid)] as [String: Int64]
        },
        "Find": { call, _ in
            struct Parameters: Decodable { var id: String }
            throw VarlinkError(name: "org.example.test.NotFound", parameters: ["id": .string(try call.decode(Parameters.self).id)])
        },
        "Record": { call, _ in
            struct Parameters: Decodable { var value: String }
            let value = try call.decode(Parameters.self).value
            recorded.withValue { $0.append(value) }
            return VarlinkEmpty()
        },
        "Recorded": { _, _ in
            ["values": recorded.withValue { $0 }]
        },
        "Wait": { _, _ in
            gate.wait()
            return ["done": true]
        },
        "Crash": { _, _ in throw CrashError() },
        "Count": { call, _ in
            struct Parameters: Decodable { var n: Int; var failAt: Int? }
            let p = try call.decode(Parameters.self)
            guard call.more else { return ["i": p.n] }
            var i = 0
            return VarlinkReplyStream {
                i += 1
                if i == p.failAt { throw VarlinkError(name: "org.example.test.NotFound", parameters: ["id": .string("\(i)")]) }
                return i <= p.n ? ["i": i] : nil
            }
        },
    ])
}

let testInfo = VarlinkServiceInfo(vendor: "Example", product: "Varlink tests", version: "1.0", url: "https://example.org/varlink")

/// A fresh directory under /tmp (short, so socket paths fit in `sun_path`), removed afterwards.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/varlink-test.XXXXXX".utf8CString)
        guard let result = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw VarlinkConnectionError.systemCallFailed("mkdtemp", errno: errno)
        }
        path = String(cString: result)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Runs `body` with a started server on a fresh socket; stops it afterwards.
func withServer<R>(
    configuration: VarlinkServerConfiguration = .init(),
    recorded: Locked<[String]> = Locked([]),
    gate: Gate = Gate(),
    _ body: (VarlinkServer, String) throws -> R
) throws -> R {
    let directory = try TemporaryDirectory()
    let path = directory.file("test.sock")
    let server = try VarlinkServer(info: testInfo, interfaces: [makeTestInterface(recorded: recorded, gate: gate)], configuration: configuration)
    try server.start(listeningAt: path)
    defer {
        gate.open()
        server.stop()
    }
    return try body(server, path)
}

/// A bare socket connection for sending exactly the bytes a test wants.
final class RawConnection {
    let fd: Int32
    private var reader = VarlinkFrameReader()

    init(path: String) throws {
        fd = UnixSocket.makeStreamSocket()
        guard let address = UnixSocket.address(path), UnixSocket.connect(fd, address) == 0 else {
            let code = errno
            close(fd)
            throw VarlinkConnectionError.serviceUnavailable(path: path, errno: code)
        }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        #expect(UnixSocket.writeAll(fd, Array(text.utf8)) == 0)
    }

    func send(bytes: [UInt8]) {
        #expect(UnixSocket.writeAll(fd, bytes) == 0)
    }

    /// The next message, or `nil` when the server closed the connection.
    /// Gives up after a minute so a broken server fails the test instead of hanging it.
    func receive() throws -> JSONValue? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let frame = try reader.nextMessage() { return try JSONValue(jsonData: Data(frame)) }
            guard !UnixSocket.waitReadable([fd], timeout: 60_000).isEmpty else {
                Issue.record("no message from the server within a minute")
                return nil
            }
            switch UnixSocket.readSome(fd, into: &buffer) {
            case .data(let count): reader.append(buffer[0..<count])
            case .endOfFile, .failed: return nil
            }
        }
    }
}

/// Creates, binds and listens on a Unix socket the way systemd does for socket activation.
/// Closes a listening socket so that nobody can connect to it any more, at once: a child process
/// that other tests spawn at that moment holds a copy of every descriptor until its exec (even
/// close-on-exec ones), and a socket merely closed would keep listening until then.
func closeStale(_ fd: Int32) {
    shutdown(fd, Int32(SHUT_RDWR))
    close(fd)
}

func makeListeningSocket(at path: String) throws -> Int32 {
    let fd = UnixSocket.makeStreamSocket()
    guard let address = UnixSocket.address(path), UnixSocket.bind(fd, address) == 0, listen(fd, 16) == 0 else {
        let code = errno
        close(fd)
        throw VarlinkServerError.systemCallFailed("bind/listen", path: path, errno: code)
    }
    return fd
}
