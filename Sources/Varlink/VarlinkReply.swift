import Foundation

/// A reply: `{"parameters": {...}}`, an error reply `{"error": "iface.Name", "parameters": {...}}`,
/// with `"continues": true` on all but the last reply of a `more` call.
public struct VarlinkReply: Sendable, Hashable {
    /// The reply's parameters (empty when the service sent none).
    public var parameters: [String: JSONValue]
    /// The fully qualified error name for an error reply, else `nil`.
    public var error: String?
    /// More replies follow this one (only for calls with `more`).
    public var continues: Bool

    /// A reply with the given parameters, error name and continuation flag.
    public init(parameters: [String: JSONValue] = [:], error: String? = nil, continues: Bool = false) {
        self.parameters = parameters
        self.error = error
        self.continues = continues
    }

    /// A successful reply whose parameters are `value` encoded as a JSON object
    /// (a value that encodes to `null` gives empty parameters).
    public init<R: Encodable>(encoding value: R, continues: Bool = false, encoder: JSONEncoder = JSONEncoder()) throws {
        switch try JSONValue(encoding: value, encoder: encoder) {
        case .object(let members): self.init(parameters: members, continues: continues)
        case .null: self.init(continues: continues)
        default: throw VarlinkConnectionError.malformedMessage("reply parameters do not encode to a JSON object")
        }
    }

    /// The error reply for `error`.
    public init(error: VarlinkError) {
        self.init(parameters: error.parameters, error: error.name)
    }

    /// The error this reply carries, or `nil` for a successful reply.
    public var varlinkError: VarlinkError? {
        error.map { VarlinkError(name: $0, parameters: parameters) }
    }

    /// Decodes the parameters into a `Decodable` struct.
    ///
    /// - Throws: ``VarlinkConnectionError/malformedMessage(_:)`` describing the mismatch.
    public func decode<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        do {
            return try JSONValue.object(parameters).decode(T.self, decoder: decoder)
        } catch let error as DecodingError {
            throw VarlinkConnectionError.malformedMessage("reply parameter \(error.varlinkParameterName) does not match \(T.self)")
        }
    }

    /// The JSON object sent on the wire for this reply.
    public var jsonValue: JSONValue {
        var message: [String: JSONValue] = ["parameters": .object(parameters)]
        if let error { message["error"] = .string(error) }
        if continues { message["continues"] = true }
        return .object(message)
    }

    /// Reads a reply from a received JSON object.
    ///
    /// - Throws: ``VarlinkConnectionError/malformedMessage(_:)`` if `message` is not a reply.
    public init(jsonValue message: JSONValue) throws {
        guard case .object(let members) = message else {
            throw VarlinkConnectionError.malformedMessage("a reply must be a JSON object")
        }
        var parameters: [String: JSONValue] = [:]
        switch members["parameters"] {
        case nil, .null?: break
        case .object(let value)?: parameters = value
        default: throw VarlinkConnectionError.malformedMessage("\"parameters\" must be a JSON object")
        }
        var error: String?
        switch members["error"] {
        case nil, .null?: break
        case .string(let value)?: error = value
        default: throw VarlinkConnectionError.malformedMessage("\"error\" must be a string")
        }
        var continues = false
        switch members["continues"] {
        case nil, .null?: break
        case .bool(let value)?: continues = value
        default: throw VarlinkConnectionError.malformedMessage("\"continues\" must be a boolean")
        }
        self.init(parameters: parameters, error: error, continues: continues)
    }
}
