import Foundation
import Testing

/// Notices reach a real systemd-journald with their structured fields, read back with
/// `journalctl -o json`. The journald is private: `scripts/with-journald` starts it in its own
/// mount namespace (root only; elsewhere the test says why it skips).
@Suite("daemon notices in a real journal")
struct DaemonJournalTests {
    @Test("every notice is one journal entry with MESSAGE_ID, PRIORITY and the INSPECTD_ fields",
          .enabled(if: getuid() == 0, "needs root: a private systemd-journald in a mount namespace"))
    func noticesInTheJournal() throws {
        let d = try DaemonFixture()
        let root = BuiltProducts.packageRoot.path
        let shell = """
            INSPECTD_LOG_TARGET=journal "\(try BuiltProducts.inspectd())" --config "\(d.configDirectory)" \
                --state-dir "\(d.stateDirectory)" --socket "\(d.socketPath)" --now 2026-03-31T09:00 &
            pid=$!
            # The start-up notice pass writes the log, then the journal, in one step of the daemon's
            # queue; SIGTERM is handled after that step.
            for _ in $(seq 600); do [ -s "\(d.stateDirectory)/notices.jsonl" ] && break; sleep 0.05; done
            kill -TERM $pid; wait $pid; echo "inspectd exit $?" >&2
            "\(root)/scripts/journal-sync" || exit 91
            journalctl -o json -t inspectd
            """
        guard let run = try WithJournald.run(shell) else { return }
        #expect(run.standardError.contains("inspectd exit 0"), "\(run.standardError)")

        let entries = try WithJournald.entries(run.standardOutput)
        let notices = entries.filter { $0["INSPECTD_NOTICE"] != nil }
        let log = try d.noticeLog()
        #expect(!log.isEmpty)
        #expect(notices.count == log.count, "journal \(notices.count) vs log \(log.count)")
        #expect(Set(notices.compactMap { $0["INSPECTD_KEY"] as? String }) == Set(log.compactMap { $0["key"] as? String }))

        let ids = ["reminder": "3f2b8c6a1e7d4c55a0b9e4d2c7f1a601", "due": "3f2b8c6a1e7d4c55a0b9e4d2c7f1a602", "overdue": "3f2b8c6a1e7d4c55a0b9e4d2c7f1a603"]
        let priorities = ["reminder": "5", "due": "4", "overdue": "3"]
        for n in notices {
            let kind = try #require(n["INSPECTD_NOTICE"] as? String)
            #expect(n["MESSAGE_ID"] as? String == ids[kind])
            #expect(n["PRIORITY"] as? String == priorities[kind])
            for field in ["MESSAGE", "SYSLOG_IDENTIFIER", "INSPECTD_KEY", "INSPECTD_ENTITY", "INSPECTD_ENTITY_NAME", "INSPECTD_RULE", "INSPECTD_SOURCE", "INSPECTD_PERIOD",
                          "INSPECTD_DUE", "INSPECTD_BASIS", "INSPECTD_STAGE", "INSPECTD_OFFICE"] {
                #expect((n[field] as? String).map { !$0.isEmpty } == true, "\(field) missing in \(n)")
            }
            #expect((n["MESSAGE"] as? String)?.contains(n["INSPECTD_ENTITY_NAME"] as? String ?? "?") == true)
        }
        // A due-today notice of C01 for a supervised entity, addressed to its supervisor.
        let due = try #require(notices.first { $0["INSPECTD_NOTICE"] as? String == "due" && $0["INSPECTD_ENTITY"] as? String == "LS-PFS-001" && $0["INSPECTD_RULE"] as? String == "C01" })
        #expect(due["INSPECTD_DUE"] as? String == "2026-03-31")
        #expect(due["INSPECTD_SUPERVISOR"] as? String == "S01")
        #expect(due["INSPECTD_SUPERVISOR_NAME"] as? String == "张伟")
        // The responsible office is the supervisor's (所在机关), not the daemon's own name.
        #expect(due["INSPECTD_OFFICE"] as? String == "兰山区金融办")
        if let hedong = notices.first(where: { $0["INSPECTD_SUPERVISOR"] as? String == "S06" }) {
            #expect(hedong["INSPECTD_OFFICE"] as? String == "河东区金融办")
        }
        // Overdue notices go to the office's manager (S04) as well.
        let overdue = notices.filter { $0["INSPECTD_NOTICE"] as? String == "overdue" && $0["INSPECTD_SUPERVISOR"] as? String == "S01" }
        #expect(!overdue.isEmpty)
        #expect(overdue.allSatisfy { $0["INSPECTD_CC"] as? String == "S04" && ($0["MESSAGE"] as? String)?.contains("抄送 刘洋") == true })
        #expect(notices.filter { $0["INSPECTD_NOTICE"] as? String == "reminder" }.allSatisfy { $0["INSPECTD_CC"] == nil })
        // The entity without a supervisor: the notice goes to the office and says so.
        if let orphan = notices.first(where: { $0["INSPECTD_SUPERVISOR"] == nil }) {
            #expect((orphan["MESSAGE"] as? String)?.contains("未指定主监管员") == true)
        }
        // swift-log output goes to the journal too.
        #expect(entries.contains { ($0["MESSAGE"] as? String)?.hasPrefix("started:") == true && $0["PRIORITY"] as? String == "6" })
    }

