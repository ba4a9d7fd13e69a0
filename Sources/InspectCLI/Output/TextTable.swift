/// A plain aligned table for people: a header row, then rows, columns separated by two spaces
/// and padded by display width (see `DisplayWidth`).
public struct TextTable {
    public var header: [String]
    public var rows: [[String]] = []

    public init(_ header: [String]) { self.header = header }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public func render() -> String {
        let all = [header.map { Messages.heading($0) }] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        return all.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i == row.count - 1 ? cell : DisplayWidth.pad(cell, to: widths[i]) + "  "
            }
            return line
        }.joined(separator: "\n")
    }
}
