/// A handler's answer to a call with `more`: replies produced one after another, each sent as it
/// comes (`"continues": true` on all but the last), so that neither side holds a long list at once.
///
/// ```swift
/// "List": { call, _ in
///     guard call.more else { return firstPage() }
///     var cursor: String? = nil, done = false
///     return VarlinkReplyStream {
///         if done { return nil }
///         let page = nextPage(after: cursor); cursor = page.next; done = page.next == nil
///         return page
///     }
/// }
/// ```
///
/// The server calls `next` on the connection's thread until it returns `nil`; an error thrown
/// by `next` ends the stream with an error reply. A stream always sends at least one reply (an
/// empty one when the first `next` returns `nil`).
public struct VarlinkReplyStream: Encodable, @unchecked Sendable {
    // @unchecked Sendable: `next` is called on one thread, the connection's, one call at a time.
    public let next: () throws -> (any Encodable)?

    public init(_ next: @escaping () throws -> (any Encodable)?) { self.next = next }

    /// Encoded on its own (a handler that returned it to a call without `more`): nothing.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encodeNil()
    }
}
