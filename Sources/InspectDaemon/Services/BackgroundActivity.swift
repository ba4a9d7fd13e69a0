import Locking
/// The work under way off the state queue, by name (`notice-run`, `delivery`, `rebuild`,
/// `catch-up`), for `status`: an operator sees what the daemon is busy with, a test waits until
/// it is idle.
final class BackgroundActivity: Sendable {
    private let counts = Locked<[String: Int]>([:])
    /// Pieces of work ended since start: a change tells ``IdleMemoryTrim`` there was work.
    private let ended = Locked<UInt64>(0)

    func begin(_ name: String) {
        counts.withLock { $0[name, default: 0] += 1 }
    }

    func end(_ name: String) {
        counts.withLock { c in
            c[name, default: 1] -= 1
            if c[name] == 0 { c[name] = nil }
        }
        ended.withLock { $0 &+= 1 }
    }

    /// How many pieces of work have ended since start.
    var endedCount: UInt64 { ended.withLock { $0 } }

    /// Runs `body` as work named `name`.
    func run<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        begin(name)
        defer { end(name) }
        return try body()
    }

    var names: [String] { counts.withLock { $0.keys.sorted() } }
}
