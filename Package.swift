// swift-tools-version:6.0
// inspectd — the supervision calendar daemon of a local regulator.
//
// Layers (see README.md, "Architecture"):
//   InspectCore     pure scheduling core: civil days, legal time, rules, obligations, notices
//   InspectConfig   reads the YAML configuration and the CSV entity directory into core values
//   Locking         Locked<T>: the one kind of lock of the daemon and its store (Synchronization.Mutex)
//   InspectStore    facts and sent notices in SQLite (GRDB, system libsqlite3) or PostgreSQL (CLibPQ)
//   CLibPQ          libpq via pkg-config: the PostgreSQL store, LISTEN/NOTIFY, the leader's advisory lock
//   CSystemd        libsystemd via pkg-config; SystemdSupport wraps it (notify, journal, LISTEN_FDS)
//   CCurl           libcurl and OpenSSL's HMAC: the built-in notice channels (SMTP, robots' HTTPS)
//   CXlsxWriter     libxlsxwriter: inspectctl report --xlsx
//   CBuildInfo      the git commit a package build was made from (scripts/package)
//   Varlink         the Varlink wire protocol (varlink.org) over Unix sockets: server and client
//   InspectControl  the project's Varlink interface, shared by daemon and CLI
//   InspectDaemon   the imperative shell that runs the core under systemd (metrics: swift-prometheus)
//   InspectCLI      inspectctl's commands and their output
import PackageDescription

let package = Package(
    name: "inspectd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "inspectd", targets: ["inspectd"]),
        .executable(name: "inspectctl", targets: ["inspectctl"]),
        .library(name: "InspectCore", targets: ["InspectCore"]),
        .library(name: "InspectConfig", targets: ["InspectConfig"]),
        .library(name: "Varlink", targets: ["Varlink"]),
        .library(name: "InspectControl", targets: ["InspectControl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        // The daemon records into swift-prometheus' registry directly (Services/Metrics.swift): every
        // metric with its HELP, which swift-metrics' API cannot carry, and no process-wide
        // MetricsSystem.bootstrap. swift-metrics (2.13.0 here) comes in through it.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(name: "InspectCore", swiftSettings: [.swiftLanguageMode(.v6)]),
        .target(name: "InspectConfig", dependencies: ["InspectCore", "Yams"]),
        .target(name: "Locking"),
        .target(name: "InspectStore", dependencies: ["InspectCore", "Locking", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift")]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev", "libssl-dev"])]),
        .systemLibrary(name: "CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .target(name: "SystemdSupport", dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]),
        .target(name: "Varlink"),
        .target(name: "CBuildInfo"),
        .target(name: "InspectControl", dependencies: ["Varlink", "InspectCore", "CBuildInfo"]),
        .target(name: "InspectDaemon", dependencies: [
            "InspectCore", "InspectConfig", "InspectStore", "SystemdSupport", "Varlink", "InspectControl", "CCurl", "Locking",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .target(name: "InspectCLI", dependencies: [
            "InspectCore", "InspectConfig", "Varlink", "InspectControl", "CXlsxWriter", "InspectStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "inspectd", dependencies: [
            "InspectDaemon", "InspectControl", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "inspectctl", dependencies: ["InspectCLI"]),
        .executableTarget(name: "inspectd-bench", dependencies: ["InspectCore", "InspectConfig", "InspectStore", "SystemdSupport", "Varlink", "InspectControl", .product(name: "GRDB", package: "GRDB.swift")], path: "Benchmarks/inspectd-bench"),

        .testTarget(name: "InspectCoreTests", dependencies: [
            "InspectCore", "InspectConfig", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "InspectConfigTests", dependencies: ["InspectConfig"]),
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport"),
        .target(name: "ChineseTestSupport", path: "Tests/ChineseTestSupport"),
        .testTarget(name: "InspectStoreTests", dependencies: ["InspectStore", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "VarlinkTests", dependencies: ["Varlink"], exclude: ["python"]),
        .testTarget(name: "InspectCLITests", dependencies: ["InspectCLI", "InspectControl", "InspectConfig", "InspectCore", "ChineseTestSupport"]),
        .testTarget(name: "InspectDaemonTests", dependencies: [
            "InspectDaemon", "InspectCore", "InspectConfig", "InspectStore", "Locking", "SystemdSupport", "Varlink", .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "IntegrationTests", dependencies: ["InspectControl", "Varlink", "SystemdSupport", "PostgresTestSupport", "ChineseTestSupport"], exclude: ["python"]),
    ]
)
