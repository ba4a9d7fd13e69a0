import Dispatch

/// A dispatch source (a timer, a signal) a service holds to cancel it later.
///
/// @unchecked Sendable: GCD's sources are thread-safe objects — resumed, cancelled and their
/// handlers run from any thread — but Dispatch does not mark them Sendable.
struct DispatchSourceHandle: @unchecked Sendable {
    let source: any DispatchSourceProtocol

    func cancel() { source.cancel() }
}
