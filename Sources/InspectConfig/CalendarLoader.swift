// Holiday calendar files: `DIR/calendar/YYYY.yaml`, one per year, loaded into `[HolidayArrangement]`.
//
// Each file transcribes one State Council notice (国务院办公厅关于YYYY年部分节假日安排的通知):
//
//     year: 2024                                  # must equal the file name (2024.yaml)
//     source: 国办发明电〔2023〕7号 (2023-10-25)     # the notice's number and date
//     amendments:                                 # optional: later notices already applied below
//       - 国办发明电〔2020〕1号 (2020-01-26) …
//     holidays:                                   # 放假: name as in the notice, first and last day
//       - name: 春节
//         first: 2024-02-10
//         last: 2024-02-17
//     makeup_workdays:                            # 调休上班: weekend days that are working days
//       - 2024-02-04
//
// Rules checked (each failure is a `ConfigError` naming file, line and key, e.g.
// `calendar/2024.yaml:12: holidays[2].last: '2024-02-30' is not a date (expected YYYY-MM-DD)`):
// - the file name is `YYYY.yaml` and `year` is that YYYY; no other keys;
// - `source` is not empty; `holidays` is a non-empty list; `makeup_workdays` is a list (may be empty);
// - every date is YYYY-MM-DD in the file's year or an adjacent one (the 2023 New Year holiday
//   began on 2022-12-31; the 2019 notice made 2018-12-29 a working day);
// - a holiday has `first <= last`, lasts at most 31 days, and does not overlap another holiday;
// - a make-up working day is a Saturday or Sunday, is listed once, and is not inside a holiday
//   (of this file or of any other loaded file).
// The format is also described in `config/calendar/README.md`.
import Foundation
import InspectCore
import Yams

public enum CalendarLoader {
    /// The subdirectory of the configuration directory that holds the calendar files.
    public static let subdirectory = "calendar"

    /// Loads `configDirectory/calendar/*.yaml`. Throws `ConfigErrors` listing every problem found
    /// (each a `ConfigError`). A missing `calendar` directory is an error; an empty one gives `[]`
    /// (a weekends-only calendar where every result is provisional).
    public static func load(configDirectory: String) throws -> [HolidayArrangement] {
        try loadCalendarDirectory((configDirectory as NSString).appendingPathComponent(subdirectory))
    }

    /// Loads and compiles `configDirectory/calendar/*.yaml` into a `WorkCalendar`.
    public static func workCalendar(configDirectory: String) throws -> WorkCalendar {
        WorkCalendar(arrangements: try load(configDirectory: configDirectory))
    }

    /// Loads every `*.yaml` / `*.yml` file of `directory` (not recursive), sorted by year.
    /// Throws `ConfigErrors` listing every problem found.
    public static func loadCalendarDirectory(_ directory: String) throws -> [HolidayArrangement] {
        let (arrangements, errors) = read(calendarDirectory: directory)
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return arrangements
    }

