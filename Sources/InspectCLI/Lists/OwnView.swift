import Foundation
import InspectControl
import Varlink

/// Issue 12, "own view by default": a supervisor's `upcoming`, `overdue`, `deadlines` and
/// `notices` show their own entities, a manager's their office's (notices: everyone's), unless a
/// filter says otherwise (`--supervisor`, `--office`) or `--all` asks for everything. Decided here,
/// in the CLI, from `WhoAmI`: the daemon's lists answer every caller the same.
struct OwnView {
    var supervisor: String?
    var office: String?
    /// Said above a table on a terminal, so nobody takes their own list for the office's.
    var note: String?

    static func scope(_ connection: ConnectionOptions, explicit: Bool) throws -> OwnView {
        guard !explicit else { return OwnView() }
        let w: Control.WhoAmI
        do { w = try connection.call(.whoAmI, Control.Empty(), as: Control.WhoAmI.self) } catch let e as CLIFailure where e.code == CLIFailure.error {
            return OwnView()  // an older daemon without WhoAmI: everything, as before
        }
        switch w.role {
        case "supervisor":
            guard let s = w.supervisor else { return OwnView() }
            return OwnView(supervisor: s, note: Messages.pick("Your entities (\(s) \(w.name ?? "")); --all for everyone's.", "您负责的对象（\(s) \(w.name ?? "")）；--all 查看全部。"))
        case "manager":
            guard let o = w.office else { return OwnView() }
            return OwnView(office: o, note: Messages.pick("Your office's entities (\(o)); --all for every office's.", "本机关的对象（\(o)）；--all 查看所有机关。"))
        default:
            return OwnView()
        }
    }

    /// Prints the note above a table on a terminal.
    func announce(json: Bool) {
        if let note, !json, isatty(STDOUT_FILENO) == 1 { print(note) }
    }

    /// The request narrowed to the own view (a filter given stays).
    func narrow(_ r: Control.ListObligationsRequest) -> Control.ListObligationsRequest {
        var r = r
        if r.supervisor == nil { r.supervisor = supervisor }
        if r.office == nil { r.office = office }
        return r
    }

    /// The options that select the same list again (for the "N more" line).
    var arguments: String { commandLine("", ["supervisor": supervisor, "office": office]) }
}