    @Test("every write and every refused call is an audit entry in the journal, with its MESSAGE_ID and fields (issue 12)",
          .enabled(if: getuid() == 0, "needs root: a private systemd-journald in a mount namespace, and a call as user nobody"))
    func auditEntriesInTheJournal() throws {
        let d = try DaemonFixture()
        let root = BuiltProducts.packageRoot.path
        let ctl = try BuiltProducts.inspectctl()
        let shell = """
            INSPECTD_LOG_TARGET=journal "\(try BuiltProducts.inspectd())" --config "\(d.configDirectory)" \
                --state-dir "\(d.stateDirectory)" --socket "\(d.socketPath)" --now 2026-03-25T09:00 &
            pid=$!
            for _ in $(seq 600); do [ -S "\(d.socketPath)" ] && "\(ctl)" --socket "\(d.socketPath)" status >/dev/null 2>&1 && break; sleep 0.05; done
            chmod 755 "\(d.directory)"; chmod 666 "\(d.socketPath)"
            "\(ctl)" --socket "\(d.socketPath)" inspection record --entity LS-PFS-001 --date 2026-03-20 --kind onsite --inspectors 张伟,王芳 --request-id audit-1 >/dev/null
            setpriv --reuid nobody --regid nogroup --clear-groups -- "\(ctl)" --socket "\(d.socketPath)" reload; echo "nobody reload $?" >&2
            kill -TERM $pid; wait $pid; echo "inspectd exit $?" >&2
            "\(root)/scripts/journal-sync" || exit 91
            journalctl -o json -t inspectd MESSAGE_ID=3f2b8c6a1e7d4c55a0b9e4d2c7f1a610
            """
        guard let run = try WithJournald.run(shell) else { return }
        #expect(run.standardError.contains("nobody reload 77"), "\(run.standardError)")
        #expect(run.standardError.contains("inspectd exit 0"), "\(run.standardError)")
        let audit = try WithJournald.entries(run.standardOutput)
        let record = try #require(audit.first { $0["INSPECTD_AUDIT_METHOD"] as? String == "RecordInspection" }, "\(audit)")
        #expect(record["INSPECTD_AUDIT_OUTCOME"] as? String == "ok" && record["INSPECTD_AUDIT_ROLE"] as? String == "admin")
        #expect(record["INSPECTD_ENTITY"] as? String == "LS-PFS-001" && record["INSPECTD_REQUEST_ID"] as? String == "audit-1")
        #expect(record["INSPECTD_AUDIT_LOGIN"] as? String == "root" && record["PRIORITY"] as? String == "6")
        let refused = try #require(audit.first { $0["INSPECTD_AUDIT_METHOD"] as? String == "Reload" }, "\(audit)")
        #expect(refused["INSPECTD_AUDIT_OUTCOME"] as? String == "refused" && refused["INSPECTD_AUDIT_LOGIN"] as? String == "nobody")
        #expect(refused["INSPECTD_AUDIT_ROLE"] as? String == "reader" && refused["PRIORITY"] as? String == "4")
        #expect((refused["MESSAGE"] as? String)?.contains("needs an admin") == true, "\(refused)")
        // No audit entry carries INSPECTD_KEY, the field a restart looks notices up by.
        #expect(audit.allSatisfy { $0["INSPECTD_KEY"] == nil && $0["INSPECTD_NOTICE"] == nil })
    }
}
