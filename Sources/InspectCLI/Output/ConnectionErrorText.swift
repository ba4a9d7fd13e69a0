import Foundation
import Varlink

/// Why a call got no answer, and what an answer the CLI does not know means, in the caller's
/// language. The Varlink library says the first in English (`VarlinkConnectionError.description`,
/// with the C library's `strerror`), which stays the English text; the second is an error outside
/// `io.inspectd.Control` (a daemon older or newer than inspectctl, or one that failed inside).
enum ConnectionErrorText {
    /// The connection's failure: its English description, or its Chinese sentence.
    static func text(_ e: VarlinkConnectionError, in language: Language = Language.current) -> String {
        guard language == .chinese else { return "\(e)" }
        switch e {
        case .serviceUnavailable(let path, let code): return "\(path) 上没有服务：\(cause(code))"
        case .permissionDenied(let path): return "无权连接 \(path)"
        case .invalidAddress(let address): return "“\(address)”不是有效的 Unix 套接字地址"
        case .timedOut: return "等待服务答复超时"
        case .closed: return "连接已关闭"
        case .messageTooLarge(let limit): return "消息超过 \(limit) 字节"
        case .malformedMessage: return "收到的消息不是有效的 Varlink 消息"
        case .systemCallFailed(_, let code): return "系统调用失败：\(cause(code))"
        }
    }

    /// An errno of connecting or talking to the socket, in Chinese.
    static func cause(_ code: Int32) -> String {
        switch code {
        case ENOENT: "套接字文件不存在"
        case ECONNREFUSED: "没有进程在该套接字上监听"
        case ENOTDIR: "路径中有一部分不是目录"
        case EACCES, EPERM: "没有访问权限"
        case ECONNRESET: "连接被对方重置"
        case EPIPE: "连接已被对方关闭"
        case ETIMEDOUT: "连接超时"
        case EAGAIN: "资源暂时不可用"
        default: "系统错误 \(code)"
        }
    }

    /// A Varlink error that is not one of `io.inspectd.Control`'s: the English line as it always
    /// was (the error's name and parameters), or what it means in Chinese.
    static func unknownAnswer(_ e: VarlinkError, in language: Language = Language.current) -> String {
        guard language == .chinese else { return "the daemon answered \(e.name) \(e.parameters)" }
        switch e.name {
        case VarlinkError.methodNotFoundName, VarlinkError.interfaceNotFoundName, VarlinkError.methodNotImplementedName:
            return "守护进程不支持此调用（inspectd 的版本可能比 inspectctl 旧）"
        case VarlinkError.invalidParameterName:
            let parameter = e.parameters["parameter"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? "?"
            return "守护进程拒绝了参数 \(parameter)（inspectd 与 inspectctl 的版本可能不一致）"
        case VarlinkError.internalErrorName:
            return "守护进程内部出错（原因见守护进程的日志）"
        default:
            return "守护进程返回了未知的错误（inspectd 与 inspectctl 的版本可能不一致）"
        }
    }
}
