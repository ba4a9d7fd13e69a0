import Foundation

/// A real PostgreSQL 15 (Debian's `postgresql-15`) for the tests (issue 16): `initdb` into a
/// temporary directory and `pg_ctl start` listening on a Unix socket in it (no TCP port, nothing
/// shared with a system cluster). Started once per test process; each test asks for a database
/// of its own (`createDatabase()`). As root, the server runs as the `postgres` user (initdb
/// refuses root).
public final class PostgresServer: @unchecked Sendable {
    public let directory: String
    public var socketDirectory: String { directory }
    public let port = 5432
    let runAs: String?

    public static let binaries = "/usr/lib/postgresql/15/bin"

    /// Whether the server's programs are installed (scripts/install-deps --test installs them).
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: binaries + "/initdb") }

    nonisolated(unsafe) private static var started: PostgresServer?
    private static let lock = NSLock()

    /// The process's server, started on first use.
    public static func shared() throws -> PostgresServer {
        lock.lock(); defer { lock.unlock() }
        if let s = started { return s }
        let s = try PostgresServer()
        started = s
        atexit { PostgresServer.started?.destroy() }
        return s
    }

    public init() throws {
        runAs = getuid() == 0 ? "postgres" : nil
        directory = "/tmp/inspectd-pg-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if runAs != nil { _ = try Self.run("/bin/chown", ["postgres:postgres", directory]) }
        _ = try run("initdb", ["-D", directory + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        let settings = """

            listen_addresses = ''
            unix_socket_directories = '\(directory)'
            fsync = off
            synchronous_commit = off
            max_connections = 200
            """
        let conf = directory + "/data/postgresql.conf"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: conf))
        handle.seekToEndOfFile()
        handle.write(Data(settings.utf8))
        try handle.close()
        try start()
    }

    /// Starts the server (again, after `stop()`), waiting until it accepts connections.
    public func start() throws {
        // The server outlives pg_ctl: its output must not be a pipe we read to the end.
        _ = try run("pg_ctl", ["-D", directory + "/data", "-l", directory + "/server.log", "-w", "-t", "60", "start"], capture: false)
    }

    /// Stops the server (`fast`: open sessions are ended).
    public func stop() {
        _ = try? run("pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"])
    }

    /// Makes `role` (created with `password`) log in with a password (SCRAM) on this server's
    /// socket, where everyone else is trusted; returns libpq's parameters for a database it owns.
    public func passwordRole(_ role: String, password: String) throws -> String {
        try psql("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
        let name = "pw_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try psql("CREATE DATABASE \(name) OWNER \(role)")
        let hba = directory + "/data/pg_hba.conf"
        let text = try String(contentsOfFile: hba, encoding: .utf8)
        try ("local all \(role) scram-sha-256\n" + text).write(toFile: hba, atomically: false, encoding: .utf8)
        _ = try run("pg_ctl", ["-D", directory + "/data", "reload"])
        Thread.sleep(forTimeInterval: 0.3)  // the postmaster rereads pg_hba.conf on SIGHUP
        return "host=\(socketDirectory) port=\(port) user=\(role) dbname=\(name)"
    }

    /// Stops the server and removes its directory (the end of its test, or of the process).
    public func destroy() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A new empty database; returns libpq's parameters for it.
    public func createDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try psql("CREATE DATABASE \(name)")
        return connection(database: name)
    }

    /// libpq's `key=value` parameters for a database of this server.
    public func connection(database: String) -> String {
        "host=\(socketDirectory) port=\(port) user=postgres dbname=\(database)"
    }

    /// Runs SQL as the superuser on `database`; returns what psql printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        try run("psql", ["-h", socketDirectory, "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1",
                         "-At", "-c", sql])
    }

    @discardableResult
    func run(_ program: String, _ arguments: [String], capture: Bool = true) throws -> String {
        var command = [Self.binaries + "/" + program] + arguments
        if let user = runAs { command = ["/usr/sbin/runuser", "-u", user, "--"] + command }
        // Through Python's subprocess, which closes every descriptor but 0–2 in the child: the
        // server outlives pg_ctl, and a descriptor of ours it inherited (Foundation's, which
        // tells Process that its child ended) would keep this call waiting for it.
        return try Self.run("/usr/bin/python3", ["-c", "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], close_fds=True).returncode)"] + command,
                            capture: capture)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static func run(_ path: String, _ arguments: [String], capture: Bool = true) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        p.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        let out = Pipe()
        p.standardOutput = capture ? out : FileHandle.nullDevice
        p.standardError = capture ? out : FileHandle.nullDevice
        try p.run()
        let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else {
            throw Failure(description: "\(path) \(arguments.joined(separator: " ")) exited \(p.terminationStatus): \(text)")
        }
        return text
    }
}
