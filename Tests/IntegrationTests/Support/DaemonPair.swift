import Foundation
import PostgresTestSupport
import Testing

/// Two daemons, `a` and `b`, on one fresh database of the tests' PostgreSQL 15: the set-up of
/// the fail-over drills (FencingTests, LostHostTests, PausedLeaderTests). Each daemon reaches
/// the server directly or through a port of its own on the test's proxy (`BlackholeProxy`),
/// which the drill cuts and heals; with `channels`, the channels' real servers (aiosmtpd and the
/// HTTPS server, ``ChannelServers``) run in a scratch directory and both daemons' channels point
/// at them. The daemons are started under their instance names ("a", "b").
///
/// Call ``stop()`` at the end of the test (`defer { pair.stop() }`): it stops the daemons still
/// running and removes the scratch directory — and, being the pair's last use, keeps the proxy
/// and the channel servers alive until then.
final class DaemonPair {
    /// How a daemon reaches the server.
    enum Route { case direct, proxied }
    /// The channels both daemons send to.
    enum Channels {
        case none
        /// A signed webhook (a POST per notice), default back-off.
        case webhook
        /// E-mail (a daily digest per addressee) and the webhook, retried after 1 s
        /// (``NoticeKillDrillTests/configureChannels(_:_:)``).
        case mailAndWebhook
    }

    let server: PostgresServer
    let database: String
    let proxy: BlackholeProxy?
    let a: DaemonFixture
    let b: DaemonFixture
    let servers: ChannelServers?
    /// Scratch space of the drill (the channel servers' files are in `channels/` under it).
    let directory: String
    private let ports: [ObjectIdentifier: Int]

    init(a routeA: Route = .direct, b routeB: Route = .direct, channels: Channels = .none) throws {
        server = try PostgresServer.shared()
        database = try server.createDatabase()
        let routes = [routeA, routeB]
        let proxied = routes.filter { $0 == .proxied }.count
        let proxy = proxied > 0 ? try BlackholeProxy(server: server, count: proxied) : nil
        self.proxy = proxy
        var ports: [Int?] = []
        for route in routes { ports.append(route == .proxied ? ports.compactMap { $0 }.count : nil) }
        let database = database
        let daemons = try zip(routes, ports).map { route, port in
            try PlatformTests.daemon(on: port.flatMap { proxy?.connection($0, to: database) } ?? database)
        }
        (a, b) = (daemons[0], daemons[1])
        self.ports = Dictionary(uniqueKeysWithValues: zip(daemons, ports).compactMap { d, p in p.map { (ObjectIdentifier(d), $0) } })
        var scratch = Array("/tmp/inspectd-pair-XXXXXX".utf8CString)
        guard let made = mkdtemp(&scratch) else { throw ChildProcess.Failure(description: "mkdtemp failed") }
        directory = String(cString: made)
        switch channels {
        case .none:
            servers = nil
        case .webhook:
            let servers = try ChannelServers(directory: directory + "/channels")
            self.servers = servers
            for d in daemons {
                try d.editConfig("inspectd.yaml", replacing: "  log: notices.jsonl\n", with: """
                      log: notices.jsonl
                      hooks:
                        oa:
                          type: webhook
                          url: https://127.0.0.1:\(servers.httpsPort)/webhook
                          secret: webhook-test-secret
                          ca_file: \(servers.certificate)

                    """)
            }
        case .mailAndWebhook:
            let servers = try ChannelServers(directory: directory + "/channels")
            self.servers = servers
            for d in daemons { try NoticeKillDrillTests.configureChannels(d, servers) }
        }
    }

    /// `d`'s port on the proxy (it reaches the server through it).
    func port(_ d: DaemonFixture) throws -> Int {
        try #require(ports[ObjectIdentifier(d)], "this daemon reaches the server directly")
    }

    /// The name `d` runs under.
    func name(_ d: DaemonFixture) -> String { d === a ? "a" : "b" }

    /// Starts `d` under its name.
    func start(_ d: DaemonFixture, now: String, environment: [String: String] = [:], settle: Bool = false) throws {
        try d.start(now: now, environment: environment, extraArguments: ["--instance", name(d)], settle: settle)
    }

    /// Starts `a` (its notice run held, or not, by `environment`'s test pause), expects it to
    /// lead within 15 s, then starts `b`, which follows.
    func startLeaderThenFollower(now: String, environment: [String: String] = [:]) throws {
        try start(a, now: now, environment: environment)
        #expect(PlatformTests.within(.seconds(15)) { NoticeKillDrillTests.status(a)?["leading"] as? Bool == true } != nil, "a did not lead")
        try start(b, now: now)
    }

    /// Stops the daemons still running and removes the scratch directory.
    func stop() {
        for d in [a, b] where d.process != nil { _ = try? d.stop() }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
