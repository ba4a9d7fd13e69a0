#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The calling thread's scheduler account on Linux (`/proc/thread-self/schedstat`): nanoseconds
/// it ran on a CPU and nanoseconds it waited, runnable, for one. Their growth across a call tells
/// a thread that was descheduled (waiting for a CPU the machine gave to others) from one that
/// waited for something else (a lock, the disk, a server). Open it on the thread it describes;
/// `nil` where the file does not exist (another system, no schedstats).
public final class ThreadSchedStat {
    private let fd: Int32

    public init?() {
        fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
    }

    deinit { close(fd) }

    /// Nanoseconds on a CPU and waiting for one, since the thread began.
    public func read() -> (onCPU: UInt64, waiting: UInt64)? {
        var buffer = [UInt8](repeating: 0, count: 96)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        let fields = buffer[0..<n].split(separator: UInt8(ascii: " ")).prefix(2).compactMap { UInt64(String(decoding: $0, as: UTF8.self).filter(\.isNumber)) }
        return fields.count == 2 ? (fields[0], fields[1]) : nil
    }
}
