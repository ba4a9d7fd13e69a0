import ArgumentParser
import Foundation
import InspectControl
import InspectStore
import Varlink

/// `--socket`: where the daemon listens.
public struct ConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The daemon's control socket (default: $INSPECTD_SOCKET or /run/inspectd/control.sock).", "守护进程的控制套接字（默认：$INSPECTD_SOCKET 或 /run/inspectd/control.sock）。", valueName: "PATH"))
    var socket: String?

    public init() {}

    var path: String { socket ?? ProcessInfo.processInfo.environment["INSPECTD_SOCKET"] ?? "/run/inspectd/control.sock" }

    /// Calls a method of `io.inspectd.Control`, mapping errors to exit codes.
    func call<P: Encodable, R: Decodable>(_ method: ControlInterface.Method, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }

    /// Calls a method by its qualified name, mapping errors to exit codes (69: no daemon; typed
    /// errors of the interface: 65 or 1, see `CLIFailure.from`).
    func call<P: Encodable, R: Decodable>(qualified method: String, _ parameters: P, as type: R.Type) throws -> R {
        try exchange { try $0.call(method: method, parameters: parameters, as: R.self) }
    }

    /// `call` with the reply's parameters left as JSON text (`--json` passes a page's items on as
    /// they came: `RawPage`).
    func callRaw<P: Encodable>(qualified method: String, _ parameters: P) throws -> VarlinkRawReply {
        try exchange { try $0.callRaw(try VarlinkCall(method: method, encoding: parameters)) }
    }

    /// One exchange with the daemon on a new connection, its errors mapped to exit codes.
    private func exchange<R>(_ body: (VarlinkClient) throws -> R) throws -> R {
        do {
            return try attempt(body)
        } catch Unreachable.notConnected(let e) {
            throw notRunning(e)
        } catch Unreachable.lost(let e) {
            throw CLIFailure(Messages.say(.lostConnection, path, ConnectionErrorText.text(e)), code: CLIFailure.unavailable)
        }
    }

    private func notRunning(_ e: VarlinkConnectionError) -> CLIFailure {
        CLIFailure(Messages.say(.cannotReach, path, ConnectionErrorText.text(e)), code: CLIFailure.unavailable)
    }

    /// Why one call did not get an answer: no connection, or the connection lost after the request.
    private enum Unreachable: Error {
        case notConnected(VarlinkConnectionError)
        case lost(VarlinkConnectionError)
    }

    /// `body` on a new connection: its result, a typed error of the interface as `CLIFailure`, or
    /// why there was no answer (`Unreachable`).
    private func attempt<R>(_ body: (VarlinkClient) throws -> R) throws -> R {
        let client: VarlinkClient
        do {
            client = try VarlinkClient.connect(path: path, timeout: .seconds(60))
        } catch let e as VarlinkConnectionError {
            throw Unreachable.notConnected(e)
        }
        defer { client.close() }
        do {
            return try body(client)
        } catch let e as VarlinkError {
            throw CLIFailure.from(e)
        } catch let e as VarlinkConnectionError {
            throw Unreachable.lost(e)
        }
    }

    /// Calls a method with `more` and hands each reply, decoded, to `each` as it comes.
    func stream<P: Encodable, R: Decodable>(_ method: ControlInterface.Method, _ parameters: P, as type: R.Type, each: (R) throws -> Void) throws {
        try stream(qualified: method.qualified, parameters, as: type, each: each)
    }

    /// Each reply is decoded straight from its JSON text (`VarlinkRawReply.decode`): tables and
    /// CSV of a province's list are written at the rate they decode, with no `JSONValue` between.
    func stream<P: Encodable, R: Decodable>(qualified method: String, _ parameters: P, as type: R.Type, each: (R) throws -> Void) throws {
        try streamRaw(qualified: method, parameters) { try each(try $0.decode(R.self)) }
    }

    /// `stream` with each reply's parameters left as JSON text.
    func streamRaw<P: Encodable>(qualified method: String, _ parameters: P, each: (VarlinkRawReply) throws -> Void) throws {
        try exchange { try $0.streamRaw(try VarlinkCall(method: method, encoding: parameters), each: each) }
    }

    func call<R: Decodable>(_ method: ControlInterface.Method, as type: R.Type) throws -> R {
        try call(method, Control.Empty(), as: type)
    }

    /// A new id for one write (a command run): sent as `request_id`, it makes the write safe to repeat.
    static func newRequestID() -> String { UUID().uuidString.lowercased() }

    /// Calls a write that carries the request id `requestID`. When the connection is lost after the
    /// request went out — the daemon crashed or was restarted before it answered — the same request
    /// is sent again until the daemon answers (at most `patience`): the id makes the daemon return
    /// what the first call recorded instead of recording it twice. A daemon that is not running at
    /// all is reported at once, as for any call.
    func callRetrying<P: Encodable, R: Decodable>(qualified method: String, _ parameters: P, requestID: String, as type: R.Type,
                                                   patience: Duration = .seconds(60)) throws -> R {
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        var lost = false
        while true {
            do {
                return try attempt { try $0.call(method: method, parameters: parameters, as: R.self) }
            } catch Unreachable.notConnected(let e) {
                guard lost else { throw notRunning(e) }
                guard clock.now < deadline else {
                    throw CLIFailure(Messages.say(.requestUnanswered, Messages.pick("\(patience)", "\(patience.components.seconds) 秒"), requestID),
                                     code: CLIFailure.unavailable)
                }
            } catch Unreachable.lost(let e) {
                guard clock.now < deadline else {
                    throw CLIFailure(Messages.say(.requestLost, path, ConnectionErrorText.text(e), requestID), code: CLIFailure.unavailable)
                }
                if !lost { FileHandle.standardError.write(Data("inspectctl: \(Messages.say(.requestResent, ConnectionErrorText.text(e), requestID))\n".utf8)) }
                lost = true
            }
            Thread.sleep(forTimeInterval: 0.5)
        }
    }
}

