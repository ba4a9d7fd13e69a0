import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A Varlink service on a Unix stream socket.
///
/// The server answers `org.varlink.service` itself (`GetInfo`, `GetInterfaceDescription`) and
/// routes every other call to the ``VarlinkInterface`` that declares it, answering
/// `InterfaceNotFound`, `MethodNotFound`, `MethodNotImplemented` and `InvalidParameter` (unknown
/// parameter names, or a failed ``VarlinkCall/decode(_:decoder:)``) as the specification defines.
///
/// Threads: one accepts connections; each connection gets its own thread, which reads
/// NUL-terminated calls and answers them in order (no reply for `oneway` calls). Replies are
/// single unless the handler returns a ``VarlinkReplyStream`` (for a `more` call): then each of its
/// replies is sent as it comes, `continues` on all but the last. `upgrade` is refused with
/// `org.varlink.service.InvalidParameter` (`parameter: "upgrade"`): no method here switches
/// protocols, and the connection stays usable.
///
/// Bounds (``VarlinkServerConfiguration``): connections in all and per uid, bytes of partial
/// messages across all connections, the size of one message, an idle timeout and a send timeout.
/// A peer refused by a limit gets an error reply (``VarlinkServerConfiguration/limitErrorName``,
/// with `limit` and `reason`) before the connection is closed, never a silent close.
///
/// ```swift
/// let server = try VarlinkServer(info: info, interfaces: [test])
/// try server.start(listeningAt: "/run/inspectd/control.sock")   // or start(adoptingListeningSocket: 3)
/// …
/// server.stop()
/// ```
///
/// A server runs once: after ``stop(timeout:)`` create a new one. Call `stop()` before
/// dropping the last reference (the running threads keep the server alive), and not from
/// inside a handler (it would wait its whole timeout for that handler's own connection).
public final class VarlinkServer: @unchecked Sendable {
    // @unchecked Sendable: the `let` properties are immutable after init and themselves
    // Sendable; every `var` is guarded by `state` (an NSCondition), see below.

    /// What `GetInfo` reports.
    public let info: VarlinkServiceInfo
    /// The server's tunables.
    public let configuration: VarlinkServerConfiguration

    private struct Entry: Sendable {
        var interface: VarlinkInterface
        var definition: VarlinkInterfaceDefinition
    }

    /// Interfaces by name, `org.varlink.service` included.
    private let entries: [String: Entry]
    /// Interface names in `GetInfo` order.
    private let interfaceNames: [String]

    private enum Phase { case idle, running, stopped }

    /// Guards everything below.
    private let state = NSCondition()
    private var phase = Phase.idle
    private var listenerFD: Int32 = -1
    private var acceptLoopRunning = false
    /// Becomes readable (and stays so) when the server stops; every poll includes it.
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    private var connections: [Int: (fd: Int32, uid: UInt32)] = [:]
    /// Open connections per uid.
    private var connectionsOfUser: [UInt32: Int] = [:]
    /// Bytes held by the connections' frame readers, against `maxBufferedBytes`.
    private var bufferedBytes = 0
    /// When each (uid, limit) refusal was last logged, and how many were refused since: a flood
    /// of refused connections gives a line every 10 s, not one each.
    private var refusalLog: [String: (at: ContinuousClock.Instant, suppressed: Int)] = [:]
    private var nextConnectionID = 0
    private var createdSocket: (path: String, device: UInt64, inode: UInt64)?

