#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failure of the connection itself, as opposed to a ``VarlinkError`` the service replied with.
public enum VarlinkConnectionError: Error, Sendable, Hashable {
    /// Nothing is listening at `path`: the socket file does not exist (`ENOENT`, `ENOTDIR`)
    /// or nobody accepts on it (`ECONNREFUSED`). The service is not running; a CLI should
    /// exit with `EX_UNAVAILABLE` (69).
    case serviceUnavailable(path: String, errno: Int32)
    /// The socket exists but we may not connect to it (`EACCES`, `EPERM`).
    case permissionDenied(path: String)
    /// The address cannot be a Unix socket path (empty, or longer than `sun_path`).
    case invalidAddress(String)
    /// No reply arrived within the client's timeout; the connection has been closed.
    case timedOut
    /// The peer closed the connection (or this side already did).
    case closed
    /// A message grew past the size limit; the connection has been closed.
    case messageTooLarge(limit: Int)
    /// A message was not valid Varlink (not JSON, not an object, wrong member types, a reply
    /// that does not decode into the requested type, …).
    case malformedMessage(String)
    /// A system call failed unexpectedly.
    case systemCallFailed(String, errno: Int32)

    /// `true` when the service is simply not there (the CLI's exit 69).
    public var isServiceUnavailable: Bool {
        if case .serviceUnavailable = self { return true }
        return false
    }
}

extension VarlinkConnectionError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .serviceUnavailable(let path, let code): return "no service at \(path): \(errnoDescription(code))"
        case .permissionDenied(let path): return "permission denied connecting to \(path)"
        case .invalidAddress(let address): return "invalid Unix socket address \"\(address)\""
        case .timedOut: return "timed out waiting for the service"
        case .closed: return "connection closed"
        case .messageTooLarge(let limit): return "message larger than \(limit) bytes"
        case .malformedMessage(let reason): return "malformed Varlink message: \(reason)"
        case .systemCallFailed(let call, let code): return "\(call): \(errnoDescription(code))"
        }
    }
}

/// `strerror` text for an errno value.
func errnoDescription(_ code: Int32) -> String {
    String(cString: strerror(code))
}
