import Foundation
import ArgumentParser
import InspectControl

/// Prints a list page by page: one JSON array, or tables (`table`) with "N more" at the end.
struct PagePrinter<Item: Encodable> {
    var json: Bool
    var table: ([Item]) -> String
    private var first = true
    init(json: Bool, table: @escaping ([Item]) -> String) { self.json = json; self.table = table }

    mutating func emit(_ list: [Item]) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            for o in list {
                let text = String(decoding: try encoder.encode(o), as: UTF8.self).replacingOccurrences(of: "\n", with: "\n  ")
                print(first ? "[\n  " + text : ",\n  " + text, terminator: "")
                first = false
            }
        } else if !list.isEmpty {
            print(table(list))
            first = false
        }
    }

    /// Closes the JSON array, or says what is left and how to see it.
    func finish(_ last: (any ControlPage)?, command: String, empty: String) {
        if json { print(first ? "[]" : "\n]"); return }
        if first { print(Messages.sentence(empty)) }
        if let last, let next = last.next {
            print(Messages.say(.more, last.remaining.map(String.init) ?? "?", command, next))
        }
    }
}

/// The command that shows a list again, for the "N more" line: `base` and each option given
/// (`--NAME VALUE`), in order; options left nil are left out.
func commandLine(_ base: String, _ options: KeyValuePairs<String, String?>) -> String {
    base + options.compactMap { name, value in value.map { " --\(name) \($0)" } }.joined()
}
