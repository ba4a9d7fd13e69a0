import Foundation

/// A reply as received, its parameters left as JSON text: for a client that passes (part of) a
/// reply on without decoding it (``JSONScan`` finds the parts). Only `continues` and whether it is
/// an error reply are read.
public struct VarlinkRawReply: Sendable {
    /// The message's bytes, without the NUL.
    public let frame: [UInt8]
    /// Where the `parameters` object lies in `frame`; nil when the reply has none (or `null`).
    public let parameters: Range<Int>?
    /// More replies follow this one (only for calls with `more`).
    public let continues: Bool
    /// The reply carries an `error`.
    public let isError: Bool

    /// Reads the top level of a received reply.
    ///
    /// - Throws: ``VarlinkConnectionError/malformedMessage(_:)`` if it is not a JSON object.
    public init(frame: [UInt8]) throws {
        var parameters: Range<Int>?
        var continues = false, isError = false
        for m in try JSONScan.members(of: frame, in: frame.indices) {
            if JSONScan.key(m, in: frame, is: "parameters") {
                parameters = frame[m.value].elementsEqual("null".utf8) ? nil : m.value
            } else if JSONScan.key(m, in: frame, is: "continues") {
                continues = frame[m.value].elementsEqual("true".utf8)
            } else if JSONScan.key(m, in: frame, is: "error") {
                isError = !frame[m.value].elementsEqual("null".utf8)
            }
        }
        self.frame = frame
        self.parameters = parameters
        self.continues = continues
        self.isError = isError
    }

    /// The error of an error reply, parsed in full (error replies are short), else nil.
    public func varlinkError() throws -> VarlinkError? {
        guard isError else { return nil }
        guard case .reply(let reply) = try VarlinkMessage(frame: frame), let error = reply.varlinkError else {
            throw VarlinkConnectionError.malformedMessage("an error reply without an error name")
        }
        return error
    }
}

extension VarlinkRawReply {
    /// Decodes the parameters straight from their JSON text into a `Decodable` struct (no
    /// ``JSONValue`` in between: one pass over the text, where ``VarlinkReply/decode(_:decoder:)``
    /// takes three).
    ///
    /// - Throws: ``VarlinkConnectionError/malformedMessage(_:)`` describing the mismatch.
    public func decode<T: Decodable>(_ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try Self.decodeParameters(parameters.map { Data(frame[$0]) } ?? Data("{}".utf8), as: T.self, decoder: decoder)
    }

    /// Decodes a reply's parameters given as JSON text (a client's own cut of them).
    ///
    /// - Throws: ``VarlinkConnectionError/malformedMessage(_:)`` describing the mismatch.
    public static func decodeParameters<T: Decodable>(_ json: Data, as type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        do {
            return try decoder.decode(T.self, from: json)
        } catch let error as DecodingError {
            throw VarlinkConnectionError.malformedMessage("reply parameter \(error.varlinkParameterName) does not match \(T.self)")
        }
    }
}
