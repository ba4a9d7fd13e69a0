import ArgumentParser
import InspectControl

/// `zhangwei 张伟 (S01)`, `root`, or `uid 1001`: who recorded a fact.
func personText(_ p: Control.Person) -> String {
    var s = p.login ?? "uid \(p.uid)"
    if let name = p.name { s += " \(name)" }
    if let id = p.supervisor { s += " (\(id))" }
    return s
}
