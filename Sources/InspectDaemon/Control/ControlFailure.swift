import InspectConfig
import InspectControl
import InspectStore
import Varlink

/// A control call refused for a reason the caller can act on; mapped to a typed Varlink error of
/// `io.inspectd.Control`.
enum ControlFailure: Error {
    case noSuchEntity(String)
    case invalidArgument(field: String, reason: String, code: ControlReason? = nil)
    /// A problem in an imported file; `note` adds to its English sentence what became of the call.
    case invalidData(ConfigError, note: String? = nil)
    /// A configuration refused: each problem located and coded (`unlocated`: errors that are no
    /// ``ConfigError``, in English only).
    case configInvalid([ConfigError], unlocated: [String] = [])
    case noSuchRule(String)
    case storage(StorageFailure)
    /// The caller's role does not allow the call (issue 12); `needed` names the role that would.
    case permissionDenied(method: String, role: String, needed: String, reason: String)
}

import InspectCore

extension ControlFailure {
    /// A `YYYY-MM-DD` date from field `field`, inside `CivilDate.factRange` (issue 10: a fact dated
    /// 0001-01-01 or an approval in 2999 is a typing error, refused naming the field).
    static func date(_ text: String, field: String) throws -> CivilDate {
        guard let d = CivilDate(iso: text) else { throw ControlFailure.invalid(field, ControlReason(.notADate, "\(text)", "2000–2099")) }
        guard CivilDate.factRange.contains(d) else {
            throw ControlFailure.invalid(field, ControlReason(.outOfRange, "\(text)", "\(CivilDate.factRangeText)"))
        }
        return d
    }

    /// A `YYYY-MM-DD[THH:MM[:SS]]` instant from field `field`, its date inside `CivilDate.factRange`.
    static func dateTime(_ text: String, field: String) throws -> LocalDateTime {
        guard let t = LocalDateTime(iso: text) else {
            throw ControlFailure.invalid(field, ControlReason(.notADateTime, "\(text)"))
        }
        guard CivilDate.factRange.contains(t.date) else {
            throw ControlFailure.invalid(field, ControlReason(.outOfRange, "\(text)", "\(CivilDate.factRangeText)"))
        }
        return t
    }

    /// A page's `limit` (default `Control.ParameterLimits.defaultPageSize`), inside `pageSize`.
    static func pageSize(_ limit: Int?) throws -> Int {
        let limit = limit ?? Control.ParameterLimits.defaultPageSize
        let range = Control.ParameterLimits.pageSize
        guard range.contains(limit) else { throw ControlFailure.invalid("limit", ControlReason(.outOfRange, "\(limit)", "\(range.lowerBound)…\(range.upperBound)")) }
        return limit
    }

    /// `within_days`, inside `Control.ParameterLimits.withinDays`.
    static func withinDays(_ w: Int?) throws -> Int? {
        guard let w else { return nil }
        let range = Control.ParameterLimits.withinDays
        guard range.contains(w) else {
            throw ControlFailure.invalid("within_days", ControlReason(.outOfRange, "\(w)", "\(range.lowerBound)…\(range.upperBound) (days ahead, at most ten years)"))
        }
        return w
    }
}
extension ControlFailure {
    /// An argument refused for a reason with a code: the English sentence and the code with its values.
    static func invalid(_ field: String, _ reason: ControlReason) -> ControlFailure {
        .invalidArgument(field: field, reason: reason.english, code: reason)
    }

    /// The same, with its own English sentence (where the template's would read wrongly).
    static func invalid(_ field: String, _ reason: ControlReason, english: String) -> ControlFailure {
        .invalidArgument(field: field, reason: english, code: reason)
    }

    /// A refusal of the core: its field, its sentence, its code and values.
    static func refused(_ r: Refusal) -> ControlFailure {
        .invalidArgument(field: r.field, reason: r.reason, code: ControlReason(r))
    }

    var varlinkError: VarlinkError {
        let e: VarlinkError?
        switch self {
        case .noSuchEntity(let id):
            e = try? VarlinkError(name: ControlInterface.ErrorName.noSuchEntity.qualified, encoding: Control.NoSuchEntity(id: id))
        case .invalidArgument(let field, let reason, let code):
            e = try? VarlinkError(name: ControlInterface.ErrorName.invalidArgument.qualified,
                                  encoding: Control.InvalidArgument(field: field, reason: reason, code: code?.code.rawValue, values: code?.values))
        case .invalidData(let error, let note):
            var wire = Control.InvalidData(error)
            if let note { wire.reason += note }
            e = try? VarlinkError(name: ControlInterface.ErrorName.invalidData.qualified, encoding: wire)
        case .configInvalid(let errors, let unlocated):
            e = try? VarlinkError(name: ControlInterface.ErrorName.configInvalid.qualified,
                                  encoding: Control.ConfigInvalid(errors: errors.map(\.description) + unlocated, problems: errors.map(Control.InvalidData.init)))
        case .storage(let s):
            e = try? VarlinkError(name: ControlInterface.ErrorName.storageFailed.qualified, encoding: Control.StorageFailed(cause: s.cause, reason: s.description))
        case .noSuchRule(let id):
            e = try? VarlinkError(name: ControlInterface.ErrorName.noSuchRule.qualified, encoding: Control.NoSuchEntity(id: id))
        case .permissionDenied(let method, let role, let needed, let reason):
            e = try? VarlinkError(name: ControlInterface.ErrorName.permissionDenied.qualified,
                                  encoding: Control.PermissionDenied(method: method, role: role, needed: needed, reason: reason))
        }
        return e ?? VarlinkError.internalError
    }
}

extension Control.InvalidData {
    /// A located problem of a file as it travels: the English sentence, the code and its values.
    init(_ e: ConfigError) {
        self.init(file: e.file, line: e.line, field: e.key, reason: e.reason, code: e.problem.code.rawValue, values: e.problem.values)
    }
}
