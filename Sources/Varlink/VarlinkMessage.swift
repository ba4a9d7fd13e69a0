import Foundation

/// One Varlink message on the wire: a JSON object followed by a NUL byte.
///
/// A message with a `"method"` member is a call; anything else is a reply.
public enum VarlinkMessage: Sendable, Hashable {
    case call(VarlinkCall)
    case reply(VarlinkReply)

    /// The message's JSON object.
    public var jsonValue: JSONValue {
        switch self {
        case .call(let call): return call.jsonValue
        case .reply(let reply): return reply.jsonValue
        }
    }

    /// The bytes to send: the compact JSON text and the terminating NUL.
    public func encoded() throws -> [UInt8] {
        var bytes = [UInt8](try jsonValue.jsonData())
        bytes.append(0)
        return bytes
    }

    /// Parses one received message (without its NUL terminator).
    ///
    /// - Throws: ``VarlinkConnectionError/malformedMessage(_:)`` if the bytes are not a JSON
    ///   object shaped like a call or a reply.
    public init<Bytes: Collection>(frame: Bytes) throws where Bytes.Element == UInt8 {
        let value: JSONValue
        do {
            value = try JSONValue(jsonData: Data(frame))
        } catch {
            throw VarlinkConnectionError.malformedMessage("not valid JSON")
        }
        guard case .object(let members) = value else {
            throw VarlinkConnectionError.malformedMessage("a message must be a JSON object")
        }
        if members["method"] != nil {
            self = .call(try VarlinkCall(jsonValue: value))
        } else {
            self = .reply(try VarlinkReply(jsonValue: value))
        }
    }
}
