import CSystemd
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Looks entries up in the local journal by a field's value, with `sd_journal_open(3)` and
/// `sd_journal_add_match(3)` (journald indexes every field, so a lookup is a few page reads).
///
/// inspectd uses it after a crash, to tell whether a notice it may have sent already reached the
/// journal before sending it again. Reading the system journal needs membership of group
/// `systemd-journal` (or `adm`, or root); without it the reader opens but sees only the user's
/// own journal files, so ``isReadable`` reports whether anything at all is visible.
public final class JournalReader {
    private var handle: OpaquePointer?

    /// Opens the local journal (runtime and persistent files of this machine).
    /// - Throws: ``JournalError/readFailed(call:errno:)`` when `sd_journal_open` fails.
    public init() throws {
        var j: OpaquePointer?
        let r = sd_journal_open(&j, Int32(SD_JOURNAL_LOCAL_ONLY))
        guard r >= 0, let j else { throw JournalError.readFailed(call: "sd_journal_open", errno: -r) }
        handle = j
    }

    deinit { sd_journal_close(handle) }

    /// Whether any journal file could be opened (false when the process may not read the journal).
    public var isReadable: Bool {
        sd_journal_has_runtime_files(handle) > 0 || sd_journal_has_persistent_files(handle) > 0
    }

    /// Whether an entry with `field=value` exists. `field` must be a valid journal field name.
    /// - Throws: ``JournalError/invalidFieldName(name:reason:)`` or ``JournalError/readFailed(call:errno:)``.
    public func contains(field: String, value: String) throws -> Bool {
        try contains([(field, value)])
    }

    /// Whether an entry has every one of `matches` (`FIELD=value` pairs of different fields: AND).
    public func contains(_ matches: [(field: String, value: String)]) throws -> Bool {
        sd_journal_flush_matches(handle)
        for (field, value) in matches {
            if let reason = JournalFieldName.problem(with: field) { throw JournalError.invalidFieldName(name: field, reason: reason) }
            let match = Array("\(field)=\(value)".utf8)
            let r = match.withUnsafeBytes { sd_journal_add_match(handle, $0.baseAddress, $0.count) }
            guard r >= 0 else { throw JournalError.readFailed(call: "sd_journal_add_match", errno: -r) }
        }
        var r = sd_journal_seek_head(handle)
        guard r >= 0 else { throw JournalError.readFailed(call: "sd_journal_seek_head", errno: -r) }
        r = sd_journal_next(handle)
        guard r >= 0 else { throw JournalError.readFailed(call: "sd_journal_next", errno: -r) }
        return r > 0
    }

    /// Sends a marker entry with `field=token` and waits until a reader sees it.
    ///
    /// journald takes native entries from one socket in the order they were sent, so once the
    /// marker is visible every entry sent before it — by this process or by a crashed predecessor
    /// — is in the journal too. This is a barrier an unprivileged process can use (on systemd 252
    /// `journalctl --sync` needs root and the system bus). The marker has priority notice, so that
    /// a `MaxLevelStore=` of notice or info still stores it.
    ///
    /// - Parameters:
    ///   - timeoutMilliseconds: how long to wait, measured on the monotonic clock (each try opens
    ///     the journal files, which takes a while on a large journal).
    ///   - waiting: called between tries (the daemon pings its watchdog there).
    /// - Returns: `true` when the marker was seen in time; `false` when it was not (journald is
    ///   slow or absent, or the journal is not readable by this process).
    public static func barrier(message: String, field: String, token: String, timeoutMilliseconds: Int = 5000,
                               waiting: () -> Void = {}) throws -> Bool {
        try Journal.send(message: message, priority: .notice, orderedFields: [(field, token)])
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeoutMilliseconds) * 1_000_000
        while true {
            // A fresh reader each time sees files journald created meanwhile (after a rotation).
            if let reader = try? JournalReader(), reader.isReadable, (try? reader.contains(field: field, value: token)) == true {
                return true
            }
            if DispatchTime.now().uptimeNanoseconds >= deadline { return false }
            waiting()
            usleep(20_000)
        }
    }
}
