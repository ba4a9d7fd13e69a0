import Foundation
import InspectConfig
import InspectStore

/// Which store the daemon opens (`storage:`), and its name among the daemons that share a
/// PostgreSQL database.
enum StoreOpening {
    /// `--instance`, else `storage.instance`, else the host name (cut to a valid name).
    static func instanceName(_ options: DaemonOptions, _ storage: StorageSettings) throws -> String {
        if let name = options.instance {
            guard StorageSettings.isInstanceName(name) else {
                throw DaemonStartError("--instance: '\(name)' is not an instance name (letters, digits, '-', '_', '.', at most \(StorageSettings.instanceLimit))")
            }
            return name
        }
        if let name = storage.instance { return name }
        let host = ProcessInfo.processInfo.hostName
        let cut = String(host.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }.prefix(StorageSettings.instanceLimit))
        return cut.isEmpty ? "inspectd" : cut
    }

    static func location(_ storage: StorageSettings, instance: String, stateDirectory: String, busyTimeout: Double) -> StoreLocation {
        switch storage.engine {
        case .sqlite:
            return .sqlite(path: (stateDirectory as NSString).appendingPathComponent("inspectd.sqlite"), busyTimeout: busyTimeout)
        case .postgresql:
            var settings = PostgresSettings(connection: storage.connection ?? "", password: storage.password, instance: instance,
                                            poolSize: storage.pool, lockTimeout: busyTimeout)
            settings.software = PlatformVersions.said
            return .postgresql(settings)
        }
    }
}

/// A start-up problem that is not in a configuration file (a bad command-line option).
public struct DaemonStartError: Error, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}
