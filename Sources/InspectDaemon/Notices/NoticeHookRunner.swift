import Dispatch
import Foundation
import InspectConfig
import InspectCore
import InspectStore
import Locking
import Logging

/// One command hook sink (`notices.hooks.NAME`, or `notices.hook`): gives every delivered notice to
/// the office's program for that channel, one run per notice, the notice as one JSON object on standard input (the notice log's line).
/// Exit status 0 means accepted; anything else is recorded and retried with exponential back-off,
/// and dead-lettered once the retries are used up.
///
/// Runs happen on the runner's own serial queue, never on the daemon queue, and each hook has its
/// own runner: a slow or hanging program (killed after `timeout`) delays only its own channel.
/// The state is in the store, per hook.
///
/// Delivery to the hook is at least once: a notice whose run was under way when the daemon was
/// killed is run again after the restart. `INSPECTD_NOTICE_KEY` lets the program drop repeats.
final class NoticeHookRunner: Sendable {
    /// The hook's name: which `notices.hooks` entry, and its queue in the store.
    let name: String
    let store: FactStore
    let clock: DaemonClock
    let logger = Logger(label: "inspectd")
    private let queue: DispatchQueue
    /// What the runner's queue and its callers share.
    private struct Shared {
        /// The configuration of the latest trigger: the hook, the office and supervisor names.
        var configuration: Configuration?
        /// Next year's holiday arrangement is missing (from 1 November): the managers' digest says so once a week.
        var provisionalYear: ProvisionalYear?
        /// Reads each addressee's overdue items from the daemon's state, for the counts of a daily
        /// digest (issue 26): called once per pass that sends one, on the runner's queue — not
        /// at every trigger (each tick), where counting a province's deadlines would be wasted.
        var overdueTotals: (@Sendable () -> OverdueTotals)?
        /// A pass is queued and has not started yet: further triggers join it.
        var passQueued = false
        /// Identifies the latest wake-up scheduled for the next retry; older ones do nothing.
        var wakeGeneration = 0
        /// Since when new daily digests wait for the outbox's delivery to end (nil: not waiting).
        var holdingSince: ContinuousClock.Instant?
        /// The process group of the run under way (its leader's pid), 0 when none.
        var runningGroup: pid_t = 0
        /// Set by `stop()`: no further runs (the one under way finishes and is recorded).
        var stopped = false
        /// Set by `finish(within:)` when it had to kill the run under way: that outcome is not
        /// recorded (not the program's failure), so the notice is run again after the restart.
        var killed = false
        /// Hand-overs whose outcome the store has not taken yet, oldest first: recorded before
        /// anything else is handed over, never handed over again by this daemon.
        var unrecorded: [HandOver] = []
    }
    private let shared = Locked(Shared())

    /// The test hook that kills the daemon at a named step (`channel-sent`).
    let crashPoint: TestCrashPoint

    /// The daemon's instance name: the holder of the queue's lease while a pass runs.
    let holder: String
    /// Whether the daemon leads now (its leader's lease): asked before each send, beside the
    /// queue's own lease (issue 24).
    let mayAct: @Sendable () -> Bool

