import ArgumentParser
import Dispatch
import Foundation
import InspectConfig
import InspectControl
import InspectDaemon
import SystemdSupport

/// `inspectd`: runs in the foreground, as systemd expects (no forking, no PID file).
struct InspectdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspectd",
        abstract: "The supervision calendar daemon: keeps every due inspection and deadline and tells supervisors in time.",
        discussion: """
        Runs in the foreground. Under systemd (Type=notify) it reports READY/STATUS, pings the watchdog,
        reloads its configuration on SIGHUP or `inspectctl reload`, and stops cleanly on SIGTERM.
        Notices go to the systemd journal (or standard error when there is no journal; force with
        INSPECTD_LOG_TARGET=journal|stderr) and to the JSON-lines notice log in the state directory.
        INSPECTD_LOG_LEVEL=debug adds diagnostics: control calls handled in over 10 ms, with where
        their time went.
        """,
        version: BuildInfo.description)

    @Option(name: .long, help: ArgumentHelp("Configuration directory.", valueName: "DIR"))
    var config: String = "/etc/inspectd"

    @Option(name: .customLong("state-dir"), help: ArgumentHelp("State directory (SQLite database, notice log).", valueName: "DIR"))
    var stateDir: String = "/var/lib/inspectd"

    @Option(name: .long, help: ArgumentHelp("Control socket to create when systemd passes none.", valueName: "PATH"))
    var socket: String = "/run/inspectd/control.sock"

    @Option(name: .long, help: ArgumentHelp(
        "Start the daemon's clock at this instant instead of the system time (tests, demos, what-if runs), e.g. 2026-03-31T08:30, in the office's time zone.",
        valueName: "DATE[THH:MM]"))
    var now: String?

    @Option(name: .long, help: ArgumentHelp(
        "This daemon's name among those sharing one PostgreSQL database (storage.instance; default: the host name).",
        valueName: "NAME"))
    var instance: String?

    func run() throws {
        Daemon.blockHandledSignals()  // first: before any thread exists
        let environment = ProcessInfo.processInfo.environment
        guard let level = SystemdLogging.logLevel(environment: environment) else {
            FileHandle.standardError.write(Data((StartFailure.logLevel(environment[SystemdLogging.logLevelVariable] ?? "", levels: SystemdLogging.levelNames,
                                                                       environment: environment) + "\n").utf8))
            throw ExitCode(78)  // EX_CONFIG
        }
        SystemdLogging.bootstrap(identifier: "inspectd", logLevel: level)
        var options = DaemonOptions()
        options.configDirectory = config
        options.stateDirectory = stateDir
        options.socketPath = socket
        options.now = now
        options.instance = instance
        let daemon: Daemon
        do {
            daemon = try Daemon(options: options)
        } catch let e as ConfigErrors {
            FileHandle.standardError.write(Data((StartFailure.message(e.errors, environment: ProcessInfo.processInfo.environment) + "\n").utf8))
            throw ExitCode(78)  // EX_CONFIG
        } catch let e as ConfigError {
            FileHandle.standardError.write(Data((StartFailure.message([e], single: true, environment: ProcessInfo.processInfo.environment) + "\n").utf8))
            throw ExitCode(78)
        } catch {
            FileHandle.standardError.write(Data((StartFailure.message(error, environment: ProcessInfo.processInfo.environment) + "\n").utf8))
            throw ExitCode(1)
        }
        try daemon.start { _ in
            // Every write is one transaction, so stopping here loses nothing. Should exit() hang
            // on a lock held by another thread, end anyway before systemd's stop timeout.
            DispatchQueue.global().asyncAfter(deadline: .now() + 10) { _exit(0) }
            Foundation.exit(0)
        }
        dispatchMain()
    }
}

InspectdCommand.main()
