import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process for integration tests, started with `posix_spawn`: standard output and error
/// go to files (read them with ``standardOutput`` / ``standardError``), it runs in its own
/// process group, and it is killed (the whole group, `SIGKILL`) when the value is released
/// while it still runs.
///
/// Environment: the test process's environment without the variables that belong to the
/// service manager (`NOTIFY_SOCKET`, `WATCHDOG_*`, `LISTEN_*`, `JOURNAL_STREAM`,
/// `INVOCATION_ID` — other tests may set `NOTIFY_SOCKET` in-process), plus `environment`.
/// Pass `inheritEnvironment: false` to give exactly `environment`.
///
/// Socket activation: `passing: [fd]` hands those descriptors to the child as 3, 4, … with
/// `LISTEN_FDS`, `LISTEN_PID` (set to the child's own pid through a `/bin/sh` wrapper that
/// `exec`s the executable, so the pid is right) and, when given, `LISTEN_FDNAMES`. No other
/// descriptor of the test process reaches the child.
final class ChildProcess: @unchecked Sendable {
    enum Termination: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signaled(Int32)

        var description: String {
            switch self {
            case let .exited(code): return "exited with status \(code)"
            case let .signaled(signal): return "killed by signal \(signal)"
            }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not declare: found at run time.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Variables never inherited from the test process.
    static let managerVariables: Set<String> = [
        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID",
        "LISTEN_FDNAMES", "JOURNAL_STREAM", "INVOCATION_ID",
    ]

    let pid: pid_t
    let executable: String
    let arguments: [String]
    /// Files holding the child's standard output and standard error.
    let standardOutputPath: String
    let standardErrorPath: String
    private let directory: String
    private let lock = NSLock()
    private var termination: Termination?

    /// Starts `executable` (an absolute path) with `arguments`.
    ///
    /// - Parameters:
    ///   - environment: variables to set (on top of the inherited ones, see the type's notes).
    ///   - currentDirectory: the child's working directory.
    ///   - passing: descriptors for socket activation, see the type's notes.
    ///   - fdNames: `LISTEN_FDNAMES` entries, one per passed descriptor.
    init(
        _ executable: String, arguments: [String] = [], environment: [String: String] = [:],
        inheritEnvironment: Bool = true, currentDirectory: String? = nil,
        passing fds: [Int32] = [], fdNames: [String]? = nil
    ) throws {
        self.executable = executable
        self.arguments = arguments
        var template = Array("/tmp/inspectd-child-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(description: "mkdtemp failed") }
        directory = String(cString: made)
        standardOutputPath = directory + "/stdout"
        standardErrorPath = directory + "/stderr"

        var variables: [String: String] = [:]
        if inheritEnvironment {
            variables = ProcessInfo.processInfo.environment.filter { !Self.managerVariables.contains($0.key) }
        }
        variables.merge(environment) { _, new in new }

        var argv = [executable] + arguments
        var program = executable
        if !fds.isEmpty || currentDirectory != nil {
            // sh: cd, set LISTEN_PID to its own pid, then exec the program (same pid).
            var script = "d=$1; shift; if [ -n \"$d\" ]; then cd \"$d\" || exit 127; fi; "
            if !fds.isEmpty {
                script += "LISTEN_PID=$$; export LISTEN_PID; "
                variables["LISTEN_FDS"] = String(fds.count)
                if let fdNames { variables["LISTEN_FDNAMES"] = fdNames.joined(separator: ":") }
            }
            script += "exec \"$@\""
            program = "/bin/sh"
            argv = ["/bin/sh", "-c", script, "inspectd-test-wrapper", currentDirectory ?? ""] + argv
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, standardErrorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Move passed descriptors out of the way first, so 3, 4, … can be filled in any order.
        for (index, fd) in fds.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, fd, Int32(500 + index))
        }
        for index in fds.indices {
            posix_spawn_file_actions_adddup2(&actions, Int32(500 + index), 3 + Int32(index))
            posix_spawn_file_actions_addclose(&actions, Int32(500 + index))
        }
        // Nothing else of the test process: a descriptor another test's thread has open without
        // close-on-exec at this moment (Foundation's atomic write opens its temporary file so)
        // would otherwise live on in this child — and a script being written, held open for
        // writing by a child, cannot be executed (ETXTBSY) for as long as that child runs.
        _ = Self.addCloseFrom?(&actions, 3 + Int32(fds.count))

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGUSR1, SIGUSR2, SIGCHLD] {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(
            &attributes,
            Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let envp = variables.map { "\($0.key)=\($0.value)" }
        var child: pid_t = 0
        let result = Self.withCStrings(argv) { cArgv in
            Self.withCStrings(envp) { cEnvp in
                posix_spawn(&child, program, &actions, &attributes, cArgv, cEnvp)
            }
        }
        guard result == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    deinit {
        if !hasExited {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        unlink(standardOutputPath)
        unlink(standardErrorPath)
        rmdir(directory)
    }

    /// Sends `signal` to the child (`toGroup: true`: to its whole process group).
    func send(_ signal: Int32, toGroup: Bool = false) {
        kill(toGroup ? -pid : pid, signal)
    }

    /// Whether the child has exited (reaps it when it has).
    var hasExited: Bool { poll() != nil }

    /// How the child ended, or `nil` while it runs.
    var exitStatus: Termination? { poll() }

    /// Waits for the child to end and returns how it ended. Blocks the calling thread: from
    /// `async` code the suspending overload is chosen (`try await child.wait()`).
    ///
    /// - Throws: ``Failure`` when it is still running after `timeout` (it is left running).
    @discardableResult
    func wait(timeout: Duration = .seconds(30)) throws -> Termination {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let ended = poll() { return ended }
            if ContinuousClock.now >= deadline {
                throw Failure(description: "\(executable) still running after \(timeout); stderr:\n\(standardError)")
            }
            usleep(10_000)
        }
    }

    /// As the blocking `wait(timeout:)`, but suspends between checks (chosen from `async` code:
    /// `try await child.wait()`), so that waiting does not occupy one of Swift Testing's threads.
    @discardableResult
    func wait(timeout: Duration = .seconds(30)) async throws -> Termination {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let ended = poll() { return ended }
            if ContinuousClock.now >= deadline {
                throw Failure(description: "\(executable) still running after \(timeout); stderr:\n\(standardError)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// What the child has written to standard output so far.
    var standardOutput: String { Self.read(standardOutputPath) }
    /// What the child has written to standard error so far.
    var standardError: String { Self.read(standardErrorPath) }

    private func poll() -> Termination? {
        lock.lock()
        defer { lock.unlock() }
        if let termination { return termination }
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        guard reaped == pid else {
            if reaped < 0 && errno == ECHILD { termination = .exited(-1) }
            return termination
        }
        let signal = status & 0x7f
        termination = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        return termination
    }

    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    private static func withCStrings<R>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
    ) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
