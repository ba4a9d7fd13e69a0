import ArgumentParser
import Foundation
import InspectControl

/// `inspectctl`: the control CLI of inspectd. Talks Varlink to the daemon's control socket;
/// `calendar` works offline on a configuration directory.
public struct Inspectctl: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inspectctl",
        abstract: "Query and record the supervision calendar kept by inspectd.",
        discussion: "Exit status: " + CLIFailure.exitStatuses.map { "\($0.code) \($0.meaning)" }.joined(separator: ", ") + ".",
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

    /// As ArgumentParser's `main`, with its usage errors framed in the caller's language (错误、
    /// 用法、详见): our own validation sentences are in the catalogue; ArgumentParser's own words
    /// for a missing or unknown argument stay as it writes them. Help and `--version` as they are.
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            guard Language.current == .chinese, exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let lines = fullMessage(for: error).split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                if line.hasPrefix("Error: ") { return "错误：" + line.dropFirst("Error: ".count) }
                if line.hasPrefix("Usage: ") { return "用法：" + line.dropFirst("Usage: ".count) }
                if let see = line.firstRange(of: "See '"), let end = line.range(of: "' for more information.") {
                    return String(line[..<see.lowerBound]) + "详见 " + line[see.upperBound..<end.lowerBound] + "。"
                }
                return String(line)
            }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            exit(withError: ExitCode.validationFailure)
        }
    }
}
