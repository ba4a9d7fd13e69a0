import Foundation
import InspectCore
import Testing

/// The journal message catalog explains every notice kind, and journalctl accepts it.
@Suite("journal message catalog")
struct CatalogTests {
    static var catalog: String { BuiltProducts.packageRoot.appendingPathComponent("units/inspectd.catalog").path }

    @Test func everyNoticeKindHasAnEntry() throws {
        let text = try String(contentsOfFile: Self.catalog, encoding: .utf8)
        for kind in NoticeKind.allCases {
            #expect(text.contains("-- \(kind.messageID)\nSubject: "), "no catalog entry for \(kind)")
        }
        // The audit trail's entries (Daemon.auditMessageID, issue 12).
        #expect(text.contains("-- 3f2b8c6a1e7d4c55a0b9e4d2c7f1a610\nSubject: "), "no catalog entry for the audit trail")
        // Every @FIELD@ the catalog uses is a field the daemon sends.
        let fields = Set(text.split(separator: "@").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
        let sent: Set<String> = ["INSPECTD_RULE", "INSPECTD_SOURCE", "INSPECTD_ENTITY", "INSPECTD_ENTITY_NAME", "INSPECTD_PERIOD",
                                 "INSPECTD_DUE", "INSPECTD_SUPERVISOR", "INSPECTD_SUPERVISOR_NAME", "INSPECTD_BASIS",
                                 "INSPECTD_AUDIT_METHOD", "INSPECTD_AUDIT_LOGIN", "INSPECTD_AUDIT_ROLE", "INSPECTD_AUDIT_UID",
                                 "INSPECTD_AUDIT_OUTCOME", "INSPECTD_AUDIT_KEY", "INSPECTD_AUDIT_ID"]
        #expect(fields.isSubset(of: sent), "\(fields.subtracting(sent))")
    }

    @Test("journalctl --update-catalog accepts it")
    func journalctlAcceptsIt() throws {
        // A private root directory: journalctl writes its catalog database there, nowhere else.
        var template = Array("/tmp/inspectd-catalog-XXXXXX".utf8CString)
        let root = String(cString: try #require(mkdtemp(&template)))
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/usr/lib/systemd/catalog", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/var/lib/systemd/catalog", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.catalog, toPath: root + "/usr/lib/systemd/catalog/inspectd.catalog")
        let update = try ChildProcess("/usr/bin/journalctl", arguments: ["--root=\(root)", "--update-catalog"])
        #expect(try update.wait(timeout: .seconds(60)) == .exited(0), "\(update.standardError)")
        let dump = try ChildProcess("/usr/bin/journalctl", arguments: ["--root=\(root)", "--dump-catalog", "3f2b8c6a1e7d4c55a0b9e4d2c7f1a603"])
        #expect(try dump.wait(timeout: .seconds(60)) == .exited(0), "\(dump.standardError)")
        #expect(dump.standardOutput.contains("Overdue: @INSPECTD_RULE@"))
    }
}
