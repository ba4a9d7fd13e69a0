import Foundation
import InspectCore

/// A calendar file (`calendar/YYYY.yaml`) as people keep it: the arrangement the loader reads,
/// and the comments that tie it to the notice (a header, the festival behind each make-up working
/// day, a note on an amended holiday). `text` writes it in the shipped layout; `parse` reads an
/// existing file back with its comments, so that amending a file does not lose them.
public struct CalendarFile: Hashable, Sendable {
    public var arrangement: HolidayArrangement
    /// Comment lines above `year:`, without the leading `# `.
    public var header: [String]
    /// A comment after a holiday's `last:`, by the holiday's position in `arrangement.holidays`.
    public var holidayComments: [Int: String]
    /// The comment after a make-up working day, e.g. `春节 (星期日上班)`.
    public var makeupComments: [CivilDate: String]

    public init(arrangement: HolidayArrangement, header: [String] = [], holidayComments: [Int: String] = [:], makeupComments: [CivilDate: String] = [:]) {
        self.arrangement = arrangement; self.header = header
        self.holidayComments = holidayComments; self.makeupComments = makeupComments
    }

    /// The file for a notice as read: the shipped header and each make-up day's festival.
    public init(notice: HolidayNotice) {
        self.init(arrangement: notice.arrangement,
                  header: ["\(notice.year)年部分节假日安排 — \(notice.standardTitle)",
                           "Read from the notice's text by `inspectctl calendar import`; compare it with the published notice."],
                  makeupComments: notice.makeupComments)
    }

    /// Reads a file through `CalendarLoader.parse` (same rules, same errors), keeping its comments.
    public static func parse(_ text: String, file: String) throws -> CalendarFile {
        let a = try CalendarLoader.parse(text, file: file)
        var header: [String] = []
        var makeup: [CivilDate: String] = [:]
        var holidayComments: [Int: String] = [:]
        var holidayIndex = -1
        var inHeader = true
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.drop { $0 == " " }
            if inHeader, line.hasPrefix("#") { header.append(String(line.dropFirst().drop { $0 == " " })); continue }
            if !line.isEmpty { inHeader = false }
            guard let hash = line.range(of: " #") else {
                if line.hasPrefix("- name:") { holidayIndex += 1 }
                continue
            }
            let comment = String(line[hash.upperBound...].drop { $0 == " " })
            let value = line[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("- name:") { holidayIndex += 1 }
            if value.hasPrefix("- "), let d = CivilDate(iso: value.dropFirst(2)) { makeup[d] = comment }
            if value.hasPrefix("last:"), holidayIndex >= 0 { holidayComments[holidayIndex] = comment }
        }
        return CalendarFile(arrangement: a, header: header, holidayComments: holidayComments, makeupComments: makeup)
    }

    /// The YAML text, laid out as the shipped files are.
    public var text: String {
        let a = arrangement
        var out = header.map { "# \($0)\n" }.joined()
        out += "year: \(a.year)\nsource: \(Self.scalar(a.source))\n"
        if !a.amendments.isEmpty {
            out += "amendments:\n" + a.amendments.map { "  - \(Self.scalar($0))\n" }.joined()
        }
        out += "holidays:\n"
        for (i, h) in a.holidays.enumerated() {
            out += "  - name: \(Self.scalar(h.name))\n    first: \(h.first.iso)\n    last: \(h.last.iso)"
            out += holidayComments[i].map { "      # \($0)" } ?? ""
            out += "\n"
        }
        out += a.makeupWorkdays.isEmpty ? "makeup_workdays: []\n" : "makeup_workdays:\n"
        for d in a.makeupWorkdays {
            out += "  - \(d.iso)" + (makeupComments[d].map { "   # \($0)" } ?? "") + "\n"
        }
        return out
    }

    /// A YAML scalar: plain when YAML reads it back as the same string, double-quoted otherwise.
    static func scalar(_ s: String) -> String {
        let special: Set<Character> = ["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`"]
        let plain = !s.isEmpty && s.trimmingCharacters(in: .whitespaces) == s && !special.contains(s.first!)
            && !s.contains(": ") && !s.contains(" #") && !s.contains(where: \.isNewline)
            && !["true", "false", "yes", "no", "null", "on", "off", "~"].contains(s.lowercased()) && Double(s) == nil
        guard !plain else { return s }
        let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}
