// inspectd-bench: micro-benchmarks of the scheduling core. Not a test: run it in release mode,
//
//     swift build -c release --product inspectd-bench
//     taskset -c 1 .build/release/inspectd-bench calendar          # or: swift run -c release inspectd-bench calendar
//
// Usage: inspectd-bench [BENCHMARK …] [--config DIR] [--ops N] [--repeats N]
//                       [--entities N] [--year Y] [--threads N] [--enable-all] [--first K]
//                       [--socket PATH] [--database FILE] [--clients N] [--seconds S] [--writes F]
//                       [--idle N] [--idle-uid UID] [--per-call-connection] [--timeout S] [--reconnect-delay S]
// (the last two lines are `load`'s, against a running daemon: see BenchLoad.swift and scripts/bench-load)
// Each BENCHMARK is a word registered in `benchmarks` below (default: all). Add a benchmark by
// adding an entry (one workload per file: BenchSchedule.swift, BenchNextDue.swift). Every benchmark
// runs single-threaded (pin it to one core with taskset); `schedule` also runs on `--threads` cores.
import InspectConfig
import InspectCore

#if canImport(Glibc)
import Glibc
#endif

// MARK: - Harness

/// Options shared by all benchmarks.
struct BenchOptions {
    var configDirectory: String
    var ops: Int = 10_000_000
    var repeats: Int = 3
    /// `schedule`: directory size, year, and threads of the parallel pass (1: none).
    var entities: Int = 1_000_000
    var year: Int = 2026
    var threads: Int = 2
    /// `schedule`: switch on the optional packs too (rules shipped with `enabled: false`, e.g. N01).
    var enableAll = false
    /// `visits-instances`: the number of the first instance written (its seed follows from it).
    var first: Int = 0
    /// `load`: the daemon to load and how (BenchLoad.swift).
    var load = LoadOptions()
}

/// One named benchmark: `run` prints its own result lines.
struct Benchmark {
    var word: String
    var summary: String
    var run: (BenchOptions) throws -> Void
}

/// Deterministic inputs (SplitMix64), so that runs are comparable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Times `body` (which performs `ops` operations and returns a checksum) `repeats` times and
/// prints the best and median ns/op. The checksum keeps the optimizer from dropping the work.
@inline(never)
func measure(_ name: String, ops: Int, repeats: Int, _ body: () -> Int) {
    var times: [Double] = []
    var check = 0
    let clock = ContinuousClock()
    for _ in 0..<repeats {
        let t0 = clock.now
        check = body()
        let d = clock.now - t0
        let ns = Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) / 1e9
        times.append(ns / Double(ops))
    }
    times.sort()
    let best = times[0], median = times[times.count / 2]
    func f(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return String(r)
    }
    print("\(name.padding(44))  \(f(best)) ns/op best, \(f(median)) ns/op median, \(f(1e3 / best)) M ops/s  (\(ops) ops, checksum \(check))")
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

// MARK: - calendar

