import Dispatch
import Varlink

/// The daemon's state and the one queue it lives on (as GRDB's `SerializedDatabase` owns its
/// database and its queue). The state is reachable only through `read` and `write`, which run on
/// the queue: reads side by side, on every core; a write alone (a barrier), so that the core sees
/// a consistent world. Each access checks that it is not made from the queue itself, where a
/// `sync` would deadlock: a mistake stops the daemon at once instead of hanging it.
///
/// What takes seconds at a province's size never runs here (the notice run and the rebuilds work
/// on copies: value types, copy-on-write), so that no query waits for it.
final class StateQueue<State>: @unchecked Sendable {
    // @unchecked Sendable: `state` is only touched on `queue` (reads beside reads, writes in
    // barriers); GCD, not the compiler, keeps them apart.
    private let queue: DispatchQueue
    private var state: State
    /// Told of a barrier that held the queue longer than ``slowBarrier`` (every read waited for
    /// it), with where it was asked for: the daemon logs it at debug level beside its slow calls.
    private let slow: (@Sendable (_ held: UInt64, _ cpu: (onCPU: UInt64, waiting: UInt64)?, _ place: String) -> Void)?
    /// 10 ms in nanoseconds: as ``ControlServer/slowCall``.
    static var slowBarrier: UInt64 { 10_000_000 }

    init(label: String, _ state: sending State,
         slowBarrier: (@Sendable (_ held: UInt64, _ cpu: (onCPU: UInt64, waiting: UInt64)?, _ place: String) -> Void)? = nil) {
        queue = DispatchQueue(label: label, attributes: .concurrent)
        self.state = state
        slow = slowBarrier
    }

    /// Runs a barrier's body, timed when slow barriers are told.
    private func timed<T>(_ place: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard let slow else { return try body() }
        let sched = ThreadSchedStat()
        let cpu0 = sched?.read(), t0 = VarlinkCallTiming.now()
        defer {
            let held = VarlinkCallTiming.now() - t0
            if held > Self.slowBarrier {
                var cpu: (onCPU: UInt64, waiting: UInt64)?
                if let c0 = cpu0, let c1 = sched?.read(), c1.onCPU >= c0.onCPU, c1.waiting >= c0.waiting {
                    cpu = (c1.onCPU - c0.onCPU, c1.waiting - c0.waiting)
                }
                slow(held, cpu, place())
            }
        }
        return try body()
    }

    /// Runs `body`, which only reads, on the queue beside other reads.
    func read<T>(_ body: (State) throws -> T) rethrows -> T {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return try queue.sync { try body(state) }
    }

    /// Runs `body` on the queue alone (a barrier): it may change the state.
    func write<T>(file: StaticString = #fileID, line: UInt = #line, _ body: (inout State) throws -> T) rethrows -> T {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return try queue.sync(flags: .barrier) { try timed("\(file):\(line)") { try body(&state) } }
    }

    /// Runs `body` alone on the queue, later (timers, signals, the end of work done elsewhere).
    func writeAsync(after delay: DispatchTimeInterval? = nil, file: StaticString = #fileID, line: UInt = #line,
                    _ body: @escaping @Sendable (inout State) -> Void) {
        let work = DispatchWorkItem(flags: .barrier) { [self] in timed("\(file):\(line)") { body(&state) } }
        if let delay { queue.asyncAfter(deadline: .now() + delay, execute: work) } else { queue.async(execute: work) }
    }
}
