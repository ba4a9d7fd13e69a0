extension ControlInterface {
    /// Sampling (双随机) and the inspector pool: methods and types. (Filled in by the sampling work.)
    static let samplingDescription = ""
}
