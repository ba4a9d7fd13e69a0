import Foundation
import SystemdSupport
import Testing

/// `ServiceNotifier` messages arrive on a real `NOTIFY_SOCKET` datagram socket.
///
/// These tests set `NOTIFY_SOCKET` / `WATCHDOG_*` in the test process with `setenv` (sd_notify
/// reads the environment), so they run one at a time; `ChildProcess` never passes these
/// variables on, so tests that start daemons are not affected.
@Suite("sd_notify", .serialized)
struct ServiceNotifierTests {
    let notifier = ServiceNotifier()

    /// Runs `body` with NOTIFY_SOCKET pointing at a fresh socket, then unsets it.
    private func withNotifySocket(_ body: (NotifySocket) throws -> Void) throws {
        let socket = try NotifySocket()
        setenv("NOTIFY_SOCKET", socket.path, 1)
        defer { unsetenv("NOTIFY_SOCKET") }
        try body(socket)
    }

    @Test("READY, STATUS, STOPPING, WATCHDOG and raw messages arrive")
    func lifecycleMessages() throws {
        try withNotifySocket { socket in
            #expect(notifier.isEnabled)
            #expect(notifier.ready(status: "12 entities, 30 obligations\nnext due 2026-04-01"))
            let ready = try socket.waitFor("READY=1")
            #expect(ready["STATUS"] == "12 entities, 30 obligations next due 2026-04-01")
            #expect(ready.senderPID == getpid())

            #expect(notifier.status("3 overdue"))
            #expect(try socket.waitFor { $0["STATUS"] != nil }.raw == "STATUS=3 overdue")

            #expect(notifier.watchdog())
            #expect(try socket.waitFor("WATCHDOG=1").raw == "WATCHDOG=1")

            #expect(notifier.stopping())
            #expect(try socket.waitFor("STOPPING=1").raw == "STOPPING=1")

            #expect(notifier.notify("EXTEND_TIMEOUT_USEC=5000000"))
            try socket.waitFor("EXTEND_TIMEOUT_USEC=5000000")
        }
    }

    @Test("RELOADING=1 always carries MONOTONIC_USEC of CLOCK_MONOTONIC")
    func reloadingCarriesMonotonicTime() throws {
        try withNotifySocket { socket in
            let before = ServiceNotifier.monotonicMicroseconds()
            #expect(notifier.reloading())
            #expect(notifier.reloading(status: "reloading /etc/inspectd"))
            let after = ServiceNotifier.monotonicMicroseconds()
            for _ in 0..<2 {
                let message = try socket.waitFor("RELOADING=1")
                let stamp = try #require(message["MONOTONIC_USEC"].flatMap(UInt64.init), "\(message)")
                #expect(stamp >= before && stamp <= after)
            }
            #expect(socket.messages.last?["STATUS"] == "reloading /etc/inspectd")
            // Then READY=1 again once the reload has been applied.
            notifier.ready(status: "reloaded")
            try socket.waitFor("READY=1")
        }
    }

    @Test("without NOTIFY_SOCKET nothing is sent and nothing fails")
    func noSocket() {
        unsetenv("NOTIFY_SOCKET")
        #expect(!notifier.isEnabled)
        #expect(!notifier.ready(status: "x"))
        #expect(!notifier.reloading())
        #expect(!notifier.watchdog())
    }

    @Test("watchdog interval: half of WATCHDOG_USEC, only for our pid")
    func watchdogInterval() {
        defer {
            unsetenv("WATCHDOG_USEC")
            unsetenv("WATCHDOG_PID")
        }
        unsetenv("WATCHDOG_USEC")
        unsetenv("WATCHDOG_PID")
        #expect(notifier.watchdogInterval == nil)

        setenv("WATCHDOG_USEC", "30000000", 1)
        #expect(notifier.watchdogInterval == .seconds(15))

        setenv("WATCHDOG_PID", String(getpid()), 1)
        #expect(notifier.watchdogInterval == .seconds(15))

        setenv("WATCHDOG_PID", "1", 1)
        #expect(notifier.watchdogInterval == nil, "the watchdog belongs to another process")

        unsetenv("WATCHDOG_PID")
        setenv("WATCHDOG_USEC", "not a number", 1)
        #expect(notifier.watchdogInterval == nil)
    }

    @Test("no socket-activation descriptors unless LISTEN_PID is ours")
    func listenFDsForSomeoneElse() {
        setenv("LISTEN_FDS", "1", 1)
        setenv("LISTEN_PID", "1", 1)
        #expect(ListenFDs.take().isEmpty)
        #expect(getenv("LISTEN_FDS") == nil, "take() unsets the variables")
        unsetenv("LISTEN_PID")
        #expect(ListenFDs.takeNamed().isEmpty)
        #expect(ListenFDs.start == 3)
    }
}
