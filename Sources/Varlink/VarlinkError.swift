import Foundation

/// A typed Varlink error: the `error` and `parameters` of an error reply.
///
/// Handlers throw it to answer a call with an error declared in their interface
/// (`error EntityNotFound (id: string)` → `VarlinkError(name: "org.example.EntityNotFound",
/// parameters: ["id": "E001"])`); ``VarlinkClient`` throws it when the service answers
/// with an error.
public struct VarlinkError: Error, Sendable, Hashable {
    /// The fully qualified error name, e.g. `org.varlink.service.MethodNotFound`.
    public var name: String
    /// The error's parameters (a JSON object; empty when the error has none).
    public var parameters: [String: JSONValue]

    /// An error with the given fully qualified name and parameters.
    public init(name: String, parameters: [String: JSONValue] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    /// An error whose parameters are `parameters` encoded as a JSON object.
    ///
    /// - Throws: `EncodingError`, or ``VarlinkConnectionError/malformedMessage(_:)`` if
    ///   `parameters` does not encode to a JSON object.
    public init<P: Encodable>(name: String, encoding parameters: P, encoder: JSONEncoder = JSONEncoder()) throws {
        let value = try JSONValue(encoding: parameters, encoder: encoder)
        guard case .object(let members) = value else {
            throw VarlinkConnectionError.malformedMessage("parameters of error \(name) do not encode to a JSON object")
        }
        self.init(name: name, parameters: members)
    }

    /// Decodes the error's parameters into a `Decodable` struct.
    public func decodeParameters<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try JSONValue.object(parameters).decode(T.self, decoder: decoder)
    }
}

// MARK: - The errors of org.varlink.service

extension VarlinkError {
    /// `org.varlink.service.InterfaceNotFound (interface: string)`.
    public static let interfaceNotFoundName = "org.varlink.service.InterfaceNotFound"
    /// `org.varlink.service.MethodNotFound (method: string)`.
    public static let methodNotFoundName = "org.varlink.service.MethodNotFound"
    /// `org.varlink.service.MethodNotImplemented (method: string)`.
    public static let methodNotImplementedName = "org.varlink.service.MethodNotImplemented"
    /// `org.varlink.service.InvalidParameter (parameter: string)`.
    public static let invalidParameterName = "org.varlink.service.InvalidParameter"
    /// Sent when a handler fails with an error that is not a `VarlinkError` (not part of the
    /// standard interface; the cause is reported to the server's log, never to the peer).
    public static let internalErrorName = "org.varlink.service.InternalError"

    /// The requested interface is not provided by this service.
    public static func interfaceNotFound(_ interface: String) -> VarlinkError {
        VarlinkError(name: interfaceNotFoundName, parameters: ["interface": .string(interface)])
    }

    /// The interface does not define the requested method (`method` is fully qualified).
    public static func methodNotFound(_ method: String) -> VarlinkError {
        VarlinkError(name: methodNotFoundName, parameters: ["method": .string(method)])
    }

    /// The interface defines the method but the service does not implement it.
    public static func methodNotImplemented(_ method: String) -> VarlinkError {
        VarlinkError(name: methodNotImplementedName, parameters: ["method": .string(method)])
    }

    /// One of the passed parameters (named by `parameter`) is missing or invalid.
    public static func invalidParameter(_ parameter: String) -> VarlinkError {
        VarlinkError(name: invalidParameterName, parameters: ["parameter": .string(parameter)])
    }

    /// The service failed in a way it does not describe to its peers.
    public static var internalError: VarlinkError { VarlinkError(name: internalErrorName) }
}

extension VarlinkError: CustomStringConvertible, LocalizedError {
    public var description: String {
        parameters.isEmpty ? name : "\(name) \(JSONValue.object(parameters).jsonText)"
    }

    public var errorDescription: String? { description }
}