    /// Like `loadCalendarDirectory`, but returns the problems instead of throwing, so that a
    /// configuration loader can list them with its own (the arrangements of the files that were
    /// valid are returned too).
    public static func read(calendarDirectory directory: String) -> (arrangements: [HolidayArrangement], errors: [ConfigError]) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            return ([], [ConfigError(file: directory, ConfigProblem(.noCalendarDirectory))])
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: directory) } catch {
            return ([], [ConfigError(file: directory, ConfigProblem(.cannotListDirectory, error.localizedDescription))])
        }
        var errors: [ConfigError] = []
        var loaded: [(HolidayArrangement, String)] = []
        var years: [Int: String] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                guard let data = fm.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw ConfigError(file: path, ConfigProblem(.notUTF8Calendar))
                }
                let a = try parse(text, file: path)
                if let other = years[a.year] {
                    throw ConfigError(file: path, key: "year", ConfigProblem(.yearGivenTwice, "\(a.year)", other))
                }
                years[a.year] = path
                loaded.append((a, path))
            } catch let e as ConfigError {
                errors.append(e)
            } catch {
                errors.append(ConfigError(file: path, ConfigProblem(.unexpected, "\(error)")))
            }
        }
        errors += crossFileProblems(loaded)
        return (loaded.map(\.0).sorted { $0.year < $1.year }, errors)
    }

    /// Parses one calendar file. `file` is its path; the base name must be `YYYY.yaml`.
    public static func parse(_ text: String, file: String) throws -> HolidayArrangement {
        let root = try YAMLValue.parse(text, file: file)
        let m = try root.mapping(allowed: ["year", "source", "amendments", "holidays", "makeup_workdays"])
        let yearValue = try required(m, "year", in: root)
        let year = try yearValue.int(in: 1949...9998)
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        guard base == String(year) else {
            throw yearValue.error(.yearNotFileName, "\(year)", (file as NSString).lastPathComponent)
        }
        let source = try required(m, "source", in: root).nonEmptyString()
        let amendments = try m["amendments"]?.stringList() ?? []

        func dateInRange(_ v: YAMLValue) throws -> CivilDate {
            let d = try v.date()
            guard (year - 1...year + 1).contains(d.year) else {
                throw v.error(.notInYear, d.iso, "\(year)")
            }
            return d
        }

        let holidayValues = try required(m, "holidays", in: root).array()
        guard !holidayValues.isEmpty else { throw m["holidays"]!.error(.noHolidays) }
        var holidays: [HolidayArrangement.Holiday] = []
        for hv in holidayValues {
            let hm = try hv.mapping(allowed: ["name", "first", "last"])
            let name = try required(hm, "name", in: hv).nonEmptyString()
            let first = try dateInRange(try required(hm, "first", in: hv))
            let lastValue = try required(hm, "last", in: hv)
            let last = try dateInRange(lastValue)
            guard first <= last else { throw lastValue.error(.lastBeforeFirst, last.iso, first.iso) }
            guard first.days(to: last) < 31 else { throw lastValue.error(.holidayTooLong, "\(first.days(to: last) + 1)") }
            if let other = holidays.first(where: { $0.first <= last && first <= $0.last }) {
                throw hv.error(.holidaysOverlap, name, first.iso, last.iso, other.name, other.first.iso, other.last.iso)
            }
            holidays.append(.init(name: name, first: first, last: last))
        }

        var makeup: [CivilDate] = []
        if let mv = m["makeup_workdays"] {
            for v in try mv.array() {
                let d = try dateInRange(v)
                guard d.isWeekend else { throw v.error(.makeupNotWeekend, d.iso, "\(weekdayName(d))") }
                guard !makeup.contains(d) else { throw v.error(.listedTwice, d.iso) }
                if let h = holidays.first(where: { $0.contains(d) }) {
                    throw v.error(.makeupInHoliday, d.iso, h.name, h.first.iso, h.last.iso)
                }
                makeup.append(d)
            }
        }
        return HolidayArrangement(year: year, holidays: holidays, makeupWorkdays: makeup.sorted(), source: source, amendments: amendments)
    }

    /// The loaded arrangements with `new` in place of its year's (or added): what a reload with
    /// that file in the calendar directory would load. Throws the problems `new` has with the
    /// others (a make-up day of one inside a holiday of another), naming `file`.
    public static func replacing(_ loaded: [HolidayArrangement], with new: HolidayArrangement, file: String) throws -> [HolidayArrangement] {
        let kept = loaded.filter { $0.year != new.year }
        let errors = crossFileProblems(kept.map { ($0, "calendar/\($0.year).yaml") } + [(new, file)])
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return (kept + [new]).sorted { $0.year < $1.year }
    }

    /// A make-up day of one file inside a holiday of another.
    static func crossFileProblems(_ loaded: [(HolidayArrangement, String)]) -> [ConfigError] {
        var errors: [ConfigError] = []
        for (a, fileA) in loaded {
            for d in a.makeupWorkdays {
                for (b, fileB) in loaded where b.year != a.year {
                    if let h = b.holiday(containing: d) {
                        errors.append(ConfigError(file: fileA, key: "makeup_workdays",
                                                  ConfigProblem(.makeupInHolidayOf, d.iso, h.name, fileB)))
                    }
                }
            }
        }
        return errors
    }

    private static func required(_ m: [String: YAMLValue], _ key: String, in parent: YAMLValue) throws -> YAMLValue {
        guard let v = m[key] else {
            throw ConfigError(file: parent.file, line: parent.line, key: parent.path.isEmpty ? key : "\(parent.path).\(key)", ConfigProblem(.missing))

        }
        return v
    }

    static func weekdayName(_ d: CivilDate) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][d.isoWeekday - 1]
    }
}
