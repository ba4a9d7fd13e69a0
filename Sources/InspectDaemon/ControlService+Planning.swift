import Varlink

extension Daemon {
    /// Planning, explaining and rules methods of `io.inspectd.Control`.
    func planningMethods() -> [String: VarlinkMethodHandler] { [:] }
}
