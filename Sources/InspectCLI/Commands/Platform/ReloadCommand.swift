import ArgumentParser
import InspectControl

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: Help.text("Ask the daemon to reread its configuration and wait for the result.", "请守护进程重新读取配置，并等待结果。"),
        discussion: Help.text("A configuration with errors is refused and the running one kept; the errors are printed and the exit status is 1. The unit's ExecReload= uses this command.", "有错误的配置被拒绝，继续使用正在运行的配置；打印错误，退出状态为 1。服务单元的 ExecReload 使用本命令。"))
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.reload, as: Control.ReloadResult.self)
            print(Messages.say(.reloaded, "\(r.rules)", "\(r.supervisors)"))
        }
    }
}
