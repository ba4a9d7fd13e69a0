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
        var problem: ConfigProblem
    }

    /// Reads the records. Works on the UTF-8 bytes: every delimiter (`,` `"` CR LF) is ASCII, so
    /// a field is the bytes between them, decoded once (issue 11: scalar by scalar, a province's
    /// 1,000,000-row directory took 8 s to read at the first start).
    static func parse(_ text: String) throws -> [Record] {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0) }
    }

    static func parse(bytes all: UnsafeBufferPointer<UInt8>) throws -> [Record] {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [Record] = []
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var i = all.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // byte-order mark from spreadsheet exports
        let n = all.count
        func text(_ from: Int, _ to: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: all[from..<to]), as: UTF8.self) }
        func endRecord(_ quoted: Bool) {
            // A blank line is not a record.
            if !(fields.count == 1 && fields[0].isEmpty && !quoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        // One field per turn of this loop, then the delimiter after it.
        while true {
            var quoted = false
            if i < n, all[i] == quote {
                quoted = true
                i += 1
                var value: [UInt8] = []
                var start = i
                while true {
                    guard i < n else { throw SyntaxError(line: recordLine, problem: ConfigProblem(.unclosedQuote)) }
                    let c = all[i]
                    if c == quote {
                        value.append(contentsOf: UnsafeBufferPointer(rebasing: all[start..<i]))
                        if i + 1 < n, all[i + 1] == quote { value.append(quote); i += 2; start = i; continue }
                        i += 1
                        break
                    }
                    if c == lf { line += 1 }
                    i += 1
                }
                fields.append(String(decoding: value, as: UTF8.self))
                if i < n, all[i] != comma, all[i] != cr, all[i] != lf { throw SyntaxError(line: line, problem: ConfigProblem(.textAfterQuote)) }
            } else {
                let start = i
                while i < n, all[i] != comma, all[i] != cr, all[i] != lf {
                    if all[i] == quote { throw SyntaxError(line: line, problem: ConfigProblem(.quoteInside)) }
                    i += 1
                }
                fields.append(text(start, i))
            }
            guard i < n else {
                // The end: a last record without a line break (nothing at all after a final one).
                if !(fields.count == 1 && fields[0].isEmpty && !quoted) { records.append(Record(line: recordLine, fields: fields)) }
                return records
            }
            switch all[i] {
            case comma:
                i += 1
            case cr:
                i += (i + 1 < n && all[i + 1] == lf) ? 2 : 1
                endRecord(quoted); line += 1; recordLine = line
                if i >= n { return records }
            default:  // lf
                i += 1
                endRecord(quoted); line += 1; recordLine = line
                if i >= n { return records }
            }
        }
    }
}
