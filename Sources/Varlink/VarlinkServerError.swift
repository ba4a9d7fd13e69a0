/// Why a ``VarlinkServer`` could not be set up.
public enum VarlinkServerError: Error, Sendable, Hashable {
    /// The directory that should contain the socket does not exist (it is not created for you:
    /// under systemd, `RuntimeDirectory=` does that).
    case socketDirectoryMissing(String)
    /// Another process is accepting connections on the socket path.
    case addressInUse(String)
    /// Something that is not a socket exists at the socket path; it is left alone.
    case pathOccupied(String)
    /// The socket path is empty or longer than `sun_path` allows.
    case invalidSocketPath(String)
    /// The file descriptor handed to ``VarlinkServer/start(adoptingListeningSocket:)`` is not a
    /// listening Unix stream socket.
    case invalidListeningSocket(fd: Int32, reason: String)
    /// An interface cannot be served: its name or IDL is wrong, a handler has no method in the
    /// IDL, or the name is taken.
    case invalidInterface(name: String, reason: String)
    /// The server was already started (a server runs once; create a new one after `stop()`).
    case alreadyStarted
    /// A system call failed unexpectedly.
    case systemCallFailed(String, path: String?, errno: Int32)
}

extension VarlinkServerError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .socketDirectoryMissing(let dir): return "socket directory \(dir) does not exist"
        case .addressInUse(let path): return "another process is listening on \(path)"
        case .pathOccupied(let path): return "\(path) exists and is not a socket"
        case .invalidSocketPath(let path): return "invalid Unix socket path \"\(path)\""
        case .invalidListeningSocket(let fd, let reason): return "file descriptor \(fd) is not usable: \(reason)"
        case .invalidInterface(let name, let reason): return "interface \(name): \(reason)"
        case .alreadyStarted: return "the Varlink server was already started"
        case .systemCallFailed(let call, let path, let code):
            return "\(call)\(path.map { " \($0)" } ?? ""): \(errnoDescription(code))"
        }
    }
}
