// Fuzz target `config-yaml`: `ConfigurationLoader.load(directory:)`, the whole loader a reload
// runs, on a copy of the shipped `config/` in which the input replaces one file.
//
// The first byte of the input picks the file:
//   'M' + text → inspectd.yaml            'G' + text → grades.yaml
//   'C' + text → calendar/2026.yaml       'R' + text, or any input not starting with M/G/C/N →
//   the rules: rules/ holds only this one file (so a shipped rules file is a seed as it stands);
//   'N' + bytes → one of the shipped files with some of its numbers replaced (see `numbersInput`):
//   random text rarely turns `30d` into a 19-digit count, and the numbers are what overflows.
// The other files are those of `config/`, trimmed for speed (see `directories`); the copies are
// made once per process.
//
// Errors (`ConfigErrors`) are fine; a trap is not. When the configuration loads, the daemon's first
// steps run on it too (rule summaries, obligations of one demo entity of each kind with their
// notice stages, deadline periods and reminder lead times, risk scores), since every number the
// input sets ends up in that arithmetic.
import Foundation
import FuzzSupport
import InspectConfig
import InspectCore

/// Two trimmed copies of `config/` (loading all of it took 25 ms a run, most of it YAML parsing of
/// files the input does not touch):
/// - `lean`, for slots M, G, C: the shipped inspectd.yaml and grades.yaml, rules/ with
///   lifecycle.yaml (whose deadline rules grades.yaml names) and financial.yaml (cadences, a
///   sampling rule), calendar/ with 2025 and 2026 (so cross-file checks still have a neighbour);
/// - `rulesOnly`, for the rules slot: rules/ will hold just the input, calendar/ only 2026, and no
///   grades.yaml (it names lifecycle.yaml's rules: every other rules file would be rejected and
///   never reach the steps after loading).
let directories: (lean: String, rulesOnly: String) = {
    let base = makeTemporaryDirectory(prefix: "inspectd-fuzz-config")
    let fm = FileManager.default
    let lean = base + "/lean", rulesOnly = base + "/rules-only"
    func keep(_ dir: String, only names: Set<String>) throws {
        for name in try fm.contentsOfDirectory(atPath: dir) where !names.contains(name) {
            try fm.removeItem(atPath: dir + "/" + name)
        }
    }
    do {
        try fm.copyItem(atPath: Repository.configDirectory, toPath: lean)
        try keep(lean + "/rules", only: ["lifecycle.yaml", "financial.yaml"])
        try keep(lean + "/calendar", only: ["2025.yaml", "2026.yaml"])
        try fm.copyItem(atPath: Repository.configDirectory, toPath: rulesOnly)
        try keep(rulesOnly + "/rules", only: [])
        try keep(rulesOnly + "/calendar", only: ["2026.yaml"])
        try fm.removeItem(atPath: rulesOnly + "/grades.yaml")
    } catch {
        fatalError("cannot copy \(Repository.configDirectory) to \(base): \(error) (set INSPECTD_ROOT to the repository)")
    }
    // The shipped configuration must load, or every input would only test the error path.
    for dir in [Repository.configDirectory, lean] {
        do { _ = try ConfigurationLoader.load(directory: dir) } catch {
            fatalError("\(dir) does not load:\n\(error)")
        }
    }
    return (lean, rulesOnly)
}()

/// One demo entity of each kind (from config/demo/entities.csv), for the obligations step.
let demoEntities: [Entity] = {
    let path = Repository.configDirectory + "/demo/entities.csv"
    guard let text = try? String(contentsOfFile: path, encoding: .utf8),
          let all = try? EntityDirectoryCSV.parse(text, file: path, supervisors: Set((1...99).map { String(format: "S%02d", $0) }))
    else { return [] }
    var seen: Set<String> = []
    return all.filter { seen.insert($0.kind).inserted }
}()

/// The file each slot replaces, and the directory it lives in.
func target(for first: UInt8?) -> (dir: String, file: String, skip: Int) {
    switch first {
    case UInt8(ascii: "M"): return (directories.lean, "inspectd.yaml", 1)
    case UInt8(ascii: "G"): return (directories.lean, "grades.yaml", 1)
    case UInt8(ascii: "C"): return (directories.lean, "calendar/2026.yaml", 1)
    case UInt8(ascii: "R"): return (directories.rulesOnly, "rules/fuzz.yaml", 1)
    default: return (directories.rulesOnly, "rules/fuzz.yaml", 0)
    }
}

// MARK: - Slot N: numbers in valid files

/// The files of slot N, as shipped (inspectd.yaml with its hook switched on, so that the hook's
/// durations are read): every run of digits in them is a number the input may replace.
let numberTemplates: [(file: String, text: String)] = {
    func shipped(_ file: String) -> String {
        guard let t = try? String(contentsOfFile: Repository.configDirectory + "/" + file, encoding: .utf8) else {
            fatalError("cannot read \(Repository.configDirectory)/\(file)")
        }
        return t
    }
    let main = shipped("inspectd.yaml")
    return [
        ("inspectd.yaml", main.replacingOccurrences(of: "\nnotices:\n", with: """

            notices:
              repeat_overdue: 5wd
              hooks:
                sms: { command: /bin/true, args: [--gateway, x], timeout: 10s, retries: 5, backoff: 60s }
                oa: { command: /bin/sh, timeout: 2m, retries: 0, backoff: 1h }

            """)),
        ("grades.yaml", shipped("grades.yaml")),
        ("rules/lifecycle.yaml", shipped("rules/lifecycle.yaml")),
        ("rules/financial.yaml", shipped("rules/financial.yaml")),
        ("calendar/2026.yaml", shipped("calendar/2026.yaml")),
    ]
}()

