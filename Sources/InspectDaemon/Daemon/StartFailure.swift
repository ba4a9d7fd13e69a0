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

    /// libpq's messages span lines ("…failed: Connection refused\n\tIs the server running…").
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
