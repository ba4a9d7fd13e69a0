import Foundation
import InspectConfig
import InspectCore

/// The JSON-lines notice log under the state directory: one JSON object per notice, appended and
/// flushed to disk before the notice counts as delivered. Reopened on every write batch, so a log
/// rotated away (logrotate's `create` mode) is followed at once.
struct NoticeLog {
    let path: String

    /// The notice's line, with its supervisor's name and responsible office from `configuration`.
    /// `repeatOf`: the instance that began this notice's delivery and was killed before it was
    /// marked (a repeat, to be dropped by key when the hosts' logs are merged).
    static func line(for notice: Notice, configuration: Configuration, repeatOf: String? = nil) throws -> Data {
        try line(for: notice, supervisorName: configuration.supervisor(notice.supervisor)?.name,
                 office: configuration.responsibleOffice(of: notice.supervisor), repeatOf: repeatOf)
    }

    static func line(for notice: Notice, supervisorName: String?, office: String, repeatOf: String? = nil) throws -> Data {
        var object: [String: Any] = [
            "key": notice.key, "kind": notice.kind.rawValue, "stage": notice.stage, "entity": notice.entityID,
            "entity_name": notice.entityName, "rule": notice.ruleID, "source": notice.source, "period": notice.period,
            "due": notice.due.iso, "day": notice.day.iso, "message": notice.message, "basis": notice.basis,
            "office": office,
        ]
        object["supervisor"] = notice.supervisor ?? NSNull()
        object["supervisor_name"] = supervisorName ?? NSNull()
        object["cc"] = notice.copyTo ?? []
        if let repeatOf { object["repeat_of"] = repeatOf }
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    /// Appends `lines` and fsyncs; returns the bytes of a torn last line cut first (0 when none).
    /// `crashPoint` is the test hook (steps `log-torn`, `log-line`). `beforeEachLine` may stop the
    /// write between two lines by throwing (the daemon no longer leads: paused in the middle of
    /// a batch, it must not go on writing when it resumes); what was written is fsynced first.
    @discardableResult
    func append(_ lines: [Data], crashPoint: TestCrashPoint? = nil, beforeEachLine: () throws -> Void = {}) throws -> Int {
        guard !lines.isEmpty else { return 0 }
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw Self.posixError() }
        defer { close(fd) }
        // A torn last line (a crash in the middle of a write, of this or an older version) is cut
        // first: the next line would be glued to it and neither would be JSON.
        let cut = try Self.cutTornTail(fd)
        for line in lines {
            do { try beforeEachLine() } catch {
                _ = fsync(fd)
                throw error
            }
            if let crashPoint, crashPoint.isDue("log-torn") {
                try Self.writeAll(fd, line.prefix(line.count / 2))
                crashPoint.crash()
            }
            try Self.writeAll(fd, line)
            crashPoint?.reach("log-line")
        }
        guard fsync(fd) == 0 else { throw Self.posixError() }
        return cut
    }

    private static func posixError() -> POSIXError { POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }

    private static func writeAll(_ fd: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 { if errno == EINTR { continue }; throw posixError() }
                offset += n
            }
        }
    }

    /// What a crash during a log write left behind.
    struct Recovery: Equatable {
        /// The keys among those looked for whose line is complete in the log.
        var found: Set<String>
        /// Bytes of a torn last line (no newline) that were cut off, 0 when none.
        var cutBytes: Int
    }

    /// After a crash while writing `inFlight` (their write was marked as begun, not as done):
    /// cuts a torn last line, so the log stays one JSON object per line, and returns which of
    /// `inFlight` the log already holds, so they are not written twice.
    ///
    /// The daemon is the log's only writer and writes a batch at its end, so the in-flight lines
    /// are the last lines: the scan reads backwards from the end (`pread`, whatever the log's
    /// size) and stops at the first line of another notice. When the whole current file is in
    /// flight (or empty) — logrotate moved the log after the write — the rotated `PATH.1` is
    /// scanned the same way. One descriptor per file: a rotation during the scan cannot make it
    /// cut the wrong file.
    func recover(inFlight: Set<String>) throws -> Recovery {
        var recovery = Recovery(found: [], cutBytes: 0)
        guard !inFlight.isEmpty else { return recovery }
        let fd = open(path, O_RDWR | O_CLOEXEC)
        if fd < 0 {
            guard errno == ENOENT else { throw Self.posixError() }
        } else {
            defer { close(fd) }
            recovery.cutBytes = try Self.cutTornTail(fd)
            let (found, reachedStart) = try Self.tailKeys(fd, among: inFlight)
            recovery.found = found
            if !reachedStart { return recovery }
        }
        let rotated = open(path + ".1", O_RDONLY | O_CLOEXEC)
        if rotated >= 0 {
            defer { close(rotated) }
            recovery.found.formUnion(try Self.tailKeys(rotated, among: inFlight.subtracting(recovery.found)).found)
        }
        return recovery
    }

    private static let chunk = 65_536

    private static func size(of fd: Int32) throws -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw posixError() }
        return Int(info.st_size)
    }

    /// `count` bytes at `offset`.
    private static func read(_ fd: Int32, at offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 { if errno == EINTR { continue }; throw posixError() }
            if n == 0 { break }
            done += n
        }
        return Array(bytes.prefix(done))
    }

    /// Cuts what follows the last newline (a line a crash left half-written); returns its length.
    static func cutTornTail(_ fd: Int32) throws -> Int {
        let size = try size(of: fd)
        guard size > 0, try read(fd, at: size - 1, count: 1) != [0x0A] else { return 0 }
        var end = size
        var keep = 0
        while end > 0 {
            let start = max(0, end - chunk)
            let bytes = try read(fd, at: start, count: end - start)
            if let i = bytes.lastIndex(of: 0x0A) { keep = start + i + 1; break }
            end = start
        }
        guard ftruncate(fd, off_t(keep)) == 0 else { throw posixError() }
        return size - keep
    }

    /// The keys of `keys` on the last lines of the file (which ends with a newline or is empty),
    /// read backwards until a line of another key; `reachedStart` when every line was one of them.
    static func tailKeys(_ fd: Int32, among keys: Set<String>) throws -> (found: Set<String>, reachedStart: Bool) {
        var found: Set<String> = []
        var offset = try size(of: fd)
        var buffer: [UInt8] = []  // the file's bytes from `offset` up to the unscanned end
        func key(_ line: ArraySlice<UInt8>) -> String? {
            (try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])?["key"] as? String
        }
        while true {
            // Take whole lines off the end of the buffer: each ends with its newline.
            while let terminator = buffer.lastIndex(of: 0x0A) {
                let previous = buffer[..<terminator].lastIndex(of: 0x0A)
                guard previous != nil || offset == 0 else { break }  // its start is in an earlier chunk
                let start = previous.map { $0 + 1 } ?? 0
                guard let k = key(buffer[start..<terminator]), keys.contains(k) else { return (found, false) }
                found.insert(k)
                buffer.removeSubrange(start...)
            }
            if offset == 0 { return (found, true) }
            let start = max(0, offset - chunk)
            buffer = try read(fd, at: start, count: offset - start) + buffer
            offset = start
        }
    }
}
