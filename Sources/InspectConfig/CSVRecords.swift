/// A minimal RFC 4180 CSV reader that remembers the physical line each record starts on.
///
/// Why not a CSV package: the error a manager needs is "line 17: unknown kind 'microlaon'", and
/// the CSV libraries available here (SwiftCSV, CSV.swift) do not report source line numbers of
/// records, which quoted fields with embedded newlines make impossible to recover afterwards.
struct CSVRecords {
    struct Record {
        /// 1-based physical line of the record's first character.
        var line: Int
        var fields: [String]
    }

    struct SyntaxError: Error {
        var line: Int
        var reason: String
    }

    static func parse(_ text: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() } // byte-order mark from spreadsheet exports
        var i = 0
        func endRecord() {
            fields.append(field)
            // A blank line is not a record.
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []; field = ""; fieldWasQuoted = false
        }
        while i < chars.count {
            let c = chars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 }
                    else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case ",":
                    fields.append(field); field = ""; fieldWasQuoted = false
                case "\"":
                    guard field.isEmpty else { throw SyntaxError(line: line, reason: "a quote inside an unquoted field (quote the whole field and double the inner quotes)") }
                    inQuotes = true; fieldWasQuoted = true
                case "\r":
                    if i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
                    endRecord(); line += 1; recordLine = line
                case "\n":
                    endRecord(); line += 1; recordLine = line
                default:
                    if fieldWasQuoted { throw SyntaxError(line: line, reason: "text after a closing quote") }
                    field.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        if inQuotes { throw SyntaxError(line: recordLine, reason: "a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return records
    }
}
