import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl`: the control CLI of inspectd. Talks Varlink to the daemon's control socket;
/// `calendar` works offline on a configuration directory.
public struct Inspectctl: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inspectctl",
        abstract: Help.text("Query and record the supervision calendar kept by inspectd.", "查询和记录 inspectd 保存的监管日历。"),
        discussion: Help.text("Exit status: " + CLIFailure.exitStatuses.map { "\($0.code) \($0.meaning)" }.joined(separator: ", ") + ".",
                              "退出状态：" + CLIFailure.exitStatuses.map { "\($0.code) \($0.chineseMeaning)" }.joined(separator: "，") + "。"),
        version: BuildInfo.description,
        subcommands: [
            StatusCommand.self, UpcomingCommand.self, OverdueCommand.self, EntityCommand.self, InspectionCommand.self,
            NoticesCommand.self, NoticesDeadCommand.self, SimulateCommand.self, ReloadCommand.self, InspectorCommand.self,
            CalendarCommand.self,
            PlanCommand.self, ExplainCommand.self, RulesCommand.self, ConfigCommand.self,
            RectificationCommand.self, CaseCommand.self, DeadlinesCommand.self, EventCommand.self, GradeCommand.self,
            WhoAmICommand.self, AuditCommand.self, ExportCommand.self, ReportCommand.self, StorageCommand.self,
        ])

    /// `inspectctl --socket PATH COMMAND`: accepted before the command too; the commands share this group.
    @OptionGroup var connection: ConnectionOptions

    public init() {}

    /// As ArgumentParser's `main`, in the caller's language: its help pages (`--help`, `-h`,
    /// `help COMMAND`) and its usage errors are rendered unwrapped and given to `ChineseHelp`,
    /// which wraps the page by display width and, under a Chinese locale, puts ArgumentParser's
    /// own words in Chinese. The commands' texts are in the caller's language already
    /// (`Help.text`). `--version`, `--experimental-dump-help` and the completion scripts as they are.
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard !Help.isMachineReadable(CommandLine.arguments) else { exit(withError: error) }
            let text = fullMessage(for: error, columns: ChineseHelp.unwrapped)
            if text.hasPrefix("Error: ") {
                FileHandle.standardError.write(Data((ChineseHelp.render(text, width: ChineseHelp.screenWidth, language: Help.language) + "\n").utf8))
                exit(withError: exitCode(for: error))
            }
            // A help page has its usage; anything else (the version, an exit code) as it is.
            guard text.split(separator: "\n").contains(where: { $0.hasPrefix("USAGE: ") }) else { exit(withError: error) }
            print(ChineseHelp.render(text, width: ChineseHelp.screenWidth, language: Help.language))
            exit(withError: ExitCode.success)
        }
    }
}