func calendarBenchmark(_ o: BenchOptions) throws {
    let arrangements = try CalendarLoader.load(configDirectory: o.configDirectory)
    let cal = WorkCalendar(arrangements: arrangements)
    print("calendar: \(arrangements.count) arrangements (\(cal.loadedYears.first ?? 0)–\(cal.loadedYears.last ?? 0)) from \(o.configDirectory)/calendar")
    // The workload of scripts/bench-chinesecalendar.py: triggers uniform in 2020-01-01 … 2025-12-31,
    // N uniform in 1 … 250, so that every end date stays inside the published data.
    let lo = Int(CivilDate(year: 2020, month: 1, day: 1)!.dayNumber)
    let hi = Int(CivilDate(year: 2025, month: 12, day: 31)!.dayNumber)
    var rng = SplitMix64(state: 20_240_101)
    let n = o.ops
    var dates = [CivilDate](); dates.reserveCapacity(n)
    var counts = [Int32](); counts.reserveCapacity(n)
    for _ in 0..<n {
        dates.append(CivilDate(dayNumber: Int32(Int.random(in: lo...hi, using: &rng))))
        counts.append(Int32.random(in: 1...250, using: &rng))
    }
    // Dates for isWorkingDay: 2015 … 2031, inside and outside the tables.
    let wlo = Int(CivilDate(year: 2015, month: 1, day: 1)!.dayNumber)
    let whi = Int(CivilDate(year: 2031, month: 12, day: 31)!.dayNumber)
    var probe = [CivilDate](); probe.reserveCapacity(n)
    for _ in 0..<n { probe.append(CivilDate(dayNumber: Int32(Int.random(in: wlo...whi, using: &rng)))) }

    measure("addingWorkingDays(N, to: d) -> CivilDate", ops: n, repeats: o.repeats) {
        var s = 0
        for i in 0..<n { s &+= Int(cal.addingWorkingDays(Int(counts[i]), to: dates[i]).dayNumber) }
        return s
    }
    measure("add(.workingDays(N), to: d) -> Deadline", ops: n, repeats: o.repeats) {
        var s = 0
        for i in 0..<n {
            let r = cal.add(.workingDays(Int(counts[i])), to: dates[i])
            s &+= Int(r.end.dayNumber) &+ (r.provisional ? 1 : 0)
        }
        return s
    }
    measure("add(.days(N), to: d) -> Deadline (203 move)", ops: n, repeats: o.repeats) {
        var s = 0
        for i in 0..<n { s &+= Int(cal.add(.days(Int(counts[i])), to: dates[i]).end.dayNumber) }
        return s
    }
    measure("isWorkingDay(d), d in 2015…2031", ops: n, repeats: o.repeats) {
        var s = 0
        for i in 0..<n { s &+= cal.isWorkingDay(probe[i]) ? 1 : 0 }
        return s
    }
    measure("isWorkingDay(d), d in 2020…2025", ops: n, repeats: o.repeats) {
        var s = 0
        for i in 0..<n { s &+= cal.isWorkingDay(dates[i]) ? 1 : 0 }
        return s
    }
    // Reference: the definition, one day at a time, on the same calendar (scaled down).
    let m = max(1, n / 100)
    measure("day-by-day loop (reference), 1/100 ops", ops: m, repeats: o.repeats) {
        var s = 0
        for i in 0..<m {
            var x = dates[i], left = Int(counts[i])
            while left > 0 { x = x.adding(days: 1); if cal.isWorkingDay(x) { left -= 1 } }
            s &+= Int(x.dayNumber)
        }
        return s
    }
}

// MARK: - Registry and main

let benchmarks: [Benchmark] = [
    Benchmark(word: "calendar", summary: "add(d, Nwd) and isWorkingDay over 10M random inputs", run: calendarBenchmark),
    Benchmark(word: "schedule", summary: "a year of obligations for --entities (1M) synthetic entities, shipped rules", run: scheduleBenchmark),
    Benchmark(word: "report", summary: "the manager's report of a year for --entities (1M) synthetic entities: obligations computed and tallied by supervisor and month", run: reportBenchmark),
    Benchmark(word: "next-due", summary: "CadenceRule.nextDue over 10M random (rule, entity state, today)", run: nextDueBenchmark),
    Benchmark(word: "journal-lookup", summary: "crash recovery: journal barrier and a lookup per notice (inside scripts/with-journald)", run: journalLookupBenchmark),
    Benchmark(word: "notices", summary: "one day's notice run for --entities (1M): NoticeRun.decide and the SQLite outbox", run: noticesBenchmark),
    Benchmark(word: "directory", summary: "writes the --entities synthetic directory of `schedule` as CSV to --database FILE (for scripts/bench-daemon)", run: directoryBenchmark),
    Benchmark(word: "calls", summary: "p50/p99 of each call type on a running daemon's --socket, 8 writers, the whole list streamed (scripts/bench-daemon)", run: callsBenchmark),
    Benchmark(word: "stream", summary: "the whole open list streamed from a running daemon's --socket, read raw, --repeats times (scripts/bench-list)", run: streamBenchmark),
    Benchmark(word: "stalls", summary: "status latency on a running daemon's --socket during the notice run, a reload, an import of --database CSV, midnight (scripts/bench-daemon)", run: stallsBenchmark),
    Benchmark(word: "anchor", summary: "SQLite alone: due within 30 days, ordered, first 100 of --entities indexed rows (scripts/bench-daemon)", run: anchorBenchmark),
    Benchmark(word: "visits", summary: "the visit planner on May 2026: --entities 3000 (a county, 12 inspectors) or 1000000 (a province, 2,000 inspectors in 16 jurisdictions)", run: visitsBenchmark),
    Benchmark(word: "visits-instances", summary: "--repeats N small offices of May 2026 as JSON: the planner's visits, who may make them, its proposal (scripts/bench-visits-exact.py)", run: visitsInstancesBenchmark),
    Benchmark(word: "spread", summary: "an import of --database CSV through --writer SOCKET reaching the daemon on --socket (both on the PostgreSQL --store URL), its calls meanwhile (scripts/bench-platform)", run: spreadBenchmark),
    Benchmark(word: "failover", summary: "the leader's process --kill PID killed (SIGKILL): when the follower on --socket leads and has run its notice duties, its calls meanwhile (scripts/bench-failover)", run: failoverBenchmark),
    Benchmark(word: "load", summary: "--clients (100) concurrent control clients on a running daemon's --socket, writes verified in --database", run: loadBenchmark),
]

