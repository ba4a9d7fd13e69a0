import Foundation
@testable import InspectConfig
import Testing

/// The CSV reader works on bytes since issue 11 (8 s for a province's directory, scalar by
/// scalar). It must read every text as the scalar reader before it did — the same records on
/// the same lines, the same error on the same line — checked on random texts built from the
/// characters that matter (delimiters, quotes, line ends, a BOM, multi-byte characters).
@Suite("CSV reader")
struct CSVRecordsTests {
    /// The reader as it was before (the oracle).
    enum Reference {
        static func parse(_ text: String) throws -> [CSVRecords.Record] {
            var records: [CSVRecords.Record] = []
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
                    records.append(CSVRecords.Record(line: recordLine, fields: fields))
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
                        guard field.isEmpty else { throw CSVRecords.SyntaxError(line: line, problem: ConfigProblem(.quoteInside)) }
                        inQuotes = true; fieldWasQuoted = true
                    case "\r":
                        if i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
                        endRecord(); line += 1; recordLine = line
                    case "\n":
                        endRecord(); line += 1; recordLine = line
                    default:
                        if fieldWasQuoted { throw CSVRecords.SyntaxError(line: line, problem: ConfigProblem(.textAfterQuote)) }
                        field.unicodeScalars.append(c)
                    }
                }
                i += 1
            }
            if inQuotes { throw CSVRecords.SyntaxError(line: recordLine, problem: ConfigProblem(.unclosedQuote)) }
            if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
            return records
        }
    }

    enum Outcome: Equatable {
        case records([[String]], lines: [Int])
        case error(line: Int, reason: String)
    }

    static func outcome(_ read: () throws -> [CSVRecords.Record]) -> Outcome {
        do {
            let r = try read()
            return .records(r.map(\.fields), lines: r.map(\.line))
        } catch let e as CSVRecords.SyntaxError {
            return .error(line: e.line, reason: e.problem.english)
        } catch {
            return .error(line: -1, reason: "\(error)")
        }
    }

    @Test func readsEveryTextAsTheScalarReaderDid() {
        var rng = SplitMix(state: 20261130)
        let pieces = ["a", "b", "中", "𝄞", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "é", "x,y"]
        for n in 0..<20_000 {
            var text = n % 17 == 0 ? "\u{FEFF}" : ""
            for _ in 0..<Int(rng.next() % 24) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let expected = Self.outcome { try Reference.parse(text) }
            let actual = Self.outcome { try CSVRecords.parse(text) }
            #expect(actual == expected, "\(text.debugDescription)")
            if actual != expected { return }
        }
    }

    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
