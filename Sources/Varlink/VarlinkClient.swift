import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A blocking Varlink client over one Unix socket connection, for the CLI and for tests.
///
/// ```swift
/// let client = try VarlinkClient.connect(path: "/run/inspectd/control.sock", timeout: .seconds(10))
/// defer { client.close() }
/// let reply = try client.call(method: "org.example.test.Ping", parameters: Ping(ping: "hi"), as: Pong.self)
/// ```
///
/// Calls on one client are serialised (Varlink answers calls on a connection in order); use one
/// client per thread for concurrency. An error reply is thrown as ``VarlinkError``; a broken
/// connection, a timeout or a malformed reply as ``VarlinkConnectionError``, after which the
/// client is closed.
public final class VarlinkClient: @unchecked Sendable {
    // @unchecked Sendable: `path`, `timeout` and `maxMessageSize` are immutable; `fd` and
    // `reader` are only touched with `lock` held.

    /// The socket path this client connected to.
    public let path: String
    /// How long a call (or the connection attempt) may wait; `nil` waits forever.
    public let timeout: Duration?
    /// The largest reply accepted.
    public let maxMessageSize: Int

    private let lock = NSLock()
    private var fd: Int32
    private var reader: VarlinkFrameReader

    private init(path: String, fd: Int32, timeout: Duration?, maxMessageSize: Int) {
        self.path = path
        self.fd = fd
        self.timeout = timeout
        self.maxMessageSize = maxMessageSize
        self.reader = VarlinkFrameReader(maxMessageSize: maxMessageSize)
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Connects to the service listening at `path`.
    ///
    /// - Throws: ``VarlinkConnectionError/serviceUnavailable(path:errno:)`` when no socket
    ///   exists there or nobody accepts on it (the CLI's exit 69),
    ///   ``VarlinkConnectionError/permissionDenied(path:)``, ``VarlinkConnectionError/invalidAddress(_:)``,
    ///   ``VarlinkConnectionError/timedOut`` (the listen queue stayed full for `timeout`), or
    ///   ``VarlinkConnectionError/systemCallFailed(_:errno:)``.
    public static func connect(path: String, timeout: Duration? = nil, maxMessageSize: Int = VarlinkServerConfiguration.defaultMaxMessageSize) throws -> VarlinkClient {
        guard let address = UnixSocket.address(path) else { throw VarlinkConnectionError.invalidAddress(path) }
        let fd = UnixSocket.makeStreamSocket()
        guard fd >= 0 else { throw VarlinkConnectionError.systemCallFailed("socket", errno: errno) }
        if let timeout {
            // Bounds both connect() on a full listen queue and every write.
            UnixSocket.setSendTimeout(fd, milliseconds: Int(max(1, timeout.clampedMilliseconds)))
        }
        var result: Int32
        repeat { result = UnixSocket.connect(fd, address) } while result != 0 && errno == EINTR
        if result != 0 {
            let code = errno
            Glibc.close(fd)
            switch code {
            case ENOENT, ENOTDIR, ECONNREFUSED: throw VarlinkConnectionError.serviceUnavailable(path: path, errno: code)
            case EACCES, EPERM: throw VarlinkConnectionError.permissionDenied(path: path)
            case EAGAIN, EINPROGRESS, ETIMEDOUT: throw VarlinkConnectionError.timedOut
            default: throw VarlinkConnectionError.systemCallFailed("connect", errno: code)
            }
        }
        return VarlinkClient(path: path, fd: fd, timeout: timeout, maxMessageSize: maxMessageSize)
    }

    /// Closes the connection. Later calls throw ``VarlinkConnectionError/closed``.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        closeLocked()
    }

    private func closeLocked() {
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }

    // MARK: - Calls

    /// Calls `method` (fully qualified) with no parameters and returns the reply.
    public func call(method: String) throws -> VarlinkReply {
        try call(method: method, parameters: VarlinkEmpty())
    }