@MainActor func usage() -> Never {
    print("usage: inspectd-bench [BENCHMARK …] [--config DIR] [--ops N] [--repeats N] [--entities N] [--year Y] [--threads N] [--enable-all] [--first K]")
    print("       inspectd-bench load --socket PATH [--database FILE] [--clients N] [--seconds S] [--writes F] [--idle N] [--idle-uid UID] [--rate CALLS_PER_S]")
    print("                           [--per-call-connection] [--timeout S] [--reconnect-delay S]")
    for b in benchmarks { print("  \(b.word.padding(12))\(b.summary)") }
    exit(64)
}

/// The repository's `config/`, found from this file (Benchmarks/inspectd-bench/main.swift).
func defaultConfigDirectory() -> String {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/") + "/config"
}

var options = BenchOptions(configDirectory: defaultConfigDirectory())
var words: [String] = []
var args = CommandLine.arguments.dropFirst()
while let a = args.popFirst() {
    switch a {
    case "--config": guard let v = args.popFirst() else { usage() }; options.configDirectory = v
    case "--ops": guard let v = args.popFirst(), let n = Int(v), n > 0 else { usage() }; options.ops = n
    case "--repeats": guard let v = args.popFirst(), let n = Int(v), n > 0 else { usage() }; options.repeats = n
    case "--entities": guard let v = args.popFirst(), let n = Int(v), n > 0 else { usage() }; options.entities = n
    case "--year": guard let v = args.popFirst(), let n = Int(v), (1971...9999).contains(n) else { usage() }; options.year = n
    case "--threads": guard let v = args.popFirst(), let n = Int(v), n > 0 else { usage() }; options.threads = n
    case "--enable-all": options.enableAll = true
    case "--first": guard let v = args.popFirst(), let n = Int(v), n >= 0 else { usage() }; options.first = n
    case "--socket": guard let v = args.popFirst() else { usage() }; options.load.socket = v
    case "--database": guard let v = args.popFirst() else { usage() }; options.load.database = v
    case "--writer": guard let v = args.popFirst() else { usage() }; options.load.writer = v
    case "--store": guard let v = args.popFirst() else { usage() }; options.load.store = v
    case "--kill": guard let v = args.popFirst(), let n = Int32(v), n > 1 else { usage() }; options.load.kill = n
    case "--daemon-log": guard let v = args.popFirst() else { usage() }; options.load.daemonLog = v
    case "--writer-log": guard let v = args.popFirst() else { usage() }; options.load.writerLog = v
    case "--clients": guard let v = args.popFirst(), let n = Int(v), n > 0 else { usage() }; options.load.clients = n
    case "--seconds": guard let v = args.popFirst(), let n = Double(v), n > 0 else { usage() }; options.load.seconds = n
    case "--writes": guard let v = args.popFirst(), let n = Double(v), (0...1).contains(n) else { usage() }; options.load.writes = n
    case "--idle": guard let v = args.popFirst(), let n = Int(v), n >= 0 else { usage() }; options.load.idle = n
    case "--idle-uid": guard let v = args.popFirst(), let n = UInt32(v) else { usage() }; options.load.idleUID = n
    case "--per-call-connection": options.load.perCallConnection = true
    case "--timeout": guard let v = args.popFirst(), let n = Double(v), n > 0 else { usage() }; options.load.timeout = n
    case "--rate": guard let v = args.popFirst(), let n = Double(v), n >= 0 else { usage() }; options.load.rate = n
    case "--reconnect-delay": guard let v = args.popFirst(), let n = Double(v), n >= 0 else { usage() }; options.load.reconnectDelay = n
    case "-h", "--help": usage()
    default: words.append(a)
    }
}
let selected = words.isEmpty ? benchmarks : words.map { w in
    guard let b = benchmarks.first(where: { $0.word == w }) else { print("unknown benchmark '\(w)'"); usage() }
    return b
}
do {
    for b in selected { try b.run(options) }
} catch {
    print("inspectd-bench: \(error)")
    exit(1)
}
