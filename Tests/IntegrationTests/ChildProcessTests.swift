import Foundation
import Testing

/// The test helper that starts daemons: environment hygiene and socket-activation descriptors.
@Suite("ChildProcess helper")
struct ChildProcessTests {
    @Test("passed descriptors arrive as 3… with LISTEN_FDS, LISTEN_PID = the child's pid, LISTEN_FDNAMES")
    func passesDescriptors() async throws {
        var pair: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0)
        defer { pair.forEach { close($0) } }
        let script = #"echo "$LISTEN_FDS $LISTEN_FDNAMES $(test "$LISTEN_PID" = "$$" && echo own-pid) $(test -S /proc/$$/fd/3 && echo socket-at-3) $(pwd)""#
        let child = try ChildProcess(
            "/bin/sh", arguments: ["-c", script], currentDirectory: "/tmp",
            passing: [pair[1]], fdNames: ["control"])
        #expect(try await child.wait(timeout: .seconds(30)) == .exited(0), "\(child.standardError)")
        #expect(child.standardOutput == "1 control own-pid socket-at-3 /tmp\n")
    }

    /// A file another test's thread is writing (Foundation's atomic write opens it without
    /// close-on-exec) must not stay open in a child started meanwhile: a hook script held open
    /// for writing by a long-lived child cannot be executed (ETXTBSY).
    @Test("no descriptor of the test process but the passed ones reaches the child")
    func closesOtherDescriptors() async throws {
        let path = NSTemporaryDirectory() + "inspectd-fd-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)  // no O_CLOEXEC, as Foundation's
        #expect(fd > 2)
        defer { close(fd); unlink(path) }
        let child = try ChildProcess("/bin/sh", arguments: ["-c", "ls /proc/$$/fd"])
        #expect(try await child.wait(timeout: .seconds(30)) == .exited(0), "\(child.standardError)")
        let seen = Set(child.standardOutput.split(separator: "\n").compactMap { Int32($0) })
        #expect(!seen.contains(fd) && seen.isSubset(of: [0, 1, 2, 3, 255]), "\(seen)")
    }

    @Test("service-manager variables are not inherited; given ones are set")
    func environmentHygiene() async throws {
        let child = try ChildProcess(
            "/bin/sh", arguments: ["-c", #"echo "[${WATCHDOG_PID-unset}] [${INSPECTD_X-unset}]""#],
            environment: ["INSPECTD_X": "x"])
        #expect(try await child.wait(timeout: .seconds(30)) == .exited(0))
        #expect(child.standardOutput == "[unset] [x]\n")
    }

    @Test("signals and exit statuses are reported")
    func signals() async throws {
        let child = try ChildProcess("/bin/sh", arguments: ["-c", "trap 'exit 7' TERM; echo trapped; while :; do sleep 0.05; done"])
        #expect(child.exitStatus == nil)
        while child.standardOutput.isEmpty && child.exitStatus == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        child.send(SIGTERM)
        #expect(try await child.wait(timeout: .seconds(30)) == .exited(7))

        let killed = try ChildProcess("/bin/sleep", arguments: ["30"])
        killed.send(SIGKILL)
        #expect(try await killed.wait(timeout: .seconds(30)) == .signaled(SIGKILL))
    }
}
