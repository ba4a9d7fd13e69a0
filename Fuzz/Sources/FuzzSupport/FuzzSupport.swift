// Shared helpers of the fuzz targets: reading values out of the fuzzer's input, a small
// deterministic generator, and where the repository's shipped configuration is.
import Foundation

/// Reads values from the fuzzer's input front to back. Past the end every read gives zero, so a
/// harness can read a fixed shape from any input.
public struct FuzzInput {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var isEmpty: Bool { offset >= bytes.count }
    public var remaining: Int { max(0, bytes.count - offset) }

    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Little-endian, `width` bytes (1…8).
    public mutating func unsigned(width: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<width { v |= UInt64(byte()) << (8 * UInt64(i)) }
        return v
    }

    public mutating func int64() -> Int64 { Int64(bitPattern: unsigned(width: 8)) }
    public mutating func int32() -> Int32 { Int32(truncatingIfNeeded: unsigned(width: 4)) }
    public mutating func int16() -> Int16 { Int16(truncatingIfNeeded: unsigned(width: 2)) }

    /// The remaining bytes (and consumes them).
    public mutating func rest() -> ArraySlice<UInt8> {
        defer { offset = bytes.count }
        return bytes[min(offset, bytes.count)...]
    }
}

/// SplitMix64: a tiny deterministic generator, seeded from the input so runs reproduce.
public struct SplitMix64 {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n (n > 0); the slight modulo bias does not matter here.
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// FNV-1a over the bytes: a seed that changes with every mutation of the input.
public func fnv1a<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}

/// Where the repository is: `INSPECTD_ROOT`, else two levels above this package.
public enum Repository {
    public static let root: String = {
        if let r = ProcessInfo.processInfo.environment["INSPECTD_ROOT"], !r.isEmpty { return r }
        // …/Fuzz/Sources/FuzzSupport/FuzzSupport.swift → …
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The shipped configuration directory, `config/`.
    public static var configDirectory: String { root + "/config" }
}

/// Stops the process with a message naming what went wrong: libFuzzer reports it as a crash and
/// keeps the input. For broken invariants (a wrong result), not for errors the code reports.
public func invariantFailed(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz invariant: \(message())", file: file, line: line)
}

/// A fresh temporary directory (under `TMPDIR`), removed when the process exits normally.
public func makeTemporaryDirectory(prefix: String) -> String {
    let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
    guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
        fatalError("cannot create a temporary directory under \(base): errno \(errno)")
    }
    let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    TemporaryDirectories.add(path)
    return path
}

private enum TemporaryDirectories {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var paths: [String] = []
    nonisolated(unsafe) private static var registered = false

    static func add(_ path: String) {
        lock.lock(); defer { lock.unlock() }
        paths.append(path)
        if !registered {
            registered = true
            atexit { TemporaryDirectories.removeAll() }
        }
    }

    static func removeAll() {
        lock.lock(); defer { lock.unlock() }
        for p in paths { try? FileManager.default.removeItem(atPath: p) }
        paths = []
    }
}

/// `FUZZ_TRACE=1` (as `scripts/fuzz --repro` sets it): the harnesses say what they do, to stderr.
public let fuzzTracing = ProcessInfo.processInfo.environment["FUZZ_TRACE"].map { !$0.isEmpty && $0 != "0" } ?? false

@inline(__always) public func trace(_ text: @autoclosure () -> String) {
    if fuzzTracing { FileHandle.standardError.write(Data((text() + "\n").utf8)) }
}
