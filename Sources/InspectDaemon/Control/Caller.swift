import Foundation
import InspectConfig
import InspectCore
import Varlink

/// Who is calling (issue 12): the peer's login and groups — resolved at each call from its uid
/// (`SO_PEERCRED`), supplementary groups included, so that a user added to a group has the role
/// at the next call without a restart — the person (`supervisors[].user`) and the role.
struct Caller: Sendable, Equatable {
    /// What a caller may do, each role including the ones before it.
    enum Role: Int, Comparable, Sendable, CustomStringConvertible {
        /// Queries (anyone who can open the socket).
        case reader
        /// Records inspections, rectification steps and case events for the entities they supervise.
        case supervisor
        /// Everything within their office.
        case manager
        /// Everything, including imports, reload and the inspector pool.
        case admin

        static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }
        var description: String { ["reader", "supervisor", "manager", "admin"][rawValue] }
    }

    var uid: UInt32
    /// The login of the uid; nil when the system knows no such user.
    var login: String?
    /// The names of the groups of the login (primary and supplementary).
    var groups: [String]
    /// The supervisor this login is (`supervisors[].user`).
    var person: Supervisor?
    var role: Role
    /// The office a manager's rights are limited to; nil: every office (an admin, or a manager by
    /// group who is not one of the supervisors).
    var office: String?
    /// Why the role: which rule gave it.
    var because: String

    /// The caller behind `peer` under `configuration`. `serviceUID`: the daemon's own user, an admin.
    static func resolve(uid: UInt32, _ configuration: Configuration, serviceUID: UInt32 = getuid()) -> Caller {
        let account = Account(uid: uid)
        let person = account.map { configuration.supervisor(login: $0.login) } ?? nil
        var caller = Caller(uid: uid, login: account?.login, groups: account?.groups ?? [], person: person, role: .reader,
                            office: nil, because: account == nil ? "uid \(uid) is unknown to the system" : "no role given to \(account!.login)")
        let access = configuration.access
        func member(_ list: [String]) -> String? { list.first { caller.groups.contains($0) } }
        if uid == 0 || uid == serviceUID {
            caller.role = .admin
            caller.because = uid == 0 ? "root" : "the service's own user"
        } else if let g = member(access.admin) {
            caller.role = .admin
            caller.because = "group \(g)"
        } else if let g = member(access.manager) {
            caller.role = .manager
            caller.office = person?.office
            caller.because = "group \(g)" + (person.map { ", supervisor \($0.id) of \($0.office)" } ?? "")
        } else if let p = person, p.isManager {
            caller.role = .manager
            caller.office = p.office
            caller.because = "supervisor \(p.id), manager of \(p.office)"
        } else if let p = person {
            caller.role = .supervisor
            caller.office = p.office
            caller.because = "supervisor \(p.id) of \(p.office)"
        } else if let g = member(access.reader) {
            caller.because = "group \(g)"
        }
        return caller
    }

    /// `login (uid N)`, or `uid N`.
    var name: String { login.map { "\($0) (uid \(uid))" } ?? "uid \(uid)" }
}

/// A user account from the system's user and group databases (NSS: /etc/passwd and /etc/group,
/// or LDAP where the office uses it).
struct Account {
    var login: String
    var groups: [String]

    init?(uid: UInt32) {
        guard let (name, primary) = Self.user(uid: uid) else { return nil }
        login = name
        var count: Int32 = 64
        var gids = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, primary, &gids, &count) < 0 {
            gids = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(name, primary, &gids, &count)
        }
        groups = gids.prefix(Int(max(count, 0))).compactMap(Self.groupName)
    }

    /// The login of a uid alone (without its groups).
    static func login(uid: UInt32) -> String? { user(uid: uid)?.login }

    /// The uid's login and primary group, from the user database.
    private static func user(uid: UInt32) -> (login: String, gid: gid_t)? {
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwuid_r(uid_t(uid), &pwd, &buffer, buffer.count, &result) == 0, result != nil, let name = pwd.pw_name else { return nil }
        return (String(cString: name), pwd.pw_gid)
    }

    static func groupName(_ gid: gid_t) -> String? {
        var group = Glibc.group()
        var result: UnsafeMutablePointer<Glibc.group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrgid_r(gid, &group, &buffer, buffer.count, &result) == 0, result != nil, let name = group.gr_name else { return nil }
        return String(cString: name)
    }
}
