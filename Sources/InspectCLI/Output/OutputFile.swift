import Foundation

/// A file the user asked `inspectctl` to write (`report --xlsx/--html`, `export --output`). A
/// failure is one sentence in the caller's language naming the file and the cause, with exit 73
/// (EX_CANTCREAT): a Foundation error's text (`NSCocoaErrorDomain Code=513`) says neither to a
/// supervisor, and 74 is the daemon's database.
enum OutputFile {
    /// The path as the confirmation names it: absolute, so that "where" is never in doubt.
    static func shown(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Opens `path` for writing (created or truncated), or throws the sentence of why not.
    static func open(_ path: String, truncate: Bool = true) throws -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else { throw failure(.cannotCreate, path, errno: errno) }
        return fd
    }

    /// Writes `data` to `path`, replacing what was there.
    static func write(_ data: Data, to path: String) throws {
        let fd = try open(path)
        defer { close(fd) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure(.cannotWrite, path, errno: errno)
                }
                offset += n
            }
        }
        // A full disk may only show at the flush.
        guard fsync(fd) == 0 || errno == EINVAL else { throw failure(.cannotWrite, path, errno: errno) }
    }

    /// Makes sure `path` can be created before a library writes it (libxlsxwriter says why it
    /// could not only on standard error, in its own words). Returns whether the file was created
    /// here, so that a failure later can remove it again.
    static func checkCreatable(_ path: String) throws -> Bool {
        let existed = FileManager.default.fileExists(atPath: path)
        close(try open(path, truncate: false))
        return !existed
    }

    /// The sentence for `errno` while creating or writing `path`.
    static func failure(_ phrase: Messages.Phrase, _ path: String, errno code: Int32) -> CLIFailure {
        CLIFailure(Messages.say(phrase, path, cause(code)), code: CLIFailure.cannotCreate)
    }

    /// The errno behind a Foundation error of writing a file (its underlying POSIX error, else
    /// what its Cocoa code stands for), so that its cause is said as `cause` says it.
    static func errorNumber(of error: Error) -> Int32 {
        let e = error as NSError
        if let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain { return Int32(underlying.code) }
        if e.domain == NSPOSIXErrorDomain { return Int32(e.code) }
        switch e.code {
        case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return EACCES
        case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return ENOENT
        case NSFileWriteVolumeReadOnlyError: return EROFS
        case NSFileWriteOutOfSpaceError: return ENOSPC
        default: return EIO
        }
    }

    /// The cause in the caller's language; the system's text for a rare one.
    static func cause(_ code: Int32) -> String {
        switch code {
        case ENOENT: Messages.say(.noSuchDirectory)
        case EACCES, EPERM: Messages.say(.notWritable)
        case EISDIR: Messages.say(.isADirectory)
        case ENOTDIR: Messages.say(.notADirectory)
        case EROFS: Messages.say(.readOnlyFileSystem)
        case ENOSPC, EDQUOT: Messages.say(.noSpaceLeft)
        default: Messages.pick(String(cString: strerror(code)), "系统错误 \(code)")
        }
    }
}
