/// Splits a byte stream into NUL-terminated Varlink messages.
///
/// Feed it whatever `read()` returned, then take complete messages until it has none:
/// a message may arrive over many reads, and one read may carry several messages.
public struct VarlinkFrameReader: Sendable {
    /// The largest message accepted, in bytes, not counting the NUL.
    public let maxMessageSize: Int

    private var buffer: [UInt8] = []
    /// Where the next message starts in `buffer`.
    private var start = 0
    /// Bytes from `start` up to here are known to contain no NUL.
    private var scanned = 0

    /// A reader that refuses messages longer than `maxMessageSize` bytes.
    public init(maxMessageSize: Int = VarlinkServerConfiguration.defaultMaxMessageSize) {
        self.maxMessageSize = maxMessageSize
    }

    /// Bytes received but not yet returned as a message.
    public var pendingByteCount: Int { buffer.count - start }

    /// Bytes of memory the reader holds (its buffer's capacity): what a server counts against
    /// its bound on buffered input.
    public var retainedByteCount: Int { buffer.capacity }

    /// Appends received bytes.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if start > 0 && start == buffer.count { releaseConsumed() }
        buffer.append(contentsOf: bytes)
    }

    /// Forgets the consumed bytes; a buffer grown by a large message is given back (a connection
    /// that once sent 8 MiB must not hold 8 MiB while idle).
    private mutating func releaseConsumed() {
        if buffer.capacity > 65536 { buffer = [] } else { buffer.removeAll(keepingCapacity: true) }
        start = 0
        scanned = 0
    }

    /// The next complete message without its NUL, or `nil` if none is complete yet.
    ///
    /// - Throws: ``VarlinkConnectionError/messageTooLarge(limit:)`` when a message grows past
    ///   ``maxMessageSize``; the stream cannot be resynchronised and should be closed.
    public mutating func nextMessage() throws -> [UInt8]? {
        if let end = buffer[scanned...].firstIndex(of: 0) {
            guard end - start <= maxMessageSize else {
                throw VarlinkConnectionError.messageTooLarge(limit: maxMessageSize)
            }
            let message = Array(buffer[start..<end])
            start = end + 1
            scanned = start
            if start == buffer.count {
                releaseConsumed()
            } else if start > 65536 && start * 2 > buffer.count {
                buffer.removeFirst(start)
                start = 0
                scanned = 0
            }
            return message
        }
        scanned = buffer.count
        guard buffer.count - start <= maxMessageSize else {
            throw VarlinkConnectionError.messageTooLarge(limit: maxMessageSize)
        }
        return nil
    }
}
