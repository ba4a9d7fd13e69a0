import InspectControl

// `call` for the parts of `io.inspectd.Control` that keep their method names in enums of their
// own, so that each command can name its method as `.recordEvent` rather than by its qualified name.
extension ConnectionOptions {
    func call<P: Encodable, R: Decodable>(_ method: Control.LifecycleMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }

    func call<P: Encodable, R: Decodable>(_ method: Control.SamplingMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }

    func call<P: Encodable, R: Decodable>(_ method: Control.GradeMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }

    func call<P: Encodable, R: Decodable>(_ method: Control.HookMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }

    func call<P: Encodable, R: Decodable>(_ method: Control.VisitMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }
}
