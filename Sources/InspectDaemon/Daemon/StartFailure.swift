import Foundation
import InspectConfig
import InspectStore

/// Why the daemon cannot start, in one line: the journal shows one entry and systemd restarts the
/// service (`Restart=on-failure`), so a database that is not up yet is retried without an operator.
public enum StartFailure {
    public static func line(_ error: any Error) -> String {
        if let s = error as? StorageFailure, case .unavailable(let message) = s {
            return "the database server cannot be reached: \(oneLine(message)); exiting (systemd starts the service again)"
        }
        return oneLine("\(error)")
    }

    /// The whole line on standard error, in the language of the daemon's locale (a Chinese
    /// installation's `LANG=zh_CN.UTF-8` reads Chinese in its journal): the database's own message
    /// quoted as it is.
    public static func message(_ error: any Error, environment: [String: String]) -> String {
        guard speaksChinese(environment) else { return "inspectd: cannot start: \(line(error))" }
        if let s = error as? StorageFailure {
            if case .unavailable(let message) = s {
                return "inspectd：无法启动：无法连接数据库服务器（数据库：\(oneLine(message))）；退出（systemd 将重新启动服务）"
            }
            return "inspectd：无法启动：\(oneLine(s.chinese))"
        }
        return "inspectd：无法启动：\(line(error))"
    }

    /// A configuration the daemon cannot start with. English, as it always was: the list under
    /// "invalid configuration:" (`single`: the one problem after "inspectd: "). Under a Chinese
    /// locale one line, each problem from its code, the file, line and key as they are.
    public static func message(_ errors: [ConfigError], single: Bool = false, environment: [String: String]) -> String {
        guard speaksChinese(environment) else {
            return single ? "inspectd: " + errors.map(\.description).joined(separator: "\n")
                          : "inspectd: invalid configuration:\n" + errors.map(\.description).joined(separator: "\n")
        }
        return "inspectd：配置无效：" + errors.map { oneLine($0.chinese) }.joined(separator: "；")
    }

    /// `INSPECTD_LOG_LEVEL` names no level: the daemon does not start (a typo would otherwise
    /// hide the diagnostics asked for).
    public static func logLevel(_ value: String, levels: [String], environment: [String: String]) -> String {
        guard speaksChinese(environment) else {
            return "inspectd: cannot start: INSPECTD_LOG_LEVEL=\(value) is not a level; use one of \(levels.joined(separator: ", "))"
        }
        return "inspectd：无法启动：INSPECTD_LOG_LEVEL=\(value) 不是日志级别；可用：\(levels.joined(separator: "、"))"
    }

    /// The locale's language as inspectctl decides it: `LC_ALL`, else `LC_MESSAGES`, else `LANG`.
    public static func speaksChinese(_ environment: [String: String]) -> Bool {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.hasPrefix("zh")
        }
        return false
    }

    /// libpq's messages span lines ("…failed: Connection refused\n\tIs the server running…").
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
