import ArgumentParser
import Foundation
import InspectControl

/// `zhangwei 张伟 (S01)`, `root`, or `uid 1001`: who recorded a fact.
func personText(_ p: Control.Person) -> String {
    var s = p.login ?? loginName(uid: UInt32(truncatingIfNeeded: p.uid))
    if let name = p.name { s += " \(name)" }
    if let id = p.supervisor { s += " (\(id))" }
    return s
}

/// The login of `uid` as this machine's user database has it, `uid N` when it has none. The
/// daemon listens on a Unix socket, so the CLI runs on the daemon's machine and reads the same
/// user database; people know each other by login, not by number.
func loginName(uid: UInt32) -> String {
    var entry = passwd(), result: UnsafeMutablePointer<passwd>?
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else { return "uid \(uid)" }
    return String(cString: name)
}

/// Who assigned a grade: the daemon's own escalation as it is, a uid as its login.
func assignerText(_ assignedBy: String) -> String {
    UInt32(assignedBy).map(loginName(uid:)) ?? assignedBy
}