/// Replacement numbers: the edges of Int32, Int64 and of the ranges the loader checks.
let interestingNumbers = [
    "0", "-1", "1", "00", "7", "60", "3600", "100000", "100001", "2147483647", "2147483648", "4294967296",
    "9007199254740993", "999999999999", "2562047788015216", "4611686018427387904", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "99999999999999999999", "1e3", "0x10",
]

/// 'N', a template byte, then pairs (which number: 2 bytes; the new one: a selector byte, top bit
/// set = `interestingNumbers`, else 8 bytes of Int64 in decimal).
func numbersInput(_ input: [UInt8]) -> (file: String, text: String) {
    var r = FuzzInput(bytes: Array(input.dropFirst()))
    let (file, template) = numberTemplates[Int(r.byte()) % numberTemplates.count]
    // The runs of ASCII digits, as ranges of the UTF-8 text.
    var bytes = Array(template.utf8)
    var runs: [Range<Int>] = []
    var i = 0
    while i < bytes.count {
        if (48...57).contains(bytes[i]) {
            let start = i
            while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
            runs.append(start..<i)
        } else { i += 1 }
    }
    var replacements: [Int: String] = [:]
    while !r.isEmpty && !runs.isEmpty && replacements.count < 8 {
        let which = Int(r.unsigned(width: 2)) % runs.count
        let s = r.byte()
        replacements[which] = s & 0x80 != 0 ? interestingNumbers[Int(s & 0x7F) % interestingNumbers.count] : String(r.int64())
    }
    for (which, value) in replacements.sorted(by: { $0.key > $1.key }) {
        bytes.replaceSubrange(runs[which], with: Array(value.utf8))
        trace("number #\(which) → \(value)")
    }
    return (file, String(decoding: bytes, as: UTF8.self))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    let dir: String, file: String, contents: Data
    if input.first == UInt8(ascii: "N") {
        let (f, text) = numbersInput(input)
        (dir, file, contents) = (directories.lean, f, Data(text.utf8))
    } else {
        let (d, f, skip) = target(for: input.first)
        (dir, file, contents) = (d, f, Data(input.dropFirst(skip)))
    }
    let path = dir + "/" + file
    let original = (dir == directories.lean) ? FileManager.default.contents(atPath: path) : nil
    guard FileManager.default.createFile(atPath: path, contents: contents) else { fatalError("cannot write \(path)") }
    defer { if let original { _ = FileManager.default.createFile(atPath: path, contents: original) } }

    trace("input → \(file) in \(dir)")
    let configuration: Configuration
    do {
        configuration = try ConfigurationLoader.load(directory: dir)
    } catch let e as ConfigErrors {
        trace("rejected:\n\(e)")
        guard !e.errors.isEmpty else { invariantFailed("load threw ConfigErrors with no error in it") }
        return 0
    } catch {
        invariantFailed("load threw a \(type(of: error)), not ConfigErrors: \(error)")
    }

    trace("loaded: \(configuration.rules.count) rules, \(configuration.supervisors.count) supervisors; computing obligations")
    // What the daemon does next with a configuration that loaded: list the rules, compute the
    // demo entities' obligations and their notice stages (reminder lead times), the deadline
    // rules' periods from a start, and risk scores (3 occurrences of every signal).
    _ = configuration.rules.summaries
    let calendar = configuration.calendar
    let schedule = configuration.schedule
    let today = configuration.since.adding(days: 200)
    for entity in demoEntities {
        for o in schedule.obligations(of: entity, inspections: [], today: today, through: today.adding(days: 400)) {
            guard let rule = configuration.rules.obligationRule(o.ruleID) else { continue }
            _ = NoticePlanner.stage(of: o, rule: rule, calendar: calendar, today: today, repeatOverdueEvery: configuration.repeatOverdueEvery)
            _ = NoticePlanner.stage(of: o, rule: rule, calendar: calendar, today: o.due, repeatOverdueEvery: configuration.repeatOverdueEvery)
        }
    }
    for rule in configuration.rules.cadences {
        for lead in rule.remind { _ = lead.start(before: today, in: calendar) }
    }
    for rule in configuration.rules.deadlines {
        if case .period(let p) = rule.within { _ = calendar.add(p, to: today) }
        if let p = rule.urgentWithin { _ = calendar.add(p, to: today) }
        for lead in rule.remind { _ = lead.start(before: today, in: calendar) }
    }
    let risk = configuration.grades.risk
    let counts = Dictionary(risk.signals.map { ($0.id, 3) }, uniquingKeysWith: { a, _ in a })
    for scale in configuration.grades.scales { _ = risk.assess(counts, scale: scale.id).explanation }
    return 0
}
