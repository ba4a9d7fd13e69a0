import Foundation
import ArgumentParser
import InspectControl

/// Prints a list page by page: one JSON array, or tables (`table`) with "N more" at the end.
///
/// The JSON array has one item to a line, each item compact as the daemon encodes it (issue 26:
/// `--json` writes the daemon's items as they came, `RawPage`, rather than decoding each and
/// encoding it again pretty-printed; keys in the interface's order, the same meaning as before).
struct PagePrinter<Item> {
    var json: Bool
    var table: ([Item]) -> String
    private var first = true
    init(json: Bool, table: @escaping ([Item]) -> String) { self.json = json; self.table = table }

    /// Prints decoded items (a reply that is not a `ControlListPage`, such as `simulate`'s days):
    /// in JSON encoded as the daemon encodes them, so that every list's `--json` looks alike.
    mutating func emit(_ list: [Item]) throws where Item: Encodable {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            var out: [UInt8] = []
            for o in list { append(Array(try encoder.encode(o))[...], to: &out) }
            writeStandardOutput(out)
        } else {
            emitTable(list)
        }
    }

    /// Prints items as a table (none: nothing).
    mutating func emitTable(_ list: [Item]) {
        guard !list.isEmpty else { return }
        print(table(list))
        first = false
    }

    /// `--json`: the page's items as the daemon sent them.
    mutating func emit<Page>(_ page: RawPage<Page>) {
        var out: [UInt8] = []
        out.reserveCapacity(page.frame.count + 4 * page.items.count)
        for r in page.items { append(page.frame[r], to: &out) }
        writeStandardOutput(out)
    }

    /// One item of the JSON array, on a line of its own: the array opened before the first.
    private mutating func append(_ item: ArraySlice<UInt8>, to out: inout [UInt8]) {
        out += (first ? "[\n  " : ",\n  ").utf8
        out += item
        first = false
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

/// Writes UTF-8 text to standard output with `print`, whose buffer the rest of the output goes
/// through too, so that the two keep their order (one `print` of a page: one copy of its text).
func writeStandardOutput(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    print(String(decoding: bytes, as: UTF8.self), terminator: "")
}

/// The command that shows a list again, for the "N more" line: `base` and each option given
/// (`--NAME VALUE`), in order; options left nil are left out.
func commandLine(_ base: String, _ options: KeyValuePairs<String, String?>) -> String {
    base + options.compactMap { name, value in value.map { " --\(name) \($0)" } }.joined()
}