    /// Calls `method` with `parameters` (any `Encodable` that encodes to a JSON object) and
    /// returns the reply.
    /// - Throws: ``VarlinkError`` for an error reply, ``VarlinkConnectionError`` otherwise.
    public func call<P: Encodable>(method: String, parameters: P) throws -> VarlinkReply {
        let reply = try perform(VarlinkCall(method: method, encoding: parameters))!
        if let error = reply.varlinkError { throw error }
        return reply
    }

    /// Calls `method` with `parameters` and decodes the reply into `R`.
    /// - Throws: ``VarlinkError`` for an error reply, ``VarlinkConnectionError`` otherwise
    ///   (``VarlinkConnectionError/malformedMessage(_:)`` if the reply does not decode).
    public func call<P: Encodable, R: Decodable>(method: String, parameters: P, as type: R.Type) throws -> R {
        // Decoded from the reply's text in one pass (no `JSONValue` in between: issue 26).
        try callRaw(VarlinkCall(method: method, encoding: parameters)).decode(R.self)
    }

    /// Calls `method` with no parameters and decodes the reply into `R`.
    public func call<R: Decodable>(method: String, as type: R.Type) throws -> R {
        try call(method: method, parameters: VarlinkEmpty(), as: R.self)
    }

    /// Sends `method` as a `oneway` call: the service runs it and sends no reply.
    public func callOneway<P: Encodable>(method: String, parameters: P) throws {
        _ = try perform(VarlinkCall(method: method, encoding: parameters, oneway: true))
    }

    /// `org.varlink.service.GetInfo`.
    public func getInfo() throws -> VarlinkServiceDescription {
        try call(method: "org.varlink.service.GetInfo", as: VarlinkServiceDescription.self)
    }

    /// `org.varlink.service.GetInterfaceDescription`: the IDL text of `interface`.
    public func getInterfaceDescription(_ interface: String) throws -> String {
        struct Reply: Decodable { var description: String }
        return try call(method: "org.varlink.service.GetInterfaceDescription", parameters: ["interface": interface], as: Reply.self).description
    }

    /// Sends `call` as it is and returns the reply, error replies included (not thrown);
    /// `nil` for a `oneway` call. A `more` call returns the first reply only and is refused
    /// if the service says more follow (streaming is not supported by this client).
    public func perform(_ call: VarlinkCall) throws -> VarlinkReply? {
        lock.lock()
        defer { lock.unlock() }
        guard fd >= 0 else { throw VarlinkConnectionError.closed }
        do {
            let sent = try send(call)
            if call.oneway {
                if !sent { throw VarlinkConnectionError.closed }
                return nil
            }
            let reply = try receiveReply()
            if reply.continues {
                throw VarlinkConnectionError.malformedMessage("the service sent a streamed reply to \(call.method)")
            }
            return reply
        } catch let error as VarlinkConnectionError {
            closeLocked()
            throw error
        }
    }

    /// Sends `call` with `more` and hands each reply to `each` as it arrives, until the one
    /// without `continues`. An error reply is thrown as ``VarlinkError`` (after the replies before it).
    public func stream(_ call: VarlinkCall, each: (VarlinkReply) throws -> Void) throws {
        var call = call
        call.more = true
        try exchange(call) { frame in
            let reply = try Self.reply(frame)
            if let error = reply.varlinkError { throw error }
            try each(reply)
            return reply.continues
        }
    }

    /// `stream` with each reply's parameters left as JSON text (``VarlinkRawReply``), for a caller
    /// that passes them on rather than decoding them; an error reply is thrown as ``VarlinkError``.
    public func streamRaw(_ call: VarlinkCall, each: (VarlinkRawReply) throws -> Void) throws {
        var call = call
        call.more = true
        try exchange(call) { frame in
            let reply = try VarlinkRawReply(frame: frame)
            if let error = try reply.varlinkError() { throw error }
            try each(reply)
            return reply.continues
        }
    }

    /// Sends `call` (neither `oneway` nor `more`) and returns its reply with the parameters left
    /// as JSON text; an error reply is thrown as ``VarlinkError``.
    public func callRaw(_ call: VarlinkCall) throws -> VarlinkRawReply {
        var reply: VarlinkRawReply?
        try exchange(call) { frame in
            let r = try VarlinkRawReply(frame: frame)
            if r.continues { throw VarlinkConnectionError.malformedMessage("the service sent a streamed reply to \(call.method)") }
            reply = r
            return false
        }
        if let error = try reply?.varlinkError() { throw error }
        return reply!
    }

