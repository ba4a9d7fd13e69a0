import InspectControl

/// A control call refused for a reason the caller can act on; mapped to a typed Varlink error of
/// `io.inspectd.Control`.
enum ControlFailure: Error {
    case noSuchEntity(String)
    case invalidArgument(field: String, reason: String)
    case invalidData(file: String, line: Int?, field: String?, reason: String)
    case configInvalid([String])
    case noSuchRule(String)
}
