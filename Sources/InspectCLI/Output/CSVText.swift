/// CSV for a spreadsheet: UTF-8 with a BOM (Excel reads the Chinese), CRLF, fields quoted when
/// they hold a comma, a quote or a line break.
enum CSVText {
    static let bom = "\u{FEFF}"

    static func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }
}