    /// `stream` without parsing: hands each reply's bytes as received (without the NUL) to `each`,
    /// until one that does not continue. For a benchmark that measures the service, not its own
    /// JSON parser: a reply continues when it begins `{"continues":true`, as ``VarlinkServer``
    /// encodes them (another server may order the keys otherwise).
    public func streamFrames(_ call: VarlinkCall, each: ([UInt8]) throws -> Void) throws {
        var call = call
        call.more = true
        let prefix = Array(#"{"continues":true"#.utf8)
        try exchange(call) { frame in
            try each(frame)
            return frame.starts(with: prefix)
        }
    }

    /// Sends `call` (not `oneway`) and returns the reply's bytes as received, unparsed (without
    /// the NUL): for a caller that only needs to know it came, such as a load generator, whose
    /// own JSON parsing would otherwise cost more than the service's work.
    public func performReturningFrame(_ call: VarlinkCall) throws -> [UInt8] {
        var reply: [UInt8] = []
        try exchange(call) { frame in
            reply = frame
            return false
        }
        return reply
    }

    /// Sends `call` and hands the replies' bytes to `handle` until it returns false (no more
    /// follow). A connection error (`handle`'s too: a malformed reply) closes the client; a
    /// ``VarlinkError`` thrown by `handle` ends the call and leaves the connection open.
    private func exchange(_ call: VarlinkCall, handle: ([UInt8]) throws -> Bool) throws {
        lock.lock()
        defer { lock.unlock() }
        guard fd >= 0 else { throw VarlinkConnectionError.closed }
        do {
            _ = try send(call)
            while try handle(try receiveFrame()) {}
        } catch let error as VarlinkConnectionError {
            closeLocked()
            throw error
        }
    }

    /// Writes `call`, the errno mapped to a connection error. Call with `lock` held. Returns
    /// false when the service had closed the connection before the call was written: what it
    /// sent first is still to be read — a service at a connection limit replies `LimitReached`
    /// and closes at once, and that reply, not a lost connection, is what the caller must see.
    /// The next read returns it, or ends the connection (`closed`) when nothing was sent.
    private func send(_ call: VarlinkCall) throws -> Bool {
        let code = UnixSocket.writeAll(fd, try VarlinkMessage.call(call).encoded())
        switch code {
        case 0: return true
        case EAGAIN, EWOULDBLOCK: throw VarlinkConnectionError.timedOut
        case EPIPE, ECONNRESET: return false
        default: throw VarlinkConnectionError.systemCallFailed("send", errno: code)
        }
    }

    /// Reads the next reply. Call with `lock` held.
    private func receiveReply() throws -> VarlinkReply {
        try Self.reply(try receiveFrame())
    }

    /// A received message that must be a reply.
    private static func reply(_ frame: [UInt8]) throws -> VarlinkReply {
        guard case .reply(let reply) = try VarlinkMessage(frame: frame) else {
            throw VarlinkConnectionError.malformedMessage("the service sent a call instead of a reply")
        }
        return reply
    }

    /// Reads the next message's bytes. Call with `lock` held.
    private func receiveFrame() throws -> [UInt8] {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let frame = try reader.nextMessage() { return frame }
            var wait: Int32 = -1
            if let deadline {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { throw VarlinkConnectionError.timedOut }
                wait = remaining.clampedMilliseconds
            }
            guard !UnixSocket.waitReadable([fd], timeout: wait).isEmpty else { continue }
            switch UnixSocket.readSome(fd, into: &buffer) {
            case .data(let count): reader.append(buffer[0..<count])
            case .endOfFile: throw VarlinkConnectionError.closed
            case .failed(let code):
                throw code == ECONNRESET ? VarlinkConnectionError.closed : VarlinkConnectionError.systemCallFailed("read", errno: code)
            }
        }
    }
}
