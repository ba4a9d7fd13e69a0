import Foundation

/// Finds the package's built executables (`inspectd`, `inspectctl`) for integration tests.
///
/// Looks, in order, in: `$INSPECTD_BUILD_DIR`; the directory of the running test executable
/// (`/proc/self/exe`, `CommandLine.arguments[0]`, `Bundle.main`) — `swift test` puts the test
/// bundle next to the executables, whatever `--scratch-path` says; and as a last resort every
/// `.build*/**/debug` and `release` directory of the package (found from this file's
/// `#filePath`), newest binary first.
enum BuiltProducts {
    struct NotFound: Error, CustomStringConvertible {
        let name: String
        let searched: [String]
        var description: String {
            "built product \(name) not found (run `swift build` first, or set INSPECTD_BUILD_DIR); looked in: "
                + searched.joined(separator: ", ")
        }
    }

    /// Absolute path of the built `inspectd`.
    static func inspectd() throws -> String { try path(of: "inspectd") }
    /// Absolute path of the built `inspectctl`.
    static func inspectctl() throws -> String { try path(of: "inspectctl") }

    /// The package's root directory (the one holding Package.swift).
    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, IntegrationTests, Tests, file
        return url
    }

    /// Absolute path of the built executable `name`.
    static func path(of name: String) throws -> String {
        var searched: [String] = []
        for directory in preferredDirectories() {
            searched.append(directory)
            let candidate = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        var found: [(path: String, modified: Date)] = []
        for directory in buildDirectories() {
            searched.append(directory)
            let candidate = directory + "/" + name
            guard FileManager.default.isExecutableFile(atPath: candidate),
                  let attributes = try? FileManager.default.attributesOfItem(atPath: candidate),
                  let modified = attributes[.modificationDate] as? Date else { continue }
            found.append((candidate, modified))
        }
        if let newest = found.max(by: { $0.modified < $1.modified }) { return newest.path }
        throw NotFound(name: name, searched: searched)
    }

    private static func preferredDirectories() -> [String] {
        var directories: [String] = []
        if let override = ProcessInfo.processInfo.environment["INSPECTD_BUILD_DIR"], !override.isEmpty {
            directories.append(override)
        }
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(contentsOf: enclosingDirectories(of: exe))
        }
        if let first = CommandLine.arguments.first, first.hasPrefix("/") {
            directories.append(contentsOf: enclosingDirectories(of: URL(fileURLWithPath: first).resolvingSymlinksInPath().path))
        }
        if let executable = Bundle.main.executableURL {
            directories.append(contentsOf: enclosingDirectories(of: executable.resolvingSymlinksInPath().path))
        }
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    /// The executable's directory, and the directory above an `.xctest` bundle directory
    /// (macOS layout: `debug/X.xctest/Contents/MacOS/X`).
    private static func enclosingDirectories(of path: String) -> [String] {
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        var result = [url.path]
        while url.path != "/" {
            if url.pathExtension == "xctest" {
                result.append(url.deletingLastPathComponent().path)
                break
            }
            url.deleteLastPathComponent()
        }
        return result
    }

    private static func buildDirectories() -> [String] {
        let root = packageRoot
        let manager = FileManager.default
        guard let entries = try? manager.contentsOfDirectory(atPath: root.path) else { return [] }
        var result: [String] = []
        for entry in entries where entry.hasPrefix(".build") {
            let scratch = root.appendingPathComponent(entry)
            for configuration in ["debug", "release"] {
                result.append(scratch.appendingPathComponent(configuration).path)
            }
            for triple in (try? manager.contentsOfDirectory(atPath: scratch.path)) ?? [] {
                for configuration in ["debug", "release"] {
                    result.append(scratch.appendingPathComponent(triple).appendingPathComponent(configuration).path)
                }
            }
        }
        return result
    }
}
