/// Which Unix groups give which role over the control socket (`access:` in inspectd.yaml), as
/// systemd's own tools use groups (`systemd-journal`, `adm`). A supervisor is known by the login
/// of a `supervisors[]` entry (`user:`), not by a group; root and the service's own user are
/// admins whatever the groups say (issue 12).
public struct AccessGroups: Sendable, Equatable {
    /// Import directories, reload, manage the inspector pool and hooks; everything else too.
    public var admin: [String]
    /// Everything within their office: records, plans, waivers, draws, grades, corrections.
    public var manager: [String]
    /// Queries only (also anyone else who can open the socket).
    public var reader: [String]

    public init(admin: [String] = ["inspectd-admin"], manager: [String] = ["inspectd-manager"], reader: [String] = ["inspectd"]) {
        self.admin = admin; self.manager = manager; self.reader = reader
    }

    /// The shipped defaults: groups `inspectd-admin`, `inspectd-manager`, `inspectd`.
    public static let defaults = AccessGroups()
}