    init(name: String, store: FactStore, clock: DaemonClock, crashPoint: TestCrashPoint = TestCrashPoint(environment: [:]), holder: String = "inspectd",
         mayAct: @escaping @Sendable () -> Bool = { true }) {
        self.name = name
        self.holder = holder
        self.mayAct = mayAct
        self.crashPoint = crashPoint
        queue = DispatchQueue(label: "inspectd.hook.\(name)")
        self.store = store
        self.clock = clock
        // A hook that exits without reading its input must not kill the daemon with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }

    /// Runs the hook, soon and off the calling queue, for every notice due to it. Cheap: call it
    /// after each delivery and on every tick (the tick is the safety net for retries).
    func trigger(_ configuration: Configuration, provisionalYear: ProvisionalYear? = nil, overdueTotals: (@Sendable () -> OverdueTotals)? = nil) {
        let start = shared.withLock { s -> Bool in
            s.configuration = configuration
            s.provisionalYear = provisionalYear
            s.overdueTotals = overdueTotals
            guard hook(in: configuration) != nil, !s.passQueued, !s.stopped else { return false }
            s.passQueued = true
            return true
        }
        if start { queue.async { [self] in pass() } }
    }

    /// On shutdown or when a reload removed the hook: starts no further run. The run under way
    /// goes on; `finish(within:)` waits for it.
    func stop() {
        shared.withLock { $0.stopped = true }
    }

    /// Runs the queue again (this daemon leads again): passes resume on the runner's own queue,
    /// after the one that may still be under way since `stop()`.
    func resume() {
        shared.withLock { $0.stopped = false }
    }

    /// Waits until the run under way (if any) has ended and been recorded, at most `seconds`; then
    /// ends it (SIGTERM to its process group), and its notice is run again after the restart. A
    /// clean stop (`systemctl restart`) thus lets an SMS gateway that is answering finish, rather
    /// than making the notice go out twice.
    func finish(within seconds: Double) {
        let idle = DispatchSemaphore(value: 0)
        queue.async { [self] in
            // A clean stop records what was handed over and not yet recorded, if the store takes it now.
            if let hook = shared.withLock({ $0.configuration }).flatMap({ hook(in: $0) }) { try? recordHandOvers(hook) }
            idle.signal()
        }
        if idle.wait(timeout: .now() + seconds) == .success { return }
        let group = shared.withLock { s in
            s.killed = true
            return s.runningGroup
        }
        if group > 0 { kill(-group, SIGTERM) }
        _ = idle.wait(timeout: .now() + 2)
    }

    private var wasKilled: Bool { shared.withLock { $0.killed } }

    private func hook(in configuration: Configuration) -> NoticeHook? {
        configuration.hooks.first { $0.name == name }
    }

    private var isStopped: Bool { shared.withLock { $0.stopped } }

    /// Notes the run under way; false (and the child is signalled) when `finish` gave up meanwhile.
    private func running(_ pid: pid_t) -> Bool {
        let killed = shared.withLock { s in
            s.runningGroup = pid
            return s.killed
        }
        if killed && pid > 0 { kill(-pid, SIGTERM) }
        return !killed
    }

    private func pass() {
        let configuration = shared.withLock { s in
            s.passQueued = false
            return s.configuration
        }
        guard let configuration, let hook = hook(in: configuration), !isStopped else { return }
        // What this runner handed over and could not record yet is recorded first: found
        // unrecorded, it would be taken for unsent and sent again.
        do {
            try recordHandOvers(hook)
        } catch {
            logger.error("notice hook \(name): cannot record what it handed over yet (tried again in \(Self.busyRetrySeconds) s; nothing is sent meanwhile): \(error)")
            scheduleWake(at: clock.unixTime() + Self.busyRetrySeconds)
            return
        }
        // One daemon at a time runs the queue ; the lease outlasts any one run and is
        // renewed before each, and given back when the pass is over.
        do {
            guard try leased(hook) else {
                // Soon again: the holder is a daemon that led before this one, whose pass ends
                // (or which is found gone) within seconds — not at the next 30-second tick.
                logger.info("notice hook \(name): another daemon runs its queue now; trying again in \(Self.busyRetrySeconds) s")
                scheduleWake(at: clock.unixTime() + Self.busyRetrySeconds)
                return
            }
        } catch {
            // The database busy or out of reach (a lost leader's transaction still holding the
            // write lock): tried again soon, not only at the next tick.
            logger.error("notice hook \(name): cannot take its queue's lease (trying again in \(Self.busyRetrySeconds) s): \(error)")
            scheduleWake(at: clock.unixTime() + Self.busyRetrySeconds)
            return
        }
        defer { try? store.releaseHook(name, holder: holder) }
        do {
            if hook.kind != .command {
                if let held = try digestPass(hook, configuration) {
                    scheduleWake(at: held)
                } else if let next = try store.nextHookAttempt(name) {
                    scheduleWake(at: next)
                }
                return
            }
            while true {
                let batch = try store.pendingForHook(name, now: clock.unixTime(), limit: 50)
                if batch.isEmpty { break }
                for record in batch {
                    if isStopped { return }  // stopped, or removed from the configuration by a reload
                    guard mayAct(), try leased(hook) else { return }  // this daemon stopped leading, or the queue was taken
                    try run(record, hook: hook, configuration: configuration)
                }
            }
            if let next = try store.nextHookAttempt(name) { scheduleWake(at: next) }
        } catch {
            logger.error("notice hook \(name): cannot read or record its queue (trying again in \(Self.busyRetrySeconds) s): \(error)")
            scheduleWake(at: clock.unixTime() + Self.busyRetrySeconds)
        }
    }

    /// How soon a pass is tried again when another daemon holds the queue's lease.
    static let busyRetrySeconds: Int64 = 5

    /// Takes or renews the queue's lease: for longer than any one run of the hook.
    private func leased(_ hook: NoticeHook) throws -> Bool {
        try store.leaseHook(name, holder: holder, now: clock.unixTime(), seconds: Int64(max(120, 2 * hook.timeout + 60)))
    }

    /// A built-in channel's pass: the notices due are put into digests (one per
    /// addressee for `digest: daily`, one per notice for `each` and for urgent ones) in one
    /// transaction, then each digest is sent and its members marked together. A crash after a
    /// digest was sent and before it was marked sends it again after the restart under the same
    /// key (the e-mail's `Message-ID`, the webhook's `digest`), never under a new one.
    ///
    /// A daily digest is composed once the day's delivery is over: while the outbox holds notices
    /// not yet delivered (a run going through its batches, or the rest of a killed leader's run
    /// that this daemon took over), the notices due are not grouped yet — grouped then, an
    /// addressee would get the first part now and a second digest for the rest. Digests already
    /// composed go out meanwhile, and urgent notices (each alone) are never held. The end of the
    /// delivery triggers the channels; returns when to look again otherwise (nil: not held). Held
    /// at most ``dailyHoldLimit``: a delivery that keeps failing must not stop the digests.
    private func digestPass(_ hook: NoticeHook, _ configuration: Configuration) throws -> Int64? {
        // A daily digest also lists the next working day's visits of its addressee (明日检查安排);
        // a message per notice does not.
        var agendas = hook.digest == .daily ? VisitAgendaReader(store: store, calendar: configuration.calendar) : nil
        let (provisionalYear, readOverdue) = shared.withLock { ($0.provisionalYear, $0.overdueTotals) }
        // Read when the first daily digest of the pass goes, and kept for the others.
        var overdueTotals: OverdueTotals?
        // Managers and the office (the digest without an addressee) are told once a week, in
        // their daily digest, that next year's arrangement is missing; never a notice per obligation.
        func calendarNote(_ digest: NoticeDigest) -> String? {
            guard hook.digest == .daily, let provisionalYear, ProvisionalYear.isReminderDay(digest.day, calendar: configuration.calendar),
                  digest.addressee.map({ configuration.supervisor($0)?.isManager == true }) ?? true else { return nil }
            return provisionalYear.digestLine
        }
        while !isStopped {
            let due = try store.pendingForHook(name, now: clock.unixTime(), limit: 10_000)
            if due.isEmpty { return nil }
            var fresh = due.filter { $0.digest == nil }.map(\.notice)
            let holding = try hook.digest == .daily && fresh.contains { $0.urgent != true } && holdingDailyDigests()
            if holding { fresh.removeAll { $0.urgent != true } }
            let groups = NoticeDigest.group(fresh, channel: name, daily: hook.digest == .daily)
            try store.assignDigests(groups.map { ($0.key, $0.notices.map(\.key)) }, hook: name)
            var order: [String] = []
            var seen: Set<String> = []
            for key in due.compactMap(\.digest) + groups.map(\.key) where seen.insert(key).inserted { order.append(key) }
            // Held and nothing else to send: look again soon (the delivery's end triggers a pass too).
            if holding && order.isEmpty { return clock.unixTime() + Self.busyRetrySeconds }
            for key in order {
                if isStopped { return nil }
                guard mayAct(), try leased(hook) else { return nil }
                let members = try store.digestMembers(key, hook: name)
                guard let first = members.first else { continue }
                let digest = NoticeDigest(key: key, addressee: first.notice.supervisor, notices: members.map(\.notice))
                let keys = members.map(\.notice.key)
                // A daily digest (not an urgent notice sent alone) also carries tomorrow's visits and
                // counts all the addressee's overdue items, not only the new ones it lists.
                let grouped = hook.digest == .daily && (digest.notices.count > 1 || digest.notices.first?.urgent != true)
                let agenda = grouped ? agendas?.agenda(for: digest) : nil
                if grouped, overdueTotals == nil { overdueTotals = readOverdue?() }
                let overdue = grouped ? overdueTotals?.count(for: digest.addressee) : nil
                let outcome = ChannelDelivery.send(digest, hook: hook, configuration: configuration, agenda: agenda, calendarNote: calendarNote(digest),
                                                   overdue: overdue, now: clock.now(), instance: holder, mayHandOver: mayAct)
                let result: HandOver.Result
                switch outcome {
                case .withheld:
                    return nil  // this daemon stopped leading while it composed: the next leader sends it
                case .accepted:
                    crashPoint.reach("channel-sent")
                    result = .accepted
                case .failed(let why):
                    result = .failed(why, retries: hook.retries)
                case .undeliverable(let why):
                    result = .failed(why, retries: 0)
                }
                try handedOver(HandOver(name: key, keys: keys, result: result, at: clock.unixTime(), attempt: first.attempts + 1, isDigest: true), hook)
            }
        }
        return nil
    }

    /// How long new daily digests wait at most for the outbox's delivery to end.
    static let dailyHoldLimit = Duration.seconds(300)

    /// Whether new daily digests wait now: notices are still being delivered, and they have not
    /// waited ``dailyHoldLimit`` yet.
    private func holdingDailyDigests() throws -> Bool {
        guard try store.hasUndelivered() else {
            shared.withLock { $0.holdingSince = nil }
            return false
        }
        let now = ContinuousClock.now
        let since = shared.withLock { s in
            if s.holdingSince == nil { s.holdingSince = now }
            return s.holdingSince ?? now
        }
        return now - since < Self.dailyHoldLimit
    }

    /// Triggers a pass when the earliest retry falls due (the 30 s tick would be late for short back-offs).
    private func scheduleWake(at unixTime: Int64) {
        let generation = shared.withLock { s in
            s.wakeGeneration += 1
            return s.wakeGeneration
        }
        let delay = max(0, unixTime - clock.unixTime()) + 1
        queue.asyncAfter(deadline: .now() + .seconds(Int(min(delay, 86_400)))) { [self] in
            let configuration = shared.withLock { s in generation == s.wakeGeneration ? s.configuration : nil }
            if let configuration {
                let (provisionalYear, overdueTotals) = shared.withLock { ($0.provisionalYear, $0.overdueTotals) }
                trigger(configuration, provisionalYear: provisionalYear, overdueTotals: overdueTotals)
            }
        }
    }

    private func run(_ record: HookRecord, hook: NoticeHook, configuration: Configuration) throws {
        let n = record.notice
        let input = try NoticeLog.line(for: n, configuration: configuration)
        // The last moment to find that this daemon no longer leads (paused since the check before).
        guard mayAct() else { return }
        let outcome = Self.execute(hook, input: input, environment: [
            "INSPECTD_NOTICE_KEY": n.key, "INSPECTD_NOTICE_KIND": n.kind.rawValue, "INSPECTD_HOOK_ATTEMPT": String(record.attempts + 1),
            "INSPECTD_HOOK_NAME": name,
        ], started: running)
        _ = running(0)
        if wasKilled { return }  // ended by `finish(within:)`: not the program's failure
        try handedOver(HandOver(name: n.key, keys: [n.key], result: outcome.map { .failed($0, retries: hook.retries) } ?? .accepted,
                                at: clock.unixTime(), attempt: record.attempts + 1, isDigest: false), hook)
    }

    /// Keeps `handOver` until the store took its outcome, and records it (with any earlier one
    /// still waiting). Throws when the store refuses: the pass ends, and the next one records
    /// it before it hands anything over.
    private func handedOver(_ handOver: HandOver, _ hook: NoticeHook) throws {
        shared.withLock { $0.unrecorded.append(handOver) }
        try recordHandOvers(hook)
    }

    /// Records the outcomes still waiting, oldest first; each is let go once written.
    private func recordHandOvers(_ hook: NoticeHook) throws {
        while let next = shared.withLock({ $0.unrecorded.first }) {
            try next.record(in: store, hook: hook, logger: logger)
            shared.withLock { _ = $0.unrecorded.removeFirst() }
        }
    }

    // MARK: Running the program

    /// Runs the hook's program once with `input` on standard input. Returns nil when it exited 0,
    /// otherwise why not: the exit status or signal, or the timeout, and the first line of stderr.
    /// `started` is told the child's pid (its process group) once it runs.
    static func execute(_ hook: NoticeHook, input: Data, environment extra: [String: String],
                        started: (pid_t) -> Bool = { _ in true }) -> String? {
        var stdinPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&stdinPipe) == 0 else { return "cannot create a pipe: \(String(cString: strerror(errno)))" }
        guard pipe(&errPipe) == 0 else {
            close(stdinPipe[0]); close(stdinPipe[1])
            return "cannot create a pipe: \(String(cString: strerror(errno)))"
        }
        // Close-on-exec: the child gets only the dup2'ed copies on 0 and 2.
        for fd in stdinPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var readEnd = errPipe[0], writeEnd = stdinPipe[1]
        defer {
            if readEnd >= 0 { close(readEnd) }
            if writeEnd >= 0 { close(writeEnd) }
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so that a timeout kills the program and whatever it started; an
        // empty signal mask and default dispositions (the daemon ignores SIGPIPE, SIGHUP, SIGTERM).
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        var env = ProcessInfo.processInfo.environment
        env.merge(extra) { _, new in new }
        let argv = ([hook.command] + hook.arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, hook.command, &actions, &attributes, argv, envp)
        close(stdinPipe[0]); close(errPipe[1])
        guard spawned == 0 else { return "cannot run \(hook.command): \(String(cString: strerror(spawned)))" }
        _ = started(pid)

        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        var written = 0
        var stderrText = Data()
        let limit: UInt64 = UInt64(hook.timeout) * 1_000_000_000
        let start = DispatchTime.now().uptimeNanoseconds
        var status: Int32 = 0
        var exited = false

        func drain() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while readEnd >= 0 {
                let n = read(readEnd, &buffer, buffer.count)
                if n > 0 {
                    if stderrText.count < 8192 { stderrText.append(contentsOf: buffer[0..<n]) }
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    if n == 0 || errno != EAGAIN { close(readEnd); readEnd = -1 }
                    return
                }
            }
        }

        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { exited = true; break }
            if r < 0 && errno != EINTR { return "lost track of the hook process: \(String(cString: strerror(errno)))" }
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            if elapsed >= limit { break }
            var fds: [pollfd] = []
            if writeEnd >= 0 { fds.append(pollfd(fd: writeEnd, events: Int16(POLLOUT), revents: 0)) }
            if readEnd >= 0 { fds.append(pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)) }
            let wait = Int32(min((limit - elapsed) / 1_000_000, 50))
            _ = poll(&fds, nfds_t(fds.count), max(wait, 1))
            if writeEnd >= 0 {
                let n = input.withUnsafeBytes { buf in write(writeEnd, buf.baseAddress! + written, buf.count - written) }
                if n > 0 { written += n }
                if written >= input.count || (n < 0 && errno != EAGAIN && errno != EINTR) { close(writeEnd); writeEnd = -1 }
            }
            drain()
        }

        var timedOut = false
        if !exited {
            timedOut = true
            kill(-pid, SIGTERM)
            let graceEnd = DispatchTime.now().uptimeNanoseconds + 1_000_000_000
            while waitpid(pid, &status, WNOHANG) == 0 && DispatchTime.now().uptimeNanoseconds < graceEnd { usleep(20_000) }
            kill(-pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        drain()

        let firstLine = String(decoding: stderrText, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }.map { String($0.prefix(500)) }
        let reason: String
        if timedOut {
            reason = "timed out after \(hook.timeout) s, killed"
        } else if status & 0x7f == 0 {
            let code = (status >> 8) & 0xff
            if code == 0 { return nil }
            reason = "exit status \(code)"
        } else {
            reason = "killed by signal \(status & 0x7f)"
        }
        return firstLine.map { "\(reason): \($0)" } ?? reason
    }
}
