/// Handles one method call.
///
/// It runs on the connection's own thread, so it may block; calls on one connection are
/// handled one after another, calls on different connections concurrently. Return the reply
/// parameters as any `Encodable` that encodes to a JSON object (a `struct`, a
/// `[String: JSONValue]`, or ``VarlinkEmpty``); throw a ``VarlinkError`` for a typed error.
/// Any other error is logged and answered with `org.varlink.service.InternalError`.
public typealias VarlinkMethodHandler = @Sendable (_ call: VarlinkCall, _ peer: VarlinkPeer) throws -> any Encodable

/// An interface a ``VarlinkServer`` serves: its name, its IDL text (returned verbatim by
/// `org.varlink.service.GetInterfaceDescription`) and a handler per implemented method.
///
/// ```swift
/// let test = VarlinkInterface(name: "org.example.test", description: idl, methods: [
///     "Ping": { call, peer in
///         struct Params: Decodable { var ping: String }
///         struct Reply: Encodable { var pong: String }
///         return Reply(pong: try call.decode(Params.self).ping)
///     },
/// ])
/// ```
public struct VarlinkInterface: Sendable {
    /// The interface name; it must equal the name declared in ``description``.
    public var name: String
    /// The interface definition in the Varlink IDL.
    public var description: String
    /// Handlers by unqualified method name (`"Ping"`); each must be a method of the IDL.
    public var methods: [String: VarlinkMethodHandler]

    /// An interface called `name`, defined by the IDL text `description`, implemented by `methods`.
    public init(name: String, description: String, methods: [String: VarlinkMethodHandler]) {
        self.name = name
        self.description = description
        self.methods = methods
    }
}

/// Reply parameters for a method that returns nothing: encodes to `{}`.
public struct VarlinkEmpty: Codable, Sendable, Hashable {
    public init() {}
}
