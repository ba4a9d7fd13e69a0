import ArgumentParser
import InspectControl

/// `inspectctl whoami`: who the daemon takes you for (issue 12).
struct WhoAmICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show who the daemon takes you for: login, person, office and role.")

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print JSON.") var json = false

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
