import Foundation

/// A method call: `{"method": "iface.Method", "parameters": {...}, "oneway"?: true, "more"?: true, "upgrade"?: true}`.
///
/// Handlers receive one and usually only call ``decode(_:decoder:)``:
///
/// ```swift
/// struct ShowParams: Decodable { var id: String }
/// let params = try call.decode(ShowParams.self)   // a bad or missing "id" → InvalidParameter {parameter: "id"}
/// ```
public struct VarlinkCall: Sendable, Hashable {
    /// The fully qualified method name, e.g. `org.example.test.Ping`.
    public var method: String
    /// The call's parameters (empty when the caller sent none).
    public var parameters: [String: JSONValue]
    /// The caller wants no reply.
    public var oneway: Bool
    /// The caller accepts several replies (`"continues": true` on all but the last).
    public var more: Bool
    /// The caller asks to leave Varlink for a custom protocol after the reply.
    public var upgrade: Bool

    /// A call of `method` with the given parameters and flags.
    public init(method: String, parameters: [String: JSONValue] = [:], oneway: Bool = false, more: Bool = false, upgrade: Bool = false) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
        self.more = more
        self.upgrade = upgrade
    }

    /// A call whose parameters are `parameters` encoded as a JSON object.
    ///
    /// - Throws: `EncodingError`, or ``VarlinkConnectionError/malformedMessage(_:)`` if the
    ///   value does not encode to a JSON object.
    public init<P: Encodable>(method: String, encoding parameters: P, oneway: Bool = false, more: Bool = false, encoder: JSONEncoder = JSONEncoder()) throws {
        let value = try JSONValue(encoding: parameters, encoder: encoder)
        switch value {
        case .object(let members): self.init(method: method, parameters: members, oneway: oneway, more: more)
        case .null: self.init(method: method, oneway: oneway, more: more)
        default: throw VarlinkConnectionError.malformedMessage("parameters of \(method) do not encode to a JSON object")
        }
    }

    /// The interface part of ``method`` (everything before the last dot).
    public var interfaceName: String {
        guard let dot = method.lastIndex(of: ".") else { return "" }
        return String(method[..<dot])
    }

    /// The member part of ``method`` (after the last dot), e.g. `Ping`.
    public var methodName: String {
        guard let dot = method.lastIndex(of: ".") else { return method }
        return String(method[method.index(after: dot)...])
    }

    /// Decodes the parameters into a `Decodable` struct.
    ///
    /// - Throws: ``VarlinkError/invalidParameter(_:)`` naming the offending field when a
    ///   parameter is missing or has the wrong type, so a handler can simply `try` it and let
    ///   the server answer `org.varlink.service.InvalidParameter`.
    public func decode<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        do {
            return try JSONValue.object(parameters).decode(T.self, decoder: decoder)
        } catch let error as DecodingError {
            throw VarlinkError.invalidParameter(error.varlinkParameterName)
        }
    }

    /// The JSON object sent on the wire for this call.
    public var jsonValue: JSONValue {
        var message: [String: JSONValue] = ["method": .string(method), "parameters": .object(parameters)]
        if oneway { message["oneway"] = true }
        if more { message["more"] = true }
        if upgrade { message["upgrade"] = true }
        return .object(message)
    }

    /// Reads a call from a received JSON object.
    ///
    /// A missing or `null` `parameters` is an empty object, as the Python client sends it.
    /// - Throws: ``VarlinkConnectionError/malformedMessage(_:)`` if `message` is not a call.
    public init(jsonValue message: JSONValue) throws {
        guard case .object(let members) = message else {
            throw VarlinkConnectionError.malformedMessage("a call must be a JSON object")
        }
        guard case .string(let method)? = members["method"] else {
            throw VarlinkConnectionError.malformedMessage("a call needs a string \"method\"")
        }
        var parameters: [String: JSONValue] = [:]
        switch members["parameters"] {
        case nil, .null?: break
        case .object(let value)?: parameters = value
        default: throw VarlinkConnectionError.malformedMessage("\"parameters\" must be a JSON object")
        }
        func flag(_ key: String) throws -> Bool {
            switch members[key] {
            case nil, .null?: return false
            case .bool(let value)?: return value
            default: throw VarlinkConnectionError.malformedMessage("\"\(key)\" must be a boolean")
            }
        }
        self.init(method: method, parameters: parameters, oneway: try flag("oneway"), more: try flag("more"), upgrade: try flag("upgrade"))
    }
}

extension DecodingError {
    /// The name of the parameter a decoding failure is about, as a dotted path
    /// (`entity.id`, `items[2].date`), for `InvalidParameter`.
    var varlinkParameterName: String {
        var path: [CodingKey]
        switch self {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        var name = ""
        for key in path {
            if let index = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == "\(index)" {
                name += "[\(index)]"
            } else {
                name += name.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return name.isEmpty ? "parameters" : name
    }
}
