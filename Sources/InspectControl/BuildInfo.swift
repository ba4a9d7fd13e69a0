import CBuildInfo

/// What this binary is (issue 15, "version and provenance"): the package version and the git
/// commit it was built from, shown by `--version` of both programs and by `inspectctl status`
/// for the daemon, so that an operator can tell a client and daemon that do not match.
public enum BuildInfo {
    /// The package version (`INSPECTD_VERSION` in Sources/CBuildInfo/build_info.c, or the one
    /// scripts/package was given).
    public static var version: String { String(cString: inspectd_build_version()) }
    /// The commit `scripts/package` built from; "development build" otherwise.
    public static var commit: String { String(cString: inspectd_build_commit()) }
    /// `0.1.0 (commit 3f2b8c6)`.
    public static var description: String { "\(version) (\(commit == "development build" ? commit : "commit \(commit)"))" }
}
