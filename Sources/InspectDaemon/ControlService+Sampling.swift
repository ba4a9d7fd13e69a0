import Varlink

extension Daemon {
    /// Sampling (双随机) and inspector pool methods of `io.inspectd.Control`.
    func samplingMethods() -> [String: VarlinkMethodHandler] { [:] }
}
