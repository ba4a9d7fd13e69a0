import CSystemd
#if canImport(Glibc)
import Glibc
#endif

/// File descriptors passed by systemd socket activation (`LISTEN_FDS`, `LISTEN_PID`,
/// `LISTEN_FDNAMES`), through `sd_listen_fds(3)`.
///
/// Passed descriptors are numbered from ``start`` (3) on. Taking them unsets the `LISTEN_*`
/// variables, so child processes do not inherit them, and sets `FD_CLOEXEC` on each.
public enum ListenFDs {
    /// The first passed descriptor, `SD_LISTEN_FDS_START`.
    public static let start: Int32 = Int32(SD_LISTEN_FDS_START)

    /// The descriptors passed to this process: `[]` when there are none, when `LISTEN_PID` names
    /// another process, or when the variables are malformed. Call once, at start-up.
    public static func take() -> [Int32] {
        let count = sd_listen_fds(1)
        guard count > 0 else { return [] }
        return (0..<count).map { start + $0 }
    }

    /// The passed descriptors with their names from `LISTEN_FDNAMES` (the socket unit's
    /// `FileDescriptorName=`, by default the socket unit's name, e.g. `inspectd.socket`; names
    /// are `"unknown"` when systemd gave none). Call instead of ``take()``, once.
    public static func takeNamed() -> [(fd: Int32, name: String)] {
        var names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = sd_listen_fds_with_names(1, &names)
        guard count > 0 else { return [] }
        defer {
            if let names {
                for index in 0..<Int(count) { free(names[index]) }
                free(names)
            }
        }
        return (0..<count).map { index in
            let name = names?[Int(index)].map { String(cString: $0) } ?? "unknown"
            return (start + index, name)
        }
    }

    /// Whether `fd` is a listening Unix-domain stream socket (bound to `path` when one is given),
    /// the kind `ListenStream=/path` passes.
    public static func isListeningUnixStreamSocket(_ fd: Int32, path: String? = nil) -> Bool {
        if let path {
            return sd_is_socket_unix(fd, Int32(SOCK_STREAM.rawValue), 1, path, 0) > 0
        }
        return sd_is_socket_unix(fd, Int32(SOCK_STREAM.rawValue), 1, nil, 0) > 0
    }
}
