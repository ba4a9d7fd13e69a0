import Dispatch

/// A dispatch source (a timer, a signal) a service holds to cancel it later.
///
/// @unchecked Sendable: GCD's sources are thread-safe objects — resumed, cancelled and their
/// handlers run from any thread — but Dispatch does not mark them Sendable.
struct DispatchSourceHandle: @unchecked Sendable {
    let source: any DispatchSourceProtocol

    func cancel() { source.cancel() }
}

extension DispatchSourceHandle {
    /// A timer on a queue of its own, firing from `start` on every `interval`.
    static func timer(label: String, start: DispatchTime, every interval: DispatchTimeInterval, leeway: DispatchTimeInterval,
                      _ handler: @escaping @Sendable () -> Void) -> DispatchSourceHandle {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: label))
        timer.schedule(deadline: start, repeating: interval, leeway: leeway)
        timer.setEventHandler(handler: handler)
        timer.resume()
        return DispatchSourceHandle(source: timer)
    }
}
