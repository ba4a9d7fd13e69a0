import ArgumentParser
import InspectControl

struct ReloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Ask the daemon to reread its configuration and wait for the result.",
        discussion: "A configuration with errors is refused and the running one kept; the errors are printed and the exit status is 1. The unit's ExecReload= uses this command.")
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try reportingFailures {
            let r = try connection.call(.reload, as: Control.ReloadResult.self)
            print(Messages.say(.reloaded, "\(r.rules)", "\(r.supervisors)"))
        }
    }
}
