import Foundation
import InspectCore

/// The JSON-lines notice log under the state directory: one JSON object per notice, appended and
/// flushed to disk before the notice counts as delivered. Reopened on every write batch, so a log
/// rotated away (logrotate's `create` mode) is followed at once.
struct NoticeLog {
    let path: String

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

    func append(_ lines: [Data]) throws {
        guard !lines.isEmpty else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        for line in lines {
            try line.withUnsafeBytes { buf in
                var offset = 0
                while offset < buf.count {
                    let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                    if n < 0 { if errno == EINTR { continue }; throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                    offset += n
                }
            }
        }
        guard fsync(fd) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
}
