import Foundation

/// A value crossing the store's boundary to a database engine: what a column holds or an argument
/// binds. Both engines (SQLite, PostgreSQL) store integers, text and nulls; the schema keeps to
/// those (day numbers, unix seconds, JSON as text).
public enum StoreValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// A Swift value that binds as an argument and reads back from a column.
public protocol StoreValueConvertible {
    var storeValue: StoreValue { get }
    /// The value a column holds, or `nil` when it is not of this type (or is null).
    static func fromStoreValue(_ value: StoreValue) -> Self?
}

extension Int64: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(self) }
    public static func fromStoreValue(_ value: StoreValue) -> Int64? {
        switch value {
        case .integer(let i): i
        case .real(let d): Int64(exactly: d)
        case .text(let s): Int64(s)
        case .null: nil
        }
    }
}

extension Int: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(Int64(self)) }
    public static func fromStoreValue(_ value: StoreValue) -> Int? { Int64.fromStoreValue(value).flatMap { Int(exactly: $0) } }
}

extension Int32: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(Int64(self)) }
    public static func fromStoreValue(_ value: StoreValue) -> Int32? { Int64.fromStoreValue(value).flatMap { Int32(exactly: $0) } }
}

extension Bool: StoreValueConvertible {
    public var storeValue: StoreValue { .integer(self ? 1 : 0) }
    public static func fromStoreValue(_ value: StoreValue) -> Bool? { Int64.fromStoreValue(value).map { $0 != 0 } }
}

extension Double: StoreValueConvertible {
    public var storeValue: StoreValue { .real(self) }
    public static func fromStoreValue(_ value: StoreValue) -> Double? {
        switch value {
        case .integer(let i): Double(i)
        case .real(let d): d
        case .text(let s): Double(s)
        case .null: nil
        }
    }
}

extension String: StoreValueConvertible {
    public var storeValue: StoreValue { .text(self) }
    public static func fromStoreValue(_ value: StoreValue) -> String? {
        switch value {
        case .text(let s): s
        case .integer(let i): String(i)
        case .real(let d): String(d)
        case .null: nil
        }
    }
}

extension StoreValue {
    /// The value as a statement's argument (`nil` binds NULL).
    var argument: (any StoreValueConvertible)? {
        switch self {
        case .null: nil
        case .integer(let i): i
        case .real(let d): d
        case .text(let s): s
        }
    }
}

/// The arguments of a statement, in `?` order: `[id, name, day?.dayNumber]`.
public typealias StoreArguments = [(any StoreValueConvertible)?]

extension Array where Element == (any StoreValueConvertible)? {
    var storeValues: [StoreValue] { map { $0?.storeValue ?? .null } }
}