extension CLIFailure {
    /// One line for a typed error of the interface.
    static func from(_ e: VarlinkError) -> CLIFailure {
        switch e.name {
        case ControlInterface.ErrorName.noSuchEntity.qualified:
            let p = try? e.decodeParameters(Control.NoSuchEntity.self)
            return CLIFailure(Messages.say(.noSuchEntity, p?.id ?? "?"), code: CLIFailure.dataError)
        case ControlInterface.ErrorName.noSuchRule.qualified:
            let p = try? e.decodeParameters(Control.NoSuchEntity.self)
            return CLIFailure(Messages.say(.noSuchRule, p?.id ?? "?"), code: CLIFailure.dataError)
        case ControlInterface.ErrorName.invalidArgument.qualified:
            let p = try? e.decodeParameters(Control.InvalidArgument.self)
            let reason = Language.current == .chinese ? p.flatMap(Messages.chineseReason) ?? p?.reason : p?.reason
            return CLIFailure(Messages.say(.invalid, FieldLabels.label(p?.field ?? "argument"), reason ?? Messages.pick("invalid", "无效")), code: CLIFailure.dataError)
        case ControlInterface.ErrorName.invalidData.qualified:
            let p = try? e.decodeParameters(Control.InvalidData.self)
            return CLIFailure(DataErrorMessages.text(p ?? Control.InvalidData(file: "input", line: nil, field: nil, reason: "invalid data")), code: CLIFailure.dataError)
        case ControlInterface.ErrorName.configInvalid.qualified:
            let p = try? e.decodeParameters(Control.ConfigInvalid.self)
            return CLIFailure(Messages.say(.configurationRefused, p.map { DataErrorMessages.text($0) } ?? ""))
        case ControlInterface.ErrorName.limitReached.qualified:
            let p = try? e.decodeParameters(Control.LimitReached.self)
            return CLIFailure(Messages.pick("inspectd refused the call (\(p?.limit ?? "limit")): \(p?.reason ?? "a limit was reached")",
                                            "inspectd 拒绝了此次调用（已达上限 \(p?.limit ?? "?")）：请稍后重试"), code: CLIFailure.temporaryFailure)
        case ControlInterface.ErrorName.storageFailed.qualified:
            let p = try? e.decodeParameters(Control.StorageFailed.self)
            return CLIFailure(Language.current == .chinese
                              ? "存储：" + StorageFailure.chinese(cause: p?.cause ?? "io", detail: nil)
                              : "storage (\(p?.cause ?? "?")): \(p?.reason ?? "the database refused")",
                              code: ["busy", "unavailable", "schema_newer"].contains(p?.cause ?? "") ? CLIFailure.temporaryFailure : CLIFailure.ioError)
        case ControlInterface.ErrorName.permissionDenied.qualified:
            let p = try? e.decodeParameters(Control.PermissionDenied.self)
            let reason = Language.current == .chinese
                ? p.map { "此操作需要\(Messages.neededRole($0.needed))；你的角色：\(Messages.word($0.role))" }
                : p?.reason
            return CLIFailure(Messages.say(.permissionDenied, reason ?? Messages.pick("\(p?.method ?? "the call") needs \(p?.needed ?? "another role")", "此操作需要其他角色")), code: CLIFailure.noPermission)
        default:
            return CLIFailure(ConnectionErrorText.unknownAnswer(e))
        }
    }
}
