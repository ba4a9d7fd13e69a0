extension ControlInterface {
    /// Planning, explaining and rules: methods and types.
    static let planningDescription = ""
}
