// swift-tools-version:6.0
// libFuzzer targets for inspectd, kept out of the main package so that its `swift build` is not
// affected. Build and run them with `scripts/fuzz TARGET [SECONDS]` (see Fuzz/README.md); they
// only link with the fuzzer sanitizer (`swift build --sanitize=fuzzer`), which provides `main`.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its directory, which differs between checkouts
// (/work/main, /src/inspectd, …): derive it from where this manifest lies.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: "fuzz-\(name)",
        dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: mainPackage) })
}

let package = Package(
    name: "inspectd-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        fuzzTarget("varlink-frame", ["Varlink", "InspectControl"]),
        fuzzTarget("csv-directory", ["InspectConfig"]),
        fuzzTarget("config-yaml", ["InspectConfig", "InspectCore"]),
        fuzzTarget("calendar-arithmetic", ["InspectCore", "InspectConfig"]),
    ]
)
