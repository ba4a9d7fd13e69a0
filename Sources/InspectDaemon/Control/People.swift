import Foundation
import InspectConfig
import InspectControl
import InspectCore
import Locking

/// The people behind the uids that recorded facts (facts carry the person): the login
/// from the user database, and the supervisor that login is. Logins are remembered for a minute
/// (a page of a thousand inspections asks for the same few uids again and again).
final class People: Sendable {
    private let logins = Locked<[UInt32: (login: String?, until: ContinuousClock.Instant)]>([:])

    func login(_ uid: UInt32) -> String? {
        let now = ContinuousClock.now
        if let hit = logins.withLock({ $0[uid] }), hit.until > now { return hit.login }
        // Looked up outside the lock: the user database may be LDAP.
        let login = Account.login(uid: uid)
        logins.withLock { logins in
            if logins.count > 10_000 { logins = [:] }
            logins[uid] = (login, now + .seconds(60))
        }
        return login
    }

    func person(_ uid: UInt32?, _ configuration: Configuration) -> Control.Person? {
        guard let uid else { return nil }
        let login = login(uid)
        let supervisor = login.flatMap { configuration.supervisor(login: $0) }
        return Control.Person(uid: Int(uid), login: login, supervisor: supervisor?.id, name: supervisor?.name)
    }
}
