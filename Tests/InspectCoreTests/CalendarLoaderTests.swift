import Foundation
import InspectConfig
import InspectCore
import Testing

/// `CalendarLoader`: the shipped files and the errors a person sees for bad data.
@Suite("Calendar files")
struct CalendarLoaderTests {
    /// Writes `files` into a fresh `DIR/calendar/` and loads it; returns the errors (empty on success).
    func load(_ files: [String: String]) throws -> (arrangements: [HolidayArrangement], errors: [ConfigError]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inspectd-cal-\(UUID().uuidString)")
        let cal = dir.appendingPathComponent("calendar")
        try FileManager.default.createDirectory(at: cal, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try text.write(to: cal.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        do {
            return (try CalendarLoader.load(configDirectory: dir.path), [])
        } catch let e as ConfigErrors {
            return ([], e.errors)
        }
    }

    static let good = """
        year: 2024
        source: 国办发明电〔2023〕7号 (2023-10-25)
        holidays:
          - name: 元旦
            first: 2024-01-01
            last: 2024-01-01
          - name: 春节
            first: 2024-02-10
            last: 2024-02-17
        makeup_workdays:
          - 2024-02-04
          - 2024-02-18
        """

    @Test("the shipped files load, with their sources and the 2020 amendment")
    func shipped() throws {
        let a = try CalendarFixtures.arrangements()
        #expect(a.count == 7)
        let y2020 = try #require(a.first { $0.year == 2020 })
        #expect(y2020.source == "国办发明电〔2019〕16号 (2019-11-21)")
        #expect(y2020.amendments.first?.hasPrefix("国办发明电〔2020〕1号") == true)
        #expect(!y2020.makeupWorkdays.contains(try day("2020-02-01")))
        let sf = try #require(y2020.holidays.first { $0.name == "春节" })
        #expect(sf.last == (try day("2020-02-02")))
        let y2023 = try #require(a.first { $0.year == 2023 })
        #expect(y2023.holidays.first?.first == (try day("2022-12-31")))
    }

    @Test("a valid file loads")
    func valid() throws {
        let r = try load(["2024.yaml": Self.good])
        #expect(r.errors.isEmpty)
        #expect(r.arrangements.first?.holidays.count == 2)
        #expect(r.arrangements.first?.makeupWorkdays == [try day("2024-02-04"), try day("2024-02-18")])
    }

    @Test("a bad date names file, line and key")
    func badDate() throws {
        let r = try load(["2024.yaml": Self.good.replacingOccurrences(of: "last: 2024-02-17", with: "last: 2024-02-30")])
        let e = try #require(r.errors.first)
        #expect(e.file.hasSuffix("calendar/2024.yaml"))
        #expect(e.line == 9)
        #expect(e.key == "holidays[1].last")
        #expect(e.description.contains("2024.yaml:9: holidays[1].last: '2024-02-30' is not a date"))
    }

    @Test("first after last is rejected")
    func firstAfterLast() throws {
        let r = try load(["2024.yaml": Self.good.replacingOccurrences(of: "first: 2024-02-10", with: "first: 2024-02-20")])
        #expect(r.errors.first?.key == "holidays[1].last")
        #expect(r.errors.first?.line == 9)
    }

    @Test("a make-up day on a weekday is rejected")
    func makeupOnWeekday() throws {
        let r = try load(["2024.yaml": Self.good.replacingOccurrences(of: "- 2024-02-18", with: "- 2024-02-19")])
        let e = try #require(r.errors.first)
        #expect(e.key == "makeup_workdays[1]")
        #expect(e.line == 12)
        #expect(e.reason.contains("Monday"))
    }

    @Test("a make-up day inside a holiday is rejected")
    func makeupInsideHoliday() throws {
        let r = try load(["2024.yaml": Self.good.replacingOccurrences(of: "- 2024-02-18", with: "- 2024-02-11")])
        #expect(r.errors.first?.key == "makeup_workdays[1]")
    }

    @Test("the year must match the file name")
    func yearMismatch() throws {
        let r = try load(["2025.yaml": Self.good])
        let e = try #require(r.errors.first)
        #expect(e.key == "year")
        #expect(e.line == 1)
        #expect(e.reason.contains("2025.yaml"))
    }

    @Test("dates must be in the file's year or an adjacent one")
    func dateOutOfYear() throws {
        let r = try load(["2024.yaml": Self.good.replacingOccurrences(of: "first: 2024-01-01", with: "first: 2022-01-01")])
        #expect(r.errors.first?.key == "holidays[0].first")
    }

    @Test("unknown and missing keys are errors")
    func keys() throws {
        let unknown = try load(["2024.yaml": Self.good + "\nmakeup_days: []\n"])
        #expect(unknown.errors.first?.key == "makeup_days")
        let missing = try load(["2024.yaml": Self.good.replacingOccurrences(of: "source: 国办发明电〔2023〕7号 (2023-10-25)\n", with: "")])
        #expect(missing.errors.first?.key == "source")
        #expect(missing.errors.first?.reason == "missing")
    }

    @Test("overlapping holidays and invalid YAML are errors; every file's problems are listed")
    func several() throws {
        let overlapping = Self.good.replacingOccurrences(of: "first: 2024-02-10", with: "first: 2024-01-20")
            .replacingOccurrences(of: "last: 2024-01-01", with: "last: 2024-01-25")
        let r = try load(["2024.yaml": overlapping, "2025.yaml": "year: [2025\n"])
        #expect(r.errors.count == 2)
        #expect(r.errors.contains { $0.file.hasSuffix("2024.yaml") && $0.key == "holidays[1]" && $0.reason.contains("overlaps") })
        #expect(r.errors.contains { $0.file.hasSuffix("2025.yaml") && $0.reason.contains("not valid YAML") })
    }

    @Test("a make-up day of one file inside a holiday of another is an error")
    func crossFile() throws {
        let y2023 = """
            year: 2023
            source: test
            holidays:
              - name: 元旦
                first: 2023-12-30
                last: 2024-01-01
            """
        let y2024 = Self.good.replacingOccurrences(of: "- 2024-02-18", with: "- 2023-12-30")
        let r = try load(["2023.yaml": y2023, "2024.yaml": y2024])
        #expect(r.errors.contains { $0.file.hasSuffix("2024.yaml") && $0.reason.contains("2023-12-30") })
    }

    @Test("a missing calendar directory is an error")
    func missingDirectory() {
        #expect(throws: ConfigErrors.self) { try CalendarLoader.load(configDirectory: "/nonexistent-inspectd") }
    }
}
