import ArgumentParser
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
}
