import Foundation
import InspectCore
import Testing

@Suite("LegalPeriod and LocalDateTime text forms")
struct LegalPeriodTests {
    @Test("parses and prints every unit", arguments: [
        ("30d", LegalPeriod.days(30)), ("60wd", .workingDays(60)), ("2m", .months(2)), ("1y", .years(1)), ("24h", .hours(24)),
        (" 5wd ", .workingDays(5)),
    ])
    func roundTrip(text: String, period: LegalPeriod) {
        #expect(LegalPeriod(text) == period)
        #expect(LegalPeriod(period.description) == period)
    }

    @Test("rejects malformed periods", arguments: ["", "d", "0d", "-3d", "3", "3w", "3 d", "3D", "1.5m", "wd5", "100001d", "99999999999999999999d"])
    func rejects(text: String) {
        #expect(LegalPeriod(text) == nil)
    }

    @Test("Codable as its text form")
    func codable() throws {
        let data = try JSONEncoder().encode([LegalPeriod.workingDays(60), .hours(24)])
        #expect(String(decoding: data, as: UTF8.self) == #"["60wd","24h"]"#)
        #expect(try JSONDecoder().decode([LegalPeriod].self, from: data) == [.workingDays(60), .hours(24)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([LegalPeriod].self, from: Data(#"["6x"]"#.utf8)) }
    }

    @Test("Deadline encodes dates as ISO text")
    func deadlineCodable() throws {
        let d = Deadline(end: try day("2024-10-08"), nominalEnd: try day("2024-10-01"), provisional: false)
        let json = String(decoding: try JSONEncoder().encode(d), as: UTF8.self)
        #expect(json.contains(#""end":"2024-10-08""#))
        #expect(try JSONDecoder().decode(Deadline.self, from: Data(json.utf8)) == d)
    }

    @Test("local date-times")
    func localDateTime() throws {
        let t = try #require(LocalDateTime(iso: "2024-02-29T23:59:30"))
        #expect(t.date == (try day("2024-02-29")))
        #expect((t.hour, t.minute, t.second) == (23, 59, 30))
        #expect(t.adding(seconds: 30).iso == "2024-03-01T00:00:00")
        #expect(LocalDateTime(iso: "2024-03-01 08:15")?.iso == "2024-03-01T08:15:00")
        #expect(LocalDateTime(iso: "2024-03-01")?.iso == "2024-03-01T00:00:00")
        #expect(LocalDateTime(iso: "1969-12-31T23:00")?.date == CivilDate(iso: "1969-12-31"))
        #expect(LocalDateTime(iso: "2024-03-01T25:00") == nil)
        #expect(LocalDateTime(iso: "2024-03-01T12:5") == nil)
    }
}
