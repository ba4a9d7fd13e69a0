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
        // Every @FIELD@ the catalog uses is a field the daemon sends.
        let fields = Set(text.split(separator: "@").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) })
        let sent: Set<String> = ["INSPECTD_RULE", "INSPECTD_SOURCE", "INSPECTD_ENTITY", "INSPECTD_ENTITY_NAME", "INSPECTD_PERIOD",
                                 "INSPECTD_DUE", "INSPECTD_SUPERVISOR", "INSPECTD_SUPERVISOR_NAME", "INSPECTD_BASIS"]
        #expect(fields.isSubset(of: sent), "\(fields.subtracting(sent))")
    }

    @Test("journalctl --update-catalog accepts it", .enabled(if: getuid() == 0, "needs root (writes a private catalog database in a mount namespace)"))
    func journalctlAcceptsIt() throws {
        let shell = """
            set -e
            mkdir -p /tmp/cat-root/usr/lib/systemd/catalog /tmp/cat-root/var/lib/systemd
            cp "\(Self.catalog)" /tmp/cat-root/usr/lib/systemd/catalog/
            journalctl --root=/tmp/cat-root --update-catalog
            journalctl --root=/tmp/cat-root --dump-catalog 3f2b8c6a1e7d4c55a0b9e4d2c7f1a603
            """
        let p = try ChildProcess("/usr/bin/unshare", arguments: ["-m", "sh", "-c", "mount -t tmpfs tmpfs /tmp && " + shell])
        let ended = try p.wait(timeout: .seconds(60))
        #expect(ended == .exited(0), "\(p.standardError)")
        #expect(p.standardOutput.contains("Overdue: @INSPECTD_RULE@"))
    }
}
