/// One row a query returned, its columns read by position or by name, typed at the use
/// (`let day: Int32 = row["date"]`), as GRDB's `Row` is read.
public struct StoreRow: Sendable {
    /// The column names of the result, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]
        init(_ names: [String]) {
            self.names = names
            var index: [String: Int] = [:]
            for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
            self.index = index
        }
    }
    let columns: Columns
    public let values: [StoreValue]

    init(columns: Columns, values: [StoreValue]) {
        self.columns = columns
        self.values = values
    }

    public func hasColumn(_ name: String) -> Bool { columns.index[name] != nil }

    public func value(_ name: String) -> StoreValue {
        guard let i = columns.index[name] else { preconditionFailure("the result has no column '\(name)' (columns: \(columns.names))") }
        return values[i]
    }

    /// A column that may be null.
    public subscript<T: StoreValueConvertible>(_ i: Int) -> T? { T.fromStoreValue(values[i]) }
    public subscript<T: StoreValueConvertible>(_ name: String) -> T? { T.fromStoreValue(value(name)) }

    /// A column the schema declares NOT NULL (a null or mistyped value is a broken database,
    /// reported with the column's name).
    public subscript<T: StoreValueConvertible>(_ i: Int) -> T {
        guard let v = T.fromStoreValue(values[i]) else { preconditionFailure("column \(columns.names[i]) holds \(values[i]), not \(T.self)") }
        return v
    }
    public subscript<T: StoreValueConvertible>(_ name: String) -> T {
        guard let v = T.fromStoreValue(value(name)) else { preconditionFailure("column \(name) holds \(value(name)), not \(T.self)") }
        return v
    }
}