    /// A server with the given service info and interfaces.
    ///
    /// - Throws: ``VarlinkServerError/invalidInterface(name:reason:)`` when an interface's IDL does
    ///   not parse, declares another name, lacks a method one of its handlers implements, or when
    ///   two interfaces share a name.
    public init(info: VarlinkServiceInfo, interfaces: [VarlinkInterface], configuration: VarlinkServerConfiguration = .init()) throws {
        self.info = info
        self.configuration = configuration

        var entries: [String: Entry] = [:]
        var names: [String] = []
        for interface in interfaces {
            let definition: VarlinkInterfaceDefinition
            do {
                definition = try VarlinkInterfaceDefinition(parsing: interface.description)
            } catch let error as VarlinkInterfaceDefinition.SyntaxError {
                throw VarlinkServerError.invalidInterface(name: interface.name, reason: "IDL \(error)")
            }
            guard definition.name == interface.name else {
                throw VarlinkServerError.invalidInterface(name: interface.name, reason: "the IDL declares interface \(definition.name)")
            }
            guard interface.name != VarlinkServiceInterface.name, entries[interface.name] == nil else {
                throw VarlinkServerError.invalidInterface(name: interface.name, reason: "the name is already taken")
            }
            for method in interface.methods.keys.sorted() where definition.methods[method] == nil {
                throw VarlinkServerError.invalidInterface(name: interface.name, reason: "a handler for \(method), which the IDL does not declare")
            }
            entries[interface.name] = Entry(interface: interface, definition: definition)
            names.append(interface.name)
        }
        names.insert(VarlinkServiceInterface.name, at: 0)

        let description = VarlinkServiceDescription(info: info, interfaces: names)
        var descriptions = entries.mapValues(\.interface.description)
        descriptions[VarlinkServiceInterface.name] = VarlinkServiceInterface.description
        let service = VarlinkInterface(name: VarlinkServiceInterface.name, description: VarlinkServiceInterface.description, methods: [
            "GetInfo": { _, _ in description },
            "GetInterfaceDescription": { [descriptions] call, _ in
                struct Parameters: Decodable { var interface: String }
                struct Reply: Encodable { var description: String }
                let name = try call.decode(Parameters.self).interface
                guard let text = descriptions[name] else { throw VarlinkError.interfaceNotFound(name) }
                return Reply(description: text)
            },
        ])
        // The built-in IDL is a constant that the tests parse; a failure here is a programming error.
        entries[service.name] = Entry(interface: service, definition: try! VarlinkInterfaceDefinition(parsing: service.description))

        self.entries = entries
        self.interfaceNames = names
    }

    /// The connections open now (each served by a thread).
    public var connectionCount: Int {
        state.lock()
        defer { state.unlock() }
        return connections.count
    }

    /// The socket file this server created, or `nil` (not started, or serving an adopted socket).
    public var socketPath: String? {
        state.lock()
        defer { state.unlock() }
        return createdSocket?.path
    }

    // MARK: - Starting

