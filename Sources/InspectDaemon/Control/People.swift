import Foundation
import InspectConfig
import InspectControl
import InspectCore

/// The people behind the uids that recorded facts (issue 12: facts carry the person): the login
/// from the user database, and the supervisor that login is. Logins are remembered for a minute
/// (a page of a thousand inspections asks for the same few uids again and again).
final class People: @unchecked Sendable {  // guarded by `lock`
    private let lock = NSLock()
    private var logins: [UInt32: (login: String?, until: ContinuousClock.Instant)] = [:]

    func login(_ uid: UInt32) -> String? {
        let now = ContinuousClock.now
        lock.lock()
        if let hit = logins[uid], hit.until > now { lock.unlock(); return hit.login }
        lock.unlock()
        let login = Account.login(uid: uid)
        lock.lock()
        if logins.count > 10_000 { logins = [:] }
        logins[uid] = (login, now + .seconds(60))
        lock.unlock()
        return login
    }

    func person(_ uid: UInt32?, _ configuration: Configuration) -> Control.Person? {
        guard let uid else { return nil }
        let login = login(uid)
        let supervisor = login.flatMap { configuration.supervisor(login: $0) }
        return Control.Person(uid: Int(uid), login: login, supervisor: supervisor?.id, name: supervisor?.name)
    }
}

extension Daemon {
    /// An inspection as the interface shows it, with who recorded it.
    func view(_ i: Inspection) -> Control.Inspection {
        var v = Control.Inspection(i)
        v.recordedBy = people.person(i.recordedBy, configuration)
        return v
    }

    /// A lifecycle event as the interface shows it, with who recorded it.
    func view(_ e: LifecycleEvent) -> Control.Event {
        var v = Control.Event(e)
        v.recordedBy = people.person(e.recordedBy, configuration)
        return v
    }
}
