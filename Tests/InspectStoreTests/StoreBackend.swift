import Foundation
import InspectStore
import PostgresTestSupport
import Testing

/// The engines the store runs on: every test of the store's behaviour runs on both (issue 16:
/// two backends, one behaviour). PostgreSQL is a real server started for the test process.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql
    var testDescription: String { rawValue }
}

/// One test's database on a backend, opened as often as the test likes (a reopen is a restart).
struct StorePlace {
    let backend: StoreBackend
    let location: StoreLocation

    init(_ backend: StoreBackend, busyTimeout: Double = 5) throws {
        self.backend = backend
        switch backend {
        case .sqlite:
            let dir = NSTemporaryDirectory() + "inspectd-store-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            location = .sqlite(path: dir + "/state.sqlite", busyTimeout: busyTimeout)
        case .postgresql:
            let server = try PostgresServer.shared()
            location = .postgresql(PostgresSettings(connection: try server.createDatabase(), instance: "test", lockTimeout: busyTimeout))
        }
    }

    func open() throws -> FactStore { try FactStore(location) }
}