    /// Creates a socket at `path` and starts serving it.
    ///
    /// The directory must exist. A socket file left behind by a dead process is replaced; a
    /// socket somebody still accepts on, or a file that is not a socket, is an error. The new
    /// socket gets ``VarlinkServerConfiguration/socketMode`` (0660 by default) before it
    /// listens, and ``stop(timeout:)`` removes it.
    public func start(listeningAt path: String) throws {
        guard let address = UnixSocket.address(path) else { throw VarlinkServerError.invalidSocketPath(path) }
        try checkIdle()

        let directory = Self.directory(of: path)
        var directoryStatus = stat()
        guard stat(directory, &directoryStatus) == 0, directoryStatus.st_mode & S_IFMT == S_IFDIR else {
            throw VarlinkServerError.socketDirectoryMissing(directory)
        }

        var existing = stat()
        if lstat(path, &existing) == 0 {
            guard existing.st_mode & S_IFMT == S_IFSOCK else { throw VarlinkServerError.pathOccupied(path) }
            let probe = UnixSocket.makeStreamSocket()
            guard probe >= 0 else { throw VarlinkServerError.systemCallFailed("socket", path: nil, errno: errno) }
            let result = UnixSocket.connect(probe, address)
            let code = errno
            close(probe)
            if result == 0 { throw VarlinkServerError.addressInUse(path) }
            guard code == ECONNREFUSED else { throw VarlinkServerError.systemCallFailed("connect", path: path, errno: code) }
            guard unlink(path) == 0 || errno == ENOENT else {
                throw VarlinkServerError.systemCallFailed("unlink", path: path, errno: errno)
            }
        }

        let fd = UnixSocket.makeStreamSocket()
        guard fd >= 0 else { throw VarlinkServerError.systemCallFailed("socket", path: nil, errno: errno) }
        func fail(_ call: String) -> VarlinkServerError {
            let code = errno
            close(fd)
            return code == EADDRINUSE ? .addressInUse(path) : .systemCallFailed(call, path: path, errno: code)
        }
        guard UnixSocket.bind(fd, address) == 0 else { throw fail("bind") }
        var created = stat()
        guard chmod(path, configuration.socketMode) == 0, stat(path, &created) == 0 else {
            let error = fail("chmod")
            unlink(path)
            throw error
        }
        guard Glibc.listen(fd, SOMAXCONN) == 0 else {
            let error = fail("listen")
            unlink(path)
            throw error
        }
        do {
            try startAccepting(fd, created: (path, UInt64(created.st_dev), UInt64(created.st_ino)))
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
    }

    /// Serves an already listening Unix stream socket, e.g. the one systemd passes as fd 3
    /// (`SD_LISTEN_FDS_START`) under socket activation. The server owns the descriptor from
    /// now on and closes it in ``stop(timeout:)``; it never removes the socket file.
    public func start(adoptingListeningSocket fd: Int32) throws {
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw VarlinkServerError.invalidListeningSocket(fd: fd, reason: errnoDescription(errno))
        }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw VarlinkServerError.invalidListeningSocket(fd: fd, reason: "not a socket")
        }
        guard UnixSocket.intOption(fd, SOL_SOCKET, SO_DOMAIN) == AF_UNIX,
              UnixSocket.intOption(fd, SOL_SOCKET, SO_TYPE) == Int32(SOCK_STREAM.rawValue) else {
            throw VarlinkServerError.invalidListeningSocket(fd: fd, reason: "not a Unix stream socket")
        }
        guard UnixSocket.intOption(fd, SOL_SOCKET, SO_ACCEPTCONN) == 1 else {
            throw VarlinkServerError.invalidListeningSocket(fd: fd, reason: "not listening")
        }
        try checkIdle()
        UnixSocket.setCloseOnExec(fd)
        try startAccepting(fd, created: nil)
    }

    private func checkIdle() throws {
        state.lock()
        defer { state.unlock() }
        guard phase == .idle else { throw VarlinkServerError.alreadyStarted }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    private func startAccepting(_ fd: Int32, created: (path: String, device: UInt64, inode: UInt64)?) throws {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else {
            throw VarlinkServerError.systemCallFailed("pipe", path: nil, errno: errno)
        }
        // (pipe2 and accept4 are hidden behind _GNU_SOURCE in Swift's Glibc module.)
        UnixSocket.setCloseOnExec(pipeFDs[0])
        UnixSocket.setCloseOnExec(pipeFDs[1])
        let wake = pipeFDs[0]
        // Non-blocking, so a connection that vanishes between poll and accept cannot block the loop.
        UnixSocket.setFlag(fd, nonBlocking: true)

        state.lock()
        guard phase == .idle else {
            state.unlock()
            close(pipeFDs[0])
            close(pipeFDs[1])
            throw VarlinkServerError.alreadyStarted
        }
        phase = .running
        listenerFD = fd
        wakeRead = wake
        wakeWrite = pipeFDs[1]
        createdSocket = created
        acceptLoopRunning = true
        state.unlock()

        let thread = Thread { [self] in acceptLoop(listener: fd, wake: wake) }
        thread.name = "varlink-accept"
        thread.start()
    }

    // MARK: - Stopping

    /// Stops the server: closes the listening socket (removing the socket file if this server
    /// created it and it is still the same file), lets calls that are being handled finish and
    /// send their replies for up to `timeout`, then shuts the remaining connections down.
    ///
    /// Calls received but not yet started are dropped. Safe to call more than once and from any
    /// thread other than a handler's.
    public func stop(timeout: Duration = .seconds(5)) {
        state.lock()
        defer { state.unlock() }
        guard phase == .running else {
            phase = .stopped
            return
        }
        phase = .stopped
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)

        while acceptLoopRunning { state.wait() }
        if let created = createdSocket {
            var current = stat()
            if lstat(created.path, &current) == 0, UInt64(current.st_dev) == created.device, UInt64(current.st_ino) == created.inode {
                unlink(created.path)
            }
        }

        let deadline = Date(timeIntervalSinceNow: Double(timeout.clampedMilliseconds) / 1000)
        while !connections.isEmpty && state.wait(until: deadline) {}
        if !connections.isEmpty {
            log(.warning, "stopping with \(connections.count) call(s) still running; shutting their connections down")
            for c in connections.values { shutdown(c.fd, Int32(SHUT_RDWR)) }
        }
        releaseWakePipeIfUnused()
    }

    /// Closes the wake pipe once nothing polls it any more. Call with `state` locked.
    private func releaseWakePipeIfUnused() {
        guard phase == .stopped, !acceptLoopRunning, connections.isEmpty, wakeRead >= 0 else { return }
        close(wakeRead)
        close(wakeWrite)
        wakeRead = -1
        wakeWrite = -1
    }

    private var isStopping: Bool {
        state.lock()
        defer { state.unlock() }
        return phase == .stopped
    }

    private func log(_ level: VarlinkLogLevel, _ message: @autoclosure () -> String) {
        configuration.log?(level, "varlink: " + message())
    }

    // MARK: - Accepting

    private func acceptLoop(listener: Int32, wake: Int32) {
        accepting: while true {
            let ready = UnixSocket.waitReadable([listener, wake], timeout: -1)
            if ready.count == 2 && ready[1] { break }
            guard ready.first == true else { continue }
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                let code = errno
                switch code {
                case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    log(.error, "accept: \(errnoDescription(code)); pausing")
                    _ = UnixSocket.waitReadable([wake], timeout: 100)
                    continue
                default:
                    log(.error, "accept: \(errnoDescription(code)); no longer accepting connections")
                    break accepting
                }
            }
            UnixSocket.setCloseOnExec(connection)
            UnixSocket.setFlag(connection, nonBlocking: false)
            admit(connection)
        }
        state.lock()
        close(listener)
        listenerFD = -1
        acceptLoopRunning = false
        state.broadcast()
        releaseWakePipeIfUnused()
        state.unlock()
    }

    private func admit(_ connection: Int32) {
        guard let credentials = UnixSocket.peerCredentials(connection) else {
            log(.error, "SO_PEERCRED: \(errnoDescription(errno)); connection closed")
            close(connection)
            return
        }
        let peer = VarlinkPeer(uid: credentials.uid, gid: credentials.gid, pid: credentials.pid)

        state.lock()
        guard phase == .running else {
            state.unlock()
            close(connection)
            return
        }
        var refusal: (limit: String, reason: String)?
        let unreserved = configuration.maxConnections - configuration.reservedConnections
        if connections.count >= configuration.maxConnections {
            refusal = ("connections", "the service has \(configuration.maxConnections) connections open, its limit; try again shortly")
        } else if connections.count >= unreserved && !configuration.isPrivileged(peer) {
            refusal = ("connections", "the service has \(unreserved) connections open, its limit for unprivileged users (\(configuration.reservedConnections) are kept for root and administrators); try again shortly")
        } else if connectionsOfUser[peer.uid, default: 0] >= configuration.maxConnectionsPerUser {
            refusal = ("connections_per_user", "uid \(peer.uid) has \(configuration.maxConnectionsPerUser) connections open, the limit per user; close some")
        }
        if let refusal {
            let key = "\(peer.uid) \(refusal.limit)"
            let now = ContinuousClock.now
            var line: String?
            if let last = refusalLog[key], now - last.at < .seconds(10) {
                refusalLog[key]!.suppressed += 1
            } else {
                let more = refusalLog[key]?.suppressed ?? 0
                line = "\(refusal.limit) limit reached; refused \(peer)" + (more > 0 ? " (and \(more) more from uid \(peer.uid) in the last 10 s)" : "")
                refusalLog[key] = (now, 0)
                if refusalLog.count > 1000 { refusalLog = refusalLog.filter { now - $0.value.at < .seconds(10) } }
            }
            state.unlock()
            if let line { log(.warning, line) }
            // A fresh socket's send buffer is empty: this small write does not block (and the
            // timeout bounds it if it did). The peer reads it as the reply to its first call.
            UnixSocket.setSendTimeout(connection, milliseconds: 100)
            refuse(connection, limit: refusal.limit, reason: refusal.reason)
            close(connection)
            return
        }
        let id = nextConnectionID
        nextConnectionID += 1
        connections[id] = (connection, peer.uid)
        connectionsOfUser[peer.uid, default: 0] += 1
        let wake = wakeRead
        state.unlock()

        UnixSocket.setSendTimeout(connection, milliseconds: Int(max(1, configuration.sendTimeout.clampedMilliseconds)))
        let thread = Thread { [self] in
            serve(connection, peer: peer, wake: wake)
            state.lock()
            connections[id] = nil
            if let n = connectionsOfUser[peer.uid], n > 1 { connectionsOfUser[peer.uid] = n - 1 } else { connectionsOfUser[peer.uid] = nil }
            close(connection)
            state.broadcast()
            releaseWakePipeIfUnused()
            state.unlock()
        }
        thread.name = "varlink-connection"
        // Connection threads need little stack; the default (8 MiB of address space) adds up at
        // thousands of connections.
        thread.stackSize = 512 << 10
        thread.start()
    }

    /// Sends the limit error (best effort: the connection is closed next either way).
    private func refuse(_ fd: Int32, limit: String, reason: String) {
        configuration.limitReached?(limit)
        let error = VarlinkError(name: configuration.limitErrorName, parameters: ["limit": .string(limit), "reason": .string(reason)])
        if let bytes = try? VarlinkMessage.reply(VarlinkReply(error: error)).encoded() { _ = UnixSocket.writeAll(fd, bytes) }
    }

    /// Moves a connection's share of `bufferedBytes` from `old` to `new` bytes; `false` when that
    /// takes the total over `maxBufferedBytes` (the share is recorded either way).
    private func account(buffered old: Int, _ new: Int) -> Bool {
        guard old != new else { return true }
        state.lock()
        defer { state.unlock() }
        bufferedBytes += new - old
        return new <= old || bufferedBytes <= configuration.maxBufferedBytes
    }

    // MARK: - Serving a connection

    /// Reads and answers calls until the peer hangs up, a write fails, the peer breaks the
    /// protocol or a limit, stays idle too long, or the server stops. The caller closes the
    /// descriptor.
    private func serve(_ fd: Int32, peer: VarlinkPeer, wake: Int32) {
        var reader = VarlinkFrameReader(maxMessageSize: configuration.maxMessageSize)
        var buffer = [UInt8](repeating: 0, count: 16384)
        var held = 0
        defer { _ = account(buffered: held, 0) }
        let clock = ContinuousClock()
        var idleSince = clock.now
        // When the bytes read last came (poll's return, read's return): a call's arrival.
        var arrival: (woke: UInt64, read: UInt64) = (0, 0)
        // The thread's CPU time and its wait for a CPU, read after each reply (when calls are timed).
        let sched = configuration.callTimed == nil ? nil : ThreadSchedStat()
        var schedAccount = sched?.read()
        while true {
            do {
                while let frame = try reader.nextMessage() {
                    if isStopping { return }
                    guard answer(frame, on: fd, peer: peer, arrival: arrival, sched: sched, schedAccount: &schedAccount) else { return }
                    idleSince = clock.now
                }
            } catch VarlinkConnectionError.messageTooLarge(let limit) {
                log(.warning, "\(peer): a message over \(limit) bytes; refused and closed")
                refuse(fd, limit: "message_size", reason: "a message may have at most \(limit) bytes")
                return
            } catch {
                log(.warning, "\(peer): \(error); connection closed")
                return
            }
            let now = reader.retainedByteCount
            if !account(buffered: held, now) {
                held = now
                log(.warning, "\(peer): partial messages of all connections over \(configuration.maxBufferedBytes) bytes; refused and closed")
                refuse(fd, limit: "buffered_bytes", reason: "the service holds too much unfinished input; send whole messages")
                return
            }
            held = now
            let remaining = configuration.idleTimeout - (clock.now - idleSince)
            if remaining <= .zero {
                if reader.pendingByteCount > 0 {
                    log(.warning, "\(peer): no complete message within \(configuration.idleTimeout); closed")
                    refuse(fd, limit: "idle_timeout", reason: "a message must be complete within \(configuration.idleTimeout)")
                } else {
                    log(.debug, "\(peer): idle for \(configuration.idleTimeout); closed")
                }
                return
            }
            let ready = UnixSocket.waitReadable([fd, wake], timeout: max(1, remaining.clampedMilliseconds))
            let woke = configuration.callTimed == nil ? 0 : VarlinkCallTiming.now()
            if ready.isEmpty { continue }
            if ready.count == 2 && ready[1] { return }
            guard ready.first == true else { continue }
            switch UnixSocket.readSome(fd, into: &buffer) {
            case .data(let count):
                reader.append(buffer[0..<count])
                if configuration.callTimed != nil { arrival = (woke, VarlinkCallTiming.now()) }
            case .endOfFile:
                if reader.pendingByteCount > 0 { log(.debug, "\(peer): hung up in the middle of a message") }
                return
            case .failed(let code):
                if code != ECONNRESET { log(.debug, "\(peer): read: \(errnoDescription(code))") }
                return
            }
        }
    }

    /// Handles one received message; `false` when the connection must close.
    private func answer(_ frame: [UInt8], on fd: Int32, peer: VarlinkPeer, arrival: (woke: UInt64, read: UInt64),
                        sched: ThreadSchedStat?, schedAccount: inout (onCPU: UInt64, waiting: UInt64)?) -> Bool {
        let call: VarlinkCall
        do {
            guard case .call(let received) = try VarlinkMessage(frame: frame) else {
                log(.warning, "\(peer): sent a reply instead of a call; connection closed")
                return false
            }
            call = received
        } catch {
            log(.warning, "\(peer): \(error); connection closed")
            return false
        }

        // No method here switches protocols: refuse the upgrade, keep the connection (issue 10:
        // an `upgrade` call was answered as an ordinary one).
        let outcome = call.upgrade ? Outcome.reply(VarlinkReply(error: .invalidParameter("upgrade"))) : dispatch(call, peer: peer)
        if call.oneway { return true }
        let handled = configuration.callTimed == nil ? 0 : VarlinkCallTiming.now()
        func timed(_ ok: Bool) -> Bool {
            guard let callTimed = configuration.callTimed else { return ok }
            var t = VarlinkCallTiming(method: call.method, peer: peer, woke: arrival.woke, read: arrival.read, handled: handled, written: VarlinkCallTiming.now())
            let now = sched?.read()
            if let before = schedAccount, let now, now.onCPU >= before.onCPU, now.waiting >= before.waiting {
                t.onCPU = now.onCPU - before.onCPU
                t.waitedForCPU = now.waiting - before.waiting
            }
            schedAccount = now
            callTimed(t)
            return ok
        }
        if case .result(let result) = outcome, let stream = result as? VarlinkReplyStream {
            return timed(send(stream, for: call, on: fd, peer: peer))
        }
        var bytes: [UInt8]
        do {
            switch outcome {
            case .reply(let reply): bytes = try VarlinkMessage.reply(reply).encoded()
            case .result(let result): bytes = try Self.encodeReply(result)
            }
        } catch {
            log(.error, "\(call.method): reply not encodable: \(error)")
            guard let fallback = try? VarlinkMessage.reply(VarlinkReply(error: .internalError)).encoded() else { return false }
            bytes = fallback
        }
        let code = UnixSocket.writeAll(fd, bytes)
        if code != 0 {
            if code != EPIPE && code != ECONNRESET { log(.debug, "\(peer): write: \(errnoDescription(code))") }
            return false
        }
        return timed(true)
    }

    /// Sends a stream's replies as they come, `continues` on all but the last (the last known by
    /// looking one ahead); an error ends the stream with an error reply. `false` when the
    /// connection must close.
    private func send(_ stream: VarlinkReplyStream, for call: VarlinkCall, on fd: Int32, peer: VarlinkPeer) -> Bool {
        func write(_ bytes: [UInt8]) -> Bool {
            let code = UnixSocket.writeAll(fd, bytes)
            if code != 0, code != EPIPE, code != ECONNRESET { log(.debug, "\(peer): write: \(errnoDescription(code))") }
            return code == 0
        }
        func fail(_ error: any Error) -> Bool {
            let e = (error as? VarlinkError) ?? .internalError
            if !(error is VarlinkError) { log(.error, "\(call.method) from \(peer) failed while streaming: \(error)") }
            guard let bytes = try? VarlinkMessage.reply(VarlinkReply(error: e)).encoded() else { return false }
            return write(bytes)
        }
        var current: (any Encodable)?
        do { current = try stream.next() } catch { return fail(error) }
        guard var item = current else { return write(Array(#"{"parameters":{}}"#.utf8) + [0]) }
        while true {
            let following: (any Encodable)?
            do { following = try stream.next() } catch {
                // What was produced goes first, then the error ends the stream.
                guard let bytes = try? Self.encodeReply(item, continues: true), write(bytes) else { return false }
                return fail(error)
            }
            guard let bytes = try? Self.encodeReply(item, continues: following != nil) else { return fail(VarlinkError.internalError) }
            guard write(bytes) else { return false }
            guard let next = following else { return true }
            item = next
        }
    }

    /// What a call comes to: a handler's result, encoded straight to the wire, or a reply (errors).
    private enum Outcome {
        case result(any Encodable)
        case reply(VarlinkReply)
    }

    /// Routes a call to its handler.
    private func dispatch(_ call: VarlinkCall, peer: VarlinkPeer) -> Outcome {
        guard let entry = entries[call.interfaceName] else {
            return .reply(VarlinkReply(error: .interfaceNotFound(call.interfaceName)))
        }
        guard let fields = entry.definition.methods[call.methodName] else {
            return .reply(VarlinkReply(error: .methodNotFound(call.method)))
        }
        guard let handler = entry.interface.methods[call.methodName] else {
            return .reply(VarlinkReply(error: .methodNotImplemented(call.method)))
        }
        if let unknown = call.parameters.keys.sorted().first(where: { !fields.contains($0) }) {
            return .reply(VarlinkReply(error: .invalidParameter(unknown)))
        }
        do {
            return .result(try handler(call, peer))
        } catch let error as VarlinkError {
            return .reply(VarlinkReply(error: error))
        } catch let error as DecodingError {
            return .reply(VarlinkReply(error: .invalidParameter(error.varlinkParameterName)))
        } catch {
            log(.error, "\(call.method) from \(peer) failed: \(error)")
            return .reply(VarlinkReply(error: .internalError))
        }
    }

    /// `{"parameters":RESULT}` and the NUL, encoding the result once (inspectd issue 11: encoding
    /// it to a JSONValue first, then the message, took two thirds of a large reply's time).
    static func encodeReply(_ result: any Encodable, continues: Bool = false) throws -> [UInt8] {
        let prefix = continues ? #"{"continues":true,"parameters":"# : #"{"parameters":"#
        // A type that writes its own JSON (a list's page, sent by the hundred thousand items)
        // writes its keys in a fixed order: the same reply is the same bytes without sorting.
        if let writable = result as? any JSONWritable {
            var w = JSONWriter(capacity: 4096)
            w.append(raw: prefix)
            writable.writeJSON(to: &w)
            w.append(raw: "}\u{0}")
            return w.bytes
        }
        let encoder = JSONEncoder()
        // Sorted: the same reply is the same bytes, which a client passing them through (list
        // `--json`) prints as they are — unsorted, the encoder's key order varies from reply to reply.
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let body = try encoder.encode(result)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count + 32)
        bytes.append(contentsOf: prefix.utf8)
        switch body.first {
        case UInt8(ascii: "{"): bytes.append(contentsOf: body)
        case UInt8(ascii: "n"): bytes.append(contentsOf: "{}".utf8)  // null: no parameters
        default: throw VarlinkConnectionError.malformedMessage("reply parameters do not encode to a JSON object")
        }
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0)
        return bytes
    }
}
