import ArgumentParser
import InspectControl

/// `inspectctl whoami`: who the daemon takes you for (issue 12).
struct WhoAmICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: Help.text("Show who the daemon takes you for: login, person, office and role.", "显示守护进程认定的你：登录名、人员、机关和角色。"))

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。")) var json = false

    func run() throws {
        try reportingFailures {
            let w = try connection.call(.whoAmI, Control.Empty(), as: Control.WhoAmI.self)
            if json { try printJSON(w); return }
            let rows: [(String, String)] = [
                ("Login", (w.login ?? "-") + " (uid \(w.uid))"),
                ("Person", w.supervisor.map { "\($0) \(w.name ?? "")" } ?? "-"),
                ("Office", w.office ?? "-"),
                ("Role", "\(Messages.word(w.role)) (\(w.because))"),
                ("Groups", w.groups.isEmpty ? "-" : w.groups.joined(separator: ", ")),
            ]
            print(Messages.fields(rows))
        }
    }
}
