// The daemon's own account of its slow calls (`INSPECTD_LOG_LEVEL=debug`: "slow call: METHOD from
// uid U: 12.3 ms (read 0.0, caller 0.1, …, replied 0.1) woke at SECONDS"), set beside a probe's
// waits: a wait the client measured is split into the time before the daemon woke to read the
// call (the client's write, the wait for the connection's thread to get a CPU), the daemon's
// handling (its phases), and the time after its reply was written (the client's wait for a CPU).
import Foundation

struct DaemonSlowCall {
    let method: String
    /// From the call's arrival to its reply written, in ms.
    let ms: Double
    /// Where the time went, as the daemon logged it.
    let timeline: String
    /// When the daemon woke to read it, and when its reply was written (`CLOCK_MONOTONIC` ns).
    let woke: UInt64
    var written: UInt64 { woke + UInt64(ms * 1e6) }

    /// The slow calls of `method` logged in `file` (nothing when there is no such file).
    static func read(_ file: String, method: String) -> [DaemonSlowCall] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        var calls: [DaemonSlowCall] = []
        for line in text.split(separator: "\n") {
            guard let at = line.range(of: "slow call: ") else { continue }
            let rest = line[at.upperBound...]
            guard rest.hasPrefix(method + " "), let colon = rest.range(of: ": "), let open = rest.range(of: " ms ("),
                  let close = rest.range(of: ") woke at ", options: .backwards),
                  let ms = Double(rest[colon.upperBound..<open.lowerBound]),
                  let seconds = Decimal(string: String(rest[close.upperBound...])) else { continue }
            let ns = NSDecimalNumber(decimal: seconds * 1_000_000_000).uint64Value
            calls.append(DaemonSlowCall(method: method, ms: ms, timeline: String(rest[open.upperBound..<close.lowerBound]), woke: ns))
        }
        return calls
    }

    /// Lines saying, for `probe`'s calls over `over` ms, how much of each wait the daemon logged
    /// (`daemon`: its slow calls), and the daemon's own slowest calls in the probe's time.
    static func attribution(_ probe: Probe, _ daemon: [DaemonSlowCall], over: Double) -> [String] {
        guard let window = probe.window else { return [] }
        let inWindow = daemon.filter { $0.woke >= window.start && $0.woke <= window.end }.sorted { $0.ms > $1.ms }
        var lines: [String] = []
        let worst = inWindow.prefix(3).map { String(format: "%.1f ms", $0.ms) + " (\($0.timeline))" }
        lines.append("the daemon's own account: \(inWindow.count) status call(s) handled in over 10 ms"
                     + (worst.isEmpty ? "" : "; slowest: " + worst.joined(separator: "; ")))
        for call in probe.slowCalls(over: over).prefix(6).sorted(by: { $0.offset < $1.offset }) {
            let head = String(format: "%.1f s: %.0f ms (the probe's thread waited %.1f ms of it for a CPU)", call.offset, call.ms, call.ownWait)
            if let d = inWindow.first(where: { $0.woke >= call.span.start && $0.woke <= call.span.end }) {
                let before = Double(d.woke - call.span.start) / 1e6, after = Double(call.span.end.subtracting(d.written)) / 1e6
                lines.append(head + String(format: " = %.1f ms before the daemon woke to read it + %.1f ms in the daemon (\(d.timeline)) + %.1f ms after its reply", before, d.ms, after))
            } else {
                lines.append(head + ": the daemon handled it in under 10 ms — the rest was before it woke to read the call or after its reply")
            }
        }
        return lines
    }
}

private extension UInt64 {
    func subtracting(_ other: UInt64) -> UInt64 { self > other ? self - other : 0 }
}
