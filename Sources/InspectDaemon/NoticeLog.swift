import Foundation
import InspectConfig
import InspectCore

/// The JSON-lines notice log under the state directory: one JSON object per notice, appended and
/// flushed to disk before the notice counts as delivered. Reopened on every write batch, so a log
/// rotated away (logrotate's `create` mode) is followed at once.
struct NoticeLog {
    let path: String

    /// The notice's line, with its supervisor's name and responsible office from `configuration`.
    static func line(for notice: Notice, configuration: Configuration) throws -> Data {
        try line(for: notice, supervisorName: configuration.supervisor(notice.supervisor)?.name,
                 office: configuration.responsibleOffice(of: notice.supervisor))
    }

    static func line(for notice: Notice, supervisorName: String?, office: String) throws -> Data {
        var object: [String: Any] = [
            "key": notice.key, "kind": notice.kind.rawValue, "stage": notice.stage, "entity": notice.entityID,
            "entity_name": notice.entityName, "rule": notice.ruleID, "source": notice.source, "period": notice.period,
            "due": notice.due.iso, "day": notice.day.iso, "message": notice.message, "basis": notice.basis,
            "office": office,
        ]
        object["supervisor"] = notice.supervisor ?? NSNull()
        object["supervisor_name"] = supervisorName ?? NSNull()
        object["cc"] = notice.copyTo ?? []
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    /// Appends `lines` and fsyncs. `crashPoint` is the test hook (steps `log-torn`, `log-line`).
    func append(_ lines: [Data], crashPoint: TestCrashPoint? = nil) throws {
        guard !lines.isEmpty else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        for line in lines {
            if let crashPoint, crashPoint.isDue("log-torn") {
                try Self.writeAll(fd, line.prefix(line.count / 2))
                crashPoint.crash()
            }
            try Self.writeAll(fd, line)
            crashPoint?.reach("log-line")
        }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    private static func writeAll(_ fd: Int32, _ data: Data) throws {
        try data.withUnsafeBytes { buf in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 { if errno == EINTR { continue }; throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
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
    /// are the last lines: the scan goes backwards and stops at the first line of another notice.
    /// When the whole current file is in flight (or empty) — logrotate moved the log after the
    /// write — the rotated `PATH.1` is scanned the same way.
    func recover(inFlight: Set<String>) throws -> Recovery {
        var recovery = Recovery(found: [], cutBytes: 0)
        guard !inFlight.isEmpty else { return recovery }
        // Mapped, not read: after years the log is large, and only its last lines are looked at.
        if let data = Self.mapped(path), !data.isEmpty {
            var end = data.count
            if data.last != 0x0A {
                end = (data.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
                guard truncate(path, off_t(end)) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                recovery.cutBytes = data.count - end
            }
            let (found, reachedStart) = Self.tailKeys(data.prefix(end), among: inFlight)
            recovery.found = found
            if !reachedStart { return recovery }
        }
        if let rotated = Self.mapped(path + ".1") {
            recovery.found.formUnion(Self.tailKeys(rotated, among: inFlight.subtracting(recovery.found)).found)
        }
        return recovery
    }

    private static func mapped(_ path: String) -> Data? {
        try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    }

    /// The keys of `among` on the last complete lines of `data`, scanning backwards until a line
    /// of another key; `reachedStart` when every line was one of them.
    static func tailKeys(_ data: Data, among keys: Set<String>) -> (found: Set<String>, reachedStart: Bool) {
        var found: Set<String> = []
        var end = data.endIndex
        if end > data.startIndex, data[end - 1] != 0x0A { end = data[..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex }
        while end > data.startIndex {
            let lineEnd = end - 1  // the newline
            let start = data[..<lineEnd].lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex
            guard let object = try? JSONSerialization.jsonObject(with: data[start..<lineEnd]) as? [String: Any],
                  let key = object["key"] as? String, keys.contains(key) else { return (found, false) }
            found.insert(key)
            end = start
        }
        return (found, true)
    }
}
