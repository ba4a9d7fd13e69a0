import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One `sd_notify` datagram as the service manager would receive it.
struct NotifyMessage: Sendable, CustomStringConvertible {
    /// The datagram's text, newline-separated `NAME=value` assignments.
    let raw: String
    /// The sender's pid from `SCM_CREDENTIALS` (what `NotifyAccess=main` checks), when known.
    let senderPID: pid_t?

    /// The assignments in order.
    var assignments: [(name: String, value: String)] {
        raw.split(separator: "\n").map { line in
            guard let equals = line.firstIndex(of: "=") else { return (String(line), "") }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    /// The last value assigned to `name`, e.g. `message["STATUS"]`.
    subscript(name: String) -> String? {
        assignments.last { $0.name == name }?.value
    }

    /// Whether the datagram contains the line `assignment`, e.g. `has("READY=1")`.
    func has(_ assignment: String) -> Bool {
        raw.split(separator: "\n").contains { $0 == assignment }
    }

    var description: String {
        raw.replacingOccurrences(of: "\n", with: "\\n") + (senderPID.map { " (pid \($0))" } ?? "")
    }
}

/// A `NOTIFY_SOCKET` for tests: an `AF_UNIX` datagram socket bound in a fresh temporary
/// directory (under /tmp, so it is also reachable inside `scripts/with-journald`, which hides
/// /run). Give ``path`` to the child as `NOTIFY_SOCKET`, then ``waitFor(timeout:_:)``.
///
/// The socket and its directory are removed on deinit.
final class NotifySocket: @unchecked Sendable {
    struct TimedOut: Error, CustomStringConvertible {
        let timeout: Duration
        let received: [NotifyMessage]
        var description: String {
            "no matching notify message within \(timeout); received: "
                + (received.isEmpty ? "nothing" : received.map(\.description).joined(separator: " | "))
        }
    }

    struct SystemError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// The socket's path: the value for `NOTIFY_SOCKET`.
    let path: String
    private let directory: String
    private let fd: Int32
    private let lock = NSLock()
    private var received: [NotifyMessage] = []
    private var cursor = 0

    init() throws {
        var template = Array("/tmp/inspectd-notify-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SystemError(call: "mkdtemp", code: errno) }
        directory = String(cString: made)
        path = directory + "/notify.sock"

        let socketFD = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { throw SystemError(call: "socket", code: errno) }
        var on: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
        // Large enough for bursts of notifications.
        var size: Int32 = 1 << 20
        setsockopt(socketFD, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes.prefix(buffer.count - 1))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(socketFD)
            rmdir(directory)
            throw SystemError(call: "bind \(path)", code: code)
        }
        chmod(path, 0o666)
        fd = socketFD
    }

    deinit {
        close(fd)
        unlink(path)
        rmdir(directory)
    }

    /// Every message received so far (including those already matched by `waitFor`).
    var messages: [NotifyMessage] {
        lock.lock()
        defer { lock.unlock() }
        receiveAvailable(waitingAtMost: 0)
        return received
    }

    /// Waits for the first message, after the one the previous `waitFor` returned, for which
    /// `predicate` holds, and returns it. Messages are matched in arrival order, so
    /// `waitFor { $0.has("READY=1") }` after a reload finds the *new* `READY=1`.
    ///
    /// This version blocks its thread; from an `async` test the `async` overload is chosen
    /// (`try await socket.waitFor(...)`), which suspends instead and so does not starve Swift
    /// Testing's small thread pool while a daemon starts.
    ///
    /// - Throws: ``TimedOut`` (listing what did arrive) when no message matches in time.
    @discardableResult
    func waitFor(
        timeout: Duration = .seconds(20), _ predicate: (NotifyMessage) -> Bool
    ) throws -> NotifyMessage {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = nextMatch(predicate, waitingUntil: deadline, block: true) { return found }
            if ContinuousClock.now >= deadline { throw timedOut(timeout) }
        }
    }

    /// Waits for a message containing the line `assignment`, e.g. `waitFor("READY=1")`.
    @discardableResult
    func waitFor(_ assignment: String, timeout: Duration = .seconds(20)) throws -> NotifyMessage {
        try waitFor(timeout: timeout) { $0.has(assignment) }
    }

    /// As the blocking `waitFor(timeout:_:)`, but suspends between checks.
    @discardableResult
    func waitFor(
        timeout: Duration = .seconds(20), _ predicate: (NotifyMessage) -> Bool
    ) async throws -> NotifyMessage {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = nextMatch(predicate, waitingUntil: deadline, block: false) { return found }
            if ContinuousClock.now >= deadline { throw timedOut(timeout) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// As the blocking `waitFor(_:timeout:)`, but suspends between checks.
    @discardableResult
    func waitFor(_ assignment: String, timeout: Duration = .seconds(20)) async throws -> NotifyMessage {
        try await waitFor(timeout: timeout) { $0.has(assignment) }
    }

    private func timedOut(_ timeout: Duration) -> TimedOut {
        lock.lock()
        defer { lock.unlock() }
        return TimedOut(timeout: timeout, received: received)
    }

    /// Receives what is queued (when `block`, waiting up to 200 ms or the deadline for more)
    /// and returns the next unmatched message satisfying `predicate`, advancing the cursor.
    private func nextMatch(
        _ predicate: (NotifyMessage) -> Bool, waitingUntil deadline: ContinuousClock.Instant, block: Bool
    ) -> NotifyMessage? {
        lock.lock()
        defer { lock.unlock() }
        receiveAvailable(waitingAtMost: 0)
        while cursor < received.count {
            let message = received[cursor]
            cursor += 1
            if predicate(message) { return message }
        }
        guard block else { return nil }
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else { return nil }
        let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1
        receiveAvailable(waitingAtMost: Int32(clamping: min(milliseconds, 200)))
        while cursor < received.count {
            let message = received[cursor]
            cursor += 1
            if predicate(message) { return message }
        }
        return nil
    }

    /// Reads every queued datagram, first waiting up to `milliseconds` for one to arrive.
    /// Must be called with `lock` held.
    private func receiveAvailable(waitingAtMost milliseconds: Int32) {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            // cmsghdr (16 bytes on 64-bit Linux) + struct ucred (12), aligned; fresh each time.
            var control = [UInt8](repeating: 0, count: 64)
            let count = buffer.withUnsafeMutableBytes { data in
                control.withUnsafeMutableBytes { controlBytes in
                    var vector = iovec(iov_base: data.baseAddress, iov_len: data.count)
                    return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                        var header = msghdr()
                        header.msg_iov = vectorPointer
                        header.msg_iovlen = 1
                        header.msg_control = controlBytes.baseAddress
                        header.msg_controllen = controlBytes.count
                        return recvmsg(fd, &header, Int32(MSG_DONTWAIT))
                    }
                }
            }
            guard count >= 0 else { return }
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            received.append(NotifyMessage(raw: text, senderPID: Self.senderPID(in: control)))
        }
    }

    private static func senderPID(in control: [UInt8]) -> pid_t? {
        control.withUnsafeBytes { bytes -> pid_t? in
            let headerSize = MemoryLayout<cmsghdr>.size
            // struct ucred { pid_t pid; uid_t uid; gid_t gid; } and SCM_CREDENTIALS (2) are
            // _GNU_SOURCE-only in glibc's headers, so Swift does not see them.
            let scmCredentials: Int32 = 2
            guard bytes.count >= headerSize + 12 else { return nil }
            let header = bytes.loadUnaligned(as: cmsghdr.self)
            guard header.cmsg_level == SOL_SOCKET, header.cmsg_type == scmCredentials else {
                return nil
            }
            return bytes.loadUnaligned(fromByteOffset: headerSize, as: pid_t.self)
        }
    }
}
